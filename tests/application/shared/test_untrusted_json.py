"""JSON from outside: its nesting measured before it is parsed, so a deeply nested document is
a clear error and never a RecursionError."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nazh.application.checkpoints.signed import SignedCheckpoint
from nazh.application.shared.files import FileTooLargeError
from nazh.application.shared.json_types import JsonValue
from nazh.application.shared.untrusted_json import (
    MAX_JSON_DEPTH,
    JsonFile,
    JsonTooDeepError,
    UntrustedJsonError,
    check_depth,
    depth,
    json_path,
    loads,
    read_json,
)
from nazh.domain.errors import NazhError
from tests.json_strategies import ANY_JSON, raw_json

TEXT = st.text(alphabet=st.sampled_from('ab[]{}"\\\n é'), max_size=8)
VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=20)


def nesting(value: JsonValue) -> int:
    if isinstance(value, list):
        return 1 + max((nesting(item) for item in value), default=0)
    if isinstance(value, dict):
        return 1 + max((nesting(item) for item in value.values()), default=0)
    return 0


@given(VALUES)
def test_depth_is_the_nesting_of_the_document(value: JsonValue) -> None:
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
    def too_deep(_: str) -> JsonValue:
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


# -- the reader of imported files ----------------------------------------------------------------

RULES = JsonFile(max_bytes=16 * 1024, max_depth=8, hint="see the format", size_hint="split it")
FIVE_THOUSAND = "7" * 5000


def refusal(data: bytes, filename: str | None = "x.json") -> UntrustedJsonError:
    with pytest.raises(UntrustedJsonError) as refused:
        read_json(data, filename, RULES)
    assert refused.value.hint == "see the format"
    return refused.value


@pytest.mark.parametrize(("data", "field", "problem"), [
    (b'{"characters": [{"level": ' + FIVE_THOUSAND.encode() + b"}]}", "characters[0].level",
     "is a whole number of 5000 digits (at most 18)"),
    (b'{"system": {"attributes": {"str": {"value": -' + FIVE_THOUSAND.encode() + b"}}}}",
     "system.attributes.str.value", "is a whole number of 5000 digits (at most 18)"),
    (b'{"a": 1234567890123456789}', "a", "is a whole number of 19 digits (at most 18)"),
    (b'{"a": [1, NaN]}', "a[1]", "is NaN, which is not a number JSON allows"),
    (b'{"a": Infinity}', "a", "is Infinity, which is not a number JSON allows"),
    (b'{"a": -Infinity}', "a", "is -Infinity, which is not a number JSON allows"),
    (b'{"a": 1e999}', "a", "is 1e999, too large for a number"),
    (b'{"a": -1.5e400}', "a", "is -1.5e400, too large for a number"),
    (b'{"a": 0.' + b"1" * 40 + b"}", "a", "is a number written with 42 characters (at most 32)"),
    (b'{"items": [{"type": "\\ud800"}]}', "items[0].type",
     "is text that holds a lone surrogate (\\ud800, character 1), which is not Unicode text"),
    (b'{"skills": {"a\\udfffb": {}}}', 'skills["a\\udfffb"]',
     "is a key that holds a lone surrogate (\\udfff, character 2), which is not Unicode text"),
    (b"NaN", "the document", "is NaN, which is not a number JSON allows"),
    (b'{"a b": {"c.d": [1e999]}}', '["a b"]["c.d"][0]', "is 1e999, too large for a number"),
])
def test_a_value_no_format_holds_is_refused_naming_the_file_and_the_field(
        data: bytes, field: str, problem: str) -> None:
    refused = refusal(data)
    assert (refused.filename, refused.field, refused.problem) == ("x.json", field, problem)
    assert refused.reason == f'file "x.json": {field} {problem}'


def test_a_key_with_a_space_is_quoted_in_the_path() -> None:
    assert json_path(("a b", 0, "ok", 'q"uote', "x" * 50)) == (
        '["a b"][0].ok["q\\"uote"]["' + "x" * 39 + '…"]')
    assert json_path(()) == "the document"


def test_the_first_bad_value_in_the_files_order_is_named() -> None:
    refused = refusal(b'{"a": [1, {"b": NaN}], "c": 1e999}')
    assert refused.field == "a[1].b"


@pytest.mark.parametrize(("data", "problem"), [
    (b'{"a": "\xff"}', "not UTF-8 text (byte 8 is 0xff)"),
    (b"{nope", "not valid JSON (line 1, column 2: Expecting property name enclosed in double "
               "quotes)"),
    (b'{"a": 1,\n "b": }', "not valid JSON (line 2, column 7: Expecting value)"),
    (b"[" * 9 + b"]" * 9, "not valid JSON (nested more than 8 levels deep)"),
])
def test_a_file_that_is_not_json_is_refused_naming_it(data: bytes, problem: str) -> None:
    refused = refusal(data, None)
    assert (refused.field, refused.problem) == (None, problem)
    assert refused.reason == f"the file: {problem}"


def test_a_file_over_its_size_is_refused_before_it_is_read() -> None:
    with pytest.raises(FileTooLargeError) as refused:
        read_json(b"\xff" * (16 * 1024 + 1), "big.json", RULES)
    assert refused.value.reason == 'file "big.json" (17 KiB) is over the 16 KiB limit'
    assert refused.value.hint == "split it"


def test_what_every_format_holds_is_read() -> None:
    data = ('\ufeff{"n": -123456789012345678, "f": -1.7976931348623157e+308, "t": "é 🎲 \\n", '
            '"l": [true, null, 0.5], "k": {"": 1}}').encode()
    assert read_json(data, "x.json", RULES) == {
        "n": -123456789012345678, "f": -1.7976931348623157e+308, "t": "é 🎲 \n",
        "l": [True, None, 0.5], "k": {"": 1}}


@given(ANY_JSON)
def test_any_document_is_read_or_refused_with_a_clear_message(value: JsonValue) -> None:
    data = raw_json(value).encode("utf-8", "surrogatepass")
    reason, document = None, None
    try:
        document = read_json(data, "x.json", JsonFile(max_bytes=1 << 20, max_depth=64))
    except UntrustedJsonError as refused:
        reason = refused.reason
    assert reason is None or reason.startswith('file "x.json": ')
    (reason or "").encode("utf-8")
    assert json.loads(json.dumps(document, allow_nan=False)) == document  # finite, bounded
    json.dumps(document, ensure_ascii=False).encode("utf-8")  # Unicode text only


def test_an_escaped_surrogate_pair_and_an_escaped_backslash_are_text() -> None:
    data = b'{"die": "\\ud83c\\udfb2", "\\\\ud800": "\\\\udfff"}'
    assert read_json(data, "x.json", RULES) == {"die": "🎲", "\\ud800": "\\udfff"}
