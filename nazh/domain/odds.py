"""The odds of a roll: each pool's distribution of totals and the roll's story odds."""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from operator import mul
from typing import Final

from nazh.domain.convolution import (
    Convolution,
    Distribution,
    Factor,
    die_weights,
    exact_sum,
    factors_span,
)
from nazh.domain.plot import PlotOutcome, plot_face
from nazh.domain.ranges import DEFAULT_RANGES, Ranges
from nazh.domain.spec import (
    PLOT_DIE_SIDES,
    SKILL_DIE_SIDES,
    DieMode,
    PoolSpec,
    RollSpec,
)

PLOT_BONUS_WEIGHTS: Final = (4, 0, 1, 0, 1)  # bonus 0..4: +2 on face 1, +4 on face 2, else 0


# -- factors: the independent parts of a pool's total ------------------------------------------


@dataclass(frozen=True, slots=True)
class PoolSum:
    """A pool's total before the Minimum 1 Rule: ``offset`` plus the sum of ``factors``."""

    offset: int
    factors: tuple[Factor, ...]

    @property
    def span(self) -> int:
        """The largest value of the factors' sum (the smallest is 0)."""
        return factors_span(self.factors)

    @property
    def mean(self) -> Fraction:
        """The exact mean of the total before the floor."""
        return self.offset + sum((f.times * f.mean for f in self.factors), Fraction(0))

    @property
    def variance(self) -> Fraction:
        """The exact variance of the total before the floor."""
        return sum((f.times * f.variance for f in self.factors), Fraction(0))


def pool_sum(pool: PoolSpec, *, plot_bonus: bool) -> PoolSum:
    """The parts of a pool's total; ``plot_bonus`` adds the plot die's bonus (skill pools)."""
    # each die adds its face minus 1: the sum is a product of weight polynomials, which
    # exact_counts computes with integers (a die costs a few additions per sum, not ``sides``)
    factors = [
        Factor(die_weights(pool.sides, mode), pool.modes.count(mode))
        for mode in DieMode
        if mode in pool.modes
    ]
    if plot_bonus:
        factors.append(Factor(PLOT_BONUS_WEIGHTS))
    return PoolSum(pool.count + pool.modifier, tuple(factors))


@dataclass(frozen=True, slots=True)
class Moments:
    """Mean and standard deviation of a total; the exact mean and variance when known."""

    mean: float
    stdev: float
    exact_mean: Fraction | None = None
    exact_variance: Fraction | None = None


# up to this many values, exact moments come from power sums of the counts; longer ones from
# the factors' moments (whose cost does not grow with the values)
POWER_SUMS_LIMIT: Final = 512


def floored_moments(parts: PoolSum, before_floor: Distribution, floor: int = 1) -> Moments:
    """The moments of ``max(floor, X)``, where ``X`` is ``parts``'s total."""
    if before_floor.counts is not None and len(before_floor.counts) <= POWER_SUMS_LIMIT:
        return power_sum_moments(before_floor.floored(floor))
    return factor_moments(parts, before_floor, floor)


def power_sum_moments(dist: Distribution) -> Moments:
    """The exact mean and variance of an exact distribution, from integer power sums."""
    counts = dist.counts
    if counts is None:
        raise ValueError("this distribution is approximate: no exact moments")
    values = range(dist.low, dist.high + 1)
    total = dist.denominator
    first = sum(map(mul, counts, values))
    second = sum(map(mul, map(mul, counts, values), values))
    spread = total * second - first * first  # total^2 times the variance
    return Moments(first / total, math.sqrt(spread / (total * total)),
                   Fraction(first, total), Fraction(spread, total * total))


def factor_moments(parts: PoolSum, before_floor: Distribution, floor: int = 1) -> Moments:
    """The moments of ``max(floor, X)`` from ``X``'s factors' moments and its values below floor."""
    # the floor only moves the values below it, so only they are visited
    below = range(before_floor.low, min(floor, before_floor.high + 1))
    raise_first = [floor - v for v in below]  # what the floor adds to each value below it
    raise_second = [floor * floor - v * v for v in below]
    if before_floor.counts is not None:
        counts = before_floor.counts[: len(below)]
        mean = parts.mean + Fraction(sum(map(mul, raise_first, counts)), before_floor.denominator)
        square = parts.variance + parts.mean**2 + Fraction(
            sum(map(mul, raise_second, counts)), before_floor.denominator)
        variance = square - mean**2
        return Moments(float(mean), math.sqrt(variance), mean, variance)
    weights = before_floor.probabilities[: len(below)]
    shift = math.fsum(map(mul, raise_first, weights))
    spread = math.fsum(map(mul, raise_second, weights))
    mean_float = float(parts.mean)
    variance_float = float(parts.variance) + spread - shift * (2 * mean_float + shift)
    return Moments(mean_float + shift, math.sqrt(max(0.0, variance_float)))


# -- the odds of a roll --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PoolOdds:
    """The distribution of one pool's total, with its statistics and its chance against a DC."""

    spec: PoolSpec
    plot_bonus: bool
    distribution: Distribution  # after the Minimum 1 Rule
    moments: Moments
    dc: int | None
    p_success: float | None

    @property
    def minimum(self) -> int:
        """The smallest possible total, however unlikely."""
        return self.distribution.low

    @property
    def maximum(self) -> int:
        """The largest possible total, however unlikely."""
        return self.distribution.high

    @property
    def exact(self) -> bool:
        """The probabilities are the floats nearest exact fractions."""
        return self.distribution.is_exact

    def success_fraction(self) -> Fraction | None:
        """``P(total >= dc)`` as an exact fraction (``None`` without a DC)."""
        return None if self.dc is None else self.distribution.fraction_at_least(self.dc)


@dataclass(frozen=True, slots=True)
class RollOdds:
    """The odds of a whole roll: each pool's, and at least one Opportunity / Complication."""

    spec: RollSpec
    pools: tuple[PoolOdds, ...]  # the plot die has none
    dc: int | None
    p_opportunity: Fraction
    p_complication: Fraction
    ranges: Ranges = DEFAULT_RANGES

    def pool_story(self, pool: PoolOdds) -> tuple[Fraction, Fraction] | None:
        """P(an Opportunity) and P(a Complication) of one test (``None``: not a test)."""
        if not pool.spec.skill:
            return None
        alone = RollSpec((pool.spec,), self.spec.plot)
        return (story_chance(alone, PlotOutcome.OPPORTUNITY, self.ranges),
                story_chance(alone, PlotOutcome.COMPLICATION, self.ranges))

    @property
    def plot_assumed_plain(self) -> bool:
        """The plot die has advantage or disadvantage: a choice, so its odds are a plain die's."""
        return self.spec.plot is not None and self.spec.plot.mode is not DieMode.NORMAL


def roll_odds(spec: RollSpec, dc: int | None = None,
              convolve: Convolution = exact_sum, ranges: Ranges = DEFAULT_RANGES) -> RollOdds:
    """The odds of every pool of ``spec`` and of its Opportunities and Complications."""
    # ``dc`` was checked by the caller (rolling.check_dc)
    # skill pools share the plot die: each pool's distribution here is its marginal one
    with_plot = spec.plot is not None
    pools = tuple(
        pool_odds(pool, convolve, plot_bonus=with_plot and pool.skill,
                  dc=dc if spec.judged(pool) else None)
        for pool in spec.pools
    )
    return RollOdds(spec, pools, dc, story_chance(spec, PlotOutcome.OPPORTUNITY, ranges),
                    story_chance(spec, PlotOutcome.COMPLICATION, ranges), ranges)


def pool_odds(pool: PoolSpec, convolve: Convolution = exact_sum, *, plot_bonus: bool = False,
              dc: int | None = None) -> PoolOdds:
    """The odds of one pool; ``plot_bonus`` when a plot die's bonus applies to it."""
    parts = pool_sum(pool, plot_bonus=plot_bonus)
    before_floor = convolve(parts.factors).shifted(parts.offset)
    total = before_floor.floored()
    p_success = None if dc is None else total.at_least(dc)
    return PoolOdds(pool, plot_bonus, total, floored_moments(parts, before_floor), dc, p_success)


def story_faces(outcome: PlotOutcome, ranges: Ranges) -> range:
    """The natural d20 faces that give ``outcome`` (an Opportunity or a Complication)."""
    if outcome is PlotOutcome.OPPORTUNITY:
        return range(ranges.opportunity, SKILL_DIE_SIDES + 1)
    return range(1, ranges.complication + 1)


def story_chance(spec: RollSpec, outcome: PlotOutcome,
                 ranges: Ranges = DEFAULT_RANGES) -> Fraction:
    """P(at least one ``outcome``, Opportunity or Complication, anywhere in the roll)."""
    faces_of = story_faces(outcome, ranges)
    # independent dice: "none at all" is the product of each kept d20's and the plot die's "none"
    misses, outcomes = 1, 1
    for pool in spec.pools:
        if not pool.skill:
            continue
        for mode in set(pool.modes):
            times = pool.modes.count(mode)
            weights = die_weights(pool.sides, mode)
            total = sum(weights)
            misses *= (total - sum(weights[face - 1] for face in faces_of)) ** times
            outcomes *= total**times
    if spec.plot is not None:
        faces = range(1, PLOT_DIE_SIDES + 1)
        misses *= sum(plot_face(f)[0] is not outcome for f in faces)
        outcomes *= PLOT_DIE_SIDES
    return 1 - Fraction(misses, outcomes)
