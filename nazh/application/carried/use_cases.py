"""Choosing the ally an Opportunity spent on "Aid an Ally" helps: their next test's advantage."""

from __future__ import annotations

from nazh.application.carried.model import CarriedDie
from nazh.application.carried.ports import CarriedDice
from nazh.application.carried.roll_handler import allies_owed, ally_key, where
from nazh.application.characters.service import CharacterNotFoundError, Characters
from nazh.application.rolls.access import Act
from nazh.application.rolls.actions import RollActions
from nazh.application.rolls.model import RollRecord
from nazh.application.settings.server import Member
from nazh.domain.errors import RollStateError
from nazh.domain.spec import DieMode


class CarriedAllies:
    """The roller names the ally: that ally's active character's next test gains an advantage."""

    def __init__(self, table: RollActions, characters: Characters, dice: CarriedDice) -> None:
        self._table = table
        self._characters = characters
        self._dice = dice

    async def owed(self, roll_id: str, member: Member) -> tuple[RollRecord, list[int]]:
        """The roll and its "Aid an Ally" spendings with no ally yet (the roller's to choose)."""
        # the roller's act, as spending the Opportunity was
        record = await self._table.acted_on(roll_id, member, Act.SPEND_OPPORTUNITY)
        waiting = [index for index in allies_owed(record)
                   if not await self._dice.carried(ally_key(index, roll_id))]
        if not waiting:
            raise RollStateError("this roll has no Opportunity spent on an ally left to give",
                                 hint="spend one on \"An ally's advantage on their next test\"")
        return record, waiting

    async def give(self, roll_id: str, member: Member, ally_id: int) -> CarriedDie:
        """Carry the advantage of the roll's first unassigned "Aid an Ally" to ``ally_id``'s."""
        record, waiting = await self.owed(roll_id, member)
        ally = Member(ally_id, member.guild_id, channel_id=member.channel_id)
        try:
            character = await self._characters.find(ally, None)
        except CharacterNotFoundError:
            raise RollStateError(f"<@{ally_id}> has no active character here",
                                 hint="they choose one with /character use, then you choose "
                                      "them again") from None
        own = record.character
        if own is not None and own.character_id == character.character_id:
            raise RollStateError("an ally's advantage goes to another character",
                                 hint="choose the player of another character")
        who = own.name if own is not None else f"<@{record.roller.user_id}>"
        die = CarriedDie(ally_key(waiting[0], roll_id), character.character_id, character.name,
                         DieMode.ADVANTAGE, f"{who}'s Opportunity (roll {roll_id})",
                         where(record))
        if not await self._dice.carry(die):
            raise RollStateError("this ally's advantage was just given",
                                 hint="the result shows to whom")
        return die
