"""The controls a result offers for other features, each drawn under its granted offer's name."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import hikari

from nazh.application.rolls.model import RollRecord


@dataclass(frozen=True, slots=True)
class OfferButton:
    """How the offer ``name`` is drawn on a result's first row (``gm``: a GM's, drawn on the
    shared result's 👑 GM panel rather than on the result everyone sees)."""

    name: str
    draw: Callable[[hikari.api.MessageActionRowBuilder, RollRecord], None]
    gm: bool = False
