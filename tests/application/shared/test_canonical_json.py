"""Canonical JSON: orjson's bytes are the reference's (Python's ``json``) for every value, or
the reference is used; what the reference refuses is refused the same way."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nazh.application.shared.canonical_json import (
    canonical_json,
    canonical_text,
    fast_json,
    read_canonical,
    reference_json,
)

TEXT = st.text(st.characters(exclude_categories=["Cs"]))
"""Any text that has UTF-8: control characters, quotes, backslashes, astral planes."""
INTEGERS = st.integers(-(2**63), 2**64 - 1) | st.integers(min_value=2**64, max_value=10**40)
FLOATS = st.floats(allow_nan=False, allow_infinity=False)


def values(scalars: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
    """Nested JSON values built from ``scalars``."""
    return st.recursive(scalars, lambda inner: st.lists(inner, max_size=6)
                        | st.dictionaries(TEXT, inner, max_size=6), max_leaves=30)


def python_json(value: object) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


@settings(max_examples=500)
@given(values(st.none() | st.booleans() | INTEGERS | TEXT))
def test_every_value_without_floats_encodes_to_the_references_bytes(value: object) -> None:
    assert canonical_json(value) == python_json(value).encode("utf-8") == reference_json(value)
    assert canonical_text(value) == python_json(value)


@settings(max_examples=300)
@given(values(st.none() | INTEGERS | FLOATS | TEXT))
def test_a_value_with_floats_encodes_as_the_reference_does(value: object) -> None:
    assert canonical_json(value) == python_json(value).encode("utf-8")
    assert canonical_text(value) == python_json(value)


@pytest.mark.parametrize("value", [1e16, -0.0, 1e-05, 0.1, 123456789.5, {"x": [2.5e-300]}])
def test_the_floats_orjson_writes_otherwise_are_written_as_the_reference_does(
        value: object) -> None:
    assert canonical_json(value) == python_json(value).encode("utf-8")


@pytest.mark.parametrize("value", [{1: "a", 2: "b"}, 2**70, [-(2**64)], {"deep": 10**39}])
def test_what_orjson_refuses_is_encoded_by_the_reference(value: object) -> None:
    assert canonical_json(value) == python_json(value).encode("utf-8")


def test_a_lone_surrogate_is_refused_as_bytes_and_kept_as_text_as_before() -> None:
    value = {"label": "a\ud800b"}
    with pytest.raises(UnicodeEncodeError):
        canonical_json(value)
    assert canonical_text(value) == python_json(value)


@dataclass
class Point:
    x: int


@pytest.mark.parametrize("value", [datetime(2025, 1, 1, tzinfo=UTC), Point(1), {"at": {1j}},
                                   {1: "a", "b": 2}])
def test_what_json_cannot_hold_is_refused_as_the_reference_refuses_it(value: object) -> None:
    with pytest.raises(TypeError):
        python_json(value)
    with pytest.raises(TypeError):
        canonical_json(value)
    with pytest.raises(TypeError):
        canonical_text(value)


def test_a_nan_is_null_where_the_reference_writes_what_json_has_not() -> None:
    assert canonical_json({"x": math.nan}) == b'{"x":null}'
    assert reference_json({"x": math.nan}) == b'{"x":NaN}'


@pytest.mark.parametrize("value", [
    {"at": "2026-11-25T01:02:03.456789+00:00", "entry_id": "0123456789.12", "n": [1, -2]},
    {"label": "Athletics 2.5e3", "nonce": "3e5a0e-7", "time": "12:00:00.5+00:00"},
    {"dice": [[[12, None]], [[3, None]]], "roll_id": "7e10", "version": 10},
])
def test_a_record_whose_strings_hold_dots_and_exponents_keeps_the_fast_path(
        value: object) -> None:
    assert fast_json(value) == python_json(value).encode("utf-8")


@pytest.mark.parametrize("value", [1.5, -0.0, 1e16, [2e-7], {"a": [1, 0.00001]}, {"b": -3.25}])
def test_a_float_where_a_value_begins_is_never_left_to_orjson(value: object) -> None:
    assert fast_json(value) is None


@settings(max_examples=300)
@given(values(st.none() | INTEGERS | FLOATS | TEXT))
def test_orjson_is_trusted_only_with_the_references_bytes(value: object) -> None:
    fast = fast_json(value)
    assert fast is None or fast == python_json(value).encode("utf-8")


# -- reading back what this process encoded ---------------------------------------------------

WIDE = st.integers(min_value=2**64, max_value=10**40) | st.integers(max_value=-(2**63) - 1,
                                                                      min_value=-(10**40))
"""Integers orjson reads as floats."""


def same_json(read: object, expected: object) -> bool:
    """Equal, with every number of the same type (``1 == 1.0``, which a reader must not mix)."""
    if isinstance(expected, dict):
        return (isinstance(read, dict) and read.keys() == expected.keys()
                and all(same_json(read[key], value) for key, value in expected.items()))
    if isinstance(expected, list):
        return (isinstance(read, list) and len(read) == len(expected)
                and all(same_json(a, b) for a, b in zip(read, expected, strict=True)))
    return type(read) is type(expected) and read == expected


@settings(max_examples=500)
@given(values(st.none() | st.booleans() | INTEGERS | WIDE | FLOATS | TEXT))
def test_a_canonical_encoding_reads_back_as_the_standard_library_reads_it(
        value: object) -> None:
    encoded = canonical_json(value)
    assert same_json(read_canonical(encoded), json.loads(encoded))


@pytest.mark.parametrize("encoded", [b"18446744073709551616", b"-9223372036854775809",
                                     b'{"x":[1,100000000000000000000000]}',
                                     b"[-92233720368547758080]"])
def test_an_integer_past_64_bits_reads_back_whole(encoded: bytes) -> None:
    read = read_canonical(encoded)
    assert same_json(read, json.loads(encoded))


@pytest.mark.parametrize("encoded", [b"18446744073709551615", b"-9223372036854775808",
                                     b"[1300000000000000000,623456789012345600]"])
def test_integers_within_64_bits_such_as_discord_ids_read_back_whole(encoded: bytes) -> None:
    assert same_json(read_canonical(encoded), json.loads(encoded))


def test_a_lone_surrogate_reads_back_as_it_was_written() -> None:
    encoded = canonical_text({"label": "\ud800"}).encode("utf-8", "surrogatepass")
    assert read_canonical(encoded) == {"label": "\ud800"}


@pytest.mark.parametrize("encoded", [b"", b"{", b"[1,]", b"nope"])
def test_what_is_not_json_is_refused_as_the_standard_library_refuses_it(encoded: bytes) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 (json.JSONDecodeError is a ValueError)
        read_canonical(encoded)
