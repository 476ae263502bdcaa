"""The character sheets of an encounter's combatants follow the card, once per change.
A secret roll changes the card only at its reveal, so sheets follow only what the table sees."""

from __future__ import annotations

from collections.abc import Sequence

from nazh.application.characters.effects import Effect, FollowCard, RefillInvestiture
from nazh.application.characters.gate import SheetGate
from nazh.application.encounters.model import EncounterRecord
from nazh.application.rolls.model import SheetChange
from nazh.application.rolls.notes import Note
from nazh.application.settings.server import Member
from nazh.domain.encounter.combatant import Combatant
from nazh.domain.encounter.events import Event, EventKind
from nazh.domain.errors import NazhError

NOT_FOLLOWED = "sheet not changed"
"""How a sheet that could not follow the card says so (``sheet not changed: ...``, the opening of
the note it gets)."""


# Unique per change: versions are kept by compare-and-swap. The other way, a roll's step moving the
# sheet's focus moves the card's, which is not followed back.
def follow_key(record: EncounterRecord, character_id: str) -> str:
    """The once key of what the change kept as ``record`` did to one sheet."""
    return f"card:{record.encounter_id}:{record.version}:{character_id}"


class SheetsFollowCard:
    """Applies what a change did to the card's sheet combatants to their sheets."""

    def __init__(self, gate: SheetGate) -> None:
        self._gate = gate

    async def followed(self, member: Member, before: EncounterRecord, after: EncounterRecord,
                       events: Sequence[Event] = ()) -> tuple[SheetChange, ...]:
        """Each sheet whose combatant's health or focus the change moved, moved by as much; an
        Empowered one whose turn began, its Investiture refilled."""
        # a sheet that cannot follow (deleted meanwhile) is said in its change
        was = {c.character_id: c for c in before.encounter.combatants
               if c.character_id is not None}
        refilled = {e.combatant for e in events if e.kind is EventKind.INVESTITURE_REFILLED}
        changes: list[SheetChange] = []
        for now in after.encounter.combatants:
            old = None if now.character_id is None else was.get(now.character_id)
            if old is None or now.character_id is None:
                continue
            effect = FollowCard(now.health - old.health, now.focus - old.focus)
            if effect.health or effect.focus:
                changes.append(await self._follow(member, after, now, now.character_id,
                                                  effect, _moved(effect)))
            if now.name in refilled:
                changes.append(await self._follow(member, after, now, now.character_id,
                                                  RefillInvestiture(), "investiture refilled"))
        return tuple(changes)

    async def _follow(self, member: Member, record: EncounterRecord,
                      combatant: Combatant, character_id: str, effect: Effect,
                      moved: str) -> SheetChange:
        owner = Member(combatant.owner_id, record.guild_id)
        reason = f"encounter {record.encounter.name} ({record.encounter_id}): {moved}"
        # one key per effect of a change on a sheet, a retry applying none twice (health and
        # focus keep the key they were kept under before another effect followed the card)
        once = follow_key(record, character_id) + ("" if isinstance(effect, FollowCard)
                                                   else f":{effect.kind}")
        try:
            return await self._gate.follow(owner, character_id, effect, once, reason,
                                           by=member.user_id)
        except NazhError as error:
            return SheetChange(combatant.name, (), Note("sheet not changed: {reason}",
                                                        reason=error))


def _moved(effect: FollowCard) -> str:
    parts = [f"{name} {amount:+d}" for name, amount in (("health", effect.health),
                                                         ("focus", effect.focus)) if amount]
    return ", ".join(parts)
