"""Admission of interactions: who gets in, what happened to each, and a graceful stop.

Before any work, :meth:`Admission.gate` gives each interaction its turn (a bounded number are
handled at once, the others wait in order of arrival) and sheds what cannot be served well: an
interaction older than the answer budget when its turn comes (Discord would refuse its answer
anyway: it is dropped unanswered) and, while the bound on interactions waiting is reached, new
ones (answered "busy" at once, which costs far less than a roll). Once the service is stopping,
an interaction whose turn comes is refused (:class:`ServiceBusyError`); one handled is counted in
flight for its turn (so a stop can wait for it), and whoever handled it counts its outcome
(:meth:`Admission.count`) behind the :class:`InteractionMetrics` port.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from enum import Enum
from typing import Protocol

from nazh.domain.errors import LimitError, NazhError, NotationError


class Outcome(Enum):
    """How an interaction ended."""

    OK = "ok"
    REJECTED = "rejected"
    REFUSED = "refused"
    BUSY = "busy"
    EXPIRED = "expired"
    DROPPED = "dropped"
    LIMITED = "limited"
    ERROR = "error"

    @classmethod
    def of(cls, error: BaseException | None) -> Outcome:
        """The outcome of a block that raised ``error`` (``None``: it did not)."""
        if error is None:
            return cls.OK
        if isinstance(error, ServiceBusyError):
            return cls.BUSY
        if isinstance(error, AnswerTooLateError):
            return cls.EXPIRED
        if isinstance(error, NotationError | LimitError):
            return cls.REJECTED
        if isinstance(error, NazhError):
            return cls.REFUSED
        return cls.ERROR


class ServiceBusyError(NazhError):
    """The service is stopping and takes no new interaction."""


class AnswerTooLateError(NazhError):
    """Discord's deadline for the initial response has passed, or is too near for an answer
    sent now to arrive before it: the answer is not sent (Discord would refuse it)."""

    def __init__(self) -> None:
        super().__init__("too late to answer: Discord's 3 s have passed")


RESTARTING = "Nazh is restarting; please try again in a few seconds."
BUSY = "Nazh is very busy right now; please try again in a few seconds."

DISCORD_DEADLINE_SECONDS = 3.0
"""Discord accepts an interaction's initial response for this long after its creation."""
ANSWER_BUDGET_SECONDS = 2.0
"""Default age past which an interaction is dropped unanswered: too little of Discord's 3 s
is left to do the work and have the answer arrive."""
SEND_MARGIN_SECONDS = 0.25
"""An initial response is not sent later than this before Discord's deadline: on its way it
would cross it."""
DEFER_MARGIN_SECONDS = 0.75
"""Slow work is deferred at the latest this long before Discord's deadline."""
SERVICE_WEIGHT = 1 / 16
"""Weight of each interaction's handling time in the running estimate the gate sheds by."""
MIN_CUTOFF_SECONDS = 0.5
"""However slow handling has been, an interaction younger than this (or than the budget, if
less) gets its turn: fresh ones keep the estimate of handling time up to date."""
MAX_IN_FLIGHT = 1000
"""Default bound on interactions waiting or handled; past it new ones are answered "busy". Above
what one process answers within the budget, so age is what sheds a burst; this bounds memory."""
CONCURRENCY = 64
"""Default number of interactions handled at once: enough to fill a group commit of the roll
journal while others wait on Discord, few enough that one admitted now is answered well within
the rest of its budget."""
CLOCK_SKEW_SECONDS = 60.0
"""An age beyond this (or below minus the budget) means the clocks disagree, not that the
interaction waited: it is served, and the skew is logged."""
REPORT_EVERY_SECONDS = 10.0

log = logging.getLogger(__name__)


def time_left(created: float) -> float:
    """Seconds until Discord's deadline for the initial response of an interaction created at
    ``created`` (seconds since the epoch, Discord's clock); infinite when the clocks disagree
    (see :data:`CLOCK_SKEW_SECONDS`), as nothing can then be judged."""
    age = time.time() - created
    if age > CLOCK_SKEW_SECONDS:
        return math.inf
    return DISCORD_DEADLINE_SECONDS - age


def check_in_time(created: float) -> None:
    """Raise :class:`AnswerTooLateError` if an initial response sent now for an interaction
    created at ``created`` could arrive after Discord's deadline."""
    if time_left(created) < SEND_MARGIN_SECONDS:
        raise AnswerTooLateError


class Admission:
    """Sheds load, counts interactions in flight and their outcomes; once closed, new ones
    are refused.

    Args:
        metrics: where outcomes are counted.
        budget: seconds after its creation past which an interaction is dropped unanswered;
            sooner when handling is slow: an interaction is also dropped when its age plus the
            running estimate of handling time (from a turn to its end) would cross Discord's
            deadline less :data:`SEND_MARGIN_SECONDS`.
        max_in_flight: interactions waiting or handled at once before new ones are answered
            busy (0: no bound).
        concurrency: interactions handled at once; the others wait their turn in order.
    """

    def __init__(self, metrics: InteractionMetrics, budget: float = ANSWER_BUDGET_SECONDS,
                 max_in_flight: int = MAX_IN_FLIGHT, concurrency: int = CONCURRENCY) -> None:
        self._metrics = metrics
        self._budget = budget
        self._max_in_flight = max_in_flight
        self._turns = asyncio.Semaphore(concurrency)
        self._pending = 0
        self._busy_answers = 0
        self._max_busy_answers = max(1, concurrency // 4)
        self._open = True
        self._in_flight = 0
        self._idle = asyncio.Event()
        self._idle.set()
        self._shed: dict[Outcome, int] = {Outcome.EXPIRED: 0, Outcome.BUSY: 0,
                                          Outcome.DROPPED: 0}
        self._reported = 0.0
        self._skew_reported = False
        self._service = 0.0

    @property
    def cutoff(self) -> float:
        """The age past which an interaction whose turn comes now is dropped unanswered."""
        room = DISCORD_DEADLINE_SECONDS - SEND_MARGIN_SECONDS - self._service
        return min(self._budget, max(room, MIN_CUTOFF_SECONDS))

    @asynccontextmanager
    async def gate(self, kind: str, created: float) -> AsyncIterator[Outcome | None]:
        """Wait for a turn for an interaction of ``kind`` created at ``created`` (seconds since
        the epoch, Discord's clock) and hold it for the block, which is given ``None`` to handle
        the interaction, :attr:`Outcome.EXPIRED` to drop it unanswered (older than
        :attr:`cutoff`, now or when its turn came), :attr:`Outcome.BUSY` to answer it busy (too
        many waiting; a block that raises :class:`AnswerTooLateError` counts it expired), or
        :attr:`Outcome.DROPPED` to drop it unanswered (too many waiting, and a quarter of
        ``concurrency`` busy answers already on their way: each answer costs a request to
        Discord, which an overloaded process spends on results first). At most ``concurrency``
        interactions hold a turn at once, taken in order of arrival. Shed ones are counted,
        and logged at most once per ten seconds.

        Raises:
            ServiceBusyError: the service is stopping (counted as ``busy``) when the turn came.
        """
        if self._max_in_flight and self._pending >= self._max_in_flight:
            if self.cutoff < time.time() - created <= CLOCK_SKEW_SECONDS:
                yield self._shed_one(kind, Outcome.EXPIRED)
                return
            if self._busy_answers >= self._max_busy_answers:
                yield self._shed_one(kind, Outcome.DROPPED)
                return
            self._busy_answers += 1
            outcome = Outcome.BUSY
            try:
                yield Outcome.BUSY
            except AnswerTooLateError:  # the busy answer would have come too late: not sent
                outcome = Outcome.EXPIRED
            finally:
                self._busy_answers -= 1
                self._shed_one(kind, outcome)
            return
        self._pending += 1
        try:
            async with self._turns:
                age = time.time() - created
                if self.cutoff < age <= CLOCK_SKEW_SECONDS:
                    yield self._shed_one(kind, Outcome.EXPIRED)
                    return
                if not -self._budget <= age <= CLOCK_SKEW_SECONDS and not self._skew_reported:
                    self._skew_reported = True
                    log.warning("interaction created %.1f s from now by Discord's clock: this "
                                "machine's clock is off; served anyway", -age)
                if not self._open:
                    self._metrics.interaction(kind, Outcome.BUSY.value)
                    raise ServiceBusyError(RESTARTING)
                turn = time.monotonic()
                self._in_flight += 1
                self._idle.clear()
                try:
                    yield None
                finally:
                    self._in_flight -= 1
                    if not self._in_flight:
                        self._idle.set()
                    spent = min(time.monotonic() - turn, DISCORD_DEADLINE_SECONDS)
                    self._service += (spent - self._service) * SERVICE_WEIGHT
        finally:
            self._pending -= 1

    def count(self, kind: str, outcome: Outcome) -> None:
        """Count an interaction of ``kind`` that was handled (or refused by a rate limit) and
        ended with ``outcome``."""
        self._metrics.interaction(kind, outcome.value)

    def _shed_one(self, kind: str, shed: Outcome) -> Outcome:
        self._metrics.interaction(kind, shed.value)
        self._shed[shed] += 1
        now = time.monotonic()
        if now - self._reported >= REPORT_EVERY_SECONDS:
            self._reported = now
            log.warning("overloaded: %d interaction(s) dropped past the %.1f s budget, %d "
                        "answered busy and %d dropped over the bound (%d waiting or in "
                        "flight) since the last report", self._shed[Outcome.EXPIRED],
                        self._budget, self._shed[Outcome.BUSY], self._shed[Outcome.DROPPED],
                        self._pending)
            self._shed = dict.fromkeys(self._shed, 0)
        return shed

    @property
    def open(self) -> bool:
        """New interactions are accepted."""
        return self._open

    @property
    def in_flight(self) -> int:
        """Interactions being handled now."""
        return self._in_flight

    def close(self) -> None:
        """Refuse new interactions from now on."""
        self._open = False

    async def drain(self, timeout: float) -> bool:
        """Wait until nothing is in flight; ``False`` if ``timeout`` ran out first."""
        try:
            await asyncio.wait_for(self._idle.wait(), timeout)
        except TimeoutError:
            return False
        return True


class InteractionMetrics(Protocol):
    """Counts interactions by kind and outcome, and builder sessions."""

    def interaction(self, kind: str, outcome: str) -> None:
        """An interaction was handled: kind command/component/modal; outcome
        ok/rejected/refused/busy/expired/dropped/
        limited/error."""
        ...

    def builder_opened(self) -> None:
        """A builder was opened."""
        ...
