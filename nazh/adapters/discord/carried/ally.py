"""Choose the ally, on a result whose Opportunity was spent on "Aid an Ally": the roller picks a
player, whose active character's next test gains an advantage (``nz1:cal:<roll id>``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Self

import hikari

from nazh.adapters.discord.runtime.controls import MAX_SNOWFLAKE, PREFIX, Codec
from nazh.adapters.discord.runtime.dependencies import Dependencies
from nazh.adapters.discord.runtime.members import member_of
from nazh.adapters.discord.runtime.offers import OfferButton
from nazh.adapters.discord.runtime.wrapper import Answering, InteractionWrapper
from nazh.application.carried.roll_handler import ALLY
from nazh.application.carried.use_cases import CarriedAllies
from nazh.application.rolls.model import RollRecord
from nazh.domain.errors import RollStateError
from nazh.presentation.chat import escape
from nazh.presentation.i18n import N_, _

# nz1:cal:<roll id> is the result's button; nz1:cal:<roll id>:who the select of a player it opens
# to the roller alone
ALLY_KIND = "cal"
WHO = "who"


@dataclass(frozen=True, slots=True)
class AllyControl:
    """Choose the ally of ``roll_id``: the button (``choice`` false) or its select of a player."""

    roll_id: str
    choice: bool = False


def ally_control(roll_id: str, *, choice: bool = False) -> str:
    """The custom id of the result's Choose the ally (``choice``: the select it opens)."""
    return f"{PREFIX}:{ALLY_KIND}:{roll_id}" + (f":{WHO}" if choice else "")


def _decode(parts: list[str]) -> AllyControl | None:
    if len(parts) == 3 and parts[2]:
        return AllyControl(parts[2])
    if len(parts) == 4 and parts[2] and parts[3] == WHO:
        return AllyControl(parts[2], choice=True)
    return None


CODEC = Codec(frozenset({ALLY_KIND}), _decode)
"""Choose the ally and its select."""


def add_ally_button(row: hikari.api.MessageActionRowBuilder, record: RollRecord) -> None:
    """Choose the ally, on ``record``'s result."""
    row.add_interactive_button(hikari.ButtonStyle.PRIMARY, ally_control(record.roll_id),
                               label=_("Choose the ally"), emoji="🤝")


ALLY_BUTTON = OfferButton(ALLY, add_ally_button)
"""Choose the ally, drawn while an Opportunity spent on an ally has none."""


def ally_choice(roll_id: str) -> list[hikari.api.ComponentBuilder]:
    """The select of the player whose next test gains the advantage."""
    row = hikari.impl.MessageActionRowBuilder()
    row.add_select_menu(hikari.ComponentType.USER_SELECT_MENU, ally_control(roll_id, choice=True),
                        placeholder=_("The ally whose next test gains an advantage"),
                        min_values=1, max_values=1)
    return [row]


class CarriedFeature:
    """Choose the ally, and the choice."""

    def __init__(self, carried: CarriedAllies, wrapper: InteractionWrapper) -> None:
        self._carried = carried
        self._wrapper = wrapper

    @classmethod
    def build(cls, deps: Dependencies) -> Self:
        """The control, from the carried dice' use case."""
        return cls(deps.carried, deps.wrapper)

    async def on_control(self, interaction: hikari.ComponentInteraction,
                         control: AllyControl) -> None:
        """The button: the roller's select of a player; the select: the advantage carried."""
        name = "component:ally-choice" if control.choice else "component:ally"
        async with self._wrapper.answering(interaction, Answering(
                name, "component", ephemeral=True)) as responder:
            member = member_of(interaction)
            if not control.choice:
                await self._carried.owed(control.roll_id, member)
                await responder.message(_("Whose next test gains the advantage?"),
                                        components=ally_choice(control.roll_id),
                                        ephemeral=True)
                return
            chosen = user_id_of((interaction.values or [""])[0])
            if chosen is None:
                raise RollStateError(N_("choose a player of this server"))
            die = await self._carried.give(control.roll_id, member, chosen)
            await responder.message("🤝 " + _("{name}'s next test gains an advantage ({why}).")
                                    .format(name=escape(die.name), why=escape(die.why)),
                                    ephemeral=True)


def user_id_of(value: str) -> int | None:
    """The user id a USER select's ``value`` names (``None``: none, e.g. a forged value)."""
    # ASCII digits only: '²' is a digit to isdigit() but not to int(); and at most 19 of them,
    # within 2**63 - 1, before any int() (20 digits overflow SQLite's INTEGER)
    if not value.isascii() or not value.isdigit() or len(value) > len(str(MAX_SNOWFLAKE)):
        return None
    number = int(value)
    return number if number <= MAX_SNOWFLAKE else None
