"""A Deadly weapon's injury of a minion: the minion defeated at once, no injury to roll (the
starter rules, part 6, Weapon Traits, Deadly: "you can spend an Opportunity to cause the target to
immediately suffer an injury"; part 7, Using Adversaries, the Minion feature: "they're immediately
defeated when they suffer an injury")."""

from __future__ import annotations

from collections.abc import Callable

from nazh.application.encounters.model import EncounterRecord
from nazh.application.encounters.owed import Done, NotHereError, Owed
from nazh.application.rolls.events import Happened, RollEvent
from nazh.application.rolls.notes import Note
from nazh.application.rolls.terms.encounter import ENCOUNTER
from nazh.application.rolls.terms.target import TARGET
from nazh.domain.encounter.combatant import Role
from nazh.domain.encounter.summary import record_injury
from nazh.domain.spending import Use


def deadly_owed(event: RollEvent) -> list[Owed]:
    """The minion an Opportunity spent on the attack's Deadly weapon defeats, once."""
    record, target = event.record, event.record.term(TARGET)
    if event.happened is not Happened.CHANGED or target is None \
            or record.term(ENCOUNTER) is None \
            or not any(one.use is Use.DEADLY for one in record.spent):
        return []
    # any other target's injury is rolled with the attack's Injury button (roll_handler.py)
    return [Owed(f"deadly-minion:{record.roll_id}", _defeated(target.combatant),
                 Note("the minion not defeated"))]


def _defeated(name: str) -> Callable[[EncounterRecord], Done]:
    def act(current: EncounterRecord) -> Done:
        key = name.casefold()
        struck = next((c for c in current.encounter.combatants if c.key == key), None)
        if struck is None or struck.role is not Role.MINION or struck.defeated:
            raise NotHereError("no minion standing to defeat")
        return record_injury(current.encounter, struck.name), Note(
            "{name} is a minion: the injury defeats it", name=struck.name)
    return act
