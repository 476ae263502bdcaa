"""A sheet's act that costs an action in a fight (part 6, Loaded [X]: "As ▶, you can reload this
weapon to full ammunition"): the action its combatant spends in the channel's encounter."""

from __future__ import annotations

from dataclasses import replace

from nazh.application.characters.ports import ActionSpent
from nazh.application.encounters.access import owner_or_gm
from nazh.application.encounters.changes import EncounterChanges, NoEncounterError, Step
from nazh.application.encounters.model import EncounterRecord
from nazh.application.encounters.roll_handler import EncounterRolls
from nazh.application.settings.server import Member
from nazh.domain.encounter.acts import spend_action
from nazh.domain.encounter.combatant import Combatant


class SheetActions:
    """:class:`~nazh.application.characters.ports.FightActions` of the channels' encounters."""

    def __init__(self, changes: EncounterChanges, rolls: EncounterRolls) -> None:
        self._changes = changes
        self._rolls = rolls  # its watchers edit the card, as after a roll's change

    async def spend(self, member: Member, channel_id: int, character_id: str,
                    once: str) -> ActionSpent | None:
        """One action of the sheet's combatant spent under ``once``; None outside a fight."""
        try:
            record = await self._changes.current(channel_id)
        except NoEncounterError:
            return None
        if _fighting(record, character_id) is None:
            return None

        def change(current: EncounterRecord, gm: bool) -> Step:
            combatant = _fighting(current, character_id)
            if combatant is None:  # it left the fight meanwhile: nothing to spend
                return Step(current)
            owner_or_gm(combatant.name, "spend an action for {name}")(current, member.user_id, gm)
            outcome = spend_action(current.encounter, combatant.name)
            return Step(replace(current, encounter=outcome.encounter), outcome.events)

        changed = await self._changes.change(member, channel_id, change, once=once, read=record)
        await self._rolls.tell(channel_id, changed)
        combatant = _fighting(changed.record, character_id)
        if combatant is None:
            return None
        return ActionSpent(combatant.name, combatant.turn.actions or 0)


def _fighting(record: EncounterRecord, character_id: str) -> Combatant | None:
    """The encounter's combatant playing the sheet, not defeated (None: it is not fighting)."""
    return next((c for c in record.encounter.combatants
                 if c.character_id == character_id and not c.defeated), None)
