"""Canonical JSON (sorted keys, no spaces, UTF-8 as is): what a record's hash covers and every
stored JSON column holds, never to change. orjson writes the reference's bytes (``json.dumps``)
ten times faster (a property test holds them equal), except floats: left to the reference."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

import orjson

_OPTIONS = orjson.OPT_SORT_KEYS | orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS
"""Sorted keys; a time or a dataclass is left to the reference (which refuses it)."""
_NUMBER = re.compile(rb"-?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?(?:[,\]}]|\Z)")
"""A whole number token, from its first character to the one after it."""
_MARKED = bytes.maketrans(b"123456789E", b"000000000e")
"""Digits as ``0``, ``E`` as ``e``: a fraction or an exponent is then one of two marks."""
# 20 digits or more (negative: 19); Discord's ids (17-19 digits, below 2**63) read the same. Two
# substring searches: a regular expression took longer than orjson's whole read.
_WIDE = b"0" * 20
_WIDE_NEGATIVE = b"-" + b"0" * 19
"""Where orjson may read a number unlike ``json.loads`` once digits are ``0``: past 64 bits."""
_BEFORE_A_VALUE = frozenset(b":[,")
"""What comes before a value in orjson's compact output (or nothing, at the start)."""


def canonical_json(value: object) -> bytes:
    """The canonical JSON of ``value`` (TypeError, ValueError: JSON cannot hold it)."""
    fast = fast_json(value)
    return reference_json(value) if fast is None else fast


def canonical_text(value: object) -> str:
    """:func:`canonical_json` as text; a lone surrogate is left in, as the reference leaves it."""
    fast = fast_json(value)
    return _reference_text(value) if fast is None else fast.decode("utf-8")


def fast_json(value: object) -> bytes | None:
    """orjson's encoding when it is the reference's bytes (``None``: a float, or orjson refuses)."""
    # NaN and infinity come out as null (the reference writes NaN: not JSON, refused by
    # PostgreSQL); no record holds a float, and a stored hash is checked by the reference too
    try:
        encoded = orjson.dumps(value, option=_OPTIONS)
    except TypeError:  # orjson.JSONEncodeError too
        return None
    return None if _holds_float(encoded) else encoded


def _holds_float(encoded: bytes) -> bool:
    """Whether orjson's ``encoded`` holds a float: a number token with a fraction or an exponent."""
    # A string holding one ("x:1.5,") only sends its value to the reference. With digits written as
    # 0 and E as e, each digit before a dot or an exponent is found in C, checked where it stands.
    marked = encoded.translate(_MARKED)
    for mark in (b"0.", b"0e"):
        at = marked.find(mark)
        while at != -1:
            if _number_ends_at(encoded, at):
                return True
            at = marked.find(mark, at + 1)
    return False


def _number_ends_at(encoded: bytes, last: int) -> bool:
    """Whether the digits ending at ``last`` begin a number token where a value begins."""
    if last < 0 or not 0x30 <= encoded[last] <= 0x39:
        return False
    start = last
    while start and 0x30 <= encoded[start - 1] <= 0x39:
        start -= 1
    if start and encoded[start - 1] == 0x2D:  # a minus sign
        start -= 1
    return ((start == 0 or encoded[start - 1] in _BEFORE_A_VALUE)
            and _NUMBER.match(encoded, start) is not None)


def time_json(moment: datetime) -> bytes | None:
    """``moment.isoformat()``'s canonical JSON for a UTC time, by orjson (else ``None``)."""
    # its RFC 3339 is the ISO text (a property test holds them equal), at a fifth of isoformat's
    # cost
    if type(moment) is not datetime or moment.tzinfo is not UTC:
        return None
    return orjson.dumps(moment)


def read_canonical(encoded: bytes) -> object:
    """The value a canonical encoding this process made holds, read by orjson where it can."""
    # a fifth of json.loads's cost; an integer past 64 bits (see _WIDE) or a lone surrogate goes to
    # json.loads
    marked = encoded.translate(_MARKED)
    if _WIDE not in marked and _WIDE_NEGATIVE not in marked:
        try:
            return orjson.loads(encoded)
        except orjson.JSONDecodeError:
            pass
    return json.loads(encoded)


def reference_json(value: object) -> bytes:
    return _reference_text(value).encode("utf-8")


def _reference_text(value: object) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
