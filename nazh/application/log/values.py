"""Checked reads of stored values (a record's fields, a roll's terms)."""

from __future__ import annotations

from nazh.application.shared.json_types import JsonValue


def text(value: JsonValue) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected text, got {type(value).__name__}")
    return value


def integer(value: JsonValue) -> int:
    """``value``, when it is an integer, not a boolean (else TypeError)."""
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"expected an integer, got {type(value).__name__}")
    return value


def optional_integer(value: JsonValue) -> int | None:
    """``value``, when it is an integer or ``None`` (else TypeError)."""
    return None if value is None else integer(value)


def optional_text(value: JsonValue) -> str | None:
    return None if value is None else text(value)
