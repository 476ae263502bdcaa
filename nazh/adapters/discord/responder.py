"""One interaction's responses: the initial response exactly once (deferred when the work is
slow, so Discord's 3 s are never missed), then edits and followups."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Sequence
from typing import Any, TypedDict

import hikari

DEFER_AFTER_SECONDS = 2.0


class _Mentions(TypedDict):
    mentions_everyone: bool
    user_mentions: bool
    role_mentions: bool


QUIET: _Mentions = {"mentions_everyone": False, "user_mentions": False, "role_mentions": False}
"""No message of Nazh's pings anyone, whatever the user typed."""


class Responder:
    """Answers one interaction; safe to use from the work and from the deadline watchdog."""

    def __init__(self, interaction: hikari.MessageResponseMixin[Any]) -> None:
        self.interaction = interaction
        self._lock = asyncio.Lock()
        self.responded = False
        self.deferred: hikari.ResponseType | None = None
        self.deferred_ephemeral = False

    async def message(
        self,
        content: hikari.UndefinedOr[str] = hikari.UNDEFINED,
        *,
        embed: hikari.UndefinedOr[hikari.Embed] = hikari.UNDEFINED,
        components: Sequence[hikari.api.ComponentBuilder] = (),
        ephemeral: bool = False,
    ) -> None:
        """A new message answering the interaction (or a followup when already answered)."""
        flags = hikari.MessageFlag.EPHEMERAL if ephemeral else hikari.MessageFlag.NONE
        async with self._lock:
            if self.responded and self.deferred is not hikari.ResponseType.DEFERRED_MESSAGE_CREATE:
                await self.interaction.execute(
                    content,
                    embed=embed,
                    components=components,
                    flags=flags,
                    **QUIET,
                )
            elif self.deferred is hikari.ResponseType.DEFERRED_MESSAGE_CREATE:
                self.deferred = None
                await self._replace_deferred(content, embed, components, ephemeral)
            else:
                await self.interaction.create_initial_response(
                    hikari.ResponseType.MESSAGE_CREATE,
                    content,
                    embed=embed,
                    components=components,
                    flags=flags,
                    **QUIET,
                )
            self.responded = True

    async def update(
        self,
        content: hikari.UndefinedNoneOr[str] = hikari.UNDEFINED,
        *,
        embed: hikari.UndefinedNoneOr[hikari.Embed] = hikari.UNDEFINED,
        components: Sequence[hikari.api.ComponentBuilder] = (),
    ) -> None:
        """Edit the message the component is on (the initial response of a click)."""
        async with self._lock:
            if self.responded:
                await self.interaction.edit_initial_response(
                    content,
                    embed=embed,
                    components=components,
                    **QUIET,
                )
            else:
                await self.interaction.create_initial_response(
                    hikari.ResponseType.MESSAGE_UPDATE,
                    content,
                    embed=embed,
                    components=components,
                    **QUIET,
                )
            self.responded = True

    async def followup(
        self, *, embed: hikari.Embed, components: Sequence[hikari.api.ComponentBuilder] = ()
    ) -> None:
        """A new public message after the initial response."""
        await self.interaction.execute(
            embed=embed,
            components=components,
            **QUIET,
        )

    async def defer(self, response_type: hikari.ResponseType, *, ephemeral: bool = False) -> None:
        """Acknowledge now and answer later (no-op once answered)."""
        flags = hikari.MessageFlag.EPHEMERAL if ephemeral else hikari.MessageFlag.NONE
        async with self._lock:
            if self.responded:
                return
            await self.interaction.create_initial_response(response_type, flags=flags)
            self.responded = True
            self.deferred = response_type
            self.deferred_ephemeral = ephemeral

    async def _replace_deferred(
        self,
        content: hikari.UndefinedOr[str],
        embed: hikari.UndefinedOr[hikari.Embed],
        components: Sequence[hikari.api.ComponentBuilder],
        ephemeral: bool,
    ) -> None:
        if ephemeral == self.deferred_ephemeral:
            await self.interaction.edit_initial_response(
                content,
                embed=embed,
                components=components,
                **QUIET,
            )
            return
        flags = hikari.MessageFlag.EPHEMERAL if ephemeral else hikari.MessageFlag.NONE
        await self.interaction.delete_initial_response()
        await self.interaction.execute(
            content,
            embed=embed,
            components=components,
            flags=flags,
            **QUIET,
        )


async def within_deadline(
    responder: Responder,
    work: Awaitable[None],
    defer_as: hikari.ResponseType,
    *,
    ephemeral: bool = False,
    after: float = DEFER_AFTER_SECONDS,
) -> None:
    """Run ``work``; if it has not answered after ``after`` seconds, defer meanwhile."""
    task = asyncio.ensure_future(work)
    done, _ = await asyncio.wait({task}, timeout=after)
    if not done:
        await responder.defer(defer_as, ephemeral=ephemeral)
    await task
