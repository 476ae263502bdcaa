"""The Injury button on an attack's result (``nz1:rin:<roll id>``) while its injury is unrolled."""

from __future__ import annotations

from dataclasses import dataclass

import hikari

from nazh.adapters.discord.runtime.controls import PREFIX, Codec, roll_id_decoder
from nazh.adapters.discord.runtime.offers import OfferButton
from nazh.application.encounters.roll_handler import INJURY
from nazh.application.rolls.model import RollRecord
from nazh.presentation.i18n import _

INJURY_KIND = "rin"


@dataclass(frozen=True, slots=True)
class InjuryControl:
    """Injury on the result of the attack ``roll_id``."""

    roll_id: str


def injury_control(roll_id: str) -> str:
    """The custom id of an attack result's Injury button."""
    return f"{PREFIX}:{INJURY_KIND}:{roll_id}"


CODEC = Codec(frozenset({INJURY_KIND}), roll_id_decoder(InjuryControl))
"""The Injury button on an attack's result."""


def add_injury_button(row: hikari.api.MessageActionRowBuilder, record: RollRecord) -> None:
    """The Injury button of the attack ``record`` on ``row``."""
    row.add_interactive_button(hikari.ButtonStyle.DANGER, injury_control(record.roll_id),
                               label=_("Injury"), emoji="🩸")


INJURY_BUTTON = OfferButton(INJURY, add_injury_button)
"""The Injury button, drawn where an attack's result offers it."""
