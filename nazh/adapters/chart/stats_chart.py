"""The /stats chart: how often each face of a die came up against the fair share, as a PNG."""

from __future__ import annotations

from nazh.adapters.chart.pillow_chart import (
    BELOW,
    BOTTOM_PX,
    DC_LINE,
    FONT_PX,
    GRID,
    INK,
    LEFT_PX,
    PLAIN,
    RIGHT_PX,
    TOP_PX,
    Canvas,
    nice_ticks,
)
from nazh.application.stats.dice_stats import DieFairness

BAR_SHARE = 0.8


STATS_WIDTH_PX, STATS_HEIGHT_PX = 560, 360
"""As an odds chart: an embed's image is about 270 px wide on a phone, so its text
(:data:`FONT_PX`) is drawn about 12 px tall there."""


CAPTION = "face · red line: a fair die's {fair}%"
"""The chart's caption (``{fair}``: a fair die's share of each face)."""


def render_fairness_png(die: DieFairness, title: str, caption: str = CAPTION, *,
                        width_px: int = STATS_WIDTH_PX,
                        height_px: int = STATS_HEIGHT_PX) -> bytes:
    """Each face's observed share (bars) against the fair share (red line), for a dark theme
    (``caption``: its words under the faces, in the asker's language)."""
    canvas = Canvas(width_px, height_px)
    left, top = LEFT_PX, TOP_PX + 8
    right, bottom = width_px - RIGHT_PX, height_px - BOTTOM_PX
    fair = 100.0 / die.sides
    shares = [100.0 * count / die.rolled if die.rolled else 0.0 for count in die.counts]
    high = max([fair * 1.5, *shares]) * 1.1
    ticks = nice_ticks(0.0, high, 6)

    def y(percent: float) -> float:
        return bottom - (bottom - top) * percent / high

    small = FONT_PX - 2
    for tick in ticks:
        canvas.line([(left, y(tick)), (right, y(tick))], GRID)
        canvas.text((left - 8, y(tick)), f"{tick:g}%", small, "rm")
    step = (right - left) / die.sides
    for index, share in enumerate(shares):
        x0 = left + step * (index + (1 - BAR_SHARE) / 2)
        colour = PLAIN if share >= fair else BELOW
        canvas.rectangle((x0, y(share), x0 + step * BAR_SHARE, bottom), colour)
        if _labelled(index + 1, die.sides):
            canvas.text((x0 + step * BAR_SHARE / 2, bottom + 8), str(index + 1), small, "mt")
    canvas.line([(left, y(fair)), (right, y(fair))], DC_LINE, width=3)
    canvas.line([(left, bottom), (right, bottom)], INK)
    canvas.text((width_px / 2, 10), title, FONT_PX, "mt")
    canvas.text((width_px / 2, height_px - 10), caption.format(fair=f"{fair:.3g}"), small, "mb")
    return canvas.png()


def _labelled(face: int, sides: int) -> bool:
    """Whether a face is numbered below its bar: all up to a d12, else 1 and every 5th."""
    return sides <= 12 or face == 1 or face % 5 == 0
