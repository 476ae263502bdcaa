"""Suggestions for the pool a player is typing (autocomplete)."""

from __future__ import annotations

import logging

from nazh.application.history.queries import RollLogQueries
from nazh.application.saved.shelves import SavedRolls
from nazh.domain.errors import NazhError
from nazh.domain.notation import parse_roll

COMMON_ROLLS = (
    "1d20", "a1d20", "d1d20", "1d20, p", "a1d20, p", "1d20, ap", "1d20, dp",
    "1d20+5", "a1d20+5, 2d6+3", "2d4", "2d6", "1d8", "1d10", "1d12", "1d100", "4d6",
)
log = logging.getLogger(__name__)


def suggest_rolls(typed: str, known: tuple[str, ...] = (), *, limit: int = 25,
                  max_length: int = 100) -> list[str]:
    """The typed roll (valid: with and without a plot die), then known and common ones it starts."""
    typed = typed.strip()
    suggestions: list[str] = []
    if typed and _valid(typed):
        suggestions.append(typed)
        with_plot = f"{typed}, p"
        if "p" not in typed.lower() and _valid(with_plot):
            suggestions.append(with_plot)
    prefix = typed.lower()
    suggestions += [roll for roll in (*known, *COMMON_ROLLS) if roll.lower().startswith(prefix)]
    unique = list(dict.fromkeys(s for s in suggestions if len(s) <= max_length))
    return unique[:limit]


def _valid(notation: str) -> bool:
    try:
        parse_roll(notation)
    except NazhError:
        return False
    return True


class Suggestions:
    """Autocomplete for a pool: the typed roll, the user's saved and recent rolls, common ones."""

    def __init__(self, saved: SavedRolls, queries: RollLogQueries) -> None:
        self._saved = saved
        self._queries = queries

    async def __call__(self, typed: str, user_id: int, channel_id: int, *, limit: int = 25,
                       max_length: int = 100, guild_id: int | None = None) -> list[str]:
        """Suggestions for ``typed`` (a failing store only costs the personal ones)."""
        known: list[str] = []
        try:
            known += [f"@{saved.name}" for saved in
                      await self._saved.visible(user_id, channel_id, guild_id)]
            known += await self._queries.recent_notations(channel_id, user_id)
        except Exception:
            log.warning("personal suggestions unavailable", exc_info=True)
        return suggest_rolls(typed, tuple(known), limit=limit, max_length=max_length)
