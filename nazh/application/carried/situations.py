"""The situation of a character's test with the dice carried over to it: each an advantage or a
disadvantage on the test, named on its result (the carried term)."""

from __future__ import annotations

from nazh.application.carried.ports import CarriedDice
from nazh.application.rolls.events import RollPlace, Situation, Situations
from nazh.application.rolls.terms.carried import CARRIED, CarriedIn
from nazh.domain.evolve import evolved
from nazh.domain.spec import DieMode


class CarriedSituations:
    """``places``' situation of a test, with the dice waiting for its character."""

    def __init__(self, places: Situations, dice: CarriedDice) -> None:
        self._places = places
        self._dice = dice

    async def situation(self, place: RollPlace) -> Situation:
        """The place's situation; a test (not an injury roll) also takes the dice carried to it."""
        situation = await self._places.situation(place)
        if place.kind is None:  # an injury roll is no test
            return situation
        waiting = [die for die in await self._dice.waiting(place.character_id)
                   if die.channel_id in (None, place.channel_id)]
        if not waiting:
            return situation
        ups = sum(die.mode is DieMode.ADVANTAGE for die in waiting)
        return evolved(
            situation, advantages=situation.advantages + ups,
            disadvantages=situation.disadvantages + len(waiting) - ups,
            terms=situation.terms.with_term(CARRIED, tuple(
                CarriedIn(die.once, die.mode, die.why) for die in waiting)))
