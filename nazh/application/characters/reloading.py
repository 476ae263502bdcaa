"""``/character reload``: a Loaded weapon full again (part 6, Loaded [X]: "As ▶, you can reload
this weapon to full ammunition"), the action it costs spent when its character is fighting."""

from __future__ import annotations

from dataclasses import dataclass

from nazh.application.characters.access import Act
from nazh.application.characters.model import CharacterRecord
from nazh.application.characters.ports import ActionSpent, FightActions
from nazh.application.characters.service import Changed, Characters, Why
from nazh.application.settings.server import Member
from nazh.domain.character import Character
from nazh.domain.encounter.errors import EncounterError
from nazh.domain.errors import NazhError

IN_A_FIGHT = "in a fight, reloading takes one action (▶) of its character's turn"
"""The hint of a reload its fight refused."""


@dataclass(frozen=True, slots=True)
class Reloaded:
    """A reload kept: the sheet before it, what it changed, and the action it spent (None:
    outside a fight, or nothing to reload)."""

    before: Character
    changed: Changed
    spent: ActionSpent | None = None


class Reloading:
    """Reloads a sheet's weapon, spending its combatant's action in the channel's fight."""

    def __init__(self, characters: Characters, fights: FightActions) -> None:
        self._characters = characters
        self._fights = fights

    async def reload(self, member: Member, name: str | None, weapon: str, *,
                     channel_id: int, once: str) -> Reloaded:
        """Reload ``weapon`` once per ``once`` (the interaction's): a full one costs nothing."""
        record = await self._characters.find(member, name, Act.CHANGE)
        return await self.reload_sheet(member, record, weapon, channel_id=channel_id, once=once)

    async def reload_sheet(self, member: Member, record: CharacterRecord, weapon: str, *,
                           channel_id: int, once: str) -> Reloaded:
        """Reload ``weapon`` of the sheet ``record`` (found by the caller) once per ``once``."""
        # refused (not Loaded) or already full before any action is spent
        if record.sheet.storing(weapon, None) == record.sheet:
            return Reloaded(record.sheet, Changed(record, ()))
        try:
            spent = None if member.guild_id is None else await self._fights.spend(
                member, channel_id, record.character_id, f"reload:{once}")
        except EncounterError as refused:  # no action left, not its turn: said with what it costs
            raise NazhError(refused.template, hint=IN_A_FIGHT, fields=refused.fields) from None
        changed = await self._characters.change(
            member, record.character_id, lambda sheet: sheet.storing(weapon, None),
            Why("reload", once=f"reload:{once}"))
        return Reloaded(record.sheet, changed, spent)
