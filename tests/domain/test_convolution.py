"""Exact sums of independent dice: each die's weights (plain, advantage, disadvantage) and the
exact convolution of any factors, checked against the naive one."""

from __future__ import annotations

from collections import Counter
from itertools import product

import pytest

from nazh.domain.convolution import (
    Factor,
    die_weights,
    exact_counts,
    exact_work,
    factors_denominator,
)
from nazh.domain.odds import PLOT_BONUS_WEIGHTS
from nazh.domain.spec import DieMode

N, A, D = DieMode.NORMAL, DieMode.ADVANTAGE, DieMode.DISADVANTAGE


def kept_faces(sides: int, mode: DieMode) -> list[int]:
    """Every equally likely kept face of one die (``sides`` or ``sides**2`` of them)."""
    if mode is N:
        return list(range(1, sides + 1))
    pick = max if mode is A else min
    return [pick(a, b) for a, b in product(range(1, sides + 1), repeat=2)]


# -- one die -------------------------------------------------------------------------------------


def test_a_plain_die_has_equal_weights() -> None:
    assert die_weights(6, N) == (1, 1, 1, 1, 1, 1)


def test_advantage_keeps_the_higher_of_two_faces() -> None:
    weights = die_weights(20, A)
    assert sum(weights) == 400
    assert (weights[0], weights[10], weights[19]) == (1, 21, 39)  # faces 1, 11, 20
    assert list(weights) == [Counter(kept_faces(20, A))[f] for f in range(1, 21)]


def test_disadvantage_keeps_the_lower_of_two_faces() -> None:
    assert list(die_weights(7, D)) == [Counter(kept_faces(7, D))[f] for f in range(1, 8)]


# -- the exact convolution -----------------------------------------------------------------------


def naive_counts(factors: list[Factor]) -> list[int]:
    counts = [1]
    for factor in factors:
        for _ in range(factor.times):
            out = [0] * (len(counts) + factor.span)
            for i, c in enumerate(counts):
                for k, w in enumerate(factor.weights):
                    out[i + k] += c * w
            counts = out
    return counts


@pytest.mark.parametrize(
    "factors",
    [
        [Factor(die_weights(6, N), 3)],
        [Factor(die_weights(20, A), 4), Factor(PLOT_BONUS_WEIGHTS)],
        [Factor(die_weights(9, D), 2), Factor(die_weights(9, A)), Factor(die_weights(9, N), 5)],
        [Factor((3, 0, 0, 7, 1), 3), Factor((2,), 2)],  # any weights work
        [Factor(die_weights(2, A), 20)],
        [],
    ],
)
def test_exact_counts_equal_the_naive_convolution(factors: list[Factor]) -> None:
    counts = exact_counts(factors)
    assert counts == naive_counts(factors)
    assert sum(counts) == factors_denominator(factors)


def test_exact_work_grows_with_the_pool() -> None:
    small = [Factor(die_weights(20, N), 20)]
    big = [Factor(die_weights(1000, A), 20)]
    assert 0 < exact_work(small) < exact_work(big)
