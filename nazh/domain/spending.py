"""Spending a roll's Opportunities and Complications (each at most once)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from nazh.domain.errors import RollStateError
from nazh.domain.results import RollResult


class Use(Enum):
    """What an Opportunity or a Complication is spent on."""

    CRITICAL = "critical"
    FOCUS = "focus"
    ALLY = "ally"
    NARRATIVE = "narrative"
    DISADVANTAGE = "disadvantage"
    LOSE_FOCUS = "lose-focus"
    DRAWBACK = "drawback"
    # a weapon's traits (part 6, Weapon Traits): each only on an attack with such a weapon
    DEADLY = "deadly"
    DANGEROUS = "dangerous"
    FRAGILE = "fragile"
    LOADED = "loaded"

    @property
    def opportunity(self) -> bool:
        """An Opportunity's use (the roller's); else a Complication's (a GM's)."""
        return self in OPPORTUNITY_USES

    @property
    def label(self) -> str:
        """How the use reads on the message."""
        return _LABELS[self]


# rule: the roller spends Opportunities (a critical hit only on an attack that hit), a GM
# spends Complications
OPPORTUNITY_USES = (Use.CRITICAL, Use.FOCUS, Use.ALLY, Use.NARRATIVE, Use.DEADLY)
COMPLICATION_USES = (Use.DISADVANTAGE, Use.LOSE_FOCUS, Use.DRAWBACK, Use.DANGEROUS, Use.FRAGILE,
                     Use.LOADED)
TRAIT_USES = frozenset({Use.DEADLY, Use.DANGEROUS, Use.FRAGILE, Use.LOADED})
"""The uses a weapon's trait allows (:func:`uses`' ``traits``), each once an attack."""
_LABELS = {
    Use.CRITICAL: "Critical hit",
    Use.FOCUS: "Recover 1 focus",
    Use.ALLY: "An ally's advantage on their next test",
    Use.NARRATIVE: "A narrative effect",
    Use.DISADVANTAGE: "Disadvantage on their next test",
    Use.LOSE_FOCUS: "Lose 1 focus",
    Use.DRAWBACK: "A narrative drawback",
    Use.DEADLY: "Deadly: the target suffers an injury",
    Use.DANGEROUS: "Dangerous: an ally is grazed too",
    Use.FRAGILE: "Fragile: the weapon breaks",
    Use.LOADED: "Loaded: one shot left",
}


@dataclass(frozen=True, slots=True)
class Spent:
    """One Opportunity or Complication spent: on what, and by whom."""

    use: Use
    by: int


def opportunities(result: RollResult) -> int:
    """The roll's Opportunities: natural Opportunity faces of its tests and the plot die's."""
    return result.luck[0]


def complications(result: RollResult) -> int:
    """The roll's Complications: natural Complication faces of its tests and the plot die's."""
    return result.luck[1]


def left(result: RollResult, spent: tuple[Spent, ...], *, opportunity: bool,
         granted: int = 0) -> int:
    """How many Opportunities (or Complications) are still to spend."""
    luck = result.luck  # opportunities' and complications' answers, without their calls
    # granted: Opportunities gained beside the dice (a Determined test's failure)
    have = luck[0] + granted if opportunity else luck[1]
    if not spent:
        return have
    used = sum([1 for one in spent if one.use.opportunity is opportunity])
    return max(0, have - used)


def uses(result: RollResult, spent: tuple[Spent, ...], *, opportunity: bool,
         critical: bool = False, granted: int = 0,
         traits: frozenset[Use] = frozenset()) -> tuple[Use, ...]:
    """What may be spent now (``critical``: an attack that hit, not critical yet; ``traits``:
    what the attack's weapon allows, each once)."""
    if result.pending or not left(result, spent, opportunity=opportunity, granted=granted):
        return ()
    used = {one.use for one in spent}
    return tuple(use for use in (OPPORTUNITY_USES if opportunity else COMPLICATION_USES)
                 if (use is not Use.CRITICAL or critical)
                 and (use not in TRAIT_USES or (use in traits and use not in used)))


def spend(result: RollResult, spent: tuple[Spent, ...], use: Use, by: int, *,  # noqa: PLR0913 - what a spend is checked against
          critical: bool = False, granted: int = 0,
          traits: frozenset[Use] = frozenset()) -> tuple[Spent, ...]:
    """``spent`` with one more Opportunity (or Complication) spent on ``use``."""
    if result.pending:
        raise RollStateError("choose the plot die's face first")
    if not left(result, spent, opportunity=use.opportunity, granted=granted):
        # each its own sentence: a language words the two apart
        raise RollStateError("this roll has no Opportunity left to spend" if use.opportunity
                             else "this roll has no Complication left to spend")
    if use is Use.CRITICAL and not critical:
        raise RollStateError("only an attack that hit can be made a critical hit")
    if use in TRAIT_USES:
        if any(one.use is use for one in spent):
            raise RollStateError("this trait of the weapon is spent on this attack already")
        if use not in traits:
            raise RollStateError("this attack's weapon has no such trait to spend on now")
    return (*spent, Spent(use, by))
