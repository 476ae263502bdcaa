"""The FFT convolution: every probability within 1e-12 of the exact value, on the worst pool too."""

from __future__ import annotations

from fractions import Fraction
from itertools import accumulate

import dyce
import icepool
import pytest

from nazh.adapters.numeric.numpy_convolution import NumpyConvolution, fft_length
from nazh.application.odds.use_cases import OddsOf
from nazh.domain.convolution import (
    Distribution,
    Factor,
    die_weights,
    exact_counts,
    factors_denominator,
)
from nazh.domain.notation import parse_roll
from nazh.domain.odds import PoolOdds, pool_sum
from nazh.domain.spec import DieMode

TOLERANCE = 1e-12
ADVANTAGE = DieMode.ADVANTAGE


def fast_odds(text: str, dc: int | None = None) -> PoolOdds:
    """The first pool's odds, forced through the FFT."""
    return OddsOf(NumpyConvolution(), exact_work_limit=0)(text, dc=dc).pools[0]


def assert_close_to(pool: PoolOdds, exact: dict[int, Fraction]) -> None:
    """Every probability and every ``P(total >= t)`` within the tolerance of ``exact``."""
    assert not pool.exact
    assert (pool.minimum, pool.maximum) == (min(exact), max(exact))
    assert max(abs(pool.distribution.probability(t) - float(p)) for t, p in exact.items()) \
        < TOLERANCE
    tail = Fraction(0)
    for total in range(pool.maximum, pool.minimum - 1, -1):
        tail += exact.get(total, Fraction(0))
        assert abs(pool.distribution.at_least(total) - float(tail)) < TOLERANCE


def test_the_worst_pool_is_within_the_tolerance_of_exact_counts() -> None:
    """20d1000 with advantage on every die, plus the plot bonus: 19,985 totals."""
    pool = parse_roll("a" * 20 + "20d1000-1000").pools[0]
    factors = pool_sum(pool, plot_bonus=True).factors
    fast = NumpyConvolution().convolve(factors)
    counts = exact_counts(factors)
    denominator = factors_denominator(factors)
    assert len(fast) == len(counts) == 20 * 999 + 4 + 1
    assert max(abs(p - c / denominator) for p, c in zip(fast, counts, strict=True)) < TOLERANCE
    assert min(fast) >= 0.0
    exact_tails = [Fraction(c, denominator) for c in accumulate(reversed(counts))][::-1]
    dist = Distribution.approximate(0, fast)
    for start in range(0, len(fast), 97):  # P(sum >= start), as the odds compute it
        assert abs(dist.at_least(start) - float(exact_tails[start])) < TOLERANCE


def test_a_mixed_pool_with_a_floor_matches_icepool() -> None:
    advantage = icepool.highest(icepool.d(100), icepool.d(100))
    disadvantage = icepool.lowest(icepool.d(100), icepool.d(100))
    die = (5 @ advantage + 5 @ disadvantage - 400).map(lambda total: max(1, total))
    exact = {total: Fraction(die.probability(total)) for total in die.outcomes()}
    pool = fast_odds("aaaaaddddd10d100-400", dc=150)
    assert_close_to(pool, exact)
    assert pool.moments.mean == pytest.approx(float(die.mean()), rel=TOLERANCE)
    assert pool.moments.stdev == pytest.approx(die.standard_deviation(), rel=1e-9)


def test_a_skill_pool_with_the_plot_bonus_matches_icepool() -> None:
    advantage = icepool.highest(icepool.d20, icepool.d20)
    plot_bonus = icepool.Die({0: 4, 2: 1, 4: 1})
    die = 6 @ advantage + plot_bonus + 3
    exact = {total: Fraction(die.probability(total)) for total in die.outcomes()}
    pool = fast_odds("aaaaaa6d20+3, p", dc=90)
    assert_close_to(pool, exact)
    assert pool.p_success == pytest.approx(float(die.probability(">=", 90)), abs=TOLERANCE)


def test_the_sum_of_20d20_matches_dyce() -> None:
    histogram = 20 @ dyce.H(20)
    exact = {int(total): Fraction(count, histogram.total)
             for total, count in histogram.items()}
    assert_close_to(fast_odds("20d20"), exact)


def test_one_factor_alone() -> None:
    plot = NumpyConvolution().convolve([Factor((4, 0, 1, 0, 1))])
    assert plot == pytest.approx([4 / 6, 0, 1 / 6, 0, 1 / 6], abs=1e-16)
    die = NumpyConvolution().convolve([Factor(die_weights(20, ADVANTAGE))])
    assert die == pytest.approx([(2 * k - 1) / 400 for k in range(1, 21)], abs=1e-16)


@pytest.mark.parametrize(("size", "length"), [(1, 1), (2, 2), (7, 8), (17, 18), (19981, 20000)])
def test_fft_lengths_are_small_smooth_numbers(size: int, length: int) -> None:
    assert fft_length(size) == length


def test_every_fft_length_is_smooth_and_big_enough() -> None:
    for size in range(1, 2000):
        length = fft_length(size)
        assert size <= length < 2 * size
        rest = length
        for prime in (2, 3, 5):
            while rest % prime == 0:
                rest //= prime
        assert rest == 1
