"""An endeavor (the rules' extended tests): successes counted to a threshold before failures."""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum

from nazh.domain.errors import NazhError

MAX_NAME_LENGTH = 100
MAX_THRESHOLD = 20
MAX_TALLIES = 200  # the most counts one endeavor keeps (its history)


class EndeavorError(NazhError):
    """An act the endeavor refuses (ended, a roll counted already, a bad option)."""


class Ending(Enum):
    """How an endeavor ended."""

    SUCCEEDED = "succeeded"
    FAILED = "failed"
    STOPPED = "stopped"  # by a GM, before either threshold


@dataclass(frozen=True, slots=True)
class Tally:
    """One count: a success or a failure, counted once or twice (a spectacular success)."""

    success: bool
    amount: int
    by: int
    roll_id: str | None = None  # None: counted by hand
    note: str = ""  # who rolled it, in words


@dataclass(frozen=True, slots=True)
class Endeavor:
    """The endeavor and its history."""

    name: str
    successes: int  # thresholds
    failures: int
    secret: bool = False  # the thresholds and the count are the GM's until the end
    tallies: tuple[Tally, ...] = ()
    ending: Ending | None = None

    @property
    def success_count(self) -> int:
        """The successes counted."""
        return sum(t.amount for t in self.tallies if t.success)

    @property
    def failure_count(self) -> int:
        """The failures counted."""
        return sum(t.amount for t in self.tallies if not t.success)

    @property
    def ended(self) -> bool:
        """Whether it has ended."""
        return self.ending is not None

    def counted(self, roll_id: str) -> bool:
        """Whether the roll is counted already."""
        return any(t.roll_id == roll_id for t in self.tallies)


def start_endeavor(name: str, successes: int, failures: int, *,
                   secret: bool = False) -> Endeavor:
    """A new endeavor, checked."""
    cleaned = " ".join(name.split())
    if not cleaned or len(cleaned) > MAX_NAME_LENGTH:
        raise EndeavorError("name: 1 to {most} characters", fields={"most": MAX_NAME_LENGTH})
    for what, value in (("successes", successes), ("failures", failures)):
        if not 1 <= value <= MAX_THRESHOLD:
            raise EndeavorError("{what} is 1 to {most} (got {got})",
                                fields={"what": what, "most": MAX_THRESHOLD, "got": value})
    return Endeavor(cleaned, successes, failures, secret)


def count(endeavor: Endeavor, tally: Tally) -> Endeavor:
    """``tally`` counted; the endeavor ends when it reaches a threshold (successes first)."""
    # rule: a GM counts each roll once, a spectacular success twice
    if endeavor.ended:
        raise EndeavorError("the endeavor {name} has ended", fields={"name": repr(endeavor.name)})
    if tally.amount not in (1, 2) or (tally.amount == 2 and not tally.success):
        raise EndeavorError("a count is a success, a failure, or a success counted twice")
    if tally.roll_id is not None and endeavor.counted(tally.roll_id):
        raise EndeavorError("roll {roll_id} is counted already: once each",
                            fields={"roll_id": tally.roll_id})
    if len(endeavor.tallies) >= MAX_TALLIES:
        raise EndeavorError("an endeavor counts at most {most} results",
                            fields={"most": MAX_TALLIES})
    after = replace(endeavor, tallies=(*endeavor.tallies, tally))
    if after.success_count >= after.successes:
        return replace(after, ending=Ending.SUCCEEDED)
    if after.failure_count >= after.failures:
        return replace(after, ending=Ending.FAILED)
    return after


def stop(endeavor: Endeavor) -> Endeavor:
    """Ended by a GM before a threshold."""
    if endeavor.ended:
        raise EndeavorError("the endeavor {name} has ended already",
                            fields={"name": repr(endeavor.name)})
    return replace(endeavor, ending=Ending.STOPPED)
