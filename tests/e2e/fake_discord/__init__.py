"""A local fake Discord (REST + gateway over loopback) for end-to-end tests of the bot.

See ``FakeDiscord`` for the server, ``payloads`` for INTERACTION_CREATE builders and ``spec``
for validation against Discord's OpenAPI spec.
"""

from nazh.application.shared.json_types import JsonObject

from .forms import check_modal, form_submit
from .http_client import HttpReply, HttpTarget
from .payloads import (
    DEFAULT_APPLICATION_ID,
    DEFAULT_CHANNEL_ID,
    DEFAULT_GUILD_ID,
    DEFAULT_USER_ID,
    autocomplete,
    component_click,
    make_message,
    make_user,
    message_command,
    modal_submit,
    new_snowflake,
    slash_command,
    snowflake_time,
)
from .recording import RecordedRequest, UploadedFile
from .server import ANSWER_WAIT, FakeDiscord, assert_healthy, assert_no_spec_violations
from .spec import match_route, validate_request

__all__ = [
    "ANSWER_WAIT",
    "DEFAULT_APPLICATION_ID",
    "DEFAULT_CHANNEL_ID",
    "DEFAULT_GUILD_ID",
    "DEFAULT_USER_ID",
    "FakeDiscord",
    "HttpReply",
    "HttpTarget",
    "JsonObject",
    "RecordedRequest",
    "UploadedFile",
    "assert_healthy",
    "assert_no_spec_violations",
    "autocomplete",
    "check_modal",
    "component_click",
    "form_submit",
    "make_message",
    "make_user",
    "match_route",
    "message_command",
    "modal_submit",
    "new_snowflake",
    "slash_command",
    "snowflake_time",
    "validate_request",
]
