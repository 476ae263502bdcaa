"""The Count button on a test's result while an endeavor runs there (``nz1:rcn:<roll id>``)."""

from __future__ import annotations

import hikari

from nazh.adapters.discord.runtime.controls import PREFIX
from nazh.adapters.discord.runtime.offers import OfferButton
from nazh.application.endeavors.roll_handler import COUNT
from nazh.application.rolls.model import RollRecord
from nazh.presentation.i18n import _

COUNT_KIND = "rcn"


def count_control(roll_id: str) -> str:
    """The custom id of a test result's Count button."""
    return f"{PREFIX}:{COUNT_KIND}:{roll_id}"


def add_count_button(row: hikari.api.MessageActionRowBuilder, record: RollRecord) -> None:
    """The Count button of the test ``record`` on ``row``."""
    row.add_interactive_button(hikari.ButtonStyle.SECONDARY, count_control(record.roll_id),
                               label=_("Count"), emoji="🧮")


COUNT_BUTTON = OfferButton(COUNT, add_count_button, gm=True)
"""Count, drawn where a test's result offers it: on its GM panel, counting is a GM's."""
