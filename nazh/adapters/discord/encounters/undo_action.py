"""Give back the action, on a roll that spent a combatant's action (``nz1:rua:<roll id>``): once."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Self

import hikari

from nazh.adapters.discord.runtime.controls import PREFIX, Codec, roll_id_decoder
from nazh.adapters.discord.runtime.dependencies import Dependencies
from nazh.adapters.discord.runtime.members import member_of
from nazh.adapters.discord.runtime.offers import OfferButton
from nazh.adapters.discord.runtime.wrapper import DEFER_UPDATE, Answering, InteractionWrapper
from nazh.application.encounters.roll_acts import EncounterRollActs
from nazh.application.encounters.roll_handler import UNDO_ACTION
from nazh.application.rolls.access import Act
from nazh.application.rolls.actions import RollActions
from nazh.application.rolls.model import RollRecord
from nazh.application.rolls.terms.encounter import ENCOUNTER
from nazh.domain.encounter.events import EventKind
from nazh.presentation.chat import shown
from nazh.presentation.i18n import _

UNDO_KIND = "rua"


@dataclass(frozen=True, slots=True)
class UndoActionControl:
    """Give back the action, on the result of the roll ``roll_id``."""

    roll_id: str


def undo_control(roll_id: str) -> str:
    """The custom id of a result's Give back the action."""
    return f"{PREFIX}:{UNDO_KIND}:{roll_id}"


CODEC = Codec(frozenset({UNDO_KIND}), roll_id_decoder(UndoActionControl))
"""The encounter's control on a roll's result."""


def add_undo_button(row: hikari.api.MessageActionRowBuilder, record: RollRecord) -> None:
    """Give back the action on ``row`` (offered when the roll spent its combatant's action)."""
    row.add_interactive_button(hikari.ButtonStyle.SECONDARY, undo_control(record.roll_id),
                               label=_("Give back the action"), emoji="↩️")


UNDO_BUTTON = OfferButton(UNDO_ACTION, add_undo_button)
"""Give back the action, drawn where a roll's result offers it."""


class UndoActions:
    """Give back the action, clicked on a roll's result."""

    def __init__(self, table: RollActions, acts: EncounterRollActs,
                 wrapper: InteractionWrapper) -> None:
        self._table = table
        self._acts = acts
        self._wrapper = wrapper

    @classmethod
    def build(cls, deps: Dependencies) -> Self:
        """The control, from the rolls and the encounter's acts on them."""
        return cls(deps.table, deps.encounter_roll_acts, deps.wrapper)

    async def on_control(self, interaction: hikari.ComponentInteraction,
                         control: UndoActionControl) -> None:
        """The action the roll spent given back (told to the clicker alone)."""
        answering = Answering("component:undo-action", "component", DEFER_UPDATE,
                              ephemeral=True)
        async with self._wrapper.answering(interaction, answering) as responder:
            member = member_of(interaction)
            record = await self._table.acted_on(control.roll_id, member, Act.VIEW)
            changed = await self._acts.undo_action(member, record)
            term = record.term(ENCOUNTER)
            name = shown("" if term is None else term.combatant, 64)
            if changed.repeated:
                await responder.message(_("{name}'s action was already given back.").format(
                    name=f"**{name}**"), ephemeral=True)
                return
            left = 0 if term is None else \
                changed.record.encounter.find(term.combatant).turn.actions or 0
            # a Grapple's or a Shove's two actions come back together
            returned = sum(e.kind is EventKind.ACTION_RETURNED for e in changed.events)
            said = _("{name}'s action is given back ({n} left).") if returned < 2 else \
                _("{name}'s 2 actions are given back ({n} left).")
            await responder.message("↩️ " + said.format(name=f"**{name}**", n=left),
                                    ephemeral=True)
