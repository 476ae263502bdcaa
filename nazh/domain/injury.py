"""Injuries (the Cosmere rules): the injury roll, its duration band, the days and the effect.

An injury roll is d20 + deflect + modifier - 5 for each injury already taken. It is not a skill
test: no plot die, no Opportunity or Complication, and its total may be negative (no Minimum 1
Rule). The total gives the duration band; a vicious injury lasts 6d6 days and a shallow one
1d6, rolled at once; every band but death has an effect, a d8 on the effect table, also rolled
at once.

The dice are kept as an ordinary roll whose pools are the dice actually rolled, in order: the
d20 (its modifier is :attr:`InjuryTerms.bonus`), the days' d6s when the band has days, the d8
when it has an effect, e.g. ``1d20+3, 6d6, 1d8``. :meth:`Injury.of` reads an injury back from
such a roll and its terms, so a stored roll and its terms are all an injury needs.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from nazh.domain.errors import LimitError
from nazh.domain.results import RollResult
from nazh.domain.rolling import RandomSource, roll_pool
from nazh.domain.spec import SKILL_DIE_SIDES, DieMode, PoolSpec, RollSpec

MIN_DEFLECT, MAX_DEFLECT = 0, 20
MIN_INJURIES, MAX_INJURIES = 0, 10
MIN_MODIFIER, MAX_MODIFIER = -20, 20
PENALTY_PER_INJURY = 5
DAYS_DIE = 6
EFFECT_DIE = 8


class Band(Enum):
    """How long an injury lasts, by the injury roll's total."""

    DEATH = "death"
    PERMANENT = "permanent"
    VICIOUS = "vicious"
    SHALLOW = "shallow"
    FLESH = "flesh"

    @classmethod
    def of(cls, total: int) -> Band:
        """-6 or lower death; -5 to 0 permanent; 1 to 5 vicious; 6 to 15 shallow; 16 or more
        a flesh wound."""
        if total <= -6:
            return cls.DEATH
        if total <= 0:
            return cls.PERMANENT
        if total <= 5:
            return cls.VICIOUS
        if total <= 15:
            return cls.SHALLOW
        return cls.FLESH

    @property
    def days_dice(self) -> int:
        """How many d6 give its days (0: it is not counted in days)."""
        return _DAYS_DICE.get(self, 0)

    @property
    def has_effect(self) -> bool:
        """Every injury has an effect; death has none."""
        return self is not Band.DEATH

    @property
    def title(self) -> str:
        """``Vicious injury``."""
        return _TITLES[self]

    @property
    def duration(self) -> str:
        """How long it lasts, in words (the days themselves are rolled)."""
        return _DURATIONS[self]


_DAYS_DICE = {Band.VICIOUS: 6, Band.SHALLOW: 1}
_TITLES = {Band.DEATH: "Death", Band.PERMANENT: "Permanent injury",
           Band.VICIOUS: "Vicious injury", Band.SHALLOW: "Shallow injury",
           Band.FLESH: "Flesh wound"}
_DURATIONS = {Band.DEATH: "the character dies", Band.PERMANENT: "it does not heal",
              Band.VICIOUS: "6d6 days", Band.SHALLOW: "1d6 days",
              Band.FLESH: "until after a long rest"}

EFFECTS: dict[int, str] = {
    1: "Exhausted -1", 2: "Exhausted -1", 3: "Exhausted -2", 4: "Slowed", 5: "Slowed",
    6: "Disoriented", 7: "Surprised", 8: "Can use only one hand",
}
"""The effect table: each face of the d8 and its effect."""


@dataclass(frozen=True, slots=True)
class Effect:
    """An injury's effect: the d8's face and its name on the effect table."""

    natural: int
    name: str

    @classmethod
    def of(cls, face: int) -> Effect:
        """The effect of a d8 face.

        Raises:
            ValueError: ``face`` is not a face of a d8.
        """
        if face not in EFFECTS:
            raise ValueError(f"a d{EFFECT_DIE} has no face {face}")
        return cls(face, EFFECTS[face])


@dataclass(frozen=True, slots=True)
class InjuryTerms:
    """What is added to the injury roll's d20: the character's deflect, the other modifiers,
    and 5 less for each injury already taken."""

    deflect: int = 0
    injuries: int = 0
    modifier: int = 0

    @property
    def bonus(self) -> int:
        """deflect + modifier - 5 x injuries: the d20 pool's modifier."""
        return self.deflect + self.modifier - PENALTY_PER_INJURY * self.injuries

    def check(self) -> InjuryTerms:
        """These terms, when each is in its range (checked before any die is rolled).

        Raises:
            LimitError: naming the first option out of range and what it allows.
        """
        _check_range("deflect", self.deflect, MIN_DEFLECT, MAX_DEFLECT,
                     "the character's deflect value")
        _check_range("injuries", self.injuries, MIN_INJURIES, MAX_INJURIES,
                     "how many injuries the character has already taken")
        _check_range("modifier", self.modifier, MIN_MODIFIER, MAX_MODIFIER,
                     "other bonuses and penalties to the injury roll")
        return self


def _check_range(option: str, value: int, low: int, high: int, what: str) -> None:
    if not low <= value <= high:
        raise LimitError(f"{option} must be between {low} and {high} (got {value})",
                         hint=f"{option} is {what}, {low} to {high}")


@dataclass(frozen=True, slots=True)
class Injury:
    """An injury roll as the rules read it.

    Attributes:
        terms: What was added to the d20.
        natural: The d20's face.
        total: natural + the terms' bonus, unfloored (it may be negative).
        band: The duration band of the total.
        days: The days rolled (vicious, shallow), else ``None``.
        effect: The effect (every band but death), else ``None``.
    """

    terms: InjuryTerms
    natural: int
    total: int
    band: Band
    days: int | None
    effect: Effect | None

    @classmethod
    def of(cls, terms: InjuryTerms, result: RollResult) -> Injury:
        """The injury a roll of :func:`roll_injury` shows.

        Raises:
            ValueError: the roll is not the injury roll of these terms (its pools differ).
        """
        pools = result.pools
        if not pools or pools[0].spec != _d20(terms):
            raise ValueError("the roll is not an injury roll of these terms")
        natural = pools[0].dice[0].kept
        total = natural + terms.bonus
        band = Band.of(total)
        if result.spec != injury_spec(terms, band) or result.plot is not None:
            raise ValueError("the roll's dice do not match its injury band")
        rest = iter(pools[1:])
        days = sum(die.kept for die in next(rest).dice) if band.days_dice else None
        effect = Effect.of(next(rest).dice[0].kept) if band.has_effect else None
        return cls(terms, natural, total, band, days, effect)


def injury_spec(terms: InjuryTerms, band: Band) -> RollSpec:
    """The pools an injury of ``band`` rolls: the d20, its days' d6s, its effect's d8."""
    pools = [_d20(terms)]
    if band.days_dice:
        pools.append(_plain(band.days_dice, DAYS_DIE))
    if band.has_effect:
        pools.append(_plain(1, EFFECT_DIE))
    return RollSpec(tuple(pools))


def roll_injury(terms: InjuryTerms, rng: RandomSource) -> RollResult:
    """Roll an injury with checked ``terms``: the d20 first, then, as its band asks, the days'
    d6s and the effect's d8 (see :meth:`Injury.of` to read it)."""
    d20 = roll_pool(_d20(terms), rng)
    spec = injury_spec(terms, Band.of(d20[0].kept + terms.bonus))
    dice = (d20, *(roll_pool(pool, rng) for pool in spec.pools[1:]))
    return RollResult.settle(spec, dice, None, None)


def _d20(terms: InjuryTerms) -> PoolSpec:
    return PoolSpec(1, SKILL_DIE_SIDES, terms.bonus, (DieMode.NORMAL,))


def _plain(count: int, sides: int) -> PoolSpec:
    return PoolSpec(count, sides, 0, (DieMode.NORMAL,) * count)
