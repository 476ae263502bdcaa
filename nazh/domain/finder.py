"""Finding dice notations in free text (a chat message): ``I attack! a1d20+5, 2d6+3 vs 14``."""

from __future__ import annotations

import re

from nazh.domain.errors import NazhError
from nazh.domain.notation import parse_roll

MAX_SCANNED = 4000  # characters looked at (Discord's longest message)
MAX_FOUND = 25  # a select menu's options

_DICE = r"[adp]{0,20}\d{0,3}d\d{1,6}(?:\s*[+-]\s*\d{1,6})?"
_ANY = rf"(?:{_DICE}|[ad]?p)"
_ROLL = re.compile(rf"(?<![\w@#:/.]){_DICE}(?:\s*,\s*{_ANY}){{0,9}}(?![\w])", re.IGNORECASE)
_SPACES = re.compile(r"\s+")


def find_rolls(text: str, limit: int = MAX_FOUND) -> list[str]:
    """The rolls written in ``text`` that could be rolled, normalized, first seen first."""
    # a candidate starts with a dice pool, then pools or plot dice; parsed with the full rules
    found: list[str] = []
    for match in _ROLL.finditer(text[:MAX_SCANNED]):
        pools = [_SPACES.sub("", part) for part in match.group(0).split(",")]
        candidate = ", ".join(pool.lower() for pool in pools if pool)
        try:
            parse_roll(candidate)
        except NazhError:
            continue
        if candidate not in found:
            found.append(candidate)
        if len(found) >= limit:
            break
    return found
