"""What a roll made in an encounter says of it: the encounter, round and combatant, what the
combatant's conditions did to the roll, and the action it spent."""

from __future__ import annotations

from nazh.application.rolls.terms.encounter import InEncounter

ICON = "⚔️"


def encounter_text(term: InEncounter) -> str:
    """``Ambush · round 2 · Kaladin — Exhausted: -2 · Restrained: disadvantage · 1 action
    spent`` (an unnamed encounter: ``Encounter``), as plain text."""
    where = f"{term.encounter or 'Encounter'} · round {term.round} · {term.combatant}"
    spent = "1 action spent" if term.action else "no action spent (not its turn, or none left)"
    return f"{where} — " + " · ".join((*term.reasons, spent))
