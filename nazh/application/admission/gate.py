"""Admission of interactions: turns in order of arrival, load shed, outcomes counted, a clean stop.
Too old when its turn comes: dropped unanswered; over the bound waiting: answered busy at once."""

from __future__ import annotations

import asyncio
import logging
import math
import time
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
    """Discord's deadline for the initial response passed or is too near: no answer is sent."""

    def __init__(self) -> None:
        super().__init__("too late to answer: Discord's 3 s have passed")


RESTARTING = "Nazh is restarting; please try again in a few seconds."
BUSY = "Nazh is very busy right now; please try again in a few seconds."

DISCORD_DEADLINE_SECONDS = 3.0
"""Discord accepts an interaction's initial response for this long after its creation."""
ANSWER_BUDGET_SECONDS = 2.0
"""Default age past which an interaction is dropped unanswered (too little of 3 s left)."""
SEND_MARGIN_SECONDS = 0.25
"""An initial response is not sent later than this before Discord's deadline (it would cross it)."""
DEFER_MARGIN_SECONDS = 0.75
"""Slow work is deferred at the latest this long before Discord's deadline."""
SERVICE_WEIGHT = 1 / 16
"""Weight of each interaction's handling time in the running estimate the gate sheds by."""
# fresh ones keep the estimate of handling time up to date
MIN_CUTOFF_SECONDS = 0.5
"""An interaction younger than this (or the budget) always gets its turn."""
# Above what one process answers within the budget, so age is what sheds a burst; this bounds
# memory.
MAX_IN_FLIGHT = 1000
"""Default bound on interactions waiting or handled; past it new ones are answered "busy"."""
# enough to fill a group commit of the roll journal while others wait on Discord, few enough that
# one admitted now is answered well within its budget
CONCURRENCY = 64
"""Default number of interactions handled at once."""
CLOCK_SKEW_SECONDS = 60.0
"""Beyond this age (or below minus the budget) the clocks disagree: served, the skew logged."""
REPORT_EVERY_SECONDS = 10.0

log = logging.getLogger(__name__)


def time_left(created: float) -> float:
    """Seconds until Discord's deadline for an interaction created at ``created``."""
    # infinite when the clocks disagree (CLOCK_SKEW_SECONDS): nothing can then be judged
    age = time.time() - created
    if age > CLOCK_SKEW_SECONDS:
        return math.inf
    return DISCORD_DEADLINE_SECONDS - age


def check_in_time(created: float) -> None:
    """Raise :class:`AnswerTooLateError` if a response sent now could arrive after the deadline."""
    if time_left(created) < SEND_MARGIN_SECONDS:
        raise AnswerTooLateError


class Admission:
    """Sheds load, counts interactions in flight and their outcomes; closed, refuses new ones."""

    # budget: the age past which an interaction is dropped; sooner when its age plus the running
    # estimate of handling time would cross the deadline less SEND_MARGIN_SECONDS. max_in_flight:
    # waiting or handled before new ones are answered busy (0: no bound).
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

    def gate(self, kind: str, created: float) -> Turn:
        """Wait for a turn for an interaction and hold it for the block, told what to do."""
        # The block gets None (handle it), EXPIRED (drop it: older than cutoff), BUSY (answer busy:
        # too many waiting) or DROPPED (too many waiting, and a quarter of concurrency's busy
        # answers already on their way: an overloaded process spends its requests to Discord on
        # results first). Stopping: ServiceBusyError.
        return Turn(self, kind, created)

    def count(self, kind: str, outcome: Outcome) -> None:
        """Count an interaction of ``kind`` handled (or rate-limited), ending ``outcome``."""
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
        return self._open

    @property
    def in_flight(self) -> int:
        return self._in_flight

    def close(self) -> None:
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
        """An interaction was handled (kind: command, component or modal; outcome: its value)."""
        ...

    def builder_opened(self) -> None:
        ...


_SHED, _BUSY, _HELD, _TURN = range(4)
"""What a :class:`Turn` holds in its block: nothing (shed), a busy answer's place, the turn of
one shed while holding it, the turn."""


class Turn:
    """:meth:`Admission.gate`'s block."""

    # A class, not an asynccontextmanager: every interaction passes here.
    __slots__ = ("_admission", "_created", "_kind", "_started", "_state")

    def __init__(self, admission: Admission, kind: str, created: float) -> None:
        self._admission = admission
        self._kind = kind
        self._created = created
        self._state = _SHED
        self._started = 0.0

    async def __aenter__(self) -> Outcome | None:
        gate, kind = self._admission, self._kind
        if gate._max_in_flight and gate._pending >= gate._max_in_flight:
            if gate.cutoff < time.time() - self._created <= CLOCK_SKEW_SECONDS:
                return gate._shed_one(kind, Outcome.EXPIRED)
            if gate._busy_answers >= gate._max_busy_answers:
                return gate._shed_one(kind, Outcome.DROPPED)
            gate._busy_answers += 1
            self._state = _BUSY
            return Outcome.BUSY
        gate._pending += 1
        try:
            await gate._turns.acquire()
        except BaseException:
            gate._pending -= 1
            raise
        try:
            age = time.time() - self._created
            if gate.cutoff < age <= CLOCK_SKEW_SECONDS:
                self._state = _HELD
                return gate._shed_one(kind, Outcome.EXPIRED)
            if not -gate._budget <= age <= CLOCK_SKEW_SECONDS and not gate._skew_reported:
                gate._skew_reported = True
                log.warning("interaction created %.1f s from now by Discord's clock: this "
                            "machine's clock is off; served anyway", -age)
            if not gate._open:
                gate._metrics.interaction(kind, Outcome.BUSY.value)
                raise ServiceBusyError(RESTARTING)
        except BaseException:
            gate._turns.release()
            gate._pending -= 1
            raise
        self._started = time.monotonic()
        gate._in_flight += 1
        gate._idle.clear()
        self._state = _TURN
        return None

    async def __aexit__(self, kind: type[BaseException] | None, error: BaseException | None,
                        traceback: object) -> bool:
        gate, state = self._admission, self._state
        if state == _SHED:
            return False
        if state == _BUSY:
            # the busy answer would have come too late: not sent
            late = isinstance(error, AnswerTooLateError)
            gate._busy_answers -= 1
            gate._shed_one(self._kind, Outcome.EXPIRED if late else Outcome.BUSY)
            return late
        if state == _TURN:
            gate._in_flight -= 1
            if not gate._in_flight:
                gate._idle.set()
            spent = min(time.monotonic() - self._started, DISCORD_DEADLINE_SECONDS)
            gate._service += (spent - gate._service) * SERVICE_WEIGHT
        gate._turns.release()
        gate._pending -= 1
        return False
