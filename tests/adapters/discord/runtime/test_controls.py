"""The custom ids every feature shares: the versioned prefix, the 100-character limit, base 36."""

from __future__ import annotations

import pytest

from nazh.adapters.discord.runtime.controls import (
    MAX_CUSTOM_ID,
    PREFIX,
    base36,
    parts_of,
    roll_id_decoder,
)


def test_an_id_of_nazh_splits_into_its_parts() -> None:
    assert parts_of(f"{PREFIX}:roll:abc:1") == [PREFIX, "roll", "abc", "1"]


@pytest.mark.parametrize("custom_id", [
    "", "nz1", "nz1:roll", "nz0:roll:abc", "other:roll:abc", f"{PREFIX}:roll:" + "x" * 100,
])
def test_anything_else_has_no_parts(custom_id: str) -> None:
    assert parts_of(custom_id) is None


def test_an_id_of_exactly_the_limit_is_still_one() -> None:
    head = f"{PREFIX}:roll:"
    assert parts_of(head + "x" * (MAX_CUSTOM_ID - len(head))) is not None
    assert parts_of(head + "x" * (MAX_CUSTOM_ID - len(head) + 1)) is None


@pytest.mark.parametrize(("number", "digits"), [(0, "0"), (35, "z"), (36, "10"),
                                                 (36**3 - 1, "zzz")])
def test_numbers_are_written_in_base_36(number: int, digits: str) -> None:
    assert base36(number) == digits
    assert int(digits, 36) == number


def test_a_results_control_decodes_its_one_roll_id() -> None:
    decode = roll_id_decoder(lambda roll_id: ("control", roll_id))
    assert decode([PREFIX, "rko", "k3v9x0q2md"]) == ("control", "k3v9x0q2md")
    assert decode([PREFIX, "rko", ""]) is None
    assert decode([PREFIX, "rko", "a", "b"]) is None
