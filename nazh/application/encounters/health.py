"""Health by hand: a GM applies damage (deflect and immunities count) or healing, or undoes it."""

from __future__ import annotations

from dataclasses import dataclass, replace

from nazh.application.encounters.access import gm_only
from nazh.application.encounters.changes import EncounterChanges, Step
from nazh.application.encounters.model import Changed, EncounterRecord
from nazh.application.settings.server import Member
from nazh.domain.encounter.damage import DamageType
from nazh.domain.encounter.hits import Landing, heal, hit, undo


@dataclass(frozen=True, slots=True)
class Damaged:
    """Damage kept, and what it did (``12 keen - 2 deflect = 10 -> Bandit 2: 11 -> 1``)."""

    changed: Changed
    landing: Landing


class EncounterHealth:
    """Damage and healing applied by a GM."""

    def __init__(self, changes: EncounterChanges) -> None:
        self._changes = changes

    async def damage(self, member: Member, channel_id: int, name: str, amount: int,
                     damage_type: DamageType | None = None, *, pierce: bool = False) -> Damaged:
        """``amount`` damage of ``damage_type`` on ``name`` (a GM)."""
        allowed = gm_only("apply damage by hand")
        landings: list[Landing] = []

        def change(record: EncounterRecord, gm: bool) -> Step:
            allowed(record, member.user_id, gm)
            outcome, landing = hit(record.encounter, name, amount, damage_type, pierce=pierce)
            landings[:] = [landing]
            return Step(replace(record, encounter=outcome.encounter), outcome.events)
        changed = await self._changes.change(member, channel_id, change)
        return Damaged(changed, landings[0])

    async def heal(self, member: Member, channel_id: int, name: str, amount: int) -> Changed:
        """``name`` recovers ``amount`` health (a GM)."""
        return await self._changes.act(member, channel_id, lambda e: heal(e, name, amount),
                                       gm_only("heal by hand"))

    async def undo(self, member: Member, channel_id: int, name: str) -> Changed:
        """The latest damage or healing applied to ``name`` undone (a GM), an attack's or not."""
        return await self._changes.act(member, channel_id, lambda e: undo(e, name),
                                       gm_only("undo damage or healing"))
