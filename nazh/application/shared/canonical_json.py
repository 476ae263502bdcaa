"""Canonical JSON: sorted keys, no spaces, UTF-8 as is. The bytes a roll record's hash covers
and the text of every stored JSON column, so they must never change for a value once written.

The reference is Python's ``json.dumps(value, sort_keys=True, separators=(",", ":"),
ensure_ascii=False)``. orjson writes the same bytes, about ten times faster, for every value
made of strings, booleans, null, integers within 64 bits, lists and objects with string keys
(a property test holds them equal). Floats are the exception (``1e+16`` against ``1e16``), so
an encoding that holds a number with a fraction or an exponent is made by the reference
instead, as is anything orjson refuses (a larger integer, a key that is not a string, a lone
surrogate), which then fails or succeeds exactly as before. No Nazh record holds a float;
a NaN or an infinity, which the reference writes as ``NaN`` (not JSON, and refused by
PostgreSQL), comes out as ``null``; a reader checking a stored hash tries the reference too
(:func:`nazh.application.log.chain.chain_hash`).
"""

from __future__ import annotations

import json
import re

import orjson

_OPTIONS = orjson.OPT_SORT_KEYS | orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS
"""Sorted keys; a time or a dataclass is left to the reference (which refuses it)."""
_FLOAT = re.compile(rb"[0-9][.eE]")
"""Where orjson wrote a float (it writes every one with a fraction or an exponent); in a
string this only sends the value to the reference, never changes the bytes."""


def canonical_json(value: object) -> bytes:
    """The canonical JSON of ``value`` (see the module doc).

    Raises:
        TypeError: a value JSON cannot hold.
        ValueError: a string with a lone surrogate (it has no UTF-8).
    """
    fast = _by_orjson(value)
    return reference_json(value) if fast is None else fast


def canonical_text(value: object) -> str:
    """:func:`canonical_json` as text; a lone surrogate is left in it, as the reference's
    ``json.dumps`` leaves it (the database driver refuses it)."""
    fast = _by_orjson(value)
    return _reference_text(value) if fast is None else fast.decode("utf-8")


def _by_orjson(value: object) -> bytes | None:
    """orjson's encoding when it is the reference's bytes; ``None`` when it may not be (a
    float written) or orjson refuses the value."""
    try:
        encoded = orjson.dumps(value, option=_OPTIONS)
    except TypeError:  # orjson.JSONEncodeError too
        return None
    return None if _FLOAT.search(encoded) else encoded


def reference_json(value: object) -> bytes:
    """The reference encoding, Python's own (see the module doc)."""
    return _reference_text(value).encode("utf-8")


def _reference_text(value: object) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
