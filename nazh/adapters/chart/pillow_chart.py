"""Bar charts of a roll's odds drawn with Pillow (imported only to draw) into PNG bytes."""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import accumulate
from typing import TYPE_CHECKING

from nazh.application.odds.use_cases import IN_ENGLISH, ChartWords
from nazh.domain.notation import parse_roll
from nazh.domain.odds import PoolOdds, RollOdds, roll_odds
from nazh.presentation.odds_text import dc_chance, visible_range

if TYPE_CHECKING:
    from PIL import Image, ImageFont

WIDTH_PX = 560
HEIGHT_PX = 360
EXTRA_POOL_PX = 230
FONT_PX = 24
"""Text size in the 560 px chart: a phone shows an embed's image about 270 px wide, so the
text is about 12 px tall there."""
MANY_TOTALS = 120
"""Above this many totals, neighbouring totals merge into steps (a filled outline)."""
MAX_COLUMNS = 150
"""Steps drawn at most per pool: about one per 3 px of a 560 px chart."""
TOP_PX, BOTTOM_PX, LEFT_PX, RIGHT_PX, GAP_PX = 44, 82, 84, 30, 100
"""The fixed margins around and between the panels, in px (for a 560 x 360 chart)."""
SPIKE_RATIO = 4
"""A floored total 1 this many times likelier than any other total is cut off (and labelled)."""
PNG_COMPRESSION = 1
"""zlib level: flat palette colours compress well at the fastest; higher costs time for few kB."""
BAR_WIDTH = 0.85
"""A bar's width, in totals (the gap between bars is the rest)."""

# The chart is a palette image: these colours, then SHADES blends of the background into the
# ink for the edges of the text (FreeType's anti-aliasing). Drawn for Discord's dark theme (most
# players' on phones): the background of its embeds, its text colour, its green, blurple and red.
COLOURS = {
    "background": (43, 45, 49),  # #2b2d31
    "ink": (219, 222, 225),  # #dbdee1
    "grid": (70, 73, 80),  # #464950
    "below": (116, 122, 134),  # #747a86
    "meets": (35, 165, 89),  # #23a559
    "plain": (88, 101, 242),  # #5865f2
    "dc": (242, 63, 67),  # #f23f43
}
BACKGROUND, INK, GRID, BELOW, MEETS, PLAIN, DC_LINE = range(len(COLOURS))
SHADES = 16
FIRST_SHADE = 16


def _palette() -> list[int]:
    colours = list(COLOURS.values())
    colours += [(0, 0, 0)] * (FIRST_SHADE - len(colours))
    (r0, g0, b0), (r1, g1, b1) = COLOURS["background"], COLOURS["ink"]
    for step in range(SHADES):
        share = step / (SHADES - 1)
        colours.append((round(r0 + (r1 - r0) * share), round(g0 + (g1 - g0) * share),
                        round(b0 + (b1 - b0) * share)))
    return [channel for colour in colours for channel in colour]


PALETTE = _palette()
SHADE_OF = bytes([0] + [FIRST_SHADE + round(v * (SHADES - 1) / 255) for v in range(1, 256)])
"""Coverage 0-255 of a text pixel -> its palette index (0 where the text is not)."""
COVERED = bytes([0] + [255] * 255)
"""Coverage -> the mask of the pixels the text covers at all."""


class PillowOddsChart:
    """The ``OddsChart`` port: one bar chart per pool, the DC marked, sized for a phone."""

    def __init__(self, *, width_px: int = WIDTH_PX, height_px: int = HEIGHT_PX) -> None:
        """Charts ``width_px`` wide, ``height_px`` tall for one pool (taller for more)."""
        self._width_px, self._height_px = width_px, height_px

    def render(self, odds: RollOdds, words: ChartWords = IN_ENGLISH) -> bytes:
        """The chart of ``odds`` as PNG bytes, drawn with ``words``."""
        return render_odds_png(odds, width_px=self._width_px, height_px=self._height_px,
                               words=words)

    def warm(self) -> None:
        """Load Pillow, its PNG encoder and the fonts now, so the first chart is not slower."""
        self.render(roll_odds(parse_roll("a1d20+5"), 15))


@dataclass(frozen=True, slots=True)
class Box:
    """A plot area in pixels, and the data range it shows."""

    left: float
    top: float
    right: float
    bottom: float
    x_min: float
    x_max: float
    y_max: float

    def x(self, value: float) -> float:
        """The pixel column of total ``value``."""
        share = (value - self.x_min) / (self.x_max - self.x_min)
        return self.left + share * (self.right - self.left)

    def y(self, percent: float) -> float:
        """The pixel row of ``percent`` (clamped to the plot area)."""
        share = min(max(percent / self.y_max, 0.0), 1.0)
        return self.bottom - share * (self.bottom - self.top)


def render_odds_png(odds: RollOdds, *, width_px: int = WIDTH_PX, height_px: int = HEIGHT_PX,
                    words: ChartWords = IN_ENGLISH) -> bytes:
    """A PNG bar chart of each pool's distribution, one panel each, bars from the DC in green."""
    scale = min(width_px / WIDTH_PX, height_px / HEIGHT_PX)
    count = max(1, len(odds.pools))
    height = height_px + (count - 1) * EXTRA_POOL_PX * height_px // HEIGHT_PX
    canvas = Canvas(width_px, height)
    top, bottom, gap = TOP_PX * scale, BOTTOM_PX * scale, GAP_PX * scale
    left, right = LEFT_PX * scale, width_px - RIGHT_PX * scale
    panel = (height - top - bottom - (count - 1) * gap) / count
    for index, pool in enumerate(odds.pools):
        panel_top = top + index * (panel + gap)
        draw_pool(canvas, pool, (left, panel_top, right, panel_top + panel), scale, words)
    if not odds.pools:
        canvas.text((width_px / 2, height / 2), words.no_pool, round(FONT_PX * scale), "mm")
    return canvas.png()


class Canvas:
    """A palette image and what the chart draws on it: lines, rectangles, anti-aliased text."""

    def __init__(self, width: int, height: int) -> None:
        from PIL import Image, ImageDraw  # noqa: PLC0415

        self.image = Image.new("P", (width, height), BACKGROUND)
        self.image.putpalette(PALETTE)
        self.draw = ImageDraw.Draw(self.image)

    def line(self, points: list[tuple[float, float]], colour: int, width: int = 1) -> None:
        """A straight line through ``points``."""
        self.draw.line(points, fill=colour, width=width)

    def rectangle(self, box: tuple[float, float, float, float], colour: int | None = None,
                  outline: int | None = None) -> None:
        """A filled (``colour``) or outlined rectangle from (left, top) to (right, bottom)."""
        left, top, right, bottom = box
        self.draw.rectangle([(left, top), (right, bottom)], fill=colour, outline=outline)

    def text(self, xy: tuple[float, float], text: str, size: int, anchor: str) -> None:
        """``text`` at ``xy`` (``anchor`` as in Pillow), its edges blended into the background."""
        glyphs = _glyphs(text, size, anchor)
        if glyphs is not None:
            shades, covered, dx, dy = glyphs
            self.image.paste(shades, (round(xy[0]) + dx, round(xy[1]) + dy), covered)

    def png(self) -> bytes:
        """The image as PNG bytes."""
        buffer = io.BytesIO()
        self.image.save(buffer, format="PNG", compress_level=PNG_COMPRESSION)
        return buffer.getvalue()


def draw_pool(canvas: Canvas, pool: PoolOdds, area: tuple[float, float, float, float],
              scale: float, words: ChartWords = IN_ENGLISH) -> None:
    """One pool's grid, bars, DC line, title and axis labels around the plot area ``area``."""
    dist = pool.distribution
    low, high = visible_range(dist, MANY_TOTALS, pool.dc)
    shown = dist.probabilities[low - dist.low: high - dist.low + 1]
    spike = (len(shown) > MANY_TOTALS and low == 1 and len(shown) > 1
             and shown[0] > SPIKE_RATIO * max(shown[1:]))
    if len(shown) <= MANY_TOTALS:
        steps, heights = list(range(low, high + 1)), list(shown)
    else:
        steps, heights = binned_steps(low, shown, MAX_COLUMNS, pool.dc)
    # room above the bars for the DC's legend (its corner), else a little
    headroom = 1.25 if spike or pool.dc is not None else 1.05
    top_value = 100 * (max(shown[1:]) if spike else max(shown)) * headroom
    box = Box(*area, x_min=low - 0.6, x_max=high + 0.6, y_max=top_value or 1.0)
    small, normal = round((FONT_PX - 2) * scale), round(FONT_PX * scale)
    tick = max(1, round(4 * scale))

    for value in nice_ticks(0.0, box.y_max, 5):
        row = round(box.y(value))
        canvas.line([(box.left, row), (box.right, row)], GRID)
        canvas.line([(box.left - tick, row), (box.left, row)], INK)
        canvas.text((box.left - tick - 4, row), f"{value:g}%", small, "rm")
    if len(shown) <= MANY_TOTALS:
        for total, probability in zip(steps, heights, strict=True):
            _bar(canvas, box, total - BAR_WIDTH / 2, total + BAR_WIDTH / 2, 100 * probability,
                 _colour(pool, total))
    else:
        ends = [*steps[1:], high + 1]
        for start, end, probability in zip(steps, ends, heights, strict=True):
            _bar(canvas, box, start - 0.5, end - 0.5, 100 * probability, _colour(pool, start))
    for value in nice_ticks(low, high, 5, integer=True):
        column = round(box.x(value))
        canvas.line([(column, box.bottom), (column, box.bottom + tick)], INK)
        canvas.text((column, box.bottom + tick + 8), str(int(value)), small, "mt")
    canvas.rectangle((box.left, box.top, box.right, box.bottom), outline=INK)
    if pool.dc is not None and low <= pool.dc <= high + 1:
        _dashed_line(canvas, box.x(pool.dc - 0.5), box.top, box.bottom,
                     max(2, round(2.5 * scale)))
        _legend(canvas, box, words.dc.format(dc=pool.dc), small, scale)
    if spike:
        canvas.text((box.right - 6 * scale, box.top + 6 * scale),
                    words.minimum_one.format(percent=f"{100 * shown[0]:.2f}"), small, "ra")
    canvas.text((box.left, box.top - 8 * scale), _title(pool, words),
                round((FONT_PX + 1) * scale), "ld")
    canvas.text(((box.left + box.right) / 2, box.bottom + 44 * scale), words.total, normal, "mt")


def binned_steps(low: int, probabilities: Sequence[float], columns: int,
                 dc: int | None) -> tuple[list[int], list[float]]:
    """Totals from ``low`` merged into ~``columns`` steps of mean probability; the DC starts one."""
    count = len(probabilities)
    width = -(-count // columns)
    if width <= 1:
        return list(range(low, low + count)), list(probabilities)
    offset = 0 if dc is None else (dc - low) % width
    starts = [0, *range(offset or width, count, width)]
    ends = [*starts[1:], count]
    running = [0.0, *accumulate(probabilities)]
    means = [(running[b] - running[a]) / (b - a) for a, b in zip(starts, ends, strict=True)]
    return [low + start for start in starts], means


def nice_ticks(low: float, high: float, most: int, *, integer: bool = False) -> list[float]:
    """Round ticks (1, 2, 2.5 or 5 times a power of ten) in ``low..high``, at most ``most``."""
    span = high - low
    if span <= 0:
        return [low]
    raw = span / most
    power = 10.0 ** math.floor(math.log10(raw))
    steps = (1.0, 2.0, 5.0, 10.0) if integer else (1.0, 2.0, 2.5, 5.0, 10.0)
    step = next(m * power for m in steps if m * power >= raw)
    if integer:
        step = max(1.0, float(math.ceil(step)))
    first = math.ceil(low / step) * step
    count = math.floor((high - first) / step + 1e-9) + 1
    return [first + i * step for i in range(count)]


def _bar(canvas: Canvas, box: Box, start: float, end: float, percent: float,
         colour: int) -> None:
    top = round(box.y(percent))
    bottom = round(box.bottom)
    if top >= bottom:
        return
    left, right = round(max(box.x(start), box.left)), round(min(box.x(end), box.right))
    canvas.rectangle((left, top, max(left, right - 1), bottom), colour)


def _dashed_line(canvas: Canvas, column: float, top: float, bottom: float, width: int) -> None:
    dash, gap = 4 * width, 2 * width
    row = top
    while row < bottom:
        canvas.line([(column, row), (column, min(row + dash, bottom))], DC_LINE, width)
        row += dash + gap


def _legend(canvas: Canvas, box: Box, text: str, size: int, scale: float) -> None:
    """A short dashed red line and ``text``, in the plot's top left corner."""
    row = box.top + 14 * scale
    start = box.left + 10 * scale
    width = max(2, round(2.5 * scale))
    for offset in (0.0, 12 * scale):
        canvas.line([(start + offset, row), (start + offset + 8 * scale, row)], DC_LINE, width)
    canvas.text((start + 28 * scale, row), text, size, "lm")


def _colour(pool: PoolOdds, total: int) -> int:
    if pool.dc is None:
        return PLAIN
    return MEETS if total >= pool.dc else BELOW


def _title(pool: PoolOdds, words: ChartWords = IN_ENGLISH) -> str:
    """``a1d20+5 +plot  ·  DC 15: 78.04%`` (the mean is the message's; the chart stays short)."""
    parts = [pool.spec.notation + (f" {words.plot}" if pool.plot_bonus else "")]
    chance = dc_chance(pool)
    parts.append(words.mean.format(mean=f"{pool.moments.mean:.1f}") if chance is None
                 else f"{words.dc.format(dc=pool.dc)}: {chance}")
    return "  ·  ".join(parts)


@lru_cache(maxsize=1024)
def _glyphs(text: str, size: int, anchor: str) -> tuple[Image.Image, Image.Image, int, int] | None:
    """``text`` drawn once per process (shades, covered mask, offset); None if it covers nothing."""
    from PIL import Image, ImageDraw  # noqa: PLC0415

    font = _font(size)
    left, top, right, bottom = font.getbbox(text, anchor=anchor)
    width, height = math.ceil(right - left), math.ceil(bottom - top)
    if width <= 0 or height <= 0:
        return None
    coverage = Image.new("L", (width, height), 0)
    ImageDraw.Draw(coverage).text((-left, -top), text, fill=255, font=font, anchor=anchor)
    raw = coverage.tobytes()
    shades = Image.frombytes("P", coverage.size, raw.translate(SHADE_OF))
    covered = Image.frombytes("L", coverage.size, raw.translate(COVERED))
    return shades, covered, math.floor(left), math.floor(top)


@cache
def _font(size: int) -> ImageFont.FreeTypeFont:
    """Pillow's own sans-serif font (Aileron) at ``size`` px; loaded once per size."""
    from PIL import ImageFont  # noqa: PLC0415

    font = ImageFont.load_default(size=max(6, size))
    if not isinstance(font, ImageFont.FreeTypeFont):  # Pillow built without FreeType
        message = "Pillow was built without FreeType: charts need it for their text"
        raise ImportError(message)
    return font

