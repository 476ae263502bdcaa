"""Count clicked on a test's result: a GM chooses how it counts for the channel's endeavor."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Self

import hikari

from nazh.adapters.discord.requests.endeavors import edit_endeavor_card
from nazh.adapters.discord.runtime.controls import PREFIX, Codec
from nazh.adapters.discord.runtime.dependencies import Dependencies
from nazh.adapters.discord.runtime.members import member_of
from nazh.adapters.discord.runtime.wrapper import Answering, InteractionWrapper
from nazh.application.endeavors.use_cases import Counted, Endeavors
from nazh.application.rolls.actions import RollActions
from nazh.application.rolls.model import RollRecord
from nazh.domain.endeavor import EndeavorError
from nazh.presentation.chat import escape
from nazh.presentation.endeavor_card import counted_text
from nazh.presentation.i18n import _
from nazh.presentation.request_card import COUNTED

# nz1:rcn:<roll id> is the result's Count button, nz1:rcn:<roll id>:as the select it opens to a GM
# alone (options as a request card's Count: <roll id>.<s|d|f>); a roll counts once, anyone else is
# refused at the button.
COUNT_KIND = "rcn"
CHOICE = "as"
HOW = {"s": Counted.SUCCESS, "d": Counted.DOUBLE, "f": Counted.FAILURE}
"""A Count option's suffix and how it counts."""


@dataclass(frozen=True, slots=True)
class CountControl:
    """Count on the result of ``roll_id``: the button (``choice`` false) or its select."""

    roll_id: str
    choice: bool = False


def choice_control(roll_id: str) -> str:
    """The custom id of the select a result's Count opens."""
    return f"{PREFIX}:{COUNT_KIND}:{roll_id}:{CHOICE}"


def _decode(parts: list[str]) -> CountControl | None:
    if len(parts) == 3 and parts[2]:
        return CountControl(parts[2])
    if len(parts) == 4 and parts[2] and parts[3] == CHOICE:
        return CountControl(parts[2], choice=True)
    return None


CODEC = Codec(frozenset({COUNT_KIND}), _decode)
"""A result's Count and its choice."""


def count_choice(record: RollRecord) -> list[hikari.api.ComponentBuilder]:
    """The select of how the GM counts ``record``: a success, a success ×2, a failure."""
    row = hikari.impl.MessageActionRowBuilder()
    menu = row.add_text_menu(choice_control(record.roll_id),
                             placeholder=_("Count it for the endeavor as…"))
    for suffix, words in COUNTED:
        shown = _(words)
        menu.add_option(shown[0].upper() + shown[1:], f"{record.roll_id}.{suffix}")
    return [row]


def how_of(value: str, roll_id: str) -> Counted | None:
    """How a Count option counts (``None``: not an option of ``roll_id``'s select)."""
    named, _, suffix = value.partition(".")
    return HOW.get(suffix) if named == roll_id else None


class ResultCounts:
    """A result's Count and the choice it opens."""

    def __init__(self, endeavors: Endeavors, table: RollActions,
                 wrapper: InteractionWrapper) -> None:
        self._endeavors = endeavors
        self._table = table
        self._wrapper = wrapper

    @classmethod
    def build(cls, deps: Dependencies) -> Self:
        """The control, from the endeavors and the rolls kept."""
        return cls(deps.endeavors, deps.table, deps.wrapper)

    async def on_control(self, interaction: hikari.ComponentInteraction,
                         control: CountControl) -> None:
        """Count: a GM's choice offered; the choice: the roll counted."""
        if not control.choice:
            async with self._wrapper.answering(interaction, Answering(
                    "component:result-count", "component", ephemeral=True)) as responder:
                member = member_of(interaction)
                await self._endeavors.may_count(member)
                running = await self._endeavors.running(interaction.channel_id)
                roll = await self._table.show(control.roll_id, member)
                whose = (escape(roll.character.name) if roll.character is not None
                         else f"<@{roll.roller.user_id}>")
                await responder.message(
                    _("Count {whose}'s roll for {endeavor} as:").format(
                        whose=whose, endeavor=escape(running.endeavor.name)),
                    components=count_choice(roll), ephemeral=True)
            return
        async with self._wrapper.answering(interaction, Answering(
                "component:result-count-as", "component", ephemeral=True)) as responder:
            member = member_of(interaction)
            await self._endeavors.may_count(member)
            how = how_of((interaction.values or [""])[0], control.roll_id)
            if how is None:
                raise EndeavorError("count it as a success, a success ×2 or a failure")
            roll = await self._table.show(control.roll_id, member)
            counted = await self._endeavors.count_roll(member, interaction.channel_id, roll,
                                                       how)
            await edit_endeavor_card(interaction.app.rest, counted)
            await responder.message(counted_text(counted.endeavor), ephemeral=True)
