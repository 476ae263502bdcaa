"""Reading one entry of an imported character file: each reader gives back the value it allows
and refuses anything else with a message naming the field and what it holds."""

from __future__ import annotations

import pytest

from nazh.application.characters.reading import (
    EntryError,
    flag,
    listed,
    mapping,
    maybe_whole,
    only,
    shown,
    text,
    whole,
)


@pytest.mark.parametrize(("value", "seen"), [
    (None, "null"), (True, "true"), (False, "false"), (7, "7"), (1.5, "1.5"),
    ("Veyla", "'Veyla'"), ([1], "a list"), ({"a": 1}, "an object"),
])
def test_a_value_is_shown_in_json_s_words(value: object, seen: str) -> None:
    assert shown(value) == seen


def test_long_text_is_shortened_when_shown() -> None:
    seen = shown("x" * 100)
    assert len(seen) == 40 + 2  # forty characters and the quotes
    assert seen.endswith("…'")


def test_a_whole_number_in_range_is_read_and_others_are_named() -> None:
    assert whole(3, "focus", 0, 10) == 3
    assert maybe_whole(None, "focus", 0, 10) is None
    with pytest.raises(EntryError, match=r"^focus is a whole number \(got true\)$"):
        whole(True, "focus", 0, 10)
    with pytest.raises(EntryError, match=r"^focus is a whole number \(got 1.0\)$"):
        whole(1.0, "focus", 0, 10)
    with pytest.raises(EntryError, match=r"^focus is 0 to 10 \(got 11\)$"):
        whole(11, "focus", 0, 10)


def test_text_flags_objects_and_lists_are_checked_for_their_kind_and_size() -> None:
    assert text("Veyla", "name", 32) == "Veyla"
    assert flag(False, "shared") is False
    assert mapping({"a": 1}, "system") == {"a": 1}
    assert listed([1, 2], "items", 2) == [1, 2]
    with pytest.raises(EntryError, match=r"^name has at most 3 characters \(got 5\)$"):
        text("Veyla", "name", 3)
    with pytest.raises(EntryError, match=r"^shared is true or false \(got 1\)$"):
        flag(1, "shared")
    with pytest.raises(EntryError, match=r"^system is an object \(got a list\)$"):
        mapping([], "system")
    with pytest.raises(EntryError, match=r"^items has at most 1 items \(got 2\)$"):
        listed([1, 2], "items", 1)


def test_an_unknown_field_is_refused_by_name() -> None:
    only({"name": "Veyla"}, ("name", "kind"), "character 1")
    with pytest.raises(EntryError, match="nmae"):
        only({"nmae": "Veyla"}, ("name", "kind"), "character 1")
