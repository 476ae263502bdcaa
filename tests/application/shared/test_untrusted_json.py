"""JSON from outside: its nesting measured before it is parsed, so a deeply nested document is
a clear error and never a RecursionError."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nazh.application.checkpoints.signed import SignedCheckpoint
from nazh.application.shared.untrusted_json import (
    MAX_JSON_DEPTH,
    JsonTooDeepError,
    check_depth,
    depth,
    loads,
)
from nazh.domain.errors import NazhError

TEXT = st.text(alphabet=st.sampled_from('ab[]{}"\\\n é'), max_size=8)
VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=20)


def nesting(value: Any) -> int:
    if isinstance(value, list):
        return 1 + max((nesting(item) for item in value), default=0)
    if isinstance(value, dict):
        return 1 + max((nesting(item) for item in value.values()), default=0)
    return 0


@given(VALUES)
def test_depth_is_the_nesting_of_the_document(value: Any) -> None:
    for text in (json.dumps(value), json.dumps(value, ensure_ascii=False, indent=1)):
        assert depth(text) == nesting(value)
        assert loads(text) == value


@pytest.mark.parametrize(("text", "expected"), [
    ('"[[[["', 0),
    ('["\\"[[", {"a\\\\": [[]]}]', 4),
    ('{"k": "\\\\"}', 1),
    ("[1, [2, [3]], [4]]", 3),
    ('"unterminated [[[[', 0),
])
def test_brackets_inside_strings_do_not_count(text: str, expected: int) -> None:
    assert depth(text) == expected


def test_a_document_as_deep_as_the_limit_is_parsed() -> None:
    text = "[" * MAX_JSON_DEPTH + "]" * MAX_JSON_DEPTH
    assert nesting(loads(text)) == MAX_JSON_DEPTH


@pytest.mark.parametrize("text", [
    "[" * (MAX_JSON_DEPTH + 1) + "]" * (MAX_JSON_DEPTH + 1),
    '{"a": ' * 100_000 + "1" + "}" * 100_000,
    "[" * 1_000_000,  # not even closed
])
def test_a_deeper_document_is_refused_before_it_is_parsed(text: str) -> None:
    with pytest.raises(JsonTooDeepError) as refused:
        loads(text)
    assert refused.value.reason == f"nested more than {MAX_JSON_DEPTH} levels deep"
    assert isinstance(refused.value, NazhError)
    assert isinstance(refused.value, ValueError)  # refused wherever malformed JSON is


def test_a_limit_of_ones_own() -> None:
    check_depth("[[[]]]", 3)
    with pytest.raises(JsonTooDeepError, match="nested more than 2 levels deep"):
        check_depth("[[[]]]", 2)


def test_a_recursion_error_of_the_parser_becomes_the_same_error(
        monkeypatch: pytest.MonkeyPatch) -> None:
    def too_deep(_: str) -> Any:
        raise RecursionError

    monkeypatch.setattr(json, "loads", too_deep)
    with pytest.raises(JsonTooDeepError):
        loads("[]")


DEEP = "[" * 100_000 + "]" * 100_000


def test_a_deep_checkpoint_line_is_not_a_checkpoint() -> None:
    with pytest.raises(ValueError, match=r"not a checkpoint \(JsonTooDeepError\)"):
        SignedCheckpoint.parse(DEEP)
    with pytest.raises(ValueError, match=r"not a checkpoint \(AttributeError\)"):
        SignedCheckpoint.parse("[]")
