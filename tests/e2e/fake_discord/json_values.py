"""JSON values in the fake: copies that share nothing with a caller, and encoding to bytes.

``copy.deepcopy`` was a third of the fake's CPU under load (its memo and its dispatch per
object: half a million calls for 1,500 interactions), and the standard library's encoder most of
the rest of a gateway frame; a JSON value needs neither. What orjson refuses (a lone surrogate,
an integer beyond 64 bits) is encoded by the standard library as before, and anything that is
not a dict, a list or a JSON scalar is still copied by ``deepcopy``.
"""

from __future__ import annotations

import copy
import json
from typing import TypeVar, cast

import orjson

_T = TypeVar("_T")
_SCALARS = frozenset({str, int, float, bool, type(None)})


def json_copy(value: _T) -> _T:
    """A deep copy of ``value``: dicts and lists copied, JSON scalars shared (they are
    immutable), anything else through ``copy.deepcopy``."""
    kind = type(value)
    if kind is dict:
        items = cast("dict[object, object]", value).items()
        return cast(_T, {key: item if type(item) in _SCALARS else json_copy(item)
                         for key, item in items})
    if kind is list:
        return cast(_T, [item if type(item) in _SCALARS else json_copy(item)
                         for item in cast("list[object]", value)])
    if kind in _SCALARS:
        return value
    return copy.deepcopy(value)


def json_bytes(value: object) -> bytes:
    """``value`` as compact JSON text in UTF-8 (orjson; the standard library for what orjson
    refuses, with non-ASCII characters escaped as it escapes them)."""
    try:
        return orjson.dumps(value)
    except TypeError:  # orjson.JSONEncodeError: a lone surrogate, an integer over 64 bits
        return json.dumps(value, separators=(",", ":")).encode()

