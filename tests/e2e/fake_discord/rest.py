"""The REST routes a gateway bot answering interactions uses, implemented over ``FakeState``."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from aiohttp import web

from nazh.application.shared.json_types import JsonObject, JsonValue

from .forms import check_modal
from .json_values import json_copy
from .message_rules import RefusedError
from .payloads import (
    APPLICATION_COMMAND,
    AUTOCOMPLETE,
    EPHEMERAL,
    MESSAGE_COMPONENT,
    MODAL_SUBMIT,
    make_application,
    snowflake_time,
)
from .recording import RecordedRequest
from .store import FakeState, InteractionRecord

INITIAL_RESPONSE_SECONDS = 3.0
"""Discord accepts an interaction's initial response for this long after it was created."""

# Initial response types each interaction type accepts
# (4/5 message, 6/7 update message, 8 autocomplete choices, 9 modal).
_ALLOWED_CALLBACKS = {
    APPLICATION_COMMAND: {4, 5, 9},
    MESSAGE_COMPONENT: {4, 5, 6, 7, 9},
    AUTOCOMPLETE: {8},
    MODAL_SUBMIT: {4, 5, 6, 7},
}
_MESSAGE_CALLBACKS = {4, 5}
MODAL = 9
_UPDATE_CALLBACKS = {6, 7}


@dataclass(frozen=True)
class Reply:
    """A JSON answer (``body`` None means an empty 204-style answer)."""

    status: int
    body: JsonValue = None
    headers: Mapping[str, str] = field(default_factory=dict)

    def to_response(self) -> web.Response:
        """Build the aiohttp response."""
        if self.body is None:
            return web.Response(status=self.status, headers=self.headers)
        return web.json_response(self.body, status=self.status, headers=self.headers)


def discord_error(status: int, code: int, message: str, errors: JsonValue = None) -> Reply:
    """A Discord-style JSON error body (``{"message", "code"[, "errors"]}``)."""
    body: JsonObject = {"message": message, "code": code}
    if errors is not None:
        body["errors"] = errors
    return Reply(status, body)


NOT_FOUND = discord_error(404, 0, "404: Not Found")
UNAUTHORIZED = discord_error(401, 0, "401: Unauthorized")
UNKNOWN_INTERACTION_CODE = 10062
UNKNOWN_INTERACTION = discord_error(404, UNKNOWN_INTERACTION_CODE, "Unknown interaction")
UNKNOWN_WEBHOOK = discord_error(404, 10015, "Unknown Webhook")
UNKNOWN_MESSAGE = discord_error(404, 10008, "Unknown Message")
UNKNOWN_APPLICATION = discord_error(404, 10002, "Unknown Application")
MISSING_ACCESS = discord_error(403, 50001, "Missing Access")
ALREADY_ACKNOWLEDGED = discord_error(400, 40060, "Interaction has already been acknowledged.")

Params = dict[str, str]
Handler = Callable[[RecordedRequest, Params], Reply]


@dataclass(frozen=True)
class Route:
    """One implemented route: method, path regex (relative to /api/v10), handler, auth need."""

    method: str
    pattern: re.Pattern[str]
    handler: Handler
    needs_auth: bool = True


_SNOWFLAKE = r"\d+"
_TOKEN = r"[^/]+"
_APP = rf"(?P<application_id>{_SNOWFLAKE})"
_WEBHOOK = rf"/webhooks/{_APP}/(?P<token>{_TOKEN})"
_COMMANDS = rf"/applications/{_APP}(?:/guilds/(?P<guild_id>{_SNOWFLAKE}))?/commands"
_CHANNEL_MESSAGES = rf"/channels/(?P<channel_id>{_SNOWFLAKE})/messages"


class RestApi:
    """Routes and handlers; ``handle`` answers one parsed request."""

    def __init__(self, state: FakeState, *, token: str, gateway_url: Callable[[], str]) -> None:
        self._state = state
        self._token = token
        self._gateway_url = gateway_url
        self.routes = self._build_routes()

    def match(self, method: str, path: str) -> tuple[Route, Params] | None:
        """The route serving ``method path``, with its path parameters."""
        for route in self.routes:
            found = route.pattern.fullmatch(path)
            if found and route.method == method:
                return route, {k: v for k, v in found.groupdict().items() if v is not None}
        return None

    def handle(self, request: RecordedRequest, authorization: str | None) -> Reply:
        """Answer a request; unknown routes get 404 and ``request.handled = False``."""
        matched = self.match(request.method, request.path)
        if matched is None:
            request.handled = False
            return NOT_FOUND
        route, params = matched
        if route.needs_auth and authorization != f"Bot {self._token}":
            return UNAUTHORIZED
        try:
            return route.handler(request, params)
        except RefusedError as refused:
            label = f"{request.method} {request.route or request.path}"
            self._state.rule_violations += [f"{label}: {v}" for v in refused.violations]
            errors = {"_errors": [{"code": "MESSAGE_RULE", "message": v}
                                  for v in refused.violations]}
            return discord_error(400, 50035, "Invalid Form Body", errors)

    def _build_routes(self) -> list[Route]:
        def route(method: str, regex: str, handler: Handler, *, auth: bool = True) -> Route:
            return Route(method, re.compile(regex), handler, auth)

        return [
            route("GET", r"/gateway", self._gateway, auth=False),
            route("GET", r"/gateway/bot", self._gateway_bot),
            route("GET", r"/users/@me", self._me),
            route("GET", r"/oauth2/applications/@me", self._application),
            route("GET", r"/applications/@me", self._application),
            route("GET", _COMMANDS, self._get_commands),
            route("PUT", _COMMANDS, self._put_commands),
            route("POST", _COMMANDS, self._post_command),
            route(
                "POST",
                rf"/interactions/(?P<interaction_id>{_SNOWFLAKE})/(?P<token>{_TOKEN})/callback",
                self._callback,
                auth=False,
            ),
            route("POST", _WEBHOOK, self._followup, auth=False),
            *(
                route(
                    method,
                    rf"{_WEBHOOK}/messages/(?P<message_id>@original|{_SNOWFLAKE})",
                    handler,
                    auth=False,
                )
                for method, handler in (
                    ("GET", self._get_webhook_message),
                    ("PATCH", self._edit_webhook_message),
                    ("DELETE", self._delete_webhook_message),
                )
            ),
            route("POST", _CHANNEL_MESSAGES, self._create_channel_message),
            route(
                "GET",
                rf"{_CHANNEL_MESSAGES}/(?P<message_id>{_SNOWFLAKE})",
                self._get_channel_message,
            ),
            route(
                "PATCH",
                rf"{_CHANNEL_MESSAGES}/(?P<message_id>{_SNOWFLAKE})",
                self._edit_channel_message,
            ),
            route(
                "DELETE",
                rf"{_CHANNEL_MESSAGES}/(?P<message_id>{_SNOWFLAKE})",
                self._delete_channel_message,
            ),
        ]

    # identity ------------------------------------------------------------------------------

    def _gateway(self, _: RecordedRequest, __: Params) -> Reply:
        return Reply(200, {"url": self._gateway_url()})

    def _gateway_bot(self, _: RecordedRequest, __: Params) -> Reply:
        limit = {"total": 1000, "remaining": 999, "reset_after": 14_400_000,
                 "max_concurrency": self._state.max_concurrency}
        return Reply(200, {"url": self._gateway_url(), "shards": self._state.recommended_shards,
                           "session_start_limit": limit})

    def _me(self, _: RecordedRequest, __: Params) -> Reply:
        return Reply(200, json_copy(self._state.bot_user))

    def _application(self, _: RecordedRequest, __: Params) -> Reply:
        return Reply(200, make_application(self._state.application_id, self._state.bot_user))

    # application commands ------------------------------------------------------------------

    def _get_commands(self, _: RecordedRequest, params: Params) -> Reply:
        if params["application_id"] != self._state.application_id:
            return UNKNOWN_APPLICATION
        if params.get("guild_id") not in (None, *self._state.guild_ids):
            return MISSING_ACCESS
        return Reply(200, json_copy(self._state.commands.get(params.get("guild_id"), [])))

    def _put_commands(self, request: RecordedRequest, params: Params) -> Reply:
        if params["application_id"] != self._state.application_id:
            return UNKNOWN_APPLICATION
        if params.get("guild_id") not in (None, *self._state.guild_ids):
            return MISSING_ACCESS
        return Reply(200, self._state.set_commands(params.get("guild_id"), request.body or []))

    def _post_command(self, request: RecordedRequest, params: Params) -> Reply:
        if params["application_id"] != self._state.application_id:
            return UNKNOWN_APPLICATION
        if params.get("guild_id") not in (None, *self._state.guild_ids):
            return MISSING_ACCESS
        guild_id = params.get("guild_id")
        existed = any(
            c["name"] == request.body["name"] for c in self._state.commands.get(guild_id, [])
        )
        command = self._state.upsert_command(guild_id, request.body)
        return Reply(200 if existed else 201, json_copy(command))

    # interaction callback --------------------------------------------------------------------

    def _callback(self, request: RecordedRequest, params: Params) -> Reply:
        record = self._state.interaction(params["token"])
        if record is None or record.id != params["interaction_id"]:
            return UNKNOWN_INTERACTION
        if request.received - snowflake_time(record.id) > INITIAL_RESPONSE_SECONDS:
            return UNKNOWN_INTERACTION  # Discord forgets an interaction not answered in 3 s
        if record.acknowledged:
            return ALREADY_ACKNOWLEDGED
        body = request.body if isinstance(request.body, dict) else {}
        response_type = body.get("type")
        if response_type not in _ALLOWED_CALLBACKS.get(record.type, set()) or (
            response_type in _UPDATE_CALLBACKS and record.source_message_id is None
        ):
            return _invalid_form("type", f"response type {response_type} is invalid here")
        if response_type == MODAL:
            check_modal(body.get("data") or {})  # what the spec cannot say of a modal
        message = self._respond(record, response_type, body.get("data") or {}, request)
        record.callback = json_copy(body)  # after: a refused response acknowledges nothing
        if request.query.get("with_response", "").lower() != "true":
            return Reply(204)
        return Reply(200, _callback_response(record, response_type, message))

    def _respond(
        self,
        record: InteractionRecord,
        response_type: int,
        data: JsonObject,
        request: RecordedRequest,
    ) -> JsonObject | None:
        """Apply an initial response to the stored messages; return the message it made/updated."""
        if response_type in _MESSAGE_CALLBACKS:
            channel_id = str(record.payload["channel_id"])
            message = self._state.create_message(
                data,
                channel_id=channel_id,
                files=request.files,
                interaction=record,
                loading=response_type == 5,
            )
            record.original_message_id = message["id"]
            return message
        if response_type in _UPDATE_CALLBACKS:
            message = self._state.adopt_message(record.payload["message"])
            record.original_message_id = message["id"]
            if response_type == 7:
                return self._state.edit_message(message["id"], data, request.files)
            return message
        return None

    # followups and edits through the interaction webhook -------------------------------------

    def _followup(self, request: RecordedRequest, params: Params) -> Reply:
        """A followup; after a deferred response the first one fills the "thinking" message."""
        record = self._webhook_interaction(params)
        if record is None or not record.acknowledged:
            return UNKNOWN_WEBHOOK
        body = request.body or {}
        if record.awaiting_deferred_message and record.original_message_id in self._state.messages:
            message = self._state.edit_message(record.original_message_id, body, request.files)
            record.filled = True
        else:
            channel_id = str(record.payload["channel_id"])
            message = self._state.create_message(
                body, channel_id=channel_id, files=request.files, interaction=record
            )
            record.followup_ids.append(message["id"])
        if request.query.get("wait", "").lower() != "true":
            return Reply(204)
        return Reply(200, json_copy(message))

    def _get_webhook_message(self, _: RecordedRequest, params: Params) -> Reply:
        message_id = self._webhook_message_id(params)
        if message_id is None:
            return UNKNOWN_MESSAGE
        return Reply(200, json_copy(self._state.messages[message_id]))

    def _edit_webhook_message(self, request: RecordedRequest, params: Params) -> Reply:
        message_id = self._webhook_message_id(params)
        if message_id is None:
            return UNKNOWN_MESSAGE
        message = self._state.edit_message(message_id, request.body or {}, request.files)
        record = self._webhook_interaction(params)
        if record is not None and message_id == record.original_message_id:
            record.filled = True
        return Reply(200, json_copy(message))

    def _delete_webhook_message(self, _: RecordedRequest, params: Params) -> Reply:
        message_id = self._webhook_message_id(params)
        if message_id is None:
            return UNKNOWN_MESSAGE
        self._state.delete_message(message_id)
        return Reply(204)

    def _webhook_interaction(self, params: Params) -> InteractionRecord | None:
        if params["application_id"] != self._state.application_id:
            return None
        return self._state.interaction(params["token"])

    def _webhook_message_id(self, params: Params) -> str | None:
        """The stored message a webhook route addresses, if this interaction token owns it."""
        record = self._webhook_interaction(params)
        if record is None:
            return None
        wanted = params["message_id"]
        if wanted == "@original":
            wanted = record.original_message_id or ""
        owned = wanted == record.original_message_id or wanted in record.followup_ids
        return wanted if owned and wanted in self._state.messages else None

    # channel messages ---------------------------------------------------------------------------

    def _create_channel_message(self, request: RecordedRequest, params: Params) -> Reply:
        message = self._state.create_message(
            request.body or {}, channel_id=params["channel_id"], files=request.files
        )
        return Reply(200, json_copy(message))

    def _get_channel_message(self, _: RecordedRequest, params: Params) -> Reply:
        message = self._channel_message(params)
        return UNKNOWN_MESSAGE if message is None else Reply(200, json_copy(message))

    def _edit_channel_message(self, request: RecordedRequest, params: Params) -> Reply:
        message = self._channel_message(params)
        if message is None:
            return UNKNOWN_MESSAGE
        edited = self._state.edit_message(message["id"], request.body or {}, request.files)
        return Reply(200, json_copy(edited))

    def _delete_channel_message(self, _: RecordedRequest, params: Params) -> Reply:
        message = self._channel_message(params)
        if message is None:
            return UNKNOWN_MESSAGE
        self._state.delete_message(message["id"])
        return Reply(204)

    def _channel_message(self, params: Params) -> JsonObject | None:
        message = self._state.messages.get(params["message_id"])
        if message is None or message["channel_id"] != params["channel_id"]:
            return None
        return message


def _invalid_form(field_name: str, message: str) -> Reply:
    errors = {field_name: {"_errors": [{"code": "INVALID", "message": message}]}}
    return discord_error(400, 50035, "Invalid Form Body", errors)


def _callback_response(
    record: InteractionRecord, response_type: int, message: JsonObject | None
) -> JsonObject:
    """The ``with_response=true`` body: the interaction callback and the resource it made."""
    interaction: JsonObject = {"id": record.id, "type": record.type}
    if message is not None:
        interaction |= {
            "response_message_id": message["id"],
            "response_message_loading": response_type == 5,
            "response_message_ephemeral": bool(message["flags"] & EPHEMERAL),
        }
    body: JsonObject = {"interaction": interaction}
    if message is not None and response_type != 6:
        body["resource"] = {"type": response_type, "message": json_copy(message)}
    return body
