"""The encounter's tallies, added to as its rolls are kept, and its summary at the end."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from nazh.domain.encounter.combatant import Combatant, Role, Side
from nazh.domain.encounter.conditions import ConditionName, first_of
from nazh.domain.encounter.encounter import Encounter, Outcome, changed
from nazh.domain.encounter.errors import EncounterError
from nazh.domain.encounter.events import EventKind
from nazh.domain.encounter.health import take_damage
from nazh.domain.encounter.tally import Tally

MAX_DAMAGE = 9999


@dataclass(frozen=True, slots=True)
class Line:
    """One combatant's line of the summary."""

    name: str
    defeated: bool
    tally: Tally
    side: Side | None = None
    unconscious: bool = False  # at the end

    @property
    def down(self) -> bool:
        """Whether it fell: defeated, or Unconscious at the end."""
        return self.defeated or self.unconscious


@dataclass(frozen=True, slots=True)
class Summary:
    """The summary: how many rounds were fought and every combatant's line."""

    name: str
    rounds: int
    lines: tuple[Line, ...]


def summarize(encounter: Encounter) -> Summary:
    """The summary of ``encounter`` as it stands (its rounds: the current one counts)."""
    lines = tuple(Line(c.name, c.defeated, c.tally, c.side,
                       first_of(c.conditions, (ConditionName.UNCONSCIOUS,)) is not None)
                  for c in encounter.combatants)
    return Summary(encounter.name, encounter.round, lines)


def record_damage(encounter: Encounter, target: str, amount: int, *,
                  dealer: str | None = None) -> Outcome:
    """``amount`` damage taken by ``target``, counted as dealt by ``dealer`` if one did."""
    if not 0 <= amount <= MAX_DAMAGE:
        raise EncounterError("damage from 0 to {most} (got {got})", combatant=target,
                             fields={"most": MAX_DAMAGE, "got": amount})
    hit, events = take_damage(encounter.find(target), amount, encounter.moment)
    hurt = changed(encounter, hit)
    taken = events[0].amount or 0
    if dealer is not None:
        hurt = _tallied(hurt, dealer, lambda t: t.dealt(taken))
    return Outcome(hurt, events)


def record_critical_hit(encounter: Encounter, name: str) -> Outcome:
    """A critical hit scored by ``name``."""
    return Outcome(_tallied(encounter, name, Tally.critical_hit))


def record_graze(encounter: Encounter, name: str) -> Outcome:
    """A graze dealt by ``name``."""
    return Outcome(_tallied(encounter, name, Tally.graze))


def record_injury(encounter: Encounter, name: str) -> Outcome:
    """An injury taken by ``name``; a minion's first one defeats it (the rule)."""
    counted = _tallied(encounter, name, Tally.injury)
    injured = counted.find(name)
    if injured.role is not Role.MINION or injured.defeated:
        return Outcome(counted)
    out = replace(injured, defeated=True, turn=replace(injured.turn, current=None))
    return Outcome(changed(counted, out), (counted.event(EventKind.DEFEATED, out.name),))


def _tallied(encounter: Encounter, name: str, add: Callable[[Tally], Tally]) -> Encounter:
    combatant: Combatant = encounter.find(name)
    return changed(encounter, replace(combatant, tally=add(combatant.tally)))

