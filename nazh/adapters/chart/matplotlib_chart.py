"""Bar charts of a roll's odds, drawn with matplotlib's Agg backend into PNG bytes.

matplotlib is imported inside :func:`render_odds_png` only: importing this module is free, so
the composition root can wire the chart into ``nazh odds`` and ``/odds`` without slowing either
down when no chart is asked for. No pyplot, no global state: each call builds its own Figure.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from nazh.domain.odds import PoolOdds, RollOdds
from nazh.presentation.odds_text import dc_chance, visible_range

if TYPE_CHECKING:
    from matplotlib.axes import Axes

WIDTH_PX = 800
HEIGHT_PX = 500
EXTRA_POOL_PX = 300
DPI = 100
FONT_SIZE = 15
MANY_TOTALS = 120
"""Above this many totals, bars merge into a filled step outline (fast, and still readable)."""
MAX_COLUMNS = 200
"""Steps drawn at most per pool: about one per 4 px of an 800 px chart."""
TOP_PX, BOTTOM_PX, LEFT_PX, RIGHT_PX, GAP_PX = 40, 62, 92, 16, 100
"""The fixed margins around and between the panels, in pixels."""
SPIKE_RATIO = 4
"""A floored total 1 this many times likelier than any other total is cut off (and labelled)."""
_BELOW = "#9aa5b1"
_MEETS = "#2f9e44"
_PLAIN = "#3b73b9"
_DC_LINE = "#c92a2a"


class MatplotlibOddsChart:
    """The ``OddsChart`` port: one bar chart per pool, the DC marked, sized for a phone."""

    def __init__(self, *, width_px: int = WIDTH_PX, height_px: int = HEIGHT_PX,
                 dpi: int = DPI) -> None:
        """Charts ``width_px`` wide, ``height_px`` tall for one pool (taller for more)."""
        self._width_px, self._height_px, self._dpi = width_px, height_px, dpi

    def render(self, odds: RollOdds) -> bytes:
        """The chart of ``odds`` as PNG bytes."""
        return render_odds_png(odds, width_px=self._width_px, height_px=self._height_px,
                               dpi=self._dpi)


def render_odds_png(odds: RollOdds, *, width_px: int = WIDTH_PX, height_px: int = HEIGHT_PX,
                    dpi: int = DPI) -> bytes:
    """A PNG bar chart of each pool's distribution (x: total, y: probability in %).

    One row of axes per pool; bars at or above a pool's DC are green, the others grey, and a
    red line marks the DC. ``height_px`` is for one pool; each further pool adds
    :data:`EXTRA_POOL_PX` (scaled like ``height_px``).

    Raises:
        ImportError: matplotlib is not installed.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: PLC0415
    from matplotlib.figure import Figure  # noqa: PLC0415

    count = max(1, len(odds.pools))
    height = height_px + (count - 1) * EXTRA_POOL_PX * height_px // HEIGHT_PX
    figure = Figure(figsize=(width_px / dpi, height / dpi), dpi=dpi)
    FigureCanvasAgg(figure)
    axes_list = figure.subplots(count, 1, squeeze=False)[:, 0]
    # A fixed layout: constrained layout measures every text several times (most of the cost).
    panel = (height - TOP_PX - BOTTOM_PX - (count - 1) * GAP_PX) / count
    figure.subplots_adjust(left=LEFT_PX / width_px, right=1 - RIGHT_PX / width_px,
                           bottom=BOTTOM_PX / height, top=1 - TOP_PX / height,
                           hspace=GAP_PX / panel)
    for axes, pool in zip(axes_list, odds.pools, strict=False):
        draw_pool(axes, pool)
    if not odds.pools:
        axes_list[0].set_axis_off()
        axes_list[0].text(0.5, 0.5, "no dice pool", ha="center", va="center",
                          fontsize=FONT_SIZE)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


def draw_pool(axes: Axes, pool: PoolOdds) -> None:
    """One pool's bars, DC line, title and axis labels on ``axes``."""
    dist = pool.distribution
    low, high = visible_range(dist, MANY_TOTALS, pool.dc)
    totals = list(range(low, high + 1))
    percents = [100 * dist.probability(total) for total in totals]
    if len(totals) <= MANY_TOTALS:
        colours = [_colour(pool, total) for total in totals]
        axes.bar(totals, percents, width=0.85, color=colours)
    else:
        _draw_steps(axes, pool, *binned(totals, percents, MAX_COLUMNS, pool.dc), high)
    if pool.dc is not None and low <= pool.dc <= high + 1:
        axes.axvline(pool.dc - 0.5, color=_DC_LINE, linewidth=2.5, linestyle="--",
                     label=f"DC {pool.dc}")
        axes.legend(loc="upper left", fontsize=FONT_SIZE - 2, frameon=False)
    axes.set_title(_title(pool), fontsize=FONT_SIZE + 1, loc="left")
    axes.set_xlabel("total", fontsize=FONT_SIZE)
    axes.set_ylabel("%", fontsize=FONT_SIZE)
    axes.tick_params(labelsize=FONT_SIZE - 2)
    axes.set_xlim(low - 0.6, high + 0.6)
    axes.set_ylim(bottom=0)
    axes.grid(axis="y", alpha=0.3)
    if len(totals) > MANY_TOTALS and low == 1:
        _clip_floor_spike(axes, percents)


def binned(totals: list[int], percents: list[float], columns: int,
           dc: int | None) -> tuple[list[int], list[float]]:
    """At most about ``columns`` steps: neighbouring totals merged, each step the mean of its
    totals (so the curve keeps its height), the DC always starting a step."""
    width = -(-len(totals) // columns)
    if width <= 1:
        return totals, percents
    anchor = totals[0] if dc is None else dc
    starts: list[int] = []
    for index, total in enumerate(totals):
        if index == 0 or (total - anchor) % width == 0:
            starts.append(index)
    merged_totals = [totals[i] for i in starts]
    ends = [*starts[1:], len(totals)]
    merged = [sum(percents[a:b]) / (b - a) for a, b in zip(starts, ends, strict=True)]
    return merged_totals, merged


def _clip_floor_spike(axes: Axes, percents: list[float]) -> None:
    """Keep the shape readable when the Minimum 1 Rule piles the odds on total 1 (``percents[0]``).

    The spike is cut at the top of the axes and its height written out instead.
    """
    if len(percents) < 2 or percents[0] <= SPIKE_RATIO * max(percents[1:]):
        return
    axes.set_ylim(0, max(percents[1:]) * 1.25)
    axes.text(0.99, 0.95, f"total 1 (Minimum 1 Rule): {percents[0]:.2f}%",
              transform=axes.transAxes, ha="right", va="top", fontsize=FONT_SIZE - 2)


def _draw_steps(axes: Axes, pool: PoolOdds, totals: list[int], percents: list[float],
                high: int) -> None:
    """Filled steps, in two colours split at the DC, for pools with many totals (a step per
    group of totals: ``totals`` are the first total of each, ``high`` the last one shown)."""
    edges = [total - 0.5 for total in totals] + [high + 0.5]
    split = len(totals) if pool.dc is None else sum(total < pool.dc for total in totals)
    first_colour = _PLAIN if pool.dc is None else _BELOW
    if split:
        axes.stairs(percents[:split], edges[: split + 1], fill=True, color=first_colour)
    if split < len(totals):
        axes.stairs(percents[split:], edges[split:], fill=True, color=_MEETS)


def _colour(pool: PoolOdds, total: int) -> str:
    if pool.dc is None:
        return _PLAIN
    return _MEETS if total >= pool.dc else _BELOW


def _title(pool: PoolOdds) -> str:
    """``a1d20+5 +plot   mean 18.5   P(>= 15) 78.04%``."""
    parts = [pool.spec.notation + (" +plot" if pool.plot_bonus else ""),
             f"mean {pool.moments.mean:.1f}"]
    chance = dc_chance(pool)
    if chance is not None:
        parts.append(f"P(≥{pool.dc}) {chance}")
    return "   ".join(parts)
