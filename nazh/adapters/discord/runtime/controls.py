"""Custom ids of Nazh's components (1-100 characters): ``nz1:<kind>:...``, what a click needs.

Every id starts with a versioned prefix; the second part names the kind of control, which
names the feature that owns it (the feature table, :mod:`nazh.adapters.discord.features`). Each
feature keeps its own codec beside it (``rolls/result.py``, ``rolls/attack_controls.py``,
``rolls/builder.py``, ``log/history.py``, ``characters/controls.py``). Anything that does not
decode is ``None``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from nazh.presentation.chat import DiscordLimits

PREFIX = "nz1"


MAX_CUSTOM_ID = DiscordLimits.CUSTOM_ID


DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def parts_of(custom_id: str) -> list[str] | None:
    """The parts of one of Nazh's custom ids (``None``: not one, or too long)."""
    parts = custom_id.split(":")
    if len(parts) < 3 or parts[0] != PREFIX or len(custom_id) > MAX_CUSTOM_ID:
        return None
    return parts


@dataclass(frozen=True, slots=True)
class Codec:
    """A feature's custom ids: the kinds (second part) it owns, how to decode one (all its
    parts) into its control (``None`` when malformed), and whether its forms (modals) come
    back to it too, not only clicks."""

    kinds: frozenset[str]
    decode: Callable[[list[str]], object | None]
    forms: bool = False


def base36(number: int) -> str:
    digits = ""
    while True:
        number, rest = divmod(number, 36)
        digits = DIGITS[rest] + digits
        if not number:
            return digits
