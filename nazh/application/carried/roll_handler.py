"""What an Opportunity or a Complication spent carries past its roll, and the test that takes it.

Starter rules, Introduction ("Using Cosmere RPG Dice": Spending an Opportunity, Facing a
Complication): "Aid an Ally: the next test made by an ally of your choice gains an advantage";
"Hinder an Ally: the next test taken by a PC gains a disadvantage" (the roll's own character);
"Become Distracted: you lose 1 focus". Each is carried once, in the channel's encounter when the
roll was made in one, else to the character wherever they test next, and taken once."""

from __future__ import annotations

from nazh.application.carried.model import CarriedDie
from nazh.application.carried.ports import CarriedDice
from nazh.application.characters.effects import LoseFocus
from nazh.application.characters.gate import RollEffect, SheetGate
from nazh.application.log.chain import EntryKind
from nazh.application.rolls.events import Happened, RollEvent
from nazh.application.rolls.model import Offers, Rolled, RollRecord
from nazh.application.rolls.notes import Note
from nazh.application.rolls.terms.carried import CARRIED
from nazh.application.rolls.terms.encounter import ENCOUNTER
from nazh.domain.errors import NazhError
from nazh.domain.evolve import evolved
from nazh.domain.spec import DieMode
from nazh.domain.spending import Use

ALLY = "carried-ally"
"""The offer of choosing the ally an Opportunity spent on "Aid an Ally" helps."""


def ally_key(index: int, roll_id: str) -> str:
    """The once key of the advantage the ``index``-th spending of a roll gives an ally."""
    return f"ally:{index}:{roll_id}"


def hinder_key(index: int, roll_id: str) -> str:
    """The once key of the disadvantage the ``index``-th spending of a roll carries."""
    return f"hinder:{index}:{roll_id}"


def lose_focus_key(index: int, roll_id: str) -> str:
    """The once key of the focus the ``index``-th spending of a roll takes."""
    return f"lose-focus:{index}:{roll_id}"


def last_spent(record: RollRecord, use: Use) -> int | None:
    """The index of the roll's latest spending when it was on ``use`` (``None``: it was not)."""
    if record.change is not EntryKind.SPENT or not record.spent:
        return None
    return len(record.spent) - 1 if record.spent[-1].use is use else None


def allies_owed(record: RollRecord) -> list[int]:
    """The indexes of the roll's spendings on "Aid an Ally"."""
    return [index for index, one in enumerate(record.spent) if one.use is Use.ALLY]


def where(record: RollRecord) -> int | None:
    """Where what the roll carries applies: its channel's encounter, else anywhere (``None``)."""
    return record.roller.channel_id if record.term(ENCOUNTER) is not None else None


class CarriedRolls:
    """What a spent Opportunity or Complication does after its roll, once each."""

    def __init__(self, gate: SheetGate, dice: CarriedDice) -> None:
        self._gate = gate
        self._dice = dice

    async def check(self, event: RollEvent) -> None:
        """Nothing to refuse: losing focus at 0 loses none."""

    async def handle(self, event: RollEvent) -> Rolled:
        """A test takes the dice carried to it; a spending carries its effect; with the offers."""
        rolled, record = event.rolled, event.record
        if event.happened is not Happened.CHANGED:
            rolled = await self._taken(rolled)
        elif (index := last_spent(record, Use.LOSE_FOCUS)) is not None:
            rolled = await self._lose_focus(event, index)
        elif (index := last_spent(record, Use.DISADVANTAGE)) is not None:
            rolled = await self._hinder(rolled, index)
        return rolled.offering(await self.offers(record, rolled.offers))

    async def offers(self, record: RollRecord, offers: Offers) -> Offers:
        """Choosing the ally, while an Opportunity spent on "Aid an Ally" has none yet."""
        for index in allies_owed(record):
            if not await self._dice.carried(ally_key(index, record.roll_id)):
                return offers.grant(ALLY)
        return offers

    async def _taken(self, rolled: Rolled) -> Rolled:
        """The dice carried into this test (its carried term), taken by it once."""
        record = rolled.record
        for one in record.term(CARRIED) or ():
            if not await self._dice.take(one.once, record.roll_id):
                rolled = rolled.noted(Note("{why}: already taken by another test",
                                           why=one.why))
        return rolled

    async def _lose_focus(self, event: RollEvent, index: int) -> Rolled:
        rolled, record = event.rolled, event.record
        character = record.character
        if character is None:
            return rolled.noted(Note("no character rolled this: the focus is lost at the "
                                     "table"))
        try:
            sheet = await self._gate.apply(event.member, RollEffect(
                record.roll_id, character.character_id, LoseFocus(),
                lose_focus_key(index, record.roll_id),
                f"Complication spent on roll {record.roll_id}"), hidden=False)
        except NazhError as error:
            return rolled.noted(Note("{name}'s sheet not changed: {reason}",
                                     name=character.name, reason=error))
        return evolved(rolled, sheet=sheet)

    async def _hinder(self, rolled: Rolled, index: int) -> Rolled:
        record = rolled.record
        character = record.character
        if character is None:
            return rolled.noted(Note("no character rolled this: the disadvantage is kept at "
                                     "the table"))
        await self._dice.carry(CarriedDie(
            hinder_key(index, record.roll_id), character.character_id, character.name,
            DieMode.DISADVANTAGE, f"a Complication (roll {record.roll_id})", where(record)))
        return rolled.noted(Note("{name}'s next test gains a disadvantage",
                                 name=character.name))
