"""Reading one entry of an imported character file: each value's type and range checked."""

from __future__ import annotations

from nazh.application.shared.json_types import JsonArray, JsonObject, JsonValue
from nazh.domain.errors import NazhError, printable

MAX_SHOWN = 40
"""How much of a value from the file a message shows."""


class EntryError(NazhError):
    """An imported entry holds a value Nazh cannot take (the message names the field)."""


def shown(value: JsonValue) -> str:
    """A value from the file as a message shows it: JSON's words, text quoted and shortened."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        cut = value if len(value) <= MAX_SHOWN else value[:MAX_SHOWN - 1] + "…"
        return repr(printable(cut))
    if isinstance(value, int | float):
        return str(value)[:MAX_SHOWN]
    return "a list" if isinstance(value, list) else "an object"


def whole(value: JsonValue, what: str, low: int, high: int) -> int:
    """A whole number from ``low`` to ``high`` (``true`` and ``1.0`` are not)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise EntryError(f"{what} is a whole number (got {shown(value)})")
    if not low <= value <= high:
        raise EntryError(f"{what} is {low} to {high} (got {shown(value)})")
    return value


def maybe_whole(value: JsonValue, what: str, low: int, high: int) -> int | None:
    return None if value is None else whole(value, what, low, high)


def text(value: JsonValue, what: str, limit: int) -> str:
    """Text of at most ``limit`` characters (checked before anything else reads it)."""
    if not isinstance(value, str):
        raise EntryError(f"{what} is text (got {shown(value)})")
    if len(value) > limit:
        raise EntryError(f"{what} has at most {limit} characters (got {len(value)})")
    return value


def flag(value: JsonValue, what: str) -> bool:
    if not isinstance(value, bool):
        raise EntryError(f"{what} is true or false (got {shown(value)})")
    return value


def mapping(value: JsonValue, what: str) -> JsonObject:
    if not isinstance(value, dict):
        raise EntryError(f"{what} is an object (got {shown(value)})")
    return value


def listed(value: JsonValue, what: str, limit: int) -> JsonArray:
    """A JSON array of at most ``limit`` items."""
    if not isinstance(value, list):
        raise EntryError(f"{what} is a list (got {shown(value)})")
    if len(value) > limit:
        raise EntryError(f"{what} has at most {limit} items (got {len(value)})")
    return value


def only(entry: JsonObject, fields: tuple[str, ...], what: str) -> None:
    """Refuse a field ``entry`` should not have (a misspelt one would be lost silently)."""
    unknown = [key for key in entry if key not in fields]
    if unknown:
        raise EntryError(f"{what} has no field {shown(unknown[0])}",
                         hint="its fields: " + ", ".join(fields))
