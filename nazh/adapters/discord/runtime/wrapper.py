"""The one wrapper every interaction runs in, whatever its feature and transport.

A feature answers in :meth:`InteractionWrapper.answering`'s block: it binds the log context,
defers the answer when the work is slow so Discord's 3 seconds are never missed, turns a
:class:`NazhError` into a specific ephemeral reply and any other exception into a logged
apology, and counts how the block ended. Admission (who gets a turn, refused while stopping)
is decided before, in one place: :meth:`DiscordCore.handle`.
"""

from __future__ import annotations

import asyncio
import logging
import math
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import hikari

from nazh.adapters.discord.runtime.responder import DEFER_AFTER_SECONDS, InitialResponses, Responder
from nazh.adapters.discord.runtime.snowflakes import created_seconds
from nazh.application.admission.gate import (
    DEFER_MARGIN_SECONDS,
    Admission,
    AnswerTooLateError,
    Outcome,
    time_left,
)
from nazh.application.rolls.arrival import ClickedMessage
from nazh.application.shared import logging_context as log_context
from nazh.domain.errors import NazhError
from nazh.presentation.chat import APOLOGY, error_message

log = logging.getLogger(__name__)

DEFER_MESSAGE = hikari.ResponseType.DEFERRED_MESSAGE_CREATE
DEFER_UPDATE = hikari.ResponseType.DEFERRED_MESSAGE_UPDATE
DEFERRAL_GRID_SECONDS = 0.02
"""A deferral is sent up to this much after its time (see ``_DueDeferrals``): well inside
the margin it keeps before Discord's deadline."""


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
    """The block every feature answers an interaction in, so that it is always answered."""

    def __init__(self, admission: Admission, replies: InitialResponses,
                 defer_after: float = DEFER_AFTER_SECONDS) -> None:
        self._admission = admission
        self._replies = replies
        self._defer_after = defer_after
        self._deferrals = _DueDeferrals()

    def responder(self, interaction: Any) -> Responder:
        """A responder for ``interaction``, answering the way it arrived."""
        return Responder(interaction, self._replies.initial_for(interaction))

    @asynccontextmanager
    async def answering(self, interaction: Any, answering: Answering,
                        ) -> AsyncIterator[Responder]:
        """The block a feature answers ``interaction`` in, through the responder it is given.

        The answer is deferred if the block is not done after ``defer_after`` seconds (sooner
        when Discord's deadline is nearer: an interaction that waited for its turn); an error
        the block raises is answered here (a :class:`NazhError` by its message, anything else
        by a logged apology) and never leaves it; how the block ended is counted.
        """
        responder = self.responder(interaction)
        with log_context.bind(command=answering.command, guild_id=interaction.guild_id,
                              user_id=interaction.user.id, interaction_id=interaction.id), \
                ClickedMessage(shown_at(interaction)):
            outcome: BaseException | None = None
            try:
                deferral = _Deferral(responder, answering)
                self._deferrals.add(deferral, self._delay(responder))
                try:
                    yield responder
                finally:
                    await deferral.stop()
            except AnswerTooLateError as error:
                outcome = error
                log.info("not answered: Discord's 3 s had passed")
            except NazhError as error:
                outcome = error
                log.info("%s: %s", type(error).__name__, error.summary)
                await tell_privately(responder, error_message(error, answering.notation))
            except Exception as error:
                outcome = error
                log.exception("unexpected error while handling an interaction")
                await tell_privately(responder, APOLOGY)
            self._admission.count(answering.kind, Outcome.of(outcome))

    async def refuse(self, interaction: object, answering: Answering, error: NazhError) -> None:
        """Answer ``interaction`` with ``error``, as :meth:`answering` answers a block's (for
        an error raised before a feature took over, e.g. an option outside its choices)."""
        async with self.answering(interaction, answering):
            raise error

    def _delay(self, responder: Responder) -> float:
        created = created_seconds(responder.interaction.id)
        return min(self._defer_after, max(0.0, time_left(created) - DEFER_MARGIN_SECONDS))


def shown_at(interaction: Any) -> float | None:
    """When the message a component or modal interaction came from was last shown (posted,
    or edited since), in seconds since the epoch; ``None`` without one (a command)."""
    message = getattr(interaction, "message", None)
    if message is None:
        return None
    posted = created_seconds(message.id)
    edited = message.edited_timestamp
    return posted if edited is None else max(posted, edited.timestamp())


class _Deferral:
    """Defers ``responder``'s answer when it falls due, unless stopped before."""

    __slots__ = ("_answering", "_responder", "_sending")

    def __init__(self, responder: Responder, answering: Answering) -> None:
        self._responder: Responder | None = responder
        self._answering = answering
        self._sending: asyncio.Future[None] | None = None

    def due(self) -> None:
        """Send the deferral (nothing once stopped)."""
        if self._responder is not None:
            self._sending = asyncio.ensure_future(self._responder.defer(
                self._answering.defer_as, ephemeral=self._answering.ephemeral))

    async def stop(self) -> None:
        """No deferral from now on; one on its way is waited for."""
        self._responder = None  # what waits for its slice holds nothing of the interaction
        if self._sending is not None:
            await self._sending


class _DueDeferrals:
    """The deferrals waiting for their time, by the slice of :data:`DEFERRAL_GRID_SECONDS`
    they fall due in: one timer of the event loop per slice, not one per interaction (a timer
    costs a handle, its place in the loop's heap and, cancelled, its removal later: about a
    dozen comparisons of timers in Python per interaction at 300 a second)."""

    __slots__ = ("_due", "_loop")

    def __init__(self) -> None:
        self._loop: asyncio.AbstractEventLoop | None = None
        self._due: dict[int, list[_Deferral]] = {}

    def add(self, deferral: _Deferral, delay: float) -> None:
        """Make ``deferral`` due after ``delay`` seconds (at most one slice later)."""
        loop = asyncio.get_running_loop()
        if loop is not self._loop:
            self._loop, self._due = loop, {}
        slot = math.ceil((loop.time() + delay) / DEFERRAL_GRID_SECONDS)
        due = self._due.get(slot)
        if due is None:
            due = self._due[slot] = []
            loop.call_at(slot * DEFERRAL_GRID_SECONDS, self._fire, slot)
        due.append(deferral)

    def _fire(self, slot: int) -> None:
        for deferral in self._due.pop(slot, ()):
            deferral.due()


async def tell_privately(responder: Responder, text: str) -> bool:
    """An ephemeral answer that never raises (a failure to answer is logged); ``False`` when
    it was not sent because Discord's deadline had passed."""
    try:
        await responder.message(text, ephemeral=True)
    except AnswerTooLateError:
        return False
    except Exception:
        log.exception("could not answer the interaction")
    return True

