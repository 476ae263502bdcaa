"""The controls a roll's result offers for other features (the Injury button, Count, giving
back an action): each feature draws its own, under the name of the offer its handler grants
(:class:`~nazh.application.rolls.model.Offers`), and the result draws those granted."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import hikari

from nazh.application.rolls.model import RollRecord


@dataclass(frozen=True, slots=True)
class OfferButton:
    """How the offer ``name`` is drawn on a result's first row."""

    name: str
    draw: Callable[[hikari.api.MessageActionRowBuilder, RollRecord], None]
