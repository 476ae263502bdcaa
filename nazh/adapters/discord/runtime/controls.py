"""Custom ids of Nazh's components: ``nz1:<kind>:...`` (1-100 chars), what a click needs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from nazh.presentation.chat import DiscordLimits

# The second part, the kind, names the feature that owns it (:mod:`nazh.adapters.discord.features`);
# each feature keeps its codec beside it. Anything that does not decode is None.
PREFIX = "nz1"


MAX_CUSTOM_ID = DiscordLimits.CUSTOM_ID


DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"
MAX_SNOWFLAKE = 2**63 - 1
"""The largest Discord id (a signed 64-bit integer, as SQL keeps it): a forged id above it
is malformed."""


def parts_of(custom_id: str) -> list[str] | None:
    """The parts of one of Nazh's custom ids (``None``: not one, or too long)."""
    parts = custom_id.split(":")
    if len(parts) < 3 or parts[0] != PREFIX or len(custom_id) > MAX_CUSTOM_ID:
        return None
    return parts


@dataclass(frozen=True, slots=True)
class Codec:
    """A feature's custom ids: its kinds, how one decodes (``None``: malformed), and forms too?"""

    kinds: frozenset[str]
    decode: Callable[[list[str]], object | None]
    forms: bool = False


C = TypeVar("C")


def roll_id_decoder(control: Callable[[str], C]) -> Callable[[list[str]], C | None]:
    """The decoder of a result's control ``nz1:<kind>:<roll id>``: ``control(roll_id)``."""
    def decode(parts: list[str]) -> C | None:
        return control(parts[2]) if len(parts) == 3 and parts[2] else None
    return decode


def id_of(digits: str) -> int | None:
    """The Discord id ``base36`` wrote as ``digits`` (``None``: malformed, or past any id)."""
    if not 0 < len(digits) <= 13 or any(c not in DIGITS for c in digits):
        return None
    value = int(digits, 36)  # 13 digits reach ~1.7e20: past a Discord id, and SQL's INTEGER
    return value if value <= MAX_SNOWFLAKE else None


def base36(number: int) -> str:
    digits = ""
    while True:
        number, rest = divmod(number, 36)
        digits = DIGITS[rest] + digits
        if not number:
            return digits
