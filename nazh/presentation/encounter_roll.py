"""What a roll made in an encounter says of it: where, the conditions' effects, the action spent."""

from __future__ import annotations

from nazh.application.rolls.terms.encounter import InEncounter

ICON = "⚔️"


def encounter_text(term: InEncounter) -> str:
    """``Ambush · round 2 · Kaladin — Exhausted: -2 · 1 action spent``, as plain text."""
    where = f"{term.encounter or 'Encounter'} · round {term.round} · {term.combatant}"
    spent = "1 action spent" if term.action else "no action spent"
    return f"{where} — " + " · ".join((*term.reasons, spent))
