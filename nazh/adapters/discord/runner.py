"""Running one interaction: admission through the gate, log context, Discord's 3 s, the roll
metrics, and one answer for every error (specific for a NazhError, an apology otherwise)."""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable

import hikari

from nazh.adapters.discord.gate import InteractionGate
from nazh.adapters.discord.render import REFUSAL_BUSY
from nazh.adapters.discord.responder import Responder, within_deadline
from nazh.application import log_context
from nazh.application.metrics import FailureReason, RollSource
from nazh.application.ports import InteractionMetrics, RollMetrics
from nazh.domain.errors import LimitError, NazhError, NotationError
from nazh.domain.results import RollResult
from nazh.presentation.chat import APOLOGY, error_message

log = logging.getLogger(__name__)

Work = Callable[[], Awaitable[RollResult | None]]


class InteractionRunner:
    """Runs the work of an interaction so that it is always answered and always counted."""

    def __init__(self, gate: InteractionGate, rolls: RollMetrics,
                 interactions: InteractionMetrics) -> None:
        self._gate = gate
        self._rolls = rolls
        self._interactions = interactions

    @property
    def interactions(self) -> InteractionMetrics:
        """Where interactions are counted."""
        return self._interactions

    async def run(self, responder: Responder, interaction: hikari.PartialInteraction,
                  work: Work, *, notation: str | None, defer_as: hikari.ResponseType,
                  command: str, kind: str, source: RollSource | None,
                  ephemeral: bool = False) -> None:
        """Run ``work`` (which answers through ``responder`` and returns the roll it made)."""
        started = time.perf_counter()
        with log_context.bind(command=command, guild_id=interaction.guild_id,
                              user_id=interaction.user.id, interaction_id=interaction.id):
            if not self._gate.open:
                await answer(responder, REFUSAL_BUSY)
                self._interactions.interaction(kind, "busy")
                return
            async with self._gate.track():
                outcome = await self._attempt(responder, work, notation, defer_as, ephemeral,
                                              source, started)
            self._interactions.interaction(kind, outcome)

    async def _attempt(self, responder: Responder, work: Work, notation: str | None,
                       defer_as: hikari.ResponseType, ephemeral: bool,
                       source: RollSource | None, started: float) -> str:
        """Run the work; count the roll; answer any error. Returns the outcome label."""
        failure: BaseException
        try:
            result = await _within(responder, work, defer_as, ephemeral)
        except (NotationError, LimitError) as error:
            log.info("rejected: %s", error.summary)
            await answer(responder, error_message(error, notation))
            failure, outcome = error, "rejected"
        except NazhError as error:
            log.info("refused: %s", error.summary)
            await answer(responder, error_message(error, notation))
            return "refused"
        except Exception as error:
            log.exception("unexpected error while handling an interaction")
            await answer(responder, APOLOGY)
            failure, outcome = error, "error"
        else:
            if result is not None and source is not None:
                self._rolls.rolled(source, result, time.perf_counter() - started)
            return "ok"
        if source is not None:
            reason = FailureReason.of(failure)
            self._rolls.roll_failed(source, reason, time.perf_counter() - started)
        return outcome


async def answer(responder: Responder, text: str) -> None:
    """An ephemeral answer that never raises (a failure to answer is logged)."""
    try:
        await responder.message(text, ephemeral=True)
    except Exception:
        log.exception("could not answer the interaction")


async def _within(responder: Responder, work: Work, defer_as: hikari.ResponseType,
                  ephemeral: bool) -> RollResult | None:
    outcome: list[RollResult | None] = []

    async def run() -> None:
        outcome.append(await work())

    await within_deadline(responder, run(), defer_as, ephemeral=ephemeral)
    return outcome[0]
