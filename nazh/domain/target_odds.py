"""The exact odds of an attack against its target: damage after deflect, the chance to drop it."""
# The rules are those of an attack landing in an encounter (encounter.damage.landed).

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from operator import mul
from typing import Final

from nazh.domain.convolution import Distribution
from nazh.domain.encounter.combatant import MAX_DEFLECT, MAX_HEALTH
from nazh.domain.encounter.damage import DamageType
from nazh.domain.errors import AttackError, LimitError

MIN_HEALTH = 1  # a target at 0 health is down already


@dataclass(frozen=True, slots=True)
class Target:
    """What the attack meets, as the user gave it."""

    deflect: int | None = None
    pierce: bool = False  # rule: the weapon has Pierce: deflect is ignored
    # None: not said, taken as deflectable (the weapons' types mostly are)
    damage_type: DamageType | None = None
    health: int | None = None

    @property
    def given(self) -> bool:
        """Something about the target was said."""
        return bool(self.options)

    @property
    def deflect_taken(self) -> int:
        """What deflect takes off each hit's damage (at most)."""
        # rule: energy, impact and keen are reduced by deflect, spirit and vital are not
        if self.pierce or (self.damage_type is not None and not self.damage_type.deflected):
            return 0
        return self.deflect or 0

    @property
    def options(self) -> list[str]:
        """The names of the options said (``deflect``, ``pierce``, ``type``, ``health``)."""
        said = [("deflect", self.deflect is not None), ("pierce", self.pierce),
                ("type", self.damage_type is not None), ("health", self.health is not None)]
        return [name for name, given in said if given]

    @property
    def notes(self) -> list[str]:
        """Why a deflect given takes nothing off, if it does not."""
        if not self.deflect:
            return []
        if self.pierce:
            return [f"Pierce: the target's deflect {self.deflect} is ignored"]
        if self.damage_type is not None and not self.damage_type.deflected:
            return [f"{self.damage_type.value} damage is not reduced by deflect (only energy, "
                    f"impact and keen are): the target's deflect {self.deflect} takes nothing"]
        return []


NO_TARGET: Final = Target()
_NEED_BOTH: Final = {
    2: "{option1} and {option2} need defense and damage: they describe the target of an attack",
    3: "{option1}, {option2} and {option3} need defense and damage: they describe the target of "
       "an attack",
    4: "{option1}, {option2}, {option3} and {option4} need defense and damage: they describe the "
       "target of an attack"}
"""The reason target options given without an attack are refused for, by how many."""


def check_target(target: Target) -> None:
    """Reject (LimitError) a deflect or a health outside a combatant's limits."""
    if target.deflect is not None and not 0 <= target.deflect <= MAX_DEFLECT:
        raise LimitError("the deflect must be between 0 and {high} (got {got})",
                         hint="the target's deflect value, e.g. 2",
                         fields={"high": MAX_DEFLECT, "got": target.deflect})
    if target.health is not None and not MIN_HEALTH <= target.health <= MAX_HEALTH:
        raise LimitError("the health must be between {low} and {high} (got {got})",
                         hint="the target's current health, e.g. 12",
                         fields={"low": MIN_HEALTH, "high": MAX_HEALTH, "got": target.health})


def check_attack_given(target: Target) -> None:
    """Reject (AttackError) target options given without an attack (``defense`` and ``damage``)."""
    if target.given:
        names = target.options
        hint = "give the target's defense and the damage dice too, e.g. defense 15 and damage 2d6"
        if len(names) == 1:
            raise AttackError("{option} needs defense and damage: it describes the target of an "
                              "attack", hint=hint, fields={"option": names[0]})
        # each option its own field: a reader's language names it as its command does
        fields = {f"option{index}": name for index, name in enumerate(names, start=1)}
        raise AttackError(_NEED_BOTH[len(names)], hint=hint, fields=fields)


@dataclass(frozen=True, slots=True)
class TargetOdds:
    """The exact odds of an attack against its target (each damage after deflect)."""

    target: Target
    hit: Distribution
    graze: Distribution
    critical: Distribution
    expected_damage: Fraction  # every hit with an Opportunity made critical, no graze
    expected_damage_grazing: Fraction
    chance_to_drop: Fraction | None  # P(one attack deals at least the health), no graze
    chance_to_drop_grazing: Fraction | None


def after_deflect(damage: Distribution, deflect: int) -> Distribution:
    """The distribution of ``max(0, value - deflect)``."""
    # rule: deflect is taken once per hit (a graze's too) from its damage, never below 0
    return damage.shifted(-deflect).floored(0)


def exact_mean(dist: Distribution) -> Fraction:
    """The exact mean of an exact distribution."""
    counts = dist.counts
    if counts is None:
        raise ValueError("this distribution is approximate: no exact mean")
    return Fraction(sum(map(mul, counts, range(dist.low, dist.high + 1))), dist.denominator)


def target_odds(target: Target, chances: tuple[Fraction, Fraction],
                outcomes: tuple[Distribution, Distribution, Distribution]) -> TargetOdds:
    """The odds against ``target`` of an attack: (P(hit), P(critical)), (hit, graze, critical)."""
    p_hit, p_critical = chances
    hit, graze, critical = (after_deflect(d, target.deflect_taken) for d in outcomes)
    p_plain, p_miss = p_hit - p_critical, 1 - p_hit
    expected = p_plain * exact_mean(hit) + p_critical * exact_mean(critical)
    grazing = expected + p_miss * exact_mean(graze)
    drop = drop_grazing = None
    if target.health is not None:  # rule: it drops when one attack deals its health
        health = target.health
        drop = p_plain * hit.fraction_at_least(health) \
            + p_critical * critical.fraction_at_least(health)
        drop_grazing = drop + p_miss * graze.fraction_at_least(health)
    return TargetOdds(target, hit, graze, critical, expected, grazing, drop, drop_grazing)
