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

    @asynccontextmanager
    async def answering(self, interaction: Any, answering: Answering,
                        ) -> AsyncIterator[Responder]:
        """The block a feature answers ``interaction`` in, through the responder it is given."""
        # Deferred if not done after defer_after (sooner near Discord's deadline); an error is
        # answered here (a NazhError by its message, else a logged apology) and never leaves; the
        # ending is counted.
        responder = self.responder(interaction)
        with log_context.bind(command=answering.command, guild_id=interaction.guild_id,
                              user_id=interaction.user.id, interaction_id=interaction.id), \
                ClickedMessage(shown_at(interaction)):
            outcome: BaseException | None = None
            voices = IN_ENGLISH
            try:
                deferral = _Deferral(responder, answering)
                self._deferrals.add(deferral, self._delay(responder))
                try:
                    if self._voices is not None:
                        voices = await self._voices.of(interaction)
                    # an answer only the presser sees speaks their language
                    with Speaking(voices), ToReader(answering.ephemeral):
                        yield responder
                finally:
                    await deferral.stop()
            except AnswerTooLateError as error:
                outcome = error
                log.info("not answered: Discord's 3 s had passed")
            except NazhError as error:
                outcome = error
                log.info("%s: %s", type(error).__name__, error.summary)
                with Speaking(voices), ToReader():
                    refusal = error_message(error, answering.notation)
                await tell_privately(responder, refusal)
            except Exception as error:
                outcome = error
                log.exception("unexpected error while handling an interaction")
                with Speaking(voices), ToReader():
                    apology = _(APOLOGY)
                await tell_privately(responder, apology)
            self._admission.count(answering.kind, Outcome.of(outcome))

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

    def _delay(self, responder: Responder) -> float:
        created = created_seconds(responder.interaction.id)
        return min(self._defer_after, max(0.0, time_left(created) - DEFER_MARGIN_SECONDS))


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

