"""The roster's acts: adding combatants (one, or copies "Bandit 1".."Bandit 3"), removing one."""

from __future__ import annotations

from dataclasses import replace

from nazh.domain.encounter.combatant import Combatant, Side, check_name
from nazh.domain.encounter.encounter import Encounter, Outcome
from nazh.domain.encounter.errors import EncounterError
from nazh.domain.encounter.events import EventKind
from nazh.domain.encounter.flow import catch_up

MAX_COMBATANTS = 30
MAX_COPIES = 10


def add_combatant(encounter: Encounter, combatant: Combatant) -> Outcome:
    """``encounter`` with ``combatant`` added (a unique name, at most 30 combatants)."""
    _check_room(encounter, 1)
    if any(c.key == combatant.key for c in encounter.combatants):
        raise EncounterError('the name "{name}" is taken in this encounter; choose another',
                             combatant=combatant.name, fields={"name": combatant.name})
    grown = replace(encounter, combatants=(*encounter.combatants, combatant))
    added = grown.event(EventKind.COMBATANT_ADDED, combatant.name)
    return Outcome(grown, (added,)).then(catch_up)  # added in its turn's phase: it starts it


def add_copies(encounter: Encounter, template: Combatant, count: int) -> Outcome:
    """``encounter`` with ``count`` (1-10) copies of ``template``, each with its own health."""
    if not 1 <= count <= MAX_COPIES:
        raise EncounterError("{name}: from 1 to {most} copies (got {got})", combatant=template.name,
                             fields={"name": template.name, "most": MAX_COPIES, "got": count})
    _check_room(encounter, count)
    outcome = Outcome(encounter)
    for name in copy_names(template.name, count):
        added = add_combatant(outcome.encounter, replace(template, name=name))
        outcome = Outcome(added.encounter, outcome.events + added.events)
    return outcome


def copy_names(name: str, count: int) -> tuple[str, ...]:
    """``("Bandit 1", "Bandit 2")`` for ``("Bandit", 2)``; ``("Bandit",)`` for a count of 1."""
    if count == 1:
        return (name,)
    names = tuple(f"{name} {n}" for n in range(1, count + 1))
    for copy in names:
        check_name(copy)
    return names


def remove_combatant(encounter: Encounter, name: str) -> Outcome:
    """``encounter`` without the combatant called ``name``."""
    gone = encounter.find(name)
    kept = replace(encounter, combatants=tuple(
        c for c in encounter.combatants if c.key != gone.key))
    return Outcome(kept, (kept.event(EventKind.COMBATANT_REMOVED, gone.name),))


def players(encounter: Encounter) -> tuple[Combatant, ...]:
    """Its player characters."""
    return tuple(c for c in encounter.combatants if c.side is Side.PLAYER)


def _check_room(encounter: Encounter, count: int) -> None:
    if len(encounter.combatants) + count > MAX_COMBATANTS:
        left = MAX_COMBATANTS - len(encounter.combatants)
        raise EncounterError("at most {most} combatants in an encounter: room for {left} more "
                             "(asked for {count})",
                             fields={"most": MAX_COMBATANTS, "left": left, "count": count})
