"""The Injury button clicked: the target's owner or a GM rolls its injury, once per attack."""

from __future__ import annotations

from typing import Self

import hikari

from nazh.adapters.discord.encounters.injury_button import InjuryControl
from nazh.adapters.discord.runtime.answer import RollAnswers
from nazh.adapters.discord.runtime.dependencies import Dependencies
from nazh.adapters.discord.runtime.members import member_of, roller_of
from nazh.adapters.discord.runtime.wrapper import Answering, InteractionWrapper
from nazh.application.encounters.roll_acts import EncounterRollActs
from nazh.application.rolls.access import Act
from nazh.application.rolls.actions import RollActions
from nazh.application.rolls.model import Rolled, RollRecord, RollRequest
from nazh.application.rolls.steps import RollSteps


class AttackResultControls:
    """A control on an attack's result that acts on its encounter, then draws its buttons again."""

    def __init__(self, table: RollActions, acts: EncounterRollActs, steps: RollSteps,
                 wrapper: InteractionWrapper, answers: RollAnswers) -> None:
        self._table = table
        self._acts = acts
        self._steps = steps
        self._wrapper = wrapper
        self._answers = answers

    @classmethod
    def build(cls, deps: Dependencies) -> Self:
        """The control, from the rolls and the encounter's acts on them."""
        return cls(deps.table, deps.encounter_roll_acts, deps.rolls.steps, deps.wrapper,
                   deps.answers)

    async def _redrawn(self, interaction: hikari.ComponentInteraction,
                       attack: RollRecord) -> None:
        """The attack's result with the buttons it offers now."""
        await self._answers.buttons_redrawn(
            interaction, Rolled(attack, offers=await self._steps.offers(attack)))


# With the target's deflect and injuries (a sheet's, counted on it through the sheet gate and in the
# encounter; a quick combatant's, in the encounter); posted as /injury's is. A result only its
# reader sees cannot be edited: its button then says the injury is rolled already.
class InjuryControls(AttackResultControls):
    """Injury clicked on an attack's result."""

    async def on_control(self, interaction: hikari.ComponentInteraction,
                         control: InjuryControl) -> None:
        """The target's injury rolled and posted; the attack's result redrawn without the button."""
        answering = Answering("component:injury", "component")
        async with self._wrapper.answering(interaction, answering) as responder:
            member = member_of(interaction)
            attack = await self._table.acted_on(control.roll_id, member, Act.VIEW)
            await self._answers.answer_roll(
                responder, interaction,
                RollRequest("", roller_of(interaction), received=responder.received),
                lambda request: self._acts.target_injury(member, attack, request),
                reroll=False)
            await self._redrawn(interaction, attack)
