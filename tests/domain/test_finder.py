"""Dice notations found in chat text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nazh.domain.finder import MAX_FOUND, find_rolls
from nazh.domain.notation import parse_roll


@pytest.mark.parametrize(("text", "rolls"), [
    ("I attack! a1d20+5, 2d6+3 vs 14", ["a1d20+5, 2d6+3"]),
    ("roll d20 then 2d6 - 1", ["d20", "2d6-1"]),
    ("Stealth: A1D20 + 6, ap", ["a1d20+6, ap"]),
    ("d20, d20 and again d20", ["d20, d20", "d20"]),
    ("no dice here, just a plan", []),
    ("see https://example.org/2d6 and #3d8 and @d20", []),
    ("add 5 to the total", []),
    ("21d6 is too many, 3d6 is fine", ["3d6"]),
    ("1d20+5,1d20+5,1d20+5,1d20+5,1d20+5,1d20+5", []),  # six pools: not a roll
])
def test_rolls_in_text(text: str, rolls: list[str]) -> None:
    assert find_rolls(text) == rolls


def test_at_most_the_limit() -> None:
    text = " ".join(f"1d{sides}" for sides in range(2, 60))
    assert len(find_rolls(text)) == MAX_FOUND


@given(st.text(max_size=300))
def test_whatever_is_found_can_be_rolled(text: str) -> None:
    for roll in find_rolls(text):
        parse_roll(roll)
