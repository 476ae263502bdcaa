"""Are the dice fair? Pearson's chi-square test, and where a total falls in its distribution."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from nazh.domain.convolution import Distribution

MIN_EXPECTED = 5.0  # fewer expected per cell: the chi-square approximation is not trusted
_EPSILON = 1e-14
_ITERATIONS = 10_000
_TINY = 1e-300


@dataclass(frozen=True, slots=True)
class FitTest:
    """A goodness-of-fit test: the statistic, its degrees of freedom, the p-value, enough data."""

    statistic: float
    degrees: int
    p_value: float
    enough: bool


def chi_square(observed: Sequence[int], probabilities: Sequence[float]) -> FitTest:
    """Pearson's test of ``observed`` counts against cell ``probabilities`` (summing to 1)."""
    if len(observed) != len(probabilities) or len(observed) < 2:
        raise ValueError("observed and expected need the same two or more cells")
    total = sum(observed)
    if total == 0:
        return FitTest(0.0, len(observed) - 1, 1.0, False)
    statistic = 0.0
    for count, probability in zip(observed, probabilities, strict=True):
        expected = total * probability
        statistic += (count - expected) ** 2 / expected
    degrees = len(observed) - 1
    enough = min(probabilities) * total >= MIN_EXPECTED
    return FitTest(statistic, degrees, chi_square_sf(statistic, degrees), enough)


def chi_square_sf(statistic: float, degrees: int) -> float:
    """P(X >= statistic) for X chi-square with ``degrees`` degrees of freedom."""
    if statistic <= 0:
        return 1.0
    return upper_gamma_q(degrees / 2.0, statistic / 2.0)


def upper_gamma_q(a: float, x: float) -> float:
    """The regularized upper incomplete gamma function Q(a, x), to about 1e-12."""
    # its series below a + 1, its continued fraction above (Numerical Recipes, 6.2)
    if x < a + 1.0:
        return max(0.0, 1.0 - _lower_series(a, x))
    return _upper_fraction(a, x)


def _lower_series(a: float, x: float) -> float:
    term = total = 1.0 / a
    denominator = a
    for _ in range(_ITERATIONS):
        denominator += 1.0
        term *= x / denominator
        total += term
        if abs(term) < abs(total) * _EPSILON:
            break
    return total * math.exp(-x + a * math.log(x) - math.lgamma(a))


def _upper_fraction(a: float, x: float) -> float:
    b = x + 1.0 - a
    c = 1.0 / _TINY
    d = 1.0 / b
    h = d
    for i in range(1, _ITERATIONS):
        an = -i * (i - a)
        b += 2.0
        d = an * d + b
        d = _TINY if abs(d) < _TINY else d
        c = b + an / c
        c = _TINY if abs(c) < _TINY else c
        d = 1.0 / d
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < _EPSILON:
            break
    return math.exp(-x + a * math.log(x) - math.lgamma(a)) * h


def bonferroni(alpha: float, tests: int) -> float:
    """The significance each of ``tests`` tests must meet for a family-wise ``alpha``."""
    return alpha / max(tests, 1)


def percentile(distribution: Distribution, total: int) -> float:
    """Where ``total`` falls in ``distribution``, 0-100: the mid-percentile (a median is 50)."""
    below = sum(p for value, p in distribution.items() if value < total)
    return 100.0 * (below + distribution.probability(total) / 2.0)


class Verdict:
    """A p-value in words."""

    CONSISTENT = "consistent with fair dice"
    UNUSUAL = "unusual, but within what fair dice do now and then"
    UNFAIR = "not consistent with fair dice"
    TOO_FEW = "too few rolls to tell"


def in_words(test: FitTest, alpha: float) -> str:
    """The test's verdict for a player: fair, unusual (p below 5%), or failing ``alpha``."""
    if not test.enough:
        return Verdict.TOO_FEW
    if test.p_value < alpha:
        return Verdict.UNFAIR
    if test.p_value < 0.05:
        return Verdict.UNUSUAL
    return Verdict.CONSISTENT
