"""What a roll made in an encounter says of it: where, the conditions' effects, the action spent."""

from __future__ import annotations

from nazh.application.rolls.terms.encounter import InEncounter
from nazh.presentation.i18n import _

ICON = "⚔️"


def encounter_text(term: InEncounter) -> str:
    """``Ambush · round 2 · Kaladin — Exhausted: -2 · 1 action spent``, as plain text."""
    round_ = _("round {n}").format(n=term.round)
    where = f"{term.encounter or _('Encounter')} · {round_} · {term.combatant}"
    spent = _("1 action spent") if term.action else _("no action spent")
    return f"{where} — " + " · ".join((*term.reasons, spent))
