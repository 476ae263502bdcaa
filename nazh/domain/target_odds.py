"""The odds of an attack against its target: damage after deflect, and the chance to drop it.

The rules (as an attack lands in an encounter, :func:`~nazh.domain.encounter.damage.landed`):

- Deflect is taken once per hit from its damage, never below 0: a hit, a critical hit and a
  graze (whose damage is the dice alone) each lose up to ``deflect``.
- Energy, impact and keen damage are reduced by deflect; spirit and vital damage are not; a
  weapon with Pierce ignores deflect. Damage of no type said is taken as deflectable (the
  weapons' types mostly are): a target's deflect given for the odds counts.
- A target of ``health`` drops (to 0) in one attack when that attack deals at least
  ``health`` after deflect.

The attack's outcomes are those of :mod:`nazh.domain.attack_odds`: a hit with an Opportunity
is made critical, and a miss deals nothing, or (the ``grazing`` figures) is grazed. Every
number is exact: each damage distribution is the attack's, shifted by the deflect and floored
at 0, and the chances are sums of exact fractions.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from operator import mul
from typing import Final

from nazh.domain.convolution import Distribution
from nazh.domain.encounter.combatant import MAX_DEFLECT, MAX_HEALTH
from nazh.domain.encounter.damage import DamageType
from nazh.domain.errors import AttackError, LimitError

MIN_HEALTH = 1
"""A target at 0 health is down already."""


@dataclass(frozen=True, slots=True)
class Target:
    """What the attack meets, as the user gave it.

    Attributes:
        deflect: The target's deflect (``None``: not said, none).
        pierce: The weapon has Pierce: deflect is ignored.
        damage_type: The damage's type (``None``: not said, taken as deflectable).
        health: The target's health, for the chance to drop it (``None``: not asked).
    """

    deflect: int | None = None
    pierce: bool = False
    damage_type: DamageType | None = None
    health: int | None = None

    @property
    def given(self) -> bool:
        """Something about the target was said."""
        return bool(self.options)

    @property
    def deflect_taken(self) -> int:
        """What deflect takes off each hit's damage (at most): ``deflect``, or 0 through
        Pierce or a type deflect does not reduce."""
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
"""Nothing said about the target."""


def check_target(target: Target) -> None:
    """Reject a deflect or a health outside the rules' limits (those of a combatant).

    Raises:
        LimitError: ``deflect`` outside ``0..MAX_DEFLECT`` or ``health`` outside
            ``MIN_HEALTH..MAX_HEALTH``.
    """
    if target.deflect is not None and not 0 <= target.deflect <= MAX_DEFLECT:
        raise LimitError(f"the deflect must be between 0 and {MAX_DEFLECT} (got "
                         f"{target.deflect})", hint="the target's deflect value, e.g. 2")
    if target.health is not None and not MIN_HEALTH <= target.health <= MAX_HEALTH:
        raise LimitError(f"the health must be between {MIN_HEALTH} and {MAX_HEALTH} (got "
                         f"{target.health})", hint="the target's current health, e.g. 12")


def check_attack_given(target: Target) -> None:
    """Reject target options given without an attack (``defense`` and ``damage``).

    Raises:
        AttackError: naming the options given.
    """
    if target.given:
        names = target.options
        said = " and ".join(names) if len(names) < 3 else ", ".join(names[:-1]) + \
            f" and {names[-1]}"
        verb = "needs defense and damage: it describes" if len(names) == 1 else \
            "need defense and damage: they describe"
        raise AttackError(f"{said} {verb} the target of an attack",
                          hint="give the target's defense and the damage dice too, e.g. "
                               "defense 15 and damage 2d6")


@dataclass(frozen=True, slots=True)
class TargetOdds:
    """The exact odds of an attack against its target.

    Attributes:
        target: The target.
        hit, graze, critical: Each outcome's damage distribution after deflect.
        expected_damage: Damage dealt per attack after deflect, every hit with an Opportunity
            made critical, no graze.
        expected_damage_grazing: The same, grazing every miss.
        chance_to_drop: P(one attack deals at least the target's health), no graze; ``None``
            without a health.
        chance_to_drop_grazing: The same, grazing every miss.
    """

    target: Target
    hit: Distribution
    graze: Distribution
    critical: Distribution
    expected_damage: Fraction
    expected_damage_grazing: Fraction
    chance_to_drop: Fraction | None
    chance_to_drop_grazing: Fraction | None


def after_deflect(damage: Distribution, deflect: int) -> Distribution:
    """The distribution of ``max(0, value - deflect)``."""
    return damage.shifted(-deflect).floored(0)


def exact_mean(dist: Distribution) -> Fraction:
    """The exact mean of an exact distribution.

    Raises:
        ValueError: the distribution is not exact.
    """
    counts = dist.counts
    if counts is None:
        raise ValueError("this distribution is approximate: no exact mean")
    return Fraction(sum(map(mul, counts, range(dist.low, dist.high + 1))), dist.denominator)


def target_odds(target: Target, chances: tuple[Fraction, Fraction],
                outcomes: tuple[Distribution, Distribution, Distribution]) -> TargetOdds:
    """The odds against ``target`` of an attack with ``chances`` (P(hit), P(hit with an
    Opportunity)) and ``outcomes`` (the exact damage of a hit, a graze and a critical hit).

    Raises:
        ValueError: a damage distribution is not exact.
    """
    p_hit, p_critical = chances
    hit, graze, critical = (after_deflect(d, target.deflect_taken) for d in outcomes)
    p_plain, p_miss = p_hit - p_critical, 1 - p_hit
    expected = p_plain * exact_mean(hit) + p_critical * exact_mean(critical)
    grazing = expected + p_miss * exact_mean(graze)
    drop = drop_grazing = None
    if target.health is not None:
        health = target.health
        drop = p_plain * hit.fraction_at_least(health) \
            + p_critical * critical.fraction_at_least(health)
        drop_grazing = drop + p_miss * graze.fraction_at_least(health)
    return TargetOdds(target, hit, graze, critical, expected, grazing, drop, drop_grazing)
