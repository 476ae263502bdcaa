"""The parsed form of a roll (the notation's syntax tree): frozen values and derivations."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

PLOT_DIE_SIDES = 6
SKILL_DIE_SIDES = 20
MAX_PLOT_BONUS = 4


class DieMode(Enum):
    """How a die is rolled: once, or twice keeping one result."""

    NORMAL = "normal"
    ADVANTAGE = "advantage"
    DISADVANTAGE = "disadvantage"

    @property
    def tag(self) -> str:
        """The notation letter for this mode (empty for a normal die)."""
        return _TAGS[self]

    @classmethod
    def from_tag(cls, letter: str) -> DieMode:
        """The mode of a tag letter, ``a`` or ``d``."""
        return cls.ADVANTAGE if letter == "a" else cls.DISADVANTAGE


_TAGS = {DieMode.NORMAL: "", DieMode.ADVANTAGE: "a", DieMode.DISADVANTAGE: "d"}


@dataclass(frozen=True, slots=True)
class PoolSpec:
    """``N`` dice of ``S`` sides plus a modifier; ``modes[i]`` applies to the i-th die."""

    count: int
    sides: int
    modifier: int
    modes: tuple[DieMode, ...]
    # worked out once when built, read without a property's call: a parsed roll is rolled
    # again and again (measured with RollSpec's: 2,000-3,000 instructions fewer a roll)
    # rule: a pool with a d20 is a skill test (the plot bonus, natural 20/1)
    skill: bool = field(init=False, repr=False, compare=False)
    notation: str = field(init=False, repr=False, compare=False)  # canonical: ``a1d20+5``

    def __post_init__(self) -> None:
        tags = "".join([_TAGS[mode] for mode in self.modes])
        modifier = f"{self.modifier:+d}" if self.modifier else ""
        _set_pool_skill(self, self.sides == SKILL_DIE_SIDES)
        _set_pool_notation(self, f"{tags}{self.count}d{self.sides}{modifier}")

    def min_total(self) -> int:
        """The smallest total this pool can show (the plot bonus never lowers it)."""
        return max(1, self.count + self.modifier)

    def max_total(self, *, with_plot: bool) -> int:
        """The largest total this pool can show, with or without a plot die in the roll."""
        bonus = MAX_PLOT_BONUS if with_plot and self.skill else 0
        return max(1, self.count * self.sides + self.modifier + bonus)


@dataclass(frozen=True, slots=True)
class PlotSpec:
    """The Cosmere plot die, rolled plainly or twice (advantage/disadvantage) with a choice."""

    mode: DieMode = DieMode.NORMAL

    @property
    def notation(self) -> str:
        """Canonical notation: ``p``, ``ap`` or ``dp``."""
        return f"{self.mode.tag}p"


@dataclass(frozen=True, slots=True)
class RollSpec:
    """Up to five pools rolled together; at most one of them is the plot die."""

    pools: tuple[PoolSpec, ...]
    plot: PlotSpec | None = None
    plot_position: int = 0  # among all pools as typed: the notation keeps the player's order
    notation: str = field(init=False, repr=False, compare=False)  # as PoolSpec's

    def __post_init__(self) -> None:
        parts = [pool.notation for pool in self.pools]
        if self.plot is not None:
            parts.insert(self.plot_position, self.plot.notation)
        _set_roll_notation(self, ", ".join(parts))

    @property
    def pool_count(self) -> int:
        """How many pools, the plot die included."""
        return len(self.pools) + (1 if self.plot else 0)

    def judged(self, pool: PoolSpec) -> bool:
        """Whether a DC judges ``pool``: the skill tests, or every pool when none is a test."""
        return pool.skill or not any(other.skill for other in self.pools)

    def with_plot(self, plot: PlotSpec) -> RollSpec:
        """This roll with a plot die appended."""
        return RollSpec(self.pools, plot, len(self.pools))


_set_pool_skill = PoolSpec.__dict__["skill"].__set__
_set_pool_notation = PoolSpec.__dict__["notation"].__set__
_set_roll_notation = RollSpec.__dict__["notation"].__set__
