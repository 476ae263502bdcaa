"""An injury rolled in an encounter: its effect taken by the injured combatant as the condition
it names, once (the starter rules, part 2 "Damage, Injury, and Death" and "Injury Effects")."""

from __future__ import annotations

from collections.abc import Callable

from nazh.application.encounters.model import EncounterRecord
from nazh.application.encounters.owed import Done, NotHereError, Owed
from nazh.application.rolls.events import Happened, RollEvent
from nazh.application.rolls.notes import Note
from nazh.application.rolls.terms.encounter import ENCOUNTER
from nazh.domain.encounter.acts import Affliction
from nazh.domain.encounter.conditions import Condition
from nazh.domain.encounter.injury_effects import affliction_of, lasts, suffer_effect
from nazh.domain.injury import Effect, Injury


def injury_effect_owed(event: RollEvent) -> list[Owed]:
    """The condition an injury roll's effect names, owed by the roll once it is seen."""
    record, term = event.record, event.record.term(ENCOUNTER)
    terms = record.injury
    if term is None or terms is None or event.happened is Happened.CHANGED:
        return []
    effect = Injury.of(terms, record.result).effect
    affliction = None if effect is None else affliction_of(effect)
    if effect is None or affliction is None:  # death, or "Can only use one hand"
        return []
    return [Owed(f"injury-effect:{record.roll_id}", _suffered(term.combatant, effect, affliction),
                 Note("the injury's effect not applied"))]


def _suffered(name: str, effect: Effect, affliction: Affliction
              ) -> Callable[[EncounterRecord], Done]:
    def act(current: EncounterRecord) -> Done:
        injured = current.encounter.find(name)
        if injured.defeated:  # a minion's injury defeated it: no condition to show
            raise NotHereError("{name} is defeated", fields={"name": injured.name})
        condition = Condition(affliction.name, affliction.value)
        return suffer_effect(current.encounter, name, effect), Note(
            "the injury's effect: {name} is {condition} on the card ({lasts})",
            name=injured.name, condition=condition, lasts=Note(lasts(affliction)))
    return act
