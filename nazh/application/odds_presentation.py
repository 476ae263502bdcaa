"""What odds look like, independent of the medium: rounded percentages and histogram rows.

The terminal (``nazh odds``) and Discord (``/odds``, in a code block) both draw these.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from nazh.domain.odds import Distribution, PoolOdds, RollOdds

HISTOGRAM_ROWS = 16
TAIL_MASS = 0.0005
"""Tails lighter than this are folded into the first / last row of a long histogram."""
_EIGHTHS = " ▏▎▍▌▋▊▉"
_FULL = "█"


def format_percent(probability: float) -> str:
    """``78.04%``; never rounds a possible outcome to 0% or a doubtful one to 100%."""
    if probability <= 0.0:
        return "0%"
    if probability >= 1.0:
        return "100%"
    if probability < 0.00005:
        return "<0.01%"
    if probability > 0.99995:
        return ">99.99%"
    return f"{probability * 100:.2f}%"


def pool_summary(pool: PoolOdds) -> str:
    """``mean 18.49, stdev 4.47, totals 6..29, P(total >= 15) = 78.04%``."""
    parts = [f"mean {pool.moments.mean:.2f}", f"stdev {pool.moments.stdev:.2f}",
             f"totals {pool.minimum}..{pool.maximum}"]
    if pool.dc is not None and pool.p_success is not None:
        parts.append(f"P(total >= {pool.dc}) = {format_percent(pool.p_success)}")
    return ", ".join(parts)


def story_summary(odds: RollOdds) -> str:
    """``At least one Opportunity: 39.17%; at least one Complication: 33.58%``."""
    return (f"At least one Opportunity: {format_percent(float(odds.p_opportunity))}; "
            f"at least one Complication: {format_percent(float(odds.p_complication))}")


@dataclass(frozen=True, slots=True)
class Bin:
    """One histogram row: the totals ``low..high`` and their probability.

    ``open_low`` / ``open_high``: the row also holds the unlikely totals below / above.
    ``meets_dc``: the row's totals meet the pool's DC (``None`` without one).
    """

    low: int
    high: int
    probability: float
    open_low: bool = False
    open_high: bool = False
    meets_dc: bool | None = None

    @property
    def label(self) -> str:
        """``6``, ``6-7``, ``<=7`` or ``>=29``."""
        if self.open_low:
            return f"<={self.high}"
        if self.open_high:
            return f">={self.low}"
        return str(self.low) if self.low == self.high else f"{self.low}-{self.high}"


def histogram(pool: PoolOdds, rows: int = HISTOGRAM_ROWS) -> list[Bin]:
    """The pool's distribution in about ``rows`` rows of equal width.

    A row never straddles the DC, and tails lighter than :data:`TAIL_MASS` are folded into the
    first and last rows (unless the DC lies there).
    """
    dist = pool.distribution
    low, high = visible_range(dist, rows, pool.dc)
    width = math.ceil((high - low + 1) / rows)
    anchor = low if pool.dc is None else pool.dc
    start = low - (low - anchor) % width
    starts = range(start, high + 1, width)
    return [_bin(dist, first, first + width - 1, pool.dc) for first in starts]


def visible_range(dist: Distribution, rows: int, dc: int | None = None) -> tuple[int, int]:
    """The totals worth showing: all of them when few, else all but light tails (and the DC)."""
    if dist.high - dist.low < rows:
        return dist.low, dist.high
    low, high = _trimmed(dist)
    if dc is not None and dist.low < dc <= dist.high:
        low, high = min(low, dc), max(high, dc)
    return low, high


def _trimmed(dist: Distribution) -> tuple[int, int]:
    low, mass = dist.low, 0.0
    for low, p in dist.items():  # noqa: B007 - low is the first total past the light tail
        mass += p
        if mass > TAIL_MASS:
            break
    high, mass = dist.high, 0.0
    for high, p in zip(range(dist.high, dist.low - 1, -1), reversed(dist.probabilities),
                       strict=True):
        mass += p
        if mass > TAIL_MASS:
            break
    return low, max(low, high)


def _bin(dist: Distribution, first: int, last: int, dc: int | None) -> Bin:
    open_low, open_high = first > dist.low, last < dist.high
    low, high = max(first, dist.low), min(last, dist.high)
    begin = dist.low if open_low else low
    end = dist.high if open_high else high
    probability = math.fsum(dist.probabilities[begin - dist.low: end - dist.low + 1])
    return Bin(low, high, probability, open_low, open_high,
               None if dc is None else low >= dc)


def bar(fraction: float, width: int) -> str:
    """A horizontal bar of ``fraction`` (0..1) of ``width`` characters, in eighths."""
    eighths = round(max(0.0, min(1.0, fraction)) * width * 8)
    full, rest = divmod(eighths, 8)
    return _FULL * full + (_EIGHTHS[rest] if rest else "")
