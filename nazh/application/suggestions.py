"""Suggestions for the pool a player is typing (autocomplete)."""

from __future__ import annotations

from nazh.domain.errors import NazhError
from nazh.domain.notation import parse_roll

COMMON_ROLLS = (
    "1d20", "a1d20", "d1d20", "1d20, p", "a1d20, p", "1d20, ap", "1d20, dp",
    "1d20+5", "a1d20+5, 2d6+3", "2d4", "2d6", "1d8", "1d10", "1d12", "1d100", "4d6",
)
MAX_SUGGESTIONS = 25
MAX_VALUE_LENGTH = 100


def suggest_rolls(typed: str, known: tuple[str, ...] = ()) -> list[str]:
    """What the player typed (when valid, with and without a plot die), then the known rolls
    (e.g. theirs) and the common ones that start with it; at most 25, each at most 100 chars."""
    typed = typed.strip()
    suggestions: list[str] = []
    if typed and _valid(typed):
        suggestions.append(typed)
        with_plot = f"{typed}, p"
        if "p" not in typed.lower() and _valid(with_plot):
            suggestions.append(with_plot)
    prefix = typed.lower()
    suggestions += [roll for roll in (*known, *COMMON_ROLLS) if roll.lower().startswith(prefix)]
    unique = list(dict.fromkeys(s for s in suggestions if len(s) <= MAX_VALUE_LENGTH))
    return unique[:MAX_SUGGESTIONS]


def _valid(notation: str) -> bool:
    try:
        parse_roll(notation)
    except NazhError:
        return False
    return True
