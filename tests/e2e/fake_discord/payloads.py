"""Builders for the JSON objects Discord sends: users, guilds, messages and INTERACTION_CREATE.

Every builder returns a fresh ``dict`` shaped like Discord's own payloads (v10), with the
fields hikari requires. Interaction builders give each interaction a unique snowflake id and
token; the defaults (application, guild, channel, user ids) match a default ``FakeDiscord``.
"""

from __future__ import annotations

import base64
import datetime
import itertools
import secrets
import time
from collections.abc import Iterator, Mapping, Sequence
from typing import Final

from nazh.application.shared.json_types import JsonMapping, JsonObject

OptionValue = str | int | float | bool

DISCORD_EPOCH_MS: Final = 1_420_070_400_000
DEFAULT_APPLICATION_ID: Final = "123456789012345678"
DEFAULT_GUILD_ID: Final = "223456789012345678"
DEFAULT_CHANNEL_ID: Final = "323456789012345678"
DEFAULT_USER_ID: Final = "423456789012345678"
DEFAULT_LOCALE: Final = "en-US"
#: Permission bitfields as Discord sends them (strings); a broad everyday set of permissions.
APP_PERMISSIONS: Final = "2248473465835073"
MEMBER_PERMISSIONS: Final = "2248473465835073"
ATTACHMENT_SIZE_LIMIT: Final = 10 * 1024 * 1024

# Interaction types
PING, APPLICATION_COMMAND, MESSAGE_COMPONENT, AUTOCOMPLETE, MODAL_SUBMIT = 1, 2, 3, 4, 5
# Component types used here
ACTION_ROW, BUTTON, STRING_SELECT, TEXT_INPUT, SEPARATOR = 1, 2, 3, 4, 14
# Application command option types
SUB_COMMAND, SUB_COMMAND_GROUP, STRING, INTEGER, BOOLEAN, NUMBER = 1, 2, 3, 4, 5, 10
# Message flags
EPHEMERAL, LOADING = 1 << 6, 1 << 7

_increment = itertools.count()


def new_snowflake() -> str:
    """Return a new, unique snowflake (current timestamp, process-wide increment)."""
    millis = int(time.time() * 1000) - DISCORD_EPOCH_MS
    return str((millis << 22) | (next(_increment) & 0x3FFFFF))


def snowflake_time(snowflake: str | int) -> float:
    """The wall-clock time (seconds since 1970) a snowflake was made."""
    return ((int(snowflake) >> 22) + DISCORD_EPOCH_MS) / 1000


def iso_timestamp(moment: datetime.datetime | None = None) -> str:
    """Return an ISO 8601 timestamp as Discord writes them (now by default)."""
    return (moment or datetime.datetime.now(datetime.UTC)).isoformat()


def bot_token(application_id: str) -> str:
    """A fake bot token whose first segment is base64 of the application id, as hikari expects."""
    encoded = base64.b64encode(application_id.encode()).decode().rstrip("=")
    return f"{encoded}.ZmFrZQ.{secrets.token_urlsafe(27)}"


def make_user(
    user_id: str = DEFAULT_USER_ID, username: str = "tester", *, bot: bool = False
) -> JsonObject:
    """A user object as embedded in interactions and messages."""
    return {
        "id": user_id,
        "username": username,
        "discriminator": "0",
        "global_name": username.title(),
        "avatar": None,
        "public_flags": 0,
        "bot": bot,
    }


def make_bot_user(user_id: str = DEFAULT_APPLICATION_ID, username: str = "nazh") -> JsonObject:
    """The bot's own user (READY ``user``, ``GET /users/@me``), with the OwnUser-only fields."""
    return {
        **make_user(user_id, username, bot=True),
        "discriminator": "0000",
        "mfa_enabled": False,
        "verified": True,
        "flags": 0,
        "locale": DEFAULT_LOCALE,
    }


def make_member(user: JsonMapping, *, roles: Sequence[str] = ()) -> JsonObject:
    """A guild member object as sent inside a guild interaction."""
    return {
        "user": dict(user),
        "roles": list(roles),
        "joined_at": "2024-01-01T00:00:00+00:00",
        "premium_since": None,
        "nick": None,
        "avatar": None,
        "banner": None,
        "deaf": False,
        "mute": False,
        "pending": False,
        "flags": 0,
        "permissions": MEMBER_PERMISSIONS,
        "communication_disabled_until": None,
    }


def make_channel(
    channel_id: str = DEFAULT_CHANNEL_ID, guild_id: str | None = DEFAULT_GUILD_ID
) -> JsonObject:
    """The partial ``channel`` of an interaction: a guild text channel, or a DM without guild."""
    if guild_id is None:
        return {"id": channel_id, "type": 1, "flags": 0, "recipients": []}
    return {
        "id": channel_id,
        "type": 0,
        "guild_id": guild_id,
        "name": "dice",
        "position": 0,
        "flags": 0,
        "parent_id": None,
        "nsfw": False,
        "topic": None,
        "last_message_id": None,
        "rate_limit_per_user": 0,
        "permission_overwrites": [],
        "permissions": APP_PERMISSIONS,
    }


def make_guild(
    guild_id: str, *, owner_id: str = DEFAULT_USER_ID, name: str = "Fake Guild"
) -> JsonObject:
    """A GUILD_CREATE payload for an available guild with one text channel and @everyone."""
    everyone = {
        "id": guild_id,
        "name": "@everyone",
        "color": 0,
        "colors": {"primary_color": 0, "secondary_color": None, "tertiary_color": None},
        "hoist": False,
        "icon": None,
        "unicode_emoji": None,
        "position": 0,
        "permissions": MEMBER_PERMISSIONS,
        "managed": False,
        "mentionable": False,
        "flags": 0,
    }
    return {
        "id": guild_id,
        "name": name,
        "icon": None,
        "splash": None,
        "discovery_splash": None,
        "banner": None,
        "description": None,
        "owner_id": owner_id,
        "afk_channel_id": None,
        "afk_timeout": 300,
        "verification_level": 0,
        "default_message_notifications": 0,
        "explicit_content_filter": 0,
        "roles": [everyone],
        "emojis": [],
        "stickers": [],
        "features": [],
        "mfa_level": 0,
        "application_id": None,
        "system_channel_id": None,
        "system_channel_flags": 0,
        "rules_channel_id": None,
        "public_updates_channel_id": None,
        "safety_alerts_channel_id": None,
        "vanity_url_code": None,
        "premium_tier": 0,
        "premium_subscription_count": 0,
        "premium_progress_bar_enabled": False,
        "preferred_locale": DEFAULT_LOCALE,
        "nsfw_level": 0,
        "max_video_channel_users": 25,
        "max_stage_video_channel_users": 50,
        "joined_at": "2024-01-01T00:00:00+00:00",
        "large": False,
        "unavailable": False,
        "member_count": 2,
        "voice_states": [],
        "members": [],
        "channels": [_without_permissions(make_channel(DEFAULT_CHANNEL_ID, guild_id))],
        "threads": [],
        "presences": [],
        "stage_instances": [],
        "guild_scheduled_events": [],
        "soundboard_sounds": [],
        "incidents_data": None,
        "region": "deprecated",
        "lazy": True,
    }


def _without_permissions(channel: JsonObject) -> JsonObject:
    """GUILD_CREATE channels carry no computed ``permissions`` (only interaction channels do)."""
    channel.pop("permissions", None)
    return channel


def make_application(application_id: str, bot_user: JsonMapping) -> JsonObject:
    """The application object of ``GET /oauth2/applications/@me``."""
    return {
        "id": application_id,
        "name": bot_user["username"],
        "icon": None,
        "description": "Fake application for end-to-end tests",
        "summary": "",
        "type": None,
        "bot_public": True,
        "bot_require_code_grant": False,
        "verify_key": "00" * 32,
        "flags": 0,
        "owner": make_user(),
        "team": None,
        "bot": dict(bot_user),
        "tags": [],
        "approximate_guild_count": 1,
        "approximate_user_install_count": 0,
        "integration_types_config": {"0": {}, "1": {}},
        "install_params": {"scopes": ["applications.commands", "bot"], "permissions": "0"},
        "redirect_uris": [],
        "interactions_endpoint_url": None,
    }


def assign_component_ids(components: Sequence[JsonMapping]) -> list[JsonObject]:
    """Copy components as Discord returns them: numeric ``id`` on each (depth-first, from 1).

    Custom emoji sent as ``{"id": ...}`` come back with a ``name`` and ``animated`` too.
    """
    counter = itertools.count(1)
    return [_as_stored(component, counter) for component in components]


def _as_stored(component: JsonMapping, counter: Iterator[int]) -> JsonObject:
    copied = dict(component)
    copied.setdefault("id", next(counter))
    if copied.get("type") == SEPARATOR:  # Discord fills in a separator's defaults
        copied["spacing"] = copied.get("spacing") or 1
        copied["divider"] = copied.get("divider", True) is not False
    children = copied.get("components")
    if isinstance(children, list):
        copied["components"] = [_as_stored(child, counter) for child in children]
    accessory = copied.get("accessory")
    if isinstance(accessory, Mapping):
        copied["accessory"] = _as_stored(accessory, counter)
    if isinstance(copied.get("emoji"), Mapping):
        copied["emoji"] = _full_emoji(copied["emoji"])
    if isinstance(copied.get("options"), list):
        copied["options"] = [
            {**option, "emoji": _full_emoji(option["emoji"])} if option.get("emoji") else option
            for option in copied["options"]
        ]
    return copied


def _full_emoji(emoji: JsonMapping) -> JsonObject:
    if emoji.get("id") is None:
        return dict(emoji)
    return {"name": "emoji", "animated": False, **emoji, "id": str(emoji["id"])}


def make_message(
    *,
    channel_id: str = DEFAULT_CHANNEL_ID,
    author: JsonMapping | None = None,
    content: str = "",
    embeds: Sequence[JsonMapping] = (),
    components: Sequence[JsonMapping] = (),
    flags: int = 0,
    attachments: Sequence[JsonMapping] = (),
    message_id: str | None = None,
    guild_id: str | None = None,
    application_id: str | None = DEFAULT_APPLICATION_ID,
    message_type: int = 0,
    interaction_metadata: JsonMapping | None = None,
) -> JsonObject:
    """A full message object as Discord returns it (components get numeric ids)."""
    message: JsonObject = {
        "id": message_id or new_snowflake(),
        "channel_id": channel_id,
        "author": dict(author or make_bot_user()),
        "content": content,
        "timestamp": iso_timestamp(),
        "edited_timestamp": None,
        "tts": False,
        "mention_everyone": False,
        "mentions": [],
        "mention_roles": [],
        "attachments": [dict(attachment) for attachment in attachments],
        "embeds": [{"type": "rich", **embed} for embed in embeds],
        "components": assign_component_ids(components),
        "pinned": False,
        "type": message_type,
        "flags": flags,
    }
    if application_id is not None:
        message["application_id"] = application_id
        message["webhook_id"] = application_id
    if guild_id is not None:
        message["guild_id"] = guild_id
    if interaction_metadata is not None:
        message["interaction_metadata"] = dict(interaction_metadata)
    return message


def slash_command(
    name: str,
    options: Mapping[str, OptionValue] | Sequence[JsonMapping] | None = None,
    *,
    user: JsonMapping | None = None,
    guild_id: str | None = DEFAULT_GUILD_ID,
    channel_id: str = DEFAULT_CHANNEL_ID,
    command_id: str | None = None,
    command_guild_id: str | None = None,
    resolved: JsonMapping | None = None,
    application_id: str = DEFAULT_APPLICATION_ID,
    locale: str = DEFAULT_LOCALE,
) -> JsonObject:
    """INTERACTION_CREATE for a chat-input command; ``name`` may be ``"group sub"`` or ``"a b c"``.

    ``options`` maps option names to values (type inferred: bool, int, float, str) or is a list of
    raw option objects. ``command_guild_id`` marks a guild-registered command (``data.guild_id``);
    FakeDiscord fills ``data.id``/``data.guild_id`` itself for commands the bot registered.
    """
    root, *path = name.split()
    data: JsonObject = {
        "id": command_id or new_snowflake(),
        "name": root,
        "type": 1,
        "options": _nest_subcommands(path, _build_options(options)),
    }
    if command_guild_id is not None:
        data["guild_id"] = command_guild_id
    if resolved is not None:
        data["resolved"] = dict(resolved)
    return _interaction(
        APPLICATION_COMMAND, data, user, guild_id, channel_id, application_id, locale
    )


def message_command(
    name: str,
    message: JsonMapping,
    *,
    user: JsonMapping | None = None,
    guild_id: str | None = DEFAULT_GUILD_ID,
    channel_id: str = DEFAULT_CHANNEL_ID,
    application_id: str = DEFAULT_APPLICATION_ID,
) -> JsonObject:
    """INTERACTION_CREATE for a message context-menu command on ``message`` (its text comes
    in ``resolved``, with no Message Content intent needed)."""
    data: JsonObject = {
        "id": new_snowflake(),
        "name": name,
        "type": 3,
        "target_id": message["id"],
        "resolved": {"messages": {str(message["id"]): dict(message)}},
    }
    return _interaction(APPLICATION_COMMAND, data, user, guild_id, channel_id, application_id,
                        DEFAULT_LOCALE)


def autocomplete(
    name: str,
    options: Mapping[str, OptionValue],
    focused: str,
    *,
    focused_type: int = STRING,
    user: JsonMapping | None = None,
    guild_id: str | None = DEFAULT_GUILD_ID,
    channel_id: str = DEFAULT_CHANNEL_ID,
    command_id: str | None = None,
    application_id: str = DEFAULT_APPLICATION_ID,
    locale: str = DEFAULT_LOCALE,
) -> JsonObject:
    """INTERACTION_CREATE for autocomplete: ``focused`` names the option being typed.

    As Discord does, the focused option carries the partial text as a string.
    """
    root, *path = name.split()
    built = []
    for option_name, value in options.items():
        if option_name == focused:
            built.append(
                {"name": option_name, "type": focused_type, "value": str(value), "focused": True}
            )
        else:
            built.append(_option(option_name, value))
    data: JsonObject = {
        "id": command_id or new_snowflake(),
        "name": root,
        "type": 1,
        "options": _nest_subcommands(path, built),
    }
    return _interaction(AUTOCOMPLETE, data, user, guild_id, channel_id, application_id, locale)


def component_click(
    custom_id: str,
    component_type: int = BUTTON,
    values: Sequence[str] | None = None,
    *,
    message: JsonMapping | None = None,
    user: JsonMapping | None = None,
    guild_id: str | None = DEFAULT_GUILD_ID,
    channel_id: str | None = None,
    application_id: str = DEFAULT_APPLICATION_ID,
    locale: str = DEFAULT_LOCALE,
) -> JsonObject:
    """INTERACTION_CREATE for a button click or select choice on ``message``.

    Pass the message the bot sent (e.g. ``fake.message_with_component(custom_id)``); without one a
    placeholder bot message holding that component is used.
    """
    if message is None:
        message = _placeholder_message(custom_id, component_type, channel_id or DEFAULT_CHANNEL_ID)
    data: JsonObject = {"custom_id": custom_id, "component_type": component_type}
    if values is not None or component_type != BUTTON:
        data["values"] = list(values or ())
    channel = channel_id or str(message["channel_id"])
    payload = _interaction(MESSAGE_COMPONENT, data, user, guild_id, channel, application_id, locale)
    payload["message"] = dict(message)
    return payload


def modal_submit(
    custom_id: str,
    fields: Mapping[str, str],
    *,
    message: JsonMapping | None = None,
    user: JsonMapping | None = None,
    guild_id: str | None = DEFAULT_GUILD_ID,
    channel_id: str = DEFAULT_CHANNEL_ID,
    application_id: str = DEFAULT_APPLICATION_ID,
    locale: str = DEFAULT_LOCALE,
    components: Sequence[JsonMapping] | None = None,
    resolved: JsonMapping | None = None,
) -> JsonObject:
    """INTERACTION_CREATE for a modal submit; ``fields`` maps text-input custom_ids to values.

    Each field becomes an action row holding a text input, both with numeric ``id`` as hikari needs.
    ``components`` (and ``resolved``) give the submit's components as they are instead (a form of
    Labels: ``fake_discord.forms.form_submit`` builds them from the modal the bot sent).
    """
    ids = itertools.count(1)
    rows = [
        {
            "type": ACTION_ROW,
            "id": next(ids),
            "components": [{"type": TEXT_INPUT, "id": next(ids), "custom_id": key, "value": value}],
        }
        for key, value in fields.items()
    ]
    data: JsonObject = {"custom_id": custom_id,
                        "components": rows if components is None else list(components)}
    if resolved:
        data["resolved"] = dict(resolved)
    payload = _interaction(MODAL_SUBMIT, data, user, guild_id, channel_id, application_id, locale)
    if message is not None:
        payload["message"] = dict(message)
    return payload


def _interaction(
    interaction_type: int,
    data: JsonObject,
    user: JsonMapping | None,
    guild_id: str | None,
    channel_id: str,
    application_id: str,
    locale: str,
) -> JsonObject:
    invoker = dict(user or make_user())
    payload: JsonObject = {
        "id": new_snowflake(),
        "application_id": application_id,
        "type": interaction_type,
        "data": data,
        "token": f"aW50ZXJhY3Rpb246{new_snowflake()}{secrets.token_urlsafe(48)}",
        "version": 1,
        "locale": locale,
        "app_permissions": APP_PERMISSIONS,
        "attachment_size_limit": ATTACHMENT_SIZE_LIMIT,
        "entitlements": [],
        "channel_id": channel_id,
        "channel": make_channel(channel_id, guild_id),
    }
    if guild_id is None:
        payload.update(user=invoker, context=1, authorizing_integration_owners={"0": "0"})
    else:
        payload.update(
            guild_id=guild_id,
            guild_locale=DEFAULT_LOCALE,
            guild={"id": guild_id, "locale": DEFAULT_LOCALE, "features": []},
            member=make_member(invoker),
            context=0,
            authorizing_integration_owners={"0": guild_id},
        )
    return payload


def _build_options(
    options: Mapping[str, OptionValue] | Sequence[JsonMapping] | None,
) -> list[JsonObject]:
    if options is None:
        return []
    if isinstance(options, Mapping):
        return [_option(name, value) for name, value in options.items()]
    return [dict(option) for option in options]


def _option(name: str, value: OptionValue) -> JsonObject:
    if isinstance(value, bool):
        option_type = BOOLEAN
    elif isinstance(value, int):
        option_type = INTEGER
    elif isinstance(value, float):
        option_type = NUMBER
    else:
        option_type = STRING
    return {"name": name, "type": option_type, "value": value}


def _nest_subcommands(path: Sequence[str], options: list[JsonObject]) -> list[JsonObject]:
    """Wrap leaf options in SUB_COMMAND (and SUB_COMMAND_GROUP) options for ``path``."""
    for depth, name in reversed(list(enumerate(path))):
        option_type = SUB_COMMAND if depth == len(path) - 1 else SUB_COMMAND_GROUP
        options = [{"name": name, "type": option_type, "options": options}]
    return options


def _placeholder_message(custom_id: str, component_type: int, channel_id: str) -> JsonObject:
    if component_type == BUTTON:
        component: JsonObject = {
            "type": BUTTON,
            "style": 1,
            "label": custom_id,
            "custom_id": custom_id,
        }
    elif component_type == STRING_SELECT:
        component = {"type": STRING_SELECT, "custom_id": custom_id, "options": []}
    else:
        component = {"type": component_type, "custom_id": custom_id}
    row = {"type": ACTION_ROW, "components": [component]}
    return make_message(channel_id=channel_id, content="placeholder", components=[row])
