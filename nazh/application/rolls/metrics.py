"""What the service counts, as ports: the adapters (Prometheus, the status page) implement them."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from nazh.domain.results import RollResult


from collections import Counter, deque
from dataclasses import dataclass
from enum import Enum

from nazh.application.shared.clock import Clock
from nazh.domain.errors import LimitError, NazhError
from nazh.domain.results import RollResult

RECENT_FAILURES = 20


class RollSource(Enum):
    """Where a roll came from."""

    SLASH = "slash"
    BUILDER = "builder"
    BUTTON = "button"
    MODAL = "modal"


class FailureReason(Enum):
    """Why a roll failed."""

    NOTATION = "notation"
    LIMIT = "limit"
    INTERNAL = "internal"

    @classmethod
    def of(cls, error: BaseException) -> FailureReason:
        """The reason for an exception raised while rolling."""
        if isinstance(error, LimitError):
            return cls.LIMIT
        if isinstance(error, NazhError):
            return cls.NOTATION
        return cls.INTERNAL


@dataclass(frozen=True, slots=True)
class Failure:
    """A failed roll, as the status page lists it (no user text)."""

    at: datetime
    source: RollSource
    reason: FailureReason


class RollStats:
    """In-process roll counts and recent failures, for the status page."""

    def __init__(self, clock: Clock) -> None:
        self.successes: Counter[RollSource] = Counter()
        self.failures: Counter[RollSource] = Counter()
        self.recent: deque[Failure] = deque(maxlen=RECENT_FAILURES)
        self._clock = clock

    def rolled(self, source: RollSource, result: RollResult, seconds: float) -> None:
        self.successes[source] += 1

    def roll_failed(self, source: RollSource, reason: FailureReason, seconds: float) -> None:
        self.failures[source] += 1
        self.recent.appendleft(Failure(self._clock.now(), source, reason))

    @property
    def success_ratio(self) -> float | None:
        """Successes over all rolls, ``None`` before the first roll."""
        total = sum(self.successes.values()) + sum(self.failures.values())
        return None if not total else sum(self.successes.values()) / total


class FanOutRollMetrics:
    """Sends every roll event to several :class:`RollMetrics`."""

    def __init__(self, *targets: RollMetrics) -> None:
        self._targets = targets

    def rolled(self, source: RollSource, result: RollResult, seconds: float) -> None:
        for target in self._targets:
            target.rolled(source, result, seconds)

    def roll_failed(self, source: RollSource, reason: FailureReason, seconds: float) -> None:
        for target in self._targets:
            target.roll_failed(source, reason, seconds)


class RollMetrics(Protocol):
    """Counts rolls and how long answering them took."""

    def rolled(self, source: RollSource, result: RollResult, seconds: float) -> None:
        """A roll (or an amendment: plot die added, face chosen) was made."""
        ...

    def roll_failed(self, source: RollSource, reason: FailureReason, seconds: float) -> None:
        """A roll was refused (bad notation, a limit) or failed unexpectedly."""
        ...
