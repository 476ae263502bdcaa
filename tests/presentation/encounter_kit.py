"""Builders of encounters, their records and logs for the encounter's presentation tests."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import partial

from nazh.application.encounters.model import EncounterRecord, LogEntry, entry_of
from nazh.domain.encounter.combatant import Combatant, Role, Side
from nazh.domain.encounter.encounter import Encounter, Outcome, open_encounter
from nazh.domain.encounter.roster import add_combatant, add_copies

T0 = datetime(2025, 3, 1, 18, 4, 5, tzinfo=UTC)
GM = 100
KALADIN_OWNER = 111
SHALLAN_OWNER = 222


def player(name: str, owner: int = KALADIN_OWNER, health: int = 15,
           focus: int = 3) -> Combatant:
    """A player's character."""
    return Combatant(name, Side.PLAYER, Role.RIVAL, owner, health, health, focus=focus)


def enemy(name: str, role: Role = Role.RIVAL, health: int = 10, focus: int = 0) -> Combatant:
    """An enemy kept by the GM."""
    return Combatant(name, Side.ENEMY, role, GM, health, health, focus=focus)


def ally(name: str, health: int = 8) -> Combatant:
    """An allied non-player character."""
    return Combatant(name, Side.ALLY, Role.RIVAL, GM, health, health)


def record_of(encounter: Encounter, *, show_health: bool = False,
              updated_at: datetime = T0) -> EncounterRecord:
    """The record keeping ``encounter`` in a channel, last changed at ``updated_at``."""
    return EncounterRecord("k3x9", 1, 2, GM, encounter, T0, updated_at,
                           show_health=show_health)


@dataclass
class Scene:
    """An encounter played act by act, its log kept as the application keeps it."""

    encounter: Encounter = field(default_factory=lambda: open_encounter("Ambush"))
    entries: list[LogEntry] = field(default_factory=list)

    def act(self, act: Callable[[Encounter], Outcome], user: int = GM,
            at: datetime = T0) -> Scene:
        """``act`` applied by ``user`` at ``at``."""
        outcome = act(self.encounter)
        self.encounter = outcome.encounter
        self.entries += [entry_of("k3x9", user, at, event) for event in outcome.events]
        return self

    def add(self, *combatants: Combatant) -> Scene:
        """``combatants`` added by the GM."""
        for combatant in combatants:
            self.act(partial(add_combatant, combatant=combatant))
        return self

    def copies(self, template: Combatant, count: int) -> Scene:
        """``count`` copies of ``template`` added by the GM."""
        return self.act(lambda e: add_copies(e, template, count))

    @property
    def newest_first(self) -> list[LogEntry]:
        """The log as the store returns it."""
        return self.entries[::-1]

    def record(self, *, show_health: bool = False) -> EncounterRecord:
        """Its record."""
        return record_of(self.encounter, show_health=show_health)


def renamed(encounter: Encounter, name: str) -> Encounter:
    """``encounter`` under another name."""
    return replace(encounter, name=name)
