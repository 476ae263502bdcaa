"""Brace: a combatant behind cover, attacks against it with a disadvantage until it attacks or
leaves its cover."""

from __future__ import annotations

from dataclasses import replace

from nazh.domain.encounter.acts import spend_action
from nazh.domain.encounter.encounter import Encounter, Outcome, changed
from nazh.domain.encounter.errors import EncounterError
from nazh.domain.encounter.events import EventKind
from nazh.domain.encounter.named import use

BRACE = "brace"
ATTACKED = "attacked"  # why a Brace ended, as the log keeps it


def brace(encounter: Encounter, name: str) -> Outcome:
    """``name`` Braces behind cover: 1 action of its turn, once a turn."""
    # rule (Brace): "You hide behind cover within 5 feet of you ... All attacks against you
    # gain a disadvantage for as long as you stay behind cover"
    combatant = encounter.find(name)
    if combatant.reactions.braced:
        raise EncounterError("{name} is already Braced behind cover", combatant=combatant.name,
                             fields={"name": combatant.name})
    used = use(encounter, name, BRACE)  # refused the second time in a turn
    spent = spend_action(used.encounter, name)
    braced = spent.encounter.find(name)
    braced = replace(braced, reactions=replace(braced.reactions, braced=True))
    return Outcome(changed(spent.encounter, braced),
                   (*spent.events, encounter.event(EventKind.BRACED, braced.name)))


def leave_cover(encounter: Encounter, name: str, why: str = "") -> Outcome:
    """``name``'s Brace ended: it left its cover (or ``why``: it attacked)."""
    # rule (Brace): "If you attack or move, the benefits of this action end"
    combatant = encounter.find(name)
    if not combatant.reactions.braced:
        raise EncounterError("{name} is not Braced", combatant=combatant.name,
                             fields={"name": combatant.name})
    out = replace(combatant, reactions=replace(combatant.reactions, braced=False))
    return Outcome(changed(encounter, out),
                   (encounter.event(EventKind.BRACE_ENDED, out.name, note=why),))
