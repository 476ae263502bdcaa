"""Autocomplete suggestions for the pool being typed."""

from __future__ import annotations

import pytest

from nazh.application.history.suggestions import COMMON_ROLLS, suggest_rolls


def test_nothing_typed_suggests_the_common_rolls_in_order() -> None:
    assert suggest_rolls("") == list(COMMON_ROLLS)
    assert suggest_rolls("   ") == list(COMMON_ROLLS)


def test_a_valid_roll_comes_first_then_with_a_plot_die_then_the_matching_common_ones() -> None:
    assert suggest_rolls("a1d20") == ["a1d20", "a1d20, p", "a1d20+5, 2d6+3"]


def test_a_valid_roll_not_among_the_common_ones() -> None:
    assert suggest_rolls(" 3d8+2 ") == ["3d8+2", "3d8+2, p"]


@pytest.mark.parametrize("typed", ["1d20, p", "1d20, dp", "2d6, plot"])
def test_no_second_plot_die_is_offered(typed: str) -> None:
    assert suggest_rolls(typed)[0] == typed
    assert not any(s.count("p") > 1 for s in suggest_rolls(typed))
    assert f"{typed}, p" not in suggest_rolls(typed)


def test_no_plot_die_is_offered_when_the_roll_has_no_room() -> None:
    full = "1d4, 1d4, 1d4, 1d4, 1d4"
    assert suggest_rolls(full) == [full]


def test_an_invalid_prefix_suggests_the_common_rolls_it_starts() -> None:
    assert suggest_rolls("1d1") == ["1d10", "1d12", "1d100"]


def test_an_invalid_roll_matching_nothing_suggests_nothing() -> None:
    assert suggest_rolls("zz") == []
    assert suggest_rolls("21d6") == []


def test_known_rolls_come_before_the_common_ones() -> None:
    assert suggest_rolls("4", known=("4d6+2", "2d4")) == ["4d6+2", "4d6"]


def test_matching_ignores_case() -> None:
    assert suggest_rolls("D1", known=("D1D20+3",)) == ["D1D20+3", "d1d20"]


def test_suggestions_are_unique() -> None:
    assert suggest_rolls("2d6", known=("2d6", "2d6, p", "2d6+1")) == ["2d6", "2d6, p", "2d6+1"]


def test_at_most_25_suggestions() -> None:
    known = tuple(f"1d{sides}" for sides in range(2, 60))
    suggestions = suggest_rolls("1d", known=known)
    assert len(suggestions) == 25
    assert suggestions == list(known[:25])


def test_known_rolls_longer_than_100_characters_are_left_out() -> None:
    long_roll = "1d20+" + "0" * 96
    assert len(long_roll) == 100 + 1
    assert suggest_rolls("1d20+", known=(long_roll, "1d20+" + "0" * 95)) == [
        "1d20+" + "0" * 95, "1d20+5"]


def test_a_valid_roll_over_100_characters_is_not_suggested() -> None:
    typed = "1d20" + " " * 100 + "+1"  # valid: spaces may separate tokens
    assert suggest_rolls(typed) == []


def test_the_plot_variant_is_left_out_when_it_would_exceed_100_characters() -> None:
    typed = "1d20" + " " * 92 + "+1"
    assert len(typed) == 98
    assert suggest_rolls(typed) == [typed]
