"""Advantages beyond the d20's (and disadvantages): each goes on another die, named on the result.

Starter rules, part 1 ("Skills": Testing With Advantages): "If you have two advantages, you'll
have to roll copies of two different dice" (the plot die, a damage die), the roller choosing;
"Testing With Disadvantages": the GM chooses the die. A test's d20 takes one (its conditions, an
Aid, the dice carried to it, netted one for one); the rest are offered on its result, with their
reasons, until someone placed each with Advantage (the roller) or Disadvantage (a GM)."""

from __future__ import annotations

from dataclasses import dataclass

from nazh.application.rolls.events import RollEvent
from nazh.application.rolls.model import Offers, Rolled, RollRecord
from nazh.application.rolls.notes import Note
from nazh.application.rolls.terms.carried import CARRIED
from nazh.application.rolls.terms.encounter import ENCOUNTER
from nazh.domain.encounter.rolls import net_mode
from nazh.domain.spec import SKILL_DIE_SIDES, DieMode

_STEP = {DieMode.NORMAL: 0, DieMode.ADVANTAGE: 1, DieMode.DISADVANTAGE: -1}


@dataclass(frozen=True, slots=True)
class Extras:
    """The dice a test's advantages (or disadvantages) still ask for beyond its d20."""

    mode: DieMode  # advantage: the roller's to place; disadvantage: a GM's
    count: int
    reasons: tuple[str, ...]  # every source on that side: "Empowered", "Aided by Kal"

    @property
    def note(self) -> Note:
        """What the result says of them."""
        if self.mode is DieMode.ADVANTAGE:
            return Note.counted("{n} more advantage than the d20 takes ({reasons}): the roller "
                                "puts each on another die (the plot die, a damage die) with "
                                "Advantage",
                                "{n} more advantages than the d20 takes ({reasons}): the "
                                "roller puts each on another die (the plot die, a damage die) "
                                "with Advantage", self.count, reasons=self.reasons)
        return Note.counted("{n} more disadvantage than the d20 takes ({reasons}): a GM puts "
                            "each on another die (the plot die, a damage die) with "
                            "Disadvantage",
                            "{n} more disadvantages than the d20 takes ({reasons}): a GM puts "
                            "each on another die (the plot die, a damage die) with "
                            "Disadvantage", self.count, reasons=self.reasons)


def sources(record: RollRecord) -> tuple[list[str], list[str]]:
    """The names of the test's advantages and disadvantages: its conditions', Aid, carried."""
    ups: list[str] = []
    downs: list[str] = []
    term = record.term(ENCOUNTER)
    for reason in () if term is None else term.reasons:
        name, _, effects = reason.partition(": ")
        for effect in effects.split(", "):
            if effect == "advantage":
                ups.append(name)
            elif effect == "disadvantage":
                downs.append(name)
    for one in record.term(CARRIED) or ():
        (ups if one.mode is DieMode.ADVANTAGE else downs).append(one.why)
    return ups, downs


def extras(record: RollRecord) -> Extras | None:
    """What is left to place of the test's advantages (or disadvantages) beyond its d20."""
    pools = record.result.spec.pools
    if not pools or pools[0].sides != SKILL_DIE_SIDES or not pools[0].modes:
        return None
    ups, downs = sources(record)
    if len(ups) < 2 and len(downs) < 2:
        return None  # the most made: nothing beyond the d20
    net = len(ups) - len(downs)
    # what the roller asked for (advantage:) is not kept: taken as nothing when the d20 agrees
    kept = pools[0].modes[0]
    asked = next((mode for mode in (DieMode.NORMAL, DieMode.ADVANTAGE, DieMode.DISADVANTAGE)
                  if net_mode(mode, len(ups), len(downs)) is kept), DieMode.NORMAL)
    net += _STEP[asked]
    if abs(net) < 2:
        return None
    mode = DieMode.ADVANTAGE if net > 0 else DieMode.DISADVANTAGE
    placed = sum(1 for change in record.changes
                 if change.mode is mode and len(change.faces) == 2)
    left = abs(net) - 1 - placed
    if left <= 0:
        return None
    return Extras(mode, left, tuple(ups if net > 0 else downs))


class ExtraDice:
    """Names on a test's result the advantages (or disadvantages) its d20 could not take."""

    async def check(self, event: RollEvent) -> None:
        """Nothing to refuse."""

    async def handle(self, event: RollEvent) -> Rolled:
        rolled = event.rolled
        return rolled.offering(await self.offers(rolled.record, rolled.offers))

    async def offers(self, record: RollRecord, offers: Offers) -> Offers:
        """``offers`` noting the extra dice left to place, with their reasons."""
        left = extras(record)
        return offers if left is None else offers.noted(left.note)
