"""Exact sums of independent dice: the product of their weight polynomials, with integers."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from itertools import accumulate, islice, repeat
from operator import add, mul, sub, truediv

from nazh.domain.spec import (
    DieMode,
)


@dataclass(frozen=True, slots=True)
class Factor:
    """``times`` independent copies of a variable worth ``k`` with weight ``weights[k]``."""

    weights: tuple[int, ...]
    times: int = 1

    @property
    def span(self) -> int:
        """The largest value of one copy (the smallest is 0)."""
        return len(self.weights) - 1

    @property
    def total(self) -> int:
        """The sum of the weights of one copy."""
        return sum(self.weights)

    @property
    def mean(self) -> Fraction:
        """The mean of one copy."""
        return _weights_moments(self.weights)[0]

    @property
    def variance(self) -> Fraction:
        """The variance of one copy."""
        return _weights_moments(self.weights)[1]


@lru_cache(maxsize=64)
def _weights_moments(weights: tuple[int, ...]) -> tuple[Fraction, Fraction]:
    total = sum(weights)
    mean = Fraction(sum(k * w for k, w in enumerate(weights)), total)
    square = Fraction(sum(k * k * w for k, w in enumerate(weights)), total)
    return mean, square - mean**2


@lru_cache(maxsize=64)
def die_weights(sides: int, mode: DieMode) -> tuple[int, ...]:
    """Weights of a die's kept face minus 1 (out of ``sides`` or ``sides**2``)."""
    if mode is DieMode.ADVANTAGE:
        return tuple(range(1, 2 * sides, 2))  # the higher of two faces: f has weight 2f - 1
    if mode is DieMode.DISADVANTAGE:
        return tuple(range(2 * sides - 1, 0, -2))  # the lower: 2(sides - f) + 1
    return (1,) * sides


def factors_span(factors: Sequence[Factor]) -> int:
    """The largest value of the factors' sum."""
    return sum(f.times * f.span for f in factors)


def factors_denominator(factors: Sequence[Factor]) -> int:
    """The sum of the weights of the factors' sum: the product of each copy's total."""
    return math.prod(f.total**f.times for f in factors)


# -- the exact convolution -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Step:
    """Multiplication by ``W`` as the sparse ``(1 - x)^order W``, then ``order`` running sums."""
    # a die's weights are constant or linear: adding one costs a few additions per sum

    span: int
    order: int
    terms: tuple[tuple[int, int], ...]  # (power, coefficient)

    @classmethod
    @lru_cache(maxsize=64)
    def of(cls, weights: tuple[int, ...]) -> _Step:
        """The sparsest of ``W``, ``(1 - x) W`` and ``(1 - x)^2 W`` (remembered)."""
        best: _Step | None = None
        coefficients = list(weights)
        for order in range(3):
            terms = tuple((k, c) for k, c in enumerate(coefficients) if c)
            if best is None or len(terms) < len(best.terms):
                best = cls(len(weights) - 1, order, terms)
            coefficients = [*map(sub, [*coefficients, 0], [0, *coefficients])]
        assert best is not None
        return best

    @property
    def work(self) -> int:
        """Integer operations per possible sum when this step is applied."""
        return len(self.terms) + sum(1 for _, c in self.terms if c not in (1, -1)) + self.order

    def apply(self, counts: list[int]) -> list[int]:
        """The product of ``counts`` (a polynomial) and ``W``."""
        size = len(counts) + self.span
        terms = iter(self.terms)
        if self.terms[0] == (0, 1):
            next(terms)
            out = counts + [0] * self.span
        else:
            out = [0] * size
        for power, coefficient in terms:
            end = min(size, power + len(counts))
            if power >= end:
                continue
            current = islice(out, power, None)
            if coefficient == -1:
                out[power:end] = map(sub, current, counts)
            elif coefficient == 1:
                out[power:end] = map(add, current, counts)
            else:
                out[power:end] = map(add, current, map(mul, counts, repeat(coefficient)))
        for _ in range(self.order):
            out = list(accumulate(out))
        return out


def exact_counts(factors: Sequence[Factor]) -> list[int]:
    """The weights of each value ``0..span`` of the factors' sum, as exact integers."""
    counts = [1]
    for factor in factors:
        step = _Step.of(factor.weights)
        for _ in range(factor.times):
            counts = step.apply(counts)
    return counts


def exact_work(factors: Sequence[Factor]) -> int:
    """About how many integer operations :func:`exact_counts` needs (to choose a method)."""
    work, size = 0, 1
    for factor in factors:
        step = _Step.of(factor.weights)
        for _ in range(factor.times):
            size += factor.span
            work += step.work * size
    return work


# -- distributions -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Distribution:
    """``P(low + i) = probabilities[i]``; exactly ``counts[i] / denominator`` when known."""

    low: int
    probabilities: tuple[float, ...]
    counts: tuple[int, ...] | None = None
    denominator: int = 1

    @classmethod
    def exact(cls, low: int, counts: Sequence[int], denominator: int) -> Distribution:
        """From integer weights; each probability is the float nearest the exact fraction."""
        probabilities = tuple(map(truediv, counts, repeat(denominator)))
        return cls(low, probabilities, tuple(counts), denominator)

    @classmethod
    def approximate(cls, low: int, probabilities: Sequence[float]) -> Distribution:
        """From floating-point probabilities (no exact fractions)."""
        return cls(low, tuple(probabilities))

    @property
    def high(self) -> int:
        """The largest value."""
        return self.low + len(self.probabilities) - 1

    @property
    def is_exact(self) -> bool:
        """Exact fractions are known."""
        return self.counts is not None

    def items(self) -> Iterator[tuple[int, float]]:
        """``(value, probability)`` pairs in increasing order of value."""
        return zip(range(self.low, self.high + 1), self.probabilities, strict=True)

    def probability(self, value: int) -> float:
        """``P(value)`` (0 outside ``low..high``)."""
        index = value - self.low
        return self.probabilities[index] if 0 <= index < len(self.probabilities) else 0.0

    def fraction(self, value: int) -> Fraction:
        """``P(value)`` as an exact fraction (ValueError if not exact)."""
        counts = self._exact_counts()
        index = value - self.low
        return Fraction(counts[index] if 0 <= index < len(counts) else 0, self.denominator)

    def at_least(self, threshold: int) -> float:
        """``P(value >= threshold)``."""
        start = threshold - self.low
        if start <= 0:
            return 1.0
        if start >= len(self.probabilities):
            return 0.0
        if self.counts is not None:
            return sum(self.counts[start:]) / self.denominator
        return min(1.0, math.fsum(self.probabilities[start:]))

    def fraction_at_least(self, threshold: int) -> Fraction:
        """``P(value >= threshold)`` as an exact fraction (ValueError if not exact)."""
        counts = self._exact_counts()
        return Fraction(sum(counts[max(0, threshold - self.low):]), self.denominator)

    def shifted(self, offset: int) -> Distribution:
        """The distribution of ``value + offset``."""
        return Distribution(self.low + offset, self.probabilities, self.counts,
                            self.denominator)

    def floored(self, floor: int = 1) -> Distribution:
        """The distribution of ``max(floor, value)`` (the Minimum 1 Rule)."""
        if self.low >= floor:
            return self
        cut = min(floor - self.low, len(self.probabilities) - 1) + 1
        if self.counts is not None:
            counts = (sum(self.counts[:cut]), *self.counts[cut:])
            probabilities = (counts[0] / self.denominator, *self.probabilities[cut:])
            return Distribution(floor, probabilities, counts, self.denominator)
        merged = math.fsum(self.probabilities[:cut])
        return Distribution(floor, (merged, *self.probabilities[cut:]))

    def _exact_counts(self) -> tuple[int, ...]:
        if self.counts is None:
            raise ValueError("this distribution is approximate: no exact fractions")
        return self.counts


# the distribution of the sum of factors (``low`` 0), exact or approximate
Convolution = Callable[[tuple[Factor, ...]], Distribution]


def exact_sum(factors: tuple[Factor, ...]) -> Distribution:
    """The exact distribution of the factors' sum (the default :data:`Convolution`)."""
    return Distribution.exact(0, exact_counts(factors), factors_denominator(factors))


# -- statistics ----------------------------------------------------------------------------------


