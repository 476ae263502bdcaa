"""The exact odds, checked to the fraction against brute-force enumeration of every roll."""

from __future__ import annotations

import math
from collections import Counter
from fractions import Fraction
from itertools import product

import pytest

from nazh.domain.convolution import (
    Distribution,
    Factor,
    exact_counts,
    exact_sum,
)
from nazh.domain.notation import parse_roll
from nazh.domain.odds import (
    RollOdds,
    factor_moments,
    pool_odds,
    pool_sum,
    power_sum_moments,
    roll_odds,
)
from nazh.domain.ranges import Ranges
from nazh.domain.spec import DieMode, PoolSpec

N, A, D = DieMode.NORMAL, DieMode.ADVANTAGE, DieMode.DISADVANTAGE
PLOT_BONUS = {1: 2, 2: 4}  # the plot die's faces, written out independently of the code


# -- brute force -------------------------------------------------------------------------------


def kept_faces(sides: int, mode: DieMode) -> list[int]:
    """Every equally likely kept face of one die (``sides`` or ``sides**2`` of them)."""
    if mode is N:
        return list(range(1, sides + 1))
    pick = max if mode is A else min
    return [pick(a, b) for a, b in product(range(1, sides + 1), repeat=2)]


def brute_totals(pool: PoolSpec, *, plot: bool) -> dict[int, Fraction]:
    """P(total) by enumerating every die (and plot face) of the pool."""
    plot_faces = range(1, 7) if plot else [3]
    totals: Counter[int] = Counter()
    dice = [kept_faces(pool.sides, mode) for mode in pool.modes]
    for faces in product(*dice):
        for plot_face in plot_faces:
            subtotal = sum(faces) + pool.modifier + PLOT_BONUS.get(plot_face, 0)
            totals[max(1, subtotal)] += 1
    outcomes = sum(totals.values())
    return {total: Fraction(n, outcomes) for total, n in sorted(totals.items())}


def brute_story(text: str) -> tuple[Fraction, Fraction]:
    """P(at least one Opportunity), P(at least one Complication) over the whole roll."""
    spec = parse_roll(text)
    dice = [kept_faces(pool.sides, mode) for pool in spec.pools if pool.skill
            for mode in pool.modes]
    plot_faces = range(1, 7) if spec.plot else [3]
    opportunity = complication = outcomes = 0
    for faces in product(*dice, plot_faces):
        *kept, plot_face = faces
        outcomes += 1
        opportunity += 20 in kept or plot_face >= 5
        complication += 1 in kept or plot_face <= 2
    return Fraction(opportunity, outcomes), Fraction(complication, outcomes)


def mean_and_variance(totals: dict[int, Fraction]) -> tuple[Fraction, Fraction]:
    mean = sum((t * p for t, p in totals.items()), Fraction(0))
    return mean, sum(((t - mean) ** 2 * p for t, p in totals.items()), Fraction(0))


def odds_of(text: str, dc: int | None = None) -> RollOdds:
    return roll_odds(parse_roll(text), dc)


# -- pools against brute force -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "plot"),
    [
        ("3d6", False),
        ("a1d20+5", True),
        ("d1d20-3", True),
        ("ad2d20+1", True),
        ("ad2d6-8", False),  # the Minimum 1 Rule
        ("da3d4+1", False),
        ("1d20-20", True),  # the floor applies after the plot bonus
        ("2d20-30", True),
        ("a4d3-10", False),
        ("1d2", False),
        ("1d4-3", False),  # every total is floored to 1
        ("d1d20-1000", True),
    ],
)
def test_a_pools_distribution_is_exact(text: str, plot: bool) -> None:
    pool = parse_roll(text).pools[0]
    expected = brute_totals(pool, plot=plot and pool.skill)
    odds = pool_odds(pool, plot_bonus=plot and pool.skill)
    dist = odds.distribution
    assert {t: dist.fraction(t) for t in range(dist.low, dist.high + 1)} == expected
    assert [dist.probability(t) for t in expected] == [float(p) for p in expected.values()]
    assert (odds.minimum, odds.maximum) == (min(expected), max(expected))
    assert (odds.minimum, odds.maximum) == (
        pool.min_total(), pool.max_total(with_plot=plot))
    mean, variance = mean_and_variance(expected)
    assert (odds.moments.exact_mean, odds.moments.exact_variance) == (mean, variance)
    assert odds.moments.mean == float(mean)
    assert odds.moments.stdev == pytest.approx(math.sqrt(variance), rel=1e-15)


@pytest.mark.parametrize(
    ("text", "plot"),
    [("d10d100-500", False), ("a6d100-300", False), ("1d20-20", True), ("ad2d6-8", False),
     ("3d6", False), ("1d4-3", False), ("a3d20+2", True)],
)
def test_both_ways_to_the_exact_moments_agree(text: str, plot: bool) -> None:
    """Power sums (short distributions) and the factors' moments (long ones)."""
    parts = pool_sum(parse_roll(text).pools[0], plot_bonus=plot)
    before_floor = exact_sum(parts.factors).shifted(parts.offset)
    assert factor_moments(parts, before_floor) == power_sum_moments(before_floor.floored())


def test_every_total_of_a_floored_pool_is_one() -> None:
    odds = odds_of("1d4-3").pools[0]
    assert list(odds.distribution.items()) == [(1, 1.0)]
    assert (odds.moments.mean, odds.moments.stdev) == (1.0, 0.0)


# -- against a DC --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "dc", "chance"),
    [
        ("a1d20", 11, Fraction(300, 400)),  # 1 - (10/20)^2
        ("1d20", 11, Fraction(1, 2)),
        ("d1d20", 11, Fraction(100, 400)),  # (10/20)^2
        ("1d20, p", 21, Fraction(1, 20)),  # 1/6 * 2/20 (+2) + 1/6 * 4/20 (+4)
        ("a1d20+5", 26, Fraction(0)),
        ("a1d20+5", 25, Fraction(39, 400)),  # a natural 20 on either die
        ("a1d20+5", 6, Fraction(1)),
        ("a1d20+5", 1, Fraction(1)),
        ("2d6", 7, Fraction(21, 36)),
        ("1d6-3", 1, Fraction(1)),  # a floored total still meets DC 1
    ],
)
def test_the_chance_of_meeting_the_dc(text: str, dc: int, chance: Fraction) -> None:
    pool = odds_of(text, dc).pools[0]
    assert pool.success_fraction() == chance
    assert pool.p_success == float(chance)


def test_the_dc_judges_skill_pools_only_when_there_are_some() -> None:
    mixed = odds_of("2d6, 1d20", 10)
    assert [pool.dc for pool in mixed.pools] == [None, 10]
    assert [pool.p_success for pool in mixed.pools] == [None, 0.55]
    assert mixed.pools[0].success_fraction() is None
    plain = odds_of("2d6, 1d8", 10)
    assert [pool.dc for pool in plain.pools] == [10, 10]
    assert plain.pools[0].success_fraction() == Fraction(6, 36)


def test_without_a_dc_there_is_no_chance_of_success() -> None:
    assert odds_of("a1d20+5").pools[0].p_success is None


# -- the plot die --------------------------------------------------------------------------------


def test_the_plot_bonus_goes_to_skill_pools_only() -> None:
    odds = odds_of("1d20, 2d6, p")
    assert [pool.plot_bonus for pool in odds.pools] == [True, False]
    assert odds.pools[0].maximum == 24
    assert odds.pools[1].distribution == odds_of("2d6").pools[0].distribution


def test_a_plot_die_with_advantage_is_counted_as_a_plain_one() -> None:
    chosen, plain = odds_of("a1d20+2, ap"), odds_of("a1d20+2, p")
    assert chosen.plot_assumed_plain
    assert not plain.plot_assumed_plain
    assert chosen.pools == plain.pools
    assert (chosen.p_opportunity, chosen.p_complication) == (
        plain.p_opportunity, plain.p_complication)
    assert odds_of("d20, dp").plot_assumed_plain


# -- Opportunities and Complications -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "opportunity", "complication"),
    [
        ("1d20", Fraction(1, 20), Fraction(1, 20)),
        ("a1d20", Fraction(39, 400), Fraction(1, 400)),
        ("d1d20", Fraction(1, 400), Fraction(39, 400)),
        ("1d20, p", Fraction(11, 30), Fraction(11, 30)),  # 1 - 19/20 * 4/6
        ("2d6, p", Fraction(1, 3), Fraction(1, 3)),
        ("3d6, 1d100", Fraction(0), Fraction(0)),
    ],
)
def test_story_odds(text: str, opportunity: Fraction, complication: Fraction) -> None:
    odds = odds_of(text)
    assert (odds.p_opportunity, odds.p_complication) == (opportunity, complication)


@pytest.mark.parametrize("text", ["a1d20, d20-2, 2d6, p", "ad2d20, p", "2d20+1, 1d20"])
def test_story_odds_over_the_whole_roll_match_brute_force(text: str) -> None:
    odds = odds_of(text)
    assert (odds.p_opportunity, odds.p_complication) == brute_story(text)


# -- distributions -------------------------------------------------------------------------------


def test_an_approximate_distribution_has_no_fractions() -> None:
    dist = Distribution.approximate(3, [0.25, 0.5, 0.25])
    assert not dist.is_exact
    assert (dist.high, dist.at_least(4), dist.at_least(3), dist.at_least(6)) == (5, 0.75, 1, 0)
    assert dist.probability(2) == 0.0
    with pytest.raises(ValueError, match="approximate"):
        dist.fraction(4)
    with pytest.raises(ValueError, match="approximate"):
        dist.fraction_at_least(4)


def test_flooring_an_approximate_distribution() -> None:
    dist = Distribution.approximate(-1, [0.25, 0.25, 0.25, 0.25]).floored()
    assert list(dist.items()) == [(1, 0.75), (2, 0.25)]


def test_pools_computed_approximately_keep_their_statistics() -> None:
    def approximate(factors: tuple[Factor, ...]) -> Distribution:
        counts = exact_counts(factors)
        return Distribution.approximate(0, [c / sum(counts) for c in counts])

    spec = parse_roll("a2d20-15, 3d6-12")
    exact = roll_odds(spec, 5)
    fast = roll_odds(spec, 5, approximate)
    for slow, quick in zip(exact.pools, fast.pools, strict=True):
        assert not quick.exact
        assert quick.moments.exact_mean is None
        assert quick.moments.mean == pytest.approx(slow.moments.mean, abs=1e-12)
        assert quick.moments.stdev == pytest.approx(slow.moments.stdev, abs=1e-12)
        assert quick.p_success == pytest.approx(slow.p_success, abs=1e-15)
        assert quick.distribution.probabilities == pytest.approx(
            slow.distribution.probabilities, abs=1e-15)


def test_story_odds_follow_the_rolls_ranges() -> None:
    """Starter rules, Introduction ("Using Cosmere RPG Dice": Opportunity and Complication
    Ranges): an Opportunity on any face of the range (19-20), a Complication on 1-2."""
    wide = Ranges(19, 2)
    plain = roll_odds(parse_roll("1d20"), ranges=wide)
    assert (plain.p_opportunity, plain.p_complication) == (Fraction(2, 20), Fraction(2, 20))
    assert plain.ranges is wide
    advantage = roll_odds(parse_roll("a1d20, p"), ranges=wide)
    # a kept d20 of 19-20 with advantage: 1 - (18/20)^2; the plot die: 2 of 6 faces
    assert advantage.p_opportunity == 1 - (1 - (1 - Fraction(18, 20) ** 2)) * Fraction(4, 6)
    assert advantage.pool_story(advantage.pools[0]) == (advantage.p_opportunity,
                                                        advantage.p_complication)
    assert roll_odds(parse_roll("a1d20, p")).p_opportunity < advantage.p_opportunity
