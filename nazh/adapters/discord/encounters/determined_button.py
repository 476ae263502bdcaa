"""Use Determined on a failed test's result (``nz1:rdt:<roll id>``): the roller's choice to add
an Opportunity to it, which ends Determined."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Self

import hikari

from nazh.adapters.discord.runtime.answer import RollAnswers
from nazh.adapters.discord.runtime.controls import PREFIX, Codec, roll_id_decoder
from nazh.adapters.discord.runtime.dependencies import Dependencies
from nazh.adapters.discord.runtime.members import member_of
from nazh.adapters.discord.runtime.offers import OfferButton
from nazh.adapters.discord.runtime.wrapper import DEFER_UPDATE, Answering, InteractionWrapper
from nazh.application.encounters.roll_handler import USE_DETERMINED
from nazh.application.rolls.actions import RollActions
from nazh.application.rolls.model import RollRecord
from nazh.application.rolls.steps import RollSteps
from nazh.presentation.i18n import _

DETERMINED_KIND = "rdt"


@dataclass(frozen=True, slots=True)
class DeterminedControl:
    """Use Determined on the result of the roll ``roll_id``."""

    roll_id: str


def determined_control(roll_id: str) -> str:
    """The custom id of a result's Use Determined."""
    return f"{PREFIX}:{DETERMINED_KIND}:{roll_id}"


CODEC = Codec(frozenset({DETERMINED_KIND}), roll_id_decoder(DeterminedControl))
"""Use Determined on a roll's result."""


def add_determined_button(row: hikari.api.MessageActionRowBuilder, record: RollRecord) -> None:
    """Use Determined on ``row`` (offered on a Determined combatant's failed test)."""
    row.add_interactive_button(hikari.ButtonStyle.PRIMARY, determined_control(record.roll_id),
                               label=_("Use Determined (+1 Opportunity)"), emoji="🔥")


DETERMINED_BUTTON = OfferButton(USE_DETERMINED, add_determined_button)
"""Use Determined, drawn where a failed test's result offers it."""


class DeterminedControls:
    """Use Determined clicked on a roll's result."""

    def __init__(self, steps: RollSteps, table: RollActions, answers: RollAnswers,
                 wrapper: InteractionWrapper) -> None:
        self._steps = steps
        self._table = table
        self._answers = answers
        self._wrapper = wrapper

    @classmethod
    def build(cls, deps: Dependencies) -> Self:
        """The control, from the rolls' steps."""
        return cls(deps.rolls.steps, deps.table, deps.answers, deps.wrapper)

    async def on_control(self, interaction: hikari.ComponentInteraction,
                         control: DeterminedControl) -> None:
        """The Opportunity added and the result drawn again; the encounter ends Determined."""
        answering = Answering("component:use-determined", "component", DEFER_UPDATE)
        async with self._wrapper.answering(interaction, answering) as responder:
            in_channel = not interaction.message.flags & hikari.MessageFlag.EPHEMERAL
            rolled = await self._steps.use_determined(
                control.roll_id, member_of(interaction), received=responder.received,
                in_channel=in_channel)
            # a private result keeps offering its one reader only what they may do
            await self._answers.redraw(responder, interaction, rolled)
