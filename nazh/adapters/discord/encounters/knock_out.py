"""Knock out, on an attack's result that defeated an enemy (``nz1:rko:<roll id>``): once, by the
attacker's player or a GM; the target falls Unconscious instead and its Injury button follows."""

from __future__ import annotations

from dataclasses import dataclass

import hikari

from nazh.adapters.discord.encounters.injury_controls import AttackResultControls
from nazh.adapters.discord.runtime.controls import PREFIX, Codec, roll_id_decoder
from nazh.adapters.discord.runtime.members import member_of
from nazh.adapters.discord.runtime.offers import OfferButton
from nazh.adapters.discord.runtime.wrapper import Answering
from nazh.application.encounters.roll_handler import KNOCK_OUT
from nazh.application.rolls.access import Act
from nazh.application.rolls.model import RollRecord
from nazh.application.rolls.terms.encounter import ENCOUNTER
from nazh.application.rolls.terms.target import TARGET
from nazh.presentation.chat import shown
from nazh.presentation.i18n import _

KNOCK_OUT_KIND = "rko"


@dataclass(frozen=True, slots=True)
class KnockOutControl:
    """Knock out, on the result of the attack ``roll_id``."""

    roll_id: str


def knock_out_control(roll_id: str) -> str:
    """The custom id of an attack result's Knock out."""
    return f"{PREFIX}:{KNOCK_OUT_KIND}:{roll_id}"


CODEC = Codec(frozenset({KNOCK_OUT_KIND}), roll_id_decoder(KnockOutControl))
"""Knock out, on an attack's result."""


def add_knock_out_button(row: hikari.api.MessageActionRowBuilder, record: RollRecord) -> None:
    """Knock out on ``row`` (offered while the enemy the attack defeated may be spared)."""
    row.add_interactive_button(hikari.ButtonStyle.SECONDARY, knock_out_control(record.roll_id),
                               label=_("Knock out instead"), emoji="💫")


KNOCK_OUT_BUTTON = OfferButton(KNOCK_OUT, add_knock_out_button)
"""Knock out, drawn where an attack's result offers it."""


class KnockOuts(AttackResultControls):
    """Knock out clicked on an attack's result."""

    async def on_control(self, interaction: hikari.ComponentInteraction,
                         control: KnockOutControl) -> None:
        """The target knocked out, said to the table; the result's buttons drawn again."""
        answering = Answering("component:knock-out", "component")
        async with self._wrapper.answering(interaction, answering) as responder:
            member = member_of(interaction)
            attack = await self._table.acted_on(control.roll_id, member, Act.VIEW)
            changed = await self._acts.knock_out(member, attack)
            target, term = attack.term(TARGET), attack.term(ENCOUNTER)
            name = shown("" if target is None else target.combatant, 64)
            if changed.repeated:
                await responder.message(_("{name} is already knocked out.").format(
                    name=f"**{name}**"), ephemeral=True)
                return
            dealer = shown("" if term is None else term.combatant, 64)
            await responder.message("💫 " + _(
                "{dealer} knocks {name} out: Unconscious, not dead. Its injury: the Injury "
                "button on the attack.").format(dealer=f"**{dealer}**", name=f"**{name}**"))
            await self._redrawn(interaction, attack)
