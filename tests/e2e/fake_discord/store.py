"""In-memory state of the fake: interactions it dispatched, messages and commands the bot made."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from nazh.application.shared.json_types import JsonMapping, JsonObject

from .json_values import json_copy
from .message_rules import check, pings, walk
from .payloads import (
    APPLICATION_COMMAND,
    EPHEMERAL,
    LOADING,
    MESSAGE_COMPONENT,
    assign_component_ids,
    iso_timestamp,
    make_message,
    make_user,
    new_snowflake,
)
from .recording import UploadedFile

_EDITABLE_FIELDS = ("content", "embeds", "components", "flags", "poll", "tts")
_EMPTY_VALUES: JsonObject = {"content": "", "embeds": [], "components": [], "flags": 0}


@dataclass
class InteractionRecord:
    """An interaction the fake dispatched, and how the bot answered it."""

    payload: JsonObject
    callback: JsonObject | None = None
    original_message_id: str | None = None
    followup_ids: list[str] = field(default_factory=list)
    filled: bool = False

    @property
    def id(self) -> str:
        """The interaction's snowflake."""
        return str(self.payload["id"])

    @property
    def token(self) -> str:
        """The interaction token (also the webhook token for followups and edits)."""
        return str(self.payload["token"])

    @property
    def type(self) -> int:
        """Interaction type (2 command, 3 component, 4 autocomplete, 5 modal submit)."""
        return int(self.payload["type"])

    @property
    def acknowledged(self) -> bool:
        """Whether the bot already sent the initial response."""
        return self.callback is not None

    @property
    def awaiting_deferred_message(self) -> bool:
        """True after a deferred (type 5) response until a message fills the "thinking" one."""
        return self.callback is not None and self.callback.get("type") == 5 and not self.filled

    @property
    def source_message_id(self) -> str | None:
        """Id of the message a component/modal interaction came from, if any."""
        message = self.payload.get("message")
        return str(message["id"]) if isinstance(message, Mapping) else None

    @property
    def invoker(self) -> JsonObject:
        """The user who triggered the interaction."""
        member = self.payload.get("member")
        user = member["user"] if isinstance(member, Mapping) else self.payload["user"]
        return dict(user)


class FakeState:
    """Messages, interactions and application commands, keyed the way Discord keys them."""

    def __init__(self, *, application_id: str, bot_user: JsonObject, base_url: str = "",
                 guild_ids: Sequence[str] = ()) -> None:
        self.application_id = application_id
        self.guild_ids = set(guild_ids)
        """The servers the bot is a member of: guild commands elsewhere are refused (403)."""
        self.recommended_shards = 1
        """What ``GET /gateway/bot`` recommends."""
        self.max_concurrency = 16
        """Shards that may identify at once (``session_start_limit.max_concurrency``): large
        bots get 16, so a process's shards start together rather than 5 s apart."""
        self.bot_user = bot_user
        self.author = make_user(str(bot_user["id"]), str(bot_user["username"]), bot=True)
        self.base_url = base_url
        self.messages: dict[str, JsonObject] = {}
        self.deleted_message_ids: set[str] = set()
        self.interactions: dict[str, InteractionRecord] = {}
        self.commands: dict[str | None, list[JsonObject]] = {}
        self.channel_guilds: dict[str, str] = {}
        """The server of each channel an interaction came from (a message the bot posts
        there by itself belongs to that server, as Discord's do)."""
        self.rule_violations: list[str] = []
        """Why messages were refused: Discord's rules the spec cannot say (``message_rules``)."""

    # interactions -------------------------------------------------------------------------

    def register_interaction(self, payload: JsonObject) -> InteractionRecord:
        """Remember a dispatched interaction so its callback, followups and edits are accepted."""
        record = InteractionRecord(payload)
        self.interactions[record.token] = record
        if payload.get("guild_id") and payload.get("channel_id"):
            self.channel_guilds[str(payload["channel_id"])] = str(payload["guild_id"])
        return record

    def interaction(self, token: str) -> InteractionRecord | None:
        """The interaction with this token, if the fake dispatched it."""
        return self.interactions.get(token)

    def resolve_command(self, payload: JsonObject) -> None:
        """Give a command interaction the id/guild_id of the command the bot registered, if any."""
        data = payload.get("data")
        if not isinstance(data, dict) or "name" not in data:
            return
        scopes = [payload.get("guild_id"), None] if payload.get("guild_id") else [None]
        for scope in scopes:
            for command in self.commands.get(scope, []):
                if command["name"] == data["name"] and command["type"] == data.get("type", 1):
                    data["id"] = command["id"]
                    if scope is None:
                        data.pop("guild_id", None)
                    else:
                        data["guild_id"] = scope
                    return

    # messages -----------------------------------------------------------------------------

    def create_message(
        self,
        body: JsonMapping,
        *,
        channel_id: str,
        files: Sequence[UploadedFile] = (),
        interaction: InteractionRecord | None = None,
        loading: bool = False,
    ) -> JsonObject:
        """Store and return a message built from a create-message body (and uploaded files).

        Raises:
            RefusedError: The message breaks one of Discord's rules (``message_rules``).
        """
        check(body)
        guild_id = (interaction.payload.get("guild_id") if interaction
                    else self.channel_guilds.get(channel_id))
        message = make_message(
            channel_id=channel_id,
            author=self.author,
            content=body.get("content") or "",
            embeds=body.get("embeds") or (),
            components=body.get("components") or (),
            flags=(body.get("flags") or 0) | (LOADING if loading else 0),
            attachments=self._attachments(body, files, existing=()),
            guild_id=str(guild_id) if guild_id else None,
            application_id=self.application_id if interaction else None,
            message_type=_message_type(interaction),
            interaction_metadata=_metadata(interaction) if interaction else None,
        )
        message.update(pings(message["content"], body.get("allowed_mentions")))
        self.messages[message["id"]] = message
        return message

    def edit_message(
        self, message_id: str, body: JsonMapping, files: Sequence[UploadedFile] = ()
    ) -> JsonObject:
        """Apply an edit body to a stored message and return it.

        Absent keys stay, null clears; EPHEMERAL survives edits; the first edit of a deferred
        ("thinking") message fills it instead of marking it edited; new content pings under
        the edit's allowed mentions.

        Raises:
            RefusedError: The edited message would break one of Discord's rules.
        """
        message = self.messages[message_id]
        check(body, message)
        kept_flags = message["flags"] & EPHEMERAL
        was_loading = bool(message["flags"] & LOADING)
        for key in _EDITABLE_FIELDS:
            if key in body:
                value = body[key]
                message[key] = json_copy(_EMPTY_VALUES.get(key) if value is None else value)
        message["flags"] |= kept_flags
        if "components" in body:
            message["components"] = assign_component_ids(message["components"])
        if "embeds" in body:
            message["embeds"] = [{"type": "rich", **embed} for embed in message["embeds"]]
        if "attachments" in body or files:
            message["attachments"] = self._attachments(body, files, existing=message["attachments"])
        if "content" in body:
            message.update(pings(message["content"], body.get("allowed_mentions")))
        if was_loading:
            message["flags"] &= ~LOADING
        else:
            message["edited_timestamp"] = iso_timestamp()
        return message

    def adopt_message(self, message: JsonMapping) -> JsonObject:
        """Store a message the fake did not create (e.g. one a component interaction came from)."""
        message_id = str(message["id"])
        if message_id not in self.messages:
            self.messages[message_id] = json_copy(dict(message))
        return self.messages[message_id]

    def delete_message(self, message_id: str) -> None:
        """Delete a stored message."""
        del self.messages[message_id]
        self.deleted_message_ids.add(message_id)

    def find_component(self, custom_id: str) -> tuple[JsonObject, JsonObject] | None:
        """The newest stored message holding a component with ``custom_id``, and that component."""
        for message in reversed(list(self.messages.values())):
            for component in walk(message.get("components", [])):
                if component.get("custom_id") == custom_id:
                    return message, component
        return None

    def _attachments(
        self,
        body: JsonMapping,
        files: Sequence[UploadedFile],
        existing: Sequence[JsonMapping],
    ) -> list[JsonObject]:
        wanted = {str(item.get("id")) for item in body.get("attachments") or ()}
        kept = [dict(item) for item in existing if str(item["id"]) in wanted]
        return kept + [self._attachment(upload) for upload in files]

    def _attachment(self, upload: UploadedFile) -> JsonObject:
        attachment_id = new_snowflake()
        url = f"{self.base_url}/attachments/{attachment_id}/{upload.filename}"
        return {
            "id": attachment_id,
            "filename": upload.filename,
            "size": len(upload.data),
            "url": url,
            "proxy_url": url,
            "content_type": upload.content_type,
        }

    # application commands ------------------------------------------------------------------

    def set_commands(
        self, guild_id: str | None, bodies: Sequence[JsonMapping]
    ) -> list[JsonObject]:
        """Replace the commands of a scope (global when ``guild_id`` is None), keeping known ids."""
        previous = {(c["name"], c["type"]): c["id"] for c in self.commands.get(guild_id, [])}
        commands = []
        for body in bodies:
            command_type = body.get("type") or 1
            command_id = previous.get((body["name"], command_type)) or new_snowflake()
            commands.append(self._command(guild_id, body, command_id, command_type))
        self.commands[guild_id] = commands
        return json_copy(commands)

    def upsert_command(self, guild_id: str | None, body: JsonMapping) -> JsonObject:
        """Create or overwrite one command (POST semantics) and return it."""
        others = [c for c in self.commands.get(guild_id, []) if c["name"] != body["name"]]
        self.set_commands(guild_id, [*others, body])
        return next(c for c in self.commands[guild_id] if c["name"] == body["name"])

    def _command(
        self, guild_id: str | None, body: JsonMapping, command_id: str, command_type: int
    ) -> JsonObject:
        return {
            "id": command_id,
            "application_id": self.application_id,
            "version": new_snowflake(),
            "guild_id": guild_id,
            "type": command_type,
            "name": body["name"],
            "description": body.get("description") or "",
            "options": json_copy(body.get("options") or []),
            "default_member_permissions": body.get("default_member_permissions"),
            "nsfw": bool(body.get("nsfw", False)),
            "contexts": body.get("contexts"),
            "integration_types": body.get("integration_types") or [0],
            "name_localizations": body.get("name_localizations"),
            "description_localizations": body.get("description_localizations"),
            "dm_permission": True,
        }


def _message_type(interaction: InteractionRecord | None) -> int:
    """20 (CHAT_INPUT_COMMAND) for command responses, 0 (DEFAULT) otherwise."""
    return 20 if interaction is not None and interaction.type == APPLICATION_COMMAND else 0


def _metadata(interaction: InteractionRecord) -> JsonObject | None:
    payload = interaction.payload
    metadata: JsonObject = {
        "id": interaction.id,
        "type": interaction.type,
        "user": interaction.invoker,
        "authorizing_integration_owners": payload["authorizing_integration_owners"],
    }
    if interaction.original_message_id is not None:
        metadata["original_response_message_id"] = interaction.original_message_id
    if interaction.type == APPLICATION_COMMAND:
        return metadata | {
            "name": payload["data"]["name"],
            "command_type": payload["data"].get("type", 1),
        }
    if interaction.type == MESSAGE_COMPONENT and interaction.source_message_id is not None:
        return metadata | {"interacted_message_id": interaction.source_message_id}
    return None
