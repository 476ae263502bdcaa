"""A sheet's derived numbers: the health maximum by level and Strength (with its parts), the
recovery die by Willpower, and how a derivation explains itself."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nazh.domain.derivation import Derivation, health_maximum, recovery_die, signed


@pytest.mark.parametrize(("level", "strength", "expected"), [
    (1, 0, 10), (1, 3, 13), (2, 3, 18), (5, 3, 33), (6, 3, 40), (10, 2, 54),
    (11, 2, 59), (16, 1, 71), (20, 1, 79), (21, 1, 80), (30, 0, 85),
])
def test_health_maximum_by_level_and_strength(level: int, strength: int, expected: int) -> None:
    assert health_maximum(level, strength).value == expected


def test_health_maximum_says_where_it_comes_from() -> None:
    assert health_maximum(6, 3).explained == "level 6 34 + Strength x2 6"
    assert health_maximum(1, 3).explained == "level 1 10 + Strength 3"


@given(st.integers(1, 29), st.integers(0, 10))
def test_health_never_falls_with_a_level(level: int, strength: int) -> None:
    assert health_maximum(level + 1, strength).value > health_maximum(level, strength).value


@pytest.mark.parametrize(("willpower", "sides"), [
    (0, 4), (1, 6), (2, 6), (3, 8), (4, 8), (5, 10), (6, 10), (7, 12), (8, 12), (9, 20),
    (10, 20),
])
def test_the_recovery_die_grows_with_willpower(willpower: int, sides: int) -> None:
    assert recovery_die(willpower) == sides


def test_a_derivation_explains_its_parts_and_a_rank_is_counted_in_words() -> None:
    assert Derivation(5, (("Awareness", 3), ("ranks", 2))).explained == "Awareness 3 + 2 ranks"
    assert Derivation(4, (("Awareness", 3), ("ranks", 1))).explained == "Awareness 3 + 1 rank"
    assert (signed(5), signed(-1), signed(0)) == ("+5", "-1", "+0")
