"""The encounter's use cases, as the front ends are handed them."""

from __future__ import annotations

from dataclasses import dataclass

from nazh.application.characters.gate import SheetGate
from nazh.application.characters.reloading import Reloading
from nazh.application.characters.service import Characters
from nazh.application.encounters.changes import EncounterChanges
from nazh.application.encounters.health import EncounterHealth
from nazh.application.encounters.lifecycle import EncounterLifecycle
from nazh.application.encounters.ports import EncounterStore
from nazh.application.encounters.reactions import EncounterReactions
from nazh.application.encounters.reloads import PanelReloads
from nazh.application.encounters.roll_handler import EncounterRolls
from nazh.application.encounters.roster import EncounterRoster
from nazh.application.encounters.sheet_actions import SheetActions
from nazh.application.encounters.sheets import SheetsFollowCard
from nazh.application.encounters.turns import EncounterTurns
from nazh.application.settings.server import GuildSettings
from nazh.application.shared.clock import Clock
from nazh.domain.rolling import RandomSource


@dataclass(frozen=True, slots=True)
class EncounterUseCases:
    """Every use case on an encounter, sharing one :class:`EncounterChanges`."""

    changes: EncounterChanges
    lifecycle: EncounterLifecycle
    roster: EncounterRoster
    turns: EncounterTurns
    rolls: EncounterRolls
    health: EncounterHealth
    reactions: EncounterReactions
    sheet_actions: SheetActions  # what a sheet's act costs its combatant (a reload's action)
    reloads: PanelReloads  # My turn's Reload buttons

    @classmethod
    def of(cls, store: EncounterStore, settings: GuildSettings,  # noqa: PLR0913 - shared
           characters: Characters, clock: Clock, ids: RandomSource,
           sheets: SheetGate | None = None, dice: RandomSource | None = None
           ) -> EncounterUseCases:
        """The use cases on one store; sheets follow the card; ``dice``: Afflicted's dice."""
        changes = EncounterChanges(store, settings, clock,
                                   sheets=None if sheets is None else SheetsFollowCard(sheets))
        rolls = EncounterRolls(changes)
        sheet_actions = SheetActions(changes, rolls)
        return cls(changes, EncounterLifecycle(changes, store, ids),
                   EncounterRoster(changes, characters), EncounterTurns(changes, dice),
                   rolls, EncounterHealth(changes), EncounterReactions(changes),
                   sheet_actions,
                   PanelReloads(characters, Reloading(characters, sheet_actions)))
