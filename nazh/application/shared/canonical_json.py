"""Canonical JSON: sorted keys, no spaces, UTF-8 as is. The bytes a roll record's hash covers
and the text of every stored JSON column, so they must never change for a value once written.

The reference is Python's ``json.dumps(value, sort_keys=True, separators=(",", ":"),
ensure_ascii=False)``. orjson writes the same bytes, about ten times faster, for every value
made of strings, booleans, null, integers within 64 bits, lists and objects with string keys
(a property test holds them equal). Floats are the exception (``1e+16`` against ``1e16``,
``1e-05`` against ``0.00001``), so an encoding that holds a number with a fraction or an
exponent outside its strings is made by the reference instead, as is anything orjson
refuses (a larger integer, a key that is not a string, a lone surrogate), which then fails
or succeeds exactly as before. (A record's strings hold dots after digits, a time's seconds
and an entry id, and keep the fast path.) No Nazh record holds a float;
a NaN or an infinity, which the reference writes as ``NaN`` (not JSON, and refused by
PostgreSQL), comes out as ``null``; a reader checking a stored hash tries the reference too
(:func:`nazh.application.log.chain.chain_hash`).
"""

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
_WIDE = b"0" * 20
_WIDE_NEGATIVE = b"-" + b"0" * 19
"""Where orjson may read a number differently from ``json.loads``, once digits are marked as
``0`` (:data:`_MARKED`): past 64 bits it makes a float (20 digits or more; negative, 19 or
more), left to ``json.loads`` (as are such digits in a string). Discord's ids (17-19 digits,
below 2**63) are read the same by both. Two substring searches: a regular expression for them
took longer than orjson's whole read."""
_BEFORE_A_VALUE = frozenset(b":[,")
"""What comes before a value in orjson's compact output (or nothing, at the start)."""


def canonical_json(value: object) -> bytes:
    """The canonical JSON of ``value`` (see the module doc).

    Raises:
        TypeError: a value JSON cannot hold.
        ValueError: a string with a lone surrogate (it has no UTF-8).
    """
    fast = fast_json(value)
    return reference_json(value) if fast is None else fast


def canonical_text(value: object) -> str:
    """:func:`canonical_json` as text; a lone surrogate is left in it, as the reference's
    ``json.dumps`` leaves it (the database driver refuses it)."""
    fast = fast_json(value)
    return _reference_text(value) if fast is None else fast.decode("utf-8")


def fast_json(value: object) -> bytes | None:
    """orjson's encoding when it is the reference's bytes (:func:`canonical_json`'s fast
    path); ``None`` when it may not be (a float written) or orjson refuses the value.

    Args:
        value: What to encode.
    """
    try:
        encoded = orjson.dumps(value, option=_OPTIONS)
    except TypeError:  # orjson.JSONEncodeError too
        return None
    return None if _holds_float(encoded) else encoded


def _holds_float(encoded: bytes) -> bool:
    """Whether orjson's ``encoded`` holds a float: a number token with a fraction or an
    exponent where a value begins (after ``:``, ``[`` or ``,``). orjson writes every float so;
    a string holding one (``"x:1.5,"``) only sends its value to the reference. A record's
    strings hold a dot after digits (a time's seconds, an entry id) but not as a whole token,
    so they keep the fast path. With its digits written as ``0`` and ``E`` as ``e``, each
    digit followed by a dot or an exponent is found in C and checked where it stands."""
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
    """The canonical JSON of ``moment.isoformat()`` for a time in UTC, written by orjson from
    the time itself (its RFC 3339 is the ISO text: a property test holds them equal), at a
    fifth of the cost of ``isoformat``; ``None`` for any other time (another zone, no zone, a
    subclass).

    Args:
        moment: The time.
    """
    if type(moment) is not datetime or moment.tzinfo is not UTC:
        return None
    return orjson.dumps(moment)


def read_canonical(encoded: bytes) -> object:
    """The value a canonical encoding this process made holds (a kept roll's line), read by
    orjson, at a fifth of the cost of ``json.loads``, where it reads what ``json.loads`` reads:
    everywhere but an integer past 64 bits (which it makes a float: see :data:`_WIDE`) and what
    it refuses (a lone surrogate, which ``json.loads`` reads as it was written), both read by
    ``json.loads`` instead.

    Raises:
        ValueError: not JSON (as ``json.loads``).
    """
    marked = encoded.translate(_MARKED)
    if _WIDE not in marked and _WIDE_NEGATIVE not in marked:
        try:
            return orjson.loads(encoded)
        except orjson.JSONDecodeError:
            pass
    return json.loads(encoded)


def reference_json(value: object) -> bytes:
    """The reference encoding, Python's own (see the module doc)."""
    return _reference_text(value).encode("utf-8")


def _reference_text(value: object) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
