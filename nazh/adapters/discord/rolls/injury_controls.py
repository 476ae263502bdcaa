"""The Injury button, on the result of an attack that brought its target (a player character or
a rival) to 0 health (``nz1:rin:<roll id>``): the target's owner or a GM rolls its injury, once
per attack, with the target's deflect and injuries (a sheet's, counted on it through the sheet
gate and in the encounter; a GM's quick combatant's, counted in the encounter). The injury roll
is posted as a new result, as ``/injury``'s is."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Self

import hikari

from nazh.adapters.discord.runtime.answer import RollAnswers
from nazh.adapters.discord.runtime.controls import PREFIX, Codec
from nazh.adapters.discord.runtime.dependencies import Dependencies
from nazh.adapters.discord.runtime.members import member_of, roller_of
from nazh.adapters.discord.runtime.wrapper import Answering, InteractionWrapper
from nazh.application.rolls.access import Act
from nazh.application.rolls.actions import RollActions
from nazh.application.rolls.character_rolls import CharacterRolls
from nazh.application.rolls.model import RollRecord, RollRequest

INJURY_KIND = "rin"


@dataclass(frozen=True, slots=True)
class InjuryControl:
    """Injury on the result of the attack ``roll_id``."""

    roll_id: str


def injury_control(roll_id: str) -> str:
    """The custom id of an attack result's Injury button."""
    return f"{PREFIX}:{INJURY_KIND}:{roll_id}"


def _decode(parts: list[str]) -> InjuryControl | None:
    if len(parts) != 3 or not parts[2]:
        return None
    return InjuryControl(parts[2])


CODEC = Codec(frozenset({INJURY_KIND}), _decode)
"""The Injury button on an attack's result."""


def add_injury_button(row: hikari.api.MessageActionRowBuilder, record: RollRecord) -> None:
    """The Injury button of the attack ``record`` on ``row``."""
    row.add_interactive_button(hikari.ButtonStyle.DANGER, injury_control(record.roll_id),
                               label="Injury", emoji="🩸")


class InjuryControls:
    """Injury clicked on an attack's result."""

    def __init__(self, table: RollActions, character_rolls: CharacterRolls,
                 wrapper: InteractionWrapper, answers: RollAnswers) -> None:
        self._table = table
        self._rolls = character_rolls
        self._wrapper = wrapper
        self._answers = answers

    @classmethod
    def build(cls, deps: Dependencies) -> Self:
        """The control, from the rolls."""
        return cls(deps.table, deps.character_rolls, deps.wrapper, deps.answers)

    async def on_control(self, interaction: hikari.ComponentInteraction,
                         control: InjuryControl) -> None:
        """The target's injury rolled and posted as a new result."""
        answering = Answering("component:injury", "component")
        async with self._wrapper.answering(interaction, answering) as responder:
            member = member_of(interaction)
            attack = await self._table.acted_on(control.roll_id, member, Act.VIEW)
            await self._answers.answer_roll(
                responder, interaction,
                RollRequest("", roller_of(interaction), received=responder.received),
                lambda request: self._rolls.target_injury(member, attack, request),
                reroll=False)
