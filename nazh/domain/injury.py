"""Injuries (the Cosmere rules): the injury roll, its duration band, the days and the effect."""

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
        """Rule: -6 or lower death; -5 to 0 permanent; 1-5 vicious; 6-15 shallow; 16+ flesh."""
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


_DAYS_DICE = {Band.VICIOUS: 6, Band.SHALLOW: 1}  # rule: 6d6 and 1d6 days, rolled at once
_TITLES = {Band.DEATH: "Death", Band.PERMANENT: "Permanent injury",
           Band.VICIOUS: "Vicious injury", Band.SHALLOW: "Shallow injury",
           Band.FLESH: "Flesh wound"}
_DURATIONS = {Band.DEATH: "the character dies", Band.PERMANENT: "it does not heal",
              Band.VICIOUS: "6d6 days", Band.SHALLOW: "1d6 days",
              Band.FLESH: "until after a long rest"}

EFFECTS: dict[int, str] = {  # rule: the effect table, by the d8's face
    1: "Exhausted -1", 2: "Exhausted -1", 3: "Exhausted -2", 4: "Slowed", 5: "Slowed",
    6: "Disoriented", 7: "Surprised", 8: "Can use only one hand",
}


@dataclass(frozen=True, slots=True)
class Effect:
    """An injury's effect: the d8's face and its name on the effect table."""

    natural: int
    name: str

    @classmethod
    def of(cls, face: int) -> Effect:
        """The effect of a d8 face."""
        if face not in EFFECTS:
            raise ValueError(f"a d{EFFECT_DIE} has no face {face}")
        return cls(face, EFFECTS[face])


@dataclass(frozen=True, slots=True)
class InjuryTerms:
    """What is added to the injury roll's d20: deflect, other modifiers, -5 per injury taken."""

    deflect: int = 0
    injuries: int = 0
    modifier: int = 0

    @property
    def bonus(self) -> int:
        """deflect + modifier - 5 x injuries (the rule): the d20 pool's modifier."""
        return self.deflect + self.modifier - PENALTY_PER_INJURY * self.injuries

    def check(self) -> InjuryTerms:
        """These terms, when each is in its range (checked before any die is rolled)."""
        _check_range("deflect", self.deflect, MIN_DEFLECT, MAX_DEFLECT,
                     "the character's deflect value")
        _check_range("injuries", self.injuries, MIN_INJURIES, MAX_INJURIES,
                     "how many injuries the character has already taken")
        _check_range("modifier", self.modifier, MIN_MODIFIER, MAX_MODIFIER,
                     "other bonuses and penalties to the injury roll")
        return self


def _check_range(option: str, value: int, low: int, high: int, what: str) -> None:
    if not low <= value <= high:
        raise LimitError("{option} must be between {low} and {high} (got {got})",
                         hint="{option} is {what}, {low} to {high}",
                         fields={"option": option, "low": low, "high": high, "got": value,
                                 "what": what})


@dataclass(frozen=True, slots=True)
class Injury:
    """An injury roll as the rules read it."""

    terms: InjuryTerms
    natural: int
    total: int  # unfloored: it may be negative
    band: Band
    days: int | None
    effect: Effect | None

    @classmethod
    def of(cls, terms: InjuryTerms, result: RollResult) -> Injury:
        """The injury a roll of :func:`roll_injury` shows (a stored roll and terms suffice)."""
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
    # kept as an ordinary roll of the dice rolled, in order: ``1d20+3, 6d6, 1d8``
    pools = [_d20(terms)]
    if band.days_dice:
        pools.append(_plain(band.days_dice, DAYS_DIE))
    if band.has_effect:
        pools.append(_plain(1, EFFECT_DIE))
    return RollSpec(tuple(pools))


def roll_injury(terms: InjuryTerms, rng: RandomSource) -> RollResult:
    """Roll an injury with checked ``terms``: the d20, then the days' d6s and the effect's d8."""
    d20 = roll_pool(_d20(terms), rng)
    spec = injury_spec(terms, Band.of(d20[0].kept + terms.bonus))
    dice = (d20, *(roll_pool(pool, rng) for pool in spec.pools[1:]))
    # rule: not a skill test: no plot die, no Opportunity nor Complication, no Minimum 1
    return RollResult.settle(spec, dice, None, None)


def _d20(terms: InjuryTerms) -> PoolSpec:
    return PoolSpec(1, SKILL_DIE_SIDES, terms.bonus, (DieMode.NORMAL,))


def _plain(count: int, sides: int) -> PoolSpec:
    return PoolSpec(count, sides, 0, (DieMode.NORMAL,) * count)
