"""Shared arrange code of the tests in tests/adapters/discord/runtime."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any, cast
from unittest.mock import create_autospec

import hikari

from nazh.adapters.discord.runtime.responder import Responder, RestInitialResponse
from nazh.application.shared.json_types import JsonObject

EPHEMERAL = hikari.MessageFlag.EPHEMERAL


@dataclass
class Call:
    method: str
    args: tuple[object, ...]
    kwargs: dict[str, object]


@dataclass
class FakeInteraction:
    """Records each response call of a ``MessageResponseMixin``; sends nothing anywhere."""

    calls: list[Call] = field(default_factory=list)
    builders: list[hikari.api.InteractionResponseBuilder] = field(default_factory=list)
    """The builders of the callbacks sent for it (what :func:`body_of` turns into JSON)."""
    guild_id: int | None = None
    user: object = field(default_factory=lambda: SimpleNamespace(id=5))
    created_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    @property
    def id(self) -> hikari.Snowflake:
        """A snowflake made at :attr:`created_at`, as Discord's are."""
        return hikari.Snowflake.from_datetime(self.created_at)

    def _record(self, method: str, args: tuple[object, ...], kwargs: dict[str, object]) -> None:
        self.calls.append(Call(method, args, kwargs))

    async def edit_initial_response(self, *args: object, **kwargs: object) -> None:
        self._record("edit_initial_response", args, kwargs)

    async def delete_initial_response(self, *args: object, **kwargs: object) -> None:
        self._record("delete_initial_response", args, kwargs)

    async def execute(self, *args: object, **kwargs: object) -> None:
        self._record("execute", args, kwargs)

    @property
    def methods(self) -> list[str]:
        return [call.method for call in self.calls]


class RecordingCallbacks:
    """``InteractionCallbacks`` that record each callback on its (fake) interaction as a
    ``callback`` call: ``(type, content)`` (no content: ``(type,)``), then ``flags`` and, for
    a message, ``embed``, ``components`` and the three mention switches."""

    async def send(self, interaction: Any,
                   builder: hikari.api.InteractionResponseBuilder) -> None:
        kwargs: dict[str, object] = {}
        args: tuple[object, ...] = (builder.type,)
        if isinstance(builder, hikari.api.InteractionDeferredBuilder):
            kwargs["flags"] = builder.flags
        else:
            assert isinstance(builder, hikari.api.InteractionMessageBuilder)
            if builder.content is not hikari.UNDEFINED:
                args += (builder.content,)
            kwargs.update(flags=builder.flags, components=builder.components,
                          mentions_everyone=builder.mentions_everyone,
                          user_mentions=builder.user_mentions,
                          role_mentions=builder.role_mentions)
            if builder.embeds:
                (kwargs["embed"],) = builder.embeds
        interaction._record("callback", args, kwargs)
        interaction.builders.append(builder)


def body_of(builder: hikari.api.InteractionResponseBuilder) -> JsonObject:
    """The JSON body a callback's builder makes (what either transport sends)."""
    payload, _ = builder.build(create_autospec(hikari.api.EntityFactory, instance=True))
    body: JsonObject = json.loads(json.dumps(payload))
    return body


def rest() -> RestInitialResponse:
    return RestInitialResponse(RecordingCallbacks())


def responder() -> tuple[Responder, FakeInteraction]:
    fake = FakeInteraction()
    return Responder(cast("hikari.MessageResponseMixin[Any]", fake), rest()), fake
