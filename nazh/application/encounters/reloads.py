"""The My turn panel's reloads: its presser's fighting sheets' Loaded weapons short of ammunition,
each reloaded for an action of its combatant's turn (part 6, Loaded [X]: "As ▶, you can reload
this weapon to full ammunition")."""

from __future__ import annotations

from dataclasses import dataclass

from nazh.application.characters.access import Act
from nazh.application.characters.reloading import Reloaded, Reloading
from nazh.application.characters.service import Characters
from nazh.application.encounters.model import EncounterRecord
from nazh.application.encounters.turns import TurnAct, applies
from nazh.application.settings.server import Member
from nazh.domain.errors import NazhError

MOST = 5
"""Reloads a panel offers at most (one row of buttons)."""


@dataclass(frozen=True, slots=True)
class Reloadable:
    """A Loaded weapon of a fighting sheet, short of ammunition."""

    combatant: str
    character_id: str
    index: int  # the weapon's place on the sheet
    weapon: str
    shots: int
    capacity: int
    able: bool  # its combatant could spend an action now


class PanelReloads:
    """What a member's My turn panel offers to reload, and the reload of one."""

    def __init__(self, characters: Characters, reloading: Reloading) -> None:
        self._characters = characters
        self._reloading = reloading

    async def of(self, member: Member, record: EncounterRecord) -> tuple[Reloadable, ...]:
        """The member's own combatants' sheets' Loaded weapons short of ammunition."""
        found: list[Reloadable] = []
        for combatant in record.encounter.combatants:
            if (combatant.owner_id != member.user_id or combatant.character_id is None
                    or combatant.defeated):
                continue
            try:
                sheet = (await self._characters.get(member, combatant.character_id,
                                                    Act.CHANGE)).sheet
            except NazhError:  # deleted meanwhile: the card plays on without it
                continue
            able = applies(TurnAct.ACTION, record.encounter, combatant)
            for index, weapon in enumerate(sheet.weapons):
                shots, capacity = weapon.shots, weapon.capacity
                if shots is not None and capacity is not None and shots < capacity:
                    found.append(Reloadable(combatant.name, combatant.character_id, index,
                                            weapon.name, shots, capacity, able))
        return tuple(found[:MOST])

    async def reload(self, member: Member, channel_id: int, character_id: str, index: int,
                     once: str) -> Reloaded:
        """The sheet's weapon at ``index`` reloaded, its combatant's action spent."""
        record = await self._characters.get(member, character_id, Act.CHANGE)
        if not 0 <= index < len(record.sheet.weapons):  # removed since the panel was drawn
            raise NazhError("{name} no longer has that weapon",
                            hint="open My turn again to see what it may reload",
                            fields={"name": record.name})
        return await self._reloading.reload_sheet(member, record, record.sheet.weapons[index].name,
                                                  channel_id=channel_id, once=once)
