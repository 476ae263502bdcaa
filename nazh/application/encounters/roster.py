"""Who fights: a GM adds quick combatants and characters; a player joins with their own."""

from __future__ import annotations

from dataclasses import dataclass, field

from nazh.application.characters.access import Act
from nazh.application.characters.model import CharacterRecord
from nazh.application.characters.service import Characters
from nazh.application.encounters.access import gm_only, owner_or_gm
from nazh.application.encounters.changes import EncounterChanges
from nazh.application.encounters.model import Changed
from nazh.application.settings.server import Member
from nazh.domain.character import Defense, Resource
from nazh.domain.encounter.combatant import (
    MAX_DEFENSE,
    MAX_DEFLECT,
    MAX_FOCUS,
    MAX_HEALTH,
    Combatant,
    Defenses,
    Role,
    Side,
)
from nazh.domain.encounter.damage import Immunities
from nazh.domain.encounter.encounter import Encounter, Outcome
from nazh.domain.encounter.errors import EncounterError
from nazh.domain.encounter.injury_effects import carried
from nazh.domain.encounter.roster import add_combatant, add_copies, remove_combatant


@dataclass(frozen=True, slots=True)
class QuickCombatant:
    """A combatant a GM types in (``/encounter add name: health: defense: ...``)."""

    name: str  # copies are numbered after it
    health: int
    defense: int = 10  # Physical; cognitive and spiritual default to it
    cognitive: int | None = None
    spiritual: int | None = None
    deflect: int = 0
    focus: int = 0
    role: Role = Role.RIVAL
    side: Side = Side.ENEMY
    immunities: Immunities = field(default_factory=Immunities)

    def combatant(self, owner_id: int) -> Combatant:
        """It as a combatant owned by ``owner_id`` (the GM who adds it)."""
        if self.side is Side.PLAYER:
            raise EncounterError("a quick combatant is an enemy or an ally; players join with "
                                 "their characters (/encounter join)", combatant=self.name)
        defenses = Defenses(self.defense, _or(self.cognitive, self.defense),
                            _or(self.spiritual, self.defense))
        return Combatant(self.name.strip(), self.side, self.role, owner_id, self.health,
                         self.health, focus=self.focus, deflect=self.deflect,
                         defenses=defenses, immunities=self.immunities.conditions,
                         damage_immunities=self.immunities.damage)


class EncounterRoster:
    """Adds and removes combatants."""

    def __init__(self, changes: EncounterChanges, characters: Characters) -> None:
        self._changes = changes
        self._characters = characters

    async def add(self, member: Member, channel_id: int, quick: QuickCombatant,
                  count: int = 1) -> Changed:
        """``count`` copies of a quick combatant, added by a GM."""
        template = quick.combatant(member.user_id)
        return await self._changes.act(member, channel_id,
                                       lambda e: add_copies(e, template, count),
                                       gm_only("add combatants"))

    async def add_character(self, member: Member, channel_id: int, name: str, *,
                            side: Side | None = None, role: Role | None = None) -> Changed:
        """A character or adversary the GM can see, added by a GM (an adversary as an enemy)."""
        # side: ally for an adversary; a player's character is a player, owned by its player
        record = await self._characters.find(member, name, Act.SEE)
        combatant = combatant_of(record, side=side, role=role)
        return await self._changes.act(member, channel_id,
                                       lambda e: _join(e, combatant),
                                       gm_only("add characters and adversaries"))

    async def join(self, member: Member, channel_id: int, name: str | None) -> Changed:
        """The member's own character (their active one when ``name`` is ``None``) joins."""
        record = await self._characters.find(member, name, Act.ROLL)
        if record.owner_id != member.user_id or record.adversary:
            raise EncounterError("{name} is not your player character: a GM adds adversaries with "
                                 "/encounter add", combatant=record.name,
                                 fields={"name": record.name})
        combatant = combatant_of(record)
        return await self._changes.act(member, channel_id, lambda e: _join(e, combatant),
                                       lambda *_: None)

    async def remove(self, member: Member, channel_id: int, name: str) -> Changed:
        """The combatant called ``name`` removed (by its owner or a GM)."""
        return await self._changes.act(member, channel_id,
                                       lambda e: remove_combatant(e, name),
                                       owner_or_gm(name, "remove {name}"))


def combatant_of(record: CharacterRecord, *, side: Side | None = None,
                 role: Role | None = None) -> Combatant:
    """A character's sheet as a combatant, clamped to an encounter's limits, owned by its owner."""
    sheet = record.sheet
    player = not record.adversary
    # a player's character is a player (a rival); an adversary has role when given, else its sheet's
    if player and side not in (None, Side.PLAYER):
        raise EncounterError("{name} is a player's character: it fights on the players' side",
                             combatant=record.name, fields={"name": record.name})
    health_max = _clamp(sheet.maximum(Resource.HEALTH).value, 1, MAX_HEALTH)
    health = _clamp(sheet.pool(Resource.HEALTH).current, 0, health_max)
    defenses = Defenses(*(_clamp(sheet.defense(d).value, 0, MAX_DEFENSE) for d in Defense))
    return Combatant(
        record.name, Side.PLAYER if player else (side or Side.ENEMY),
        Role.RIVAL if player else (role or sheet.role or Role.RIVAL), record.owner_id, health,
        health_max, character_id=record.character_id,
        focus=_clamp(sheet.pool(Resource.FOCUS).current, 0, MAX_FOCUS),
        deflect=_clamp(sheet.deflect, 0, MAX_DEFLECT), defenses=defenses,
        immunities=sheet.immunities.conditions, damage_immunities=sheet.immunities.damage,
        conditions=carried(sheet.exhausted, (wound.effect for wound in sheet.wounds),
                           sheet.immunities.conditions))


def _join(encounter: Encounter, combatant: Combatant) -> Outcome:
    if combatant.character_id is not None:
        there = next((c for c in encounter.combatants
                      if c.character_id == combatant.character_id), None)
        if there is not None:
            raise EncounterError("{name} is already in this encounter", combatant=there.name,
                                 fields={"name": there.name})
    return add_combatant(encounter, combatant)


def _or(value: int | None, default: int) -> int:
    return default if value is None else value


def _clamp(value: int, low: int, high: int) -> int:
    return max(low, min(value, high))
