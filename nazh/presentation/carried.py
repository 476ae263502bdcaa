"""How an advantage or a disadvantage carried into a test from an earlier roll reads."""

from __future__ import annotations

from nazh.application.rolls.terms.carried import CarriedIn
from nazh.domain.spec import DieMode

ICON = {DieMode.ADVANTAGE: "⬆️", DieMode.DISADVANTAGE: "⬇️"}


def carried_text(one: CarriedIn) -> str:
    """``Advantage from Kaladin's Opportunity (roll k3v9x0q2md)``."""
    word = "Advantage" if one.mode is DieMode.ADVANTAGE else "Disadvantage"
    return f"{word} from {one.why}"
