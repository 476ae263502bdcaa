"""How an advantage or a disadvantage carried into a test from an earlier roll reads."""

from __future__ import annotations

from nazh.application.rolls.terms.carried import CarriedIn
from nazh.domain.spec import DieMode
from nazh.presentation.chat import escape
from nazh.presentation.i18n import _

ICON = {DieMode.ADVANTAGE: "⬆️", DieMode.DISADVANTAGE: "⬇️"}


def carried_text(one: CarriedIn) -> str:
    """``Advantage from Kaladin's Opportunity (roll k3v9x0q2md)``."""
    if one.mode is DieMode.ADVANTAGE:
        return _("Advantage from {why}").format(why=escape(one.why))
    return _("Disadvantage from {why}").format(why=escape(one.why))
