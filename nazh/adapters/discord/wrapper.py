"""The one wrapper every interaction runs in, whatever its feature and transport.

It admits the interaction (refused while stopping), binds the log context, defers the answer
when the work is slow so Discord's 3 seconds are never missed, and turns a :class:`NazhError`
into a specific ephemeral reply and any other exception into a logged apology. It knows
nothing about dice or metrics: the use cases count what they do, :class:`Admission` counts
interactions.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Concatenate, ParamSpec

import hikari

from nazh.adapters.discord.responder import DEFER_AFTER_SECONDS, Replies, Responder
from nazh.application.admission.gate import (
    DEFER_MARGIN_SECONDS,
    Admission,
    AnswerTooLateError,
    time_left,
)
from nazh.application.shared import logging_context as log_context
from nazh.domain.errors import NazhError
from nazh.presentation.chat import APOLOGY, error_message

log = logging.getLogger(__name__)

P = ParamSpec("P")
Handler = Callable[Concatenate[Responder, P], Awaitable[None]]

DEFER_MESSAGE = hikari.ResponseType.DEFERRED_MESSAGE_CREATE
DEFER_UPDATE = hikari.ResponseType.DEFERRED_MESSAGE_UPDATE


@dataclass(frozen=True, slots=True)
class Answering:
    """How an interaction is handled.

    Attributes:
        command: Its name in logs (``roll``, ``component:plot``).
        kind: ``command``, ``component`` or ``modal`` (the interaction metric's label).
        defer_as: The deferral sent when the work is slow (a new message, or an update).
        ephemeral: The answer is for the user alone (the deferral too).
        notation: The pool the user typed, quoted with a caret under an error's column.
    """

    command: str
    kind: str
    defer_as: hikari.ResponseType = DEFER_MESSAGE
    ephemeral: bool = False
    notation: str | None = None


class InteractionWrapper:
    """Runs a feature's handler for one interaction so that it is always answered."""

    def __init__(self, admission: Admission, replies: Replies,
                 defer_after: float = DEFER_AFTER_SECONDS) -> None:
        self._admission = admission
        self._replies = replies
        self._defer_after = defer_after

    def responder(self, interaction: Any) -> Responder:
        """A responder for ``interaction``, answering the way it arrived."""
        return Responder(interaction, self._replies.initial_for(interaction))

    async def run(self, interaction: Any, answering: Answering, handler: Handler[P],
                  *args: P.args, **kwargs: P.kwargs) -> None:
        """Run ``handler(responder, *args, **kwargs)`` for ``interaction``."""
        responder = self.responder(interaction)
        with log_context.bind(command=answering.command, guild_id=interaction.guild_id,
                              user_id=interaction.user.id, interaction_id=interaction.id):
            try:
                async with self._admission.admit(answering.kind):
                    await self._within_deadline(responder, answering,
                                                handler(responder, *args, **kwargs))
            except AnswerTooLateError:
                log.info("not answered: Discord's 3 s had passed")
            except NazhError as error:
                log.info("%s: %s", type(error).__name__, error.summary)
                await answer(responder, error_message(error, answering.notation))
            except Exception:
                log.exception("unexpected error while handling an interaction")
                await answer(responder, APOLOGY)

    async def refuse(self, interaction: Any, answering: Answering, error: NazhError) -> None:
        """Answer ``interaction`` with ``error``, as :meth:`run` answers a handler's (for an
        error raised before a feature took over, e.g. an option outside its choices)."""
        await self.run(interaction, answering, _raise, error)

    async def _within_deadline(self, responder: Responder, answering: Answering,
                               work: Awaitable[None]) -> None:
        """Run ``work``; defer its answer if it is not done after ``defer_after`` seconds, or
        sooner when Discord's deadline is nearer (an interaction that waited for its turn)."""
        created = responder.interaction.created_at.timestamp()
        timeout = min(self._defer_after, max(0.0, time_left(created) - DEFER_MARGIN_SECONDS))
        task = asyncio.ensure_future(work)
        try:
            done, _ = await asyncio.wait({task}, timeout=timeout)
            if not done:
                await responder.defer(answering.defer_as, ephemeral=answering.ephemeral)
        finally:
            await task


async def _raise(_: Responder, error: NazhError) -> None:
    raise error


async def answer(responder: Responder, text: str) -> bool:
    """An ephemeral answer that never raises (a failure to answer is logged); ``False`` when
    it was not sent because Discord's deadline had passed."""
    try:
        await responder.message(text, ephemeral=True)
    except AnswerTooLateError:
        return False
    except Exception:
        log.exception("could not answer the interaction")
    return True

