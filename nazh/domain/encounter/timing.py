"""When things happen in an encounter: rounds, their four phases, fast and slow turns."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Speed(Enum):
    """A turn's kind: fast (in a fast phase) or slow (in a slow phase)."""

    FAST = "fast"
    SLOW = "slow"

    @property
    def actions(self) -> int:
        """The actions a turn of this kind starts with, before conditions (rule: 2 fast, 3 slow)."""
        return 2 if self is Speed.FAST else 3


class Phase(Enum):
    """The four phases of a round, in their order."""
    # rule: no initiative roll, a fixed order; allies act in the adversaries' phases

    FAST_PLAYERS = "fast-players"
    FAST_ADVERSARIES = "fast-adversaries"
    SLOW_PLAYERS = "slow-players"
    SLOW_ADVERSARIES = "slow-adversaries"

    @property
    def index(self) -> int:
        """0 for the first phase of a round, 3 for the last."""
        return PHASES.index(self)

    @property
    def speed(self) -> Speed:
        """The kind of turn taken in this phase."""
        return Speed.FAST if self in (Phase.FAST_PLAYERS, Phase.FAST_ADVERSARIES) else Speed.SLOW

    @property
    def players(self) -> bool:
        """Whether player characters act in it (otherwise allies and enemies do)."""
        return self in (Phase.FAST_PLAYERS, Phase.SLOW_PLAYERS)

    @property
    def title(self) -> str:
        """``fast players``, as a sentence says it."""
        return self.value.replace("-", " ")


PHASES = (Phase.FAST_PLAYERS, Phase.FAST_ADVERSARIES, Phase.SLOW_PLAYERS,
          Phase.SLOW_ADVERSARIES)


@dataclass(frozen=True, slots=True, order=True)
class Moment:
    """A round (from 1) and one of its phases; ``a < b`` when ``a`` comes first."""

    round: int
    phase_index: int

    @classmethod
    def of(cls, round_: int, phase: Phase) -> Moment:
        """The moment of ``phase`` in round ``round_``."""
        return cls(round_, phase.index)

    @property
    def phase(self) -> Phase:
        """The phase of this moment."""
        return PHASES[self.phase_index]

    def next(self) -> Moment:
        """The moment of the following phase (the next round's first after the last)."""
        if self.phase_index == len(PHASES) - 1:
            return Moment(self.round + 1, 0)
        return Moment(self.round, self.phase_index + 1)

    def later(self, rounds: int) -> Moment:
        """The same phase ``rounds`` rounds later: when an effect lasting that long ends."""
        return Moment(self.round + rounds, self.phase_index)

    def __str__(self) -> str:
        return f"round {self.round}, {self.phase.title}"
