"""The one wrapper every interaction runs in, whatever its feature and transport."""

from __future__ import annotations

import asyncio
import logging
import math
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any, Protocol

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
from nazh.presentation.i18n import IN_ENGLISH, Speaking, ToReader, Voices, _

log = logging.getLogger(__name__)

DEFER_MESSAGE = hikari.ResponseType.DEFERRED_MESSAGE_CREATE
DEFER_UPDATE = hikari.ResponseType.DEFERRED_MESSAGE_UPDATE
DEFERRAL_GRID_SECONDS = 0.02
"""A deferral is sent up to this much after its time: well inside its margin before the deadline."""


@dataclass(frozen=True, slots=True)
class Answering:
    """How an interaction is handled: its log name, metric kind, deferral and privacy."""

    command: str
    kind: str
    defer_as: hikari.ResponseType = DEFER_MESSAGE
    ephemeral: bool = False
    notation: str | None = None  # quoted with a caret under an error's column


class VoicesOf(Protocol):
    """The languages an interaction is answered in (:class:`...runtime.voices.TableVoices`)."""

    async def of(self, interaction: Any) -> Voices:
        """The table's and the reader's."""
        ...


class InteractionWrapper:
    """The block every feature answers an interaction in, so that it is always answered."""

    def __init__(self, admission: Admission, replies: InitialResponses,
                 defer_after: float = DEFER_AFTER_SECONDS, *,
                 voices: VoicesOf | None = None) -> None:
        # voices None: everything in English
        self._admission = admission
        self._replies = replies
        self._defer_after = defer_after
        self._deferrals = _DueDeferrals()
        self._voices = voices

    def responder(self, interaction: Any) -> Responder:
        """A responder for ``interaction``, answering the way it arrived."""
        return Responder(interaction, self._replies.initial_for(interaction))

    def answering(self, interaction: Any, answering: Answering) -> AnsweringBlock:
        """The block a feature answers ``interaction`` in, through the responder it is given."""
        return AnsweringBlock(self, interaction, answering)

    @asynccontextmanager
    async def suggesting(self, interaction: Any) -> AsyncIterator[Responder]:
        """The block an autocomplete is answered in: its labels speak the presser's language."""
        # only the presser reads the choices; their values stay the rules' English (Nazh reads
        # them back), their labels are made inside the block
        voices = IN_ENGLISH if self._voices is None else await self._voices.of(interaction)
        with Speaking(voices), ToReader():
            yield self.responder(interaction)

    async def refuse(self, interaction: object, answering: Answering, error: NazhError) -> None:
        """Answer ``interaction`` with ``error`` as :meth:`answering` would (before a feature)."""
        async with self.answering(interaction, answering):
            raise error

    def defer_when_due(self, deferral: _Deferral, responder: Responder) -> None:
        """Make ``deferral`` due after ``defer_after``, sooner near Discord's deadline."""
        created = created_seconds(responder.interaction.id)
        self._deferrals.add(deferral, min(self._defer_after,
                                          max(0.0, time_left(created) - DEFER_MARGIN_SECONDS)))

    async def voices_of(self, interaction: Any) -> Voices:
        """The languages ``interaction`` is answered in (English without translations)."""
        return IN_ENGLISH if self._voices is None else await self._voices.of(interaction)

    def count(self, kind: str, error: BaseException | None) -> None:
        """Count an interaction of ``kind`` that ended with ``error`` (or none)."""
        self._admission.count(kind, Outcome.of(error))


class AnsweringBlock:
    """:meth:`InteractionWrapper.answering`'s block: deferred if not done after the wrapper's
    ``defer_after`` (sooner near Discord's deadline); an error is answered here (a NazhError by
    its message, else a logged apology) and never leaves; the ending is counted."""

    # A class, not an asynccontextmanager: every interaction passes here, and a generator's
    # block costs a generator, its context manager and more awaits.
    __slots__ = ("_answering", "_bound", "_clicked", "_deferral", "_interaction", "_reader",
                 "_responder", "_speaking", "_voices", "_wrapper")

    def __init__(self, wrapper: InteractionWrapper, interaction: Any,
                 answering: Answering) -> None:
        self._wrapper = wrapper
        self._interaction = interaction
        self._answering = answering
        self._voices = IN_ENGLISH

    async def __aenter__(self) -> Responder:
        interaction, answering, wrapper = self._interaction, self._answering, self._wrapper
        responder = self._responder = wrapper.responder(interaction)
        self._bound = log_context.bind(command=answering.command, guild_id=interaction.guild_id,
                                       user_id=interaction.user.id,
                                       interaction_id=interaction.id)
        self._bound.__enter__()
        self._clicked = ClickedMessage(shown_at(interaction))
        self._clicked.__enter__()
        deferral = self._deferral = _Deferral(responder, answering)
        try:
            wrapper.defer_when_due(deferral, responder)
            self._voices = await wrapper.voices_of(interaction)
        except BaseException:
            await deferral.stop()
            self._leave()
            raise
        # an answer only the presser sees speaks their language
        self._speaking = Speaking(self._voices)
        self._speaking.__enter__()
        self._reader = ToReader(answering.ephemeral)
        self._reader.__enter__()
        return responder

    async def __aexit__(self, kind: type[BaseException] | None, error: BaseException | None,
                        traceback: object) -> bool:
        self._reader.__exit__(None, None, None)
        self._speaking.__exit__(None, None, None)
        try:
            try:
                await self._deferral.stop()
            except Exception as stopping:  # as a ``finally`` would: it replaces the error
                error = stopping
            if error is not None and not isinstance(error, Exception):
                return False  # cancelled, or the process stopping: on its way, not counted
            await self._ended(error)
        finally:
            self._leave()
        return True

    async def _ended(self, error: Exception | None) -> None:
        """Answer an error (never raising), and count the ending."""
        voices, responder = self._voices, self._responder
        if isinstance(error, AnswerTooLateError):
            log.info("not answered: Discord's 3 s had passed")
        elif isinstance(error, NazhError):
            log.info("%s: %s", type(error).__name__, error.summary)
            with Speaking(voices), ToReader():
                refusal = error_message(error, self._answering.notation)
            await tell_privately(responder, refusal)
        elif error is not None:
            log.error("unexpected error while handling an interaction", exc_info=error)
            with Speaking(voices), ToReader():
                apology = _(APOLOGY)
            await tell_privately(responder, apology)
        self._wrapper.count(self._answering.kind, error)

    def _leave(self) -> None:
        self._clicked.__exit__(None, None, None)
        self._bound.__exit__(None, None, None)


def shown_at(interaction: Any) -> float | None:
    """When the clicked message was last shown (posted or edited), epoch seconds; None if none."""
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
    """The deferrals waiting for their time, by the slice of :data:`DEFERRAL_GRID_SECONDS`."""

    __slots__ = ("_due", "_loop")

    # One loop timer per slice, not per interaction: a timer costs a handle, a place in the heap and
    # its removal (a dozen timer comparisons per interaction at 300 a second).
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
    """An ephemeral answer that never raises; ``False`` if Discord's deadline had passed."""
    try:
        await responder.message(text, ephemeral=True)
    except AnswerTooLateError:
        return False
    except Exception:
        log.exception("could not answer the interaction")
    return True

