"""Small builders of combatants and encounters for the encounter's tests."""

from __future__ import annotations

from nazh.domain.encounter.combatant import Combatant, Role, Side
from nazh.domain.encounter.encounter import Encounter, Outcome, open_encounter
from nazh.domain.encounter.events import Event, EventKind
from nazh.domain.encounter.roster import add_combatant

GM = 100


def player(name: str, owner: int = 1, health: int = 20) -> Combatant:
    """A player's character."""
    return Combatant(name, Side.PLAYER, Role.RIVAL, owner, health, health)


def enemy(name: str, role: Role = Role.RIVAL, health: int = 10) -> Combatant:
    """An enemy kept by the GM."""
    return Combatant(name, Side.ENEMY, role, GM, health, health)


def ally(name: str) -> Combatant:
    """An allied non-player character."""
    return Combatant(name, Side.ALLY, Role.RIVAL, GM, 12, 12)


def fight(*combatants: Combatant, keep_speed: bool = False) -> Encounter:
    """A new encounter holding ``combatants``."""
    encounter = open_encounter("Ambush", keep_speed=keep_speed)
    for combatant in combatants:
        encounter = add_combatant(encounter, combatant).encounter
    return encounter


def kinds(outcome: Outcome | tuple[Event, ...]) -> list[EventKind]:
    """The kinds of the events, in order."""
    events = outcome.events if isinstance(outcome, Outcome) else outcome
    return [event.kind for event in events]


def of_kind(outcome: Outcome, kind: EventKind) -> list[Event]:
    """The events of ``kind``."""
    return [event for event in outcome.events if event.kind is kind]
