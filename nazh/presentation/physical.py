"""How a roll of dice rolled at the table says so: on its result, in /history and /verify, in
a session's recap and journal."""

from __future__ import annotations

from nazh.application.rolls.terms.physical import TableFaces

ICON = "🎲"
WORD = "physical"
"""How a list or a card marks such a roll."""
SHOWN_FACES = 30
"""The faces a result lists at most (a roll has up to 202)."""


def physical_text(term: TableFaces) -> str:
    """``Physical dice, rolled at the table: 17, 5``."""
    faces = ", ".join(str(face) for face in term.faces[:SHOWN_FACES])
    more = len(term.faces) - SHOWN_FACES
    return f"Physical dice, rolled at the table: {faces}" + (f" and {more} more" if more > 0
                                                              else "")
