"""The odds chart: a valid PNG of a phone-friendly size, for short and long distributions."""

from __future__ import annotations

import io
import itertools
import struct

import pytest
from PIL import Image

from nazh.adapters.chart.pillow_chart import (
    BOTTOM_PX,
    COLOURS,
    EXTRA_POOL_PX,
    FIRST_SHADE,
    FONT_PX,
    HEIGHT_PX,
    PALETTE,
    WIDTH_PX,
    Canvas,
    PillowOddsChart,
    binned_steps,
    nice_ticks,
    render_odds_png,
)
from nazh.application.odds.use_cases import ChartWords, OddsOf
from nazh.domain.notation import parse_roll
from nazh.domain.odds import RollOdds, roll_odds

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MEETS_DC = (35, 165, 89)  # the green of the totals that meet the DC
BELOW_DC = (116, 122, 134)  # the grey of those below it


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from the PNG's IHDR chunk, after checking the signature."""
    assert data[:8] == PNG_SIGNATURE
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_one_pool_against_a_dc() -> None:
    data = PillowOddsChart().render(OddsOf()("a1d20+5", add_plot=True, dc=15))
    assert png_size(data) == (WIDTH_PX, HEIGHT_PX)
    assert 5_000 < len(data) < 500_000
    with Image.open(io.BytesIO(data)) as image:
        image.verify()
    with Image.open(io.BytesIO(data)) as image:
        assert MEETS_DC in {colour for _, colour in image.convert("RGB").getcolors(1 << 16) or []}


def test_several_pools_are_stacked() -> None:
    odds = OddsOf()("2d6+3, 20d100-900, d5d100, 1d8", dc=150)  # long ones drawn as steps
    data = render_odds_png(odds)
    assert png_size(data) == (WIDTH_PX, HEIGHT_PX + 3 * EXTRA_POOL_PX)
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        assert image.size == (WIDTH_PX, HEIGHT_PX + 3 * EXTRA_POOL_PX)
        colours = image.convert("RGB").getcolors(maxcolors=1 << 16)
    assert colours is not None
    assert MEETS_DC in {colour for _, colour in colours}


@pytest.mark.parametrize("dc", [None, 1, 30])
def test_a_dc_anywhere_or_none(dc: int | None) -> None:
    odds: RollOdds = roll_odds(parse_roll("2d6"), dc)
    assert png_size(render_odds_png(odds, width_px=400, height_px=250)) == (400, 250)


def test_a_roll_with_only_a_plot_die() -> None:
    assert png_size(render_odds_png(OddsOf()("p"))) == (WIDTH_PX, HEIGHT_PX)


def test_many_totals_are_binned_to_the_charts_columns_keeping_the_dc_a_step_start() -> None:
    percents = [float(total % 7) for total in range(1, 1001)]
    steps, heights = binned_steps(1, percents, 200, dc=503)
    assert len(steps) <= 201
    assert 503 in steps
    assert steps == sorted(steps)
    assert steps[:3] == [1, 3, 8]  # 503 - 5k: the steps are 5 totals wide, the first shorter
    assert {b - a for a, b in itertools.pairwise(steps[1:])} == {5}
    assert heights[0] == pytest.approx(sum(percents[:2]) / 2)
    assert heights[1] == pytest.approx(sum(percents[2:7]) / 5)
    assert heights[-1] == pytest.approx(sum(percents[997:]) / 3)  # 998-1000


def test_without_a_dc_the_steps_start_at_the_lowest_total() -> None:
    steps, _ = binned_steps(10, [1.0] * 1000, 200, dc=None)
    assert steps[:3] == [10, 15, 20]


def test_few_totals_are_not_binned() -> None:
    assert binned_steps(1, [10.0, 20.0, 30.0], 200, dc=2) == ([1, 2, 3], [10.0, 20.0, 30.0])


@pytest.mark.parametrize(("low", "high", "most", "integer", "ticks"), [
    (0.0, 10.5, 5, False, [0.0, 2.5, 5.0, 7.5, 10.0]),
    (0.0, 0.33, 5, False, [0.0, 0.1, 0.2, 0.3]),
    (6, 25, 8, True, [10.0, 15.0, 20.0, 25.0]),
    (1, 8, 8, True, [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0]),
    (-1000, 19000, 8, True, [0.0, 5000.0, 10000.0, 15000.0]),
    (5, 5, 8, True, [5]),
])
def test_ticks_are_round_numbers(low: float, high: float, most: int, integer: bool,
                                 ticks: list[float]) -> None:
    assert nice_ticks(low, high, most, integer=integer) == pytest.approx(ticks)


def test_the_longest_roll_is_drawn_at_the_charts_resolution() -> None:
    """20d1000 has 19,981 totals: they are binned, so the chart has about as many bars as
    pixel columns allow; totals at and above the DC are green, those below grey."""
    data = render_odds_png(OddsOf()("20d1000", dc=10_000))
    with Image.open(io.BytesIO(data)) as image:
        rgb = image.convert("RGB")
    row = [rgb.getpixel((x, HEIGHT_PX - BOTTOM_PX - 8)) for x in range(WIDTH_PX)]
    colours = {colour for colour in row if isinstance(colour, tuple)}
    assert MEETS_DC in colours
    assert BELOW_DC in colours
    first_green = next(x for x, colour in enumerate(row) if colour == MEETS_DC)
    assert all(colour != MEETS_DC for colour in row[:first_green])
    assert all(colour != BELOW_DC for colour in row[first_green:])


def test_text_is_anti_aliased_in_shades_of_the_ink() -> None:
    data = render_odds_png(OddsOf()("1d20"))
    with Image.open(io.BytesIO(data)) as image:
        colours = {colour for _, colour in image.convert("RGB").getcolors(1 << 16) or []}
    shades = set(zip(*[iter(PALETTE[3 * FIRST_SHADE:])] * 3, strict=True))
    assert len(colours & shades) >= 8


def test_the_chart_is_drawn_for_discords_dark_theme_with_text_a_phone_reads() -> None:
    """Dark background, light ink; at an embed's ~270 px on a phone the text is ~11 px."""
    data = render_odds_png(OddsOf()("a1d20+5", dc=15))
    with Image.open(io.BytesIO(data)) as image:
        rgb = image.convert("RGB")
    assert rgb.getpixel((2, 2)) == COLOURS["background"]
    assert sum(COLOURS["background"]) < 200 < sum(COLOURS["ink"])
    assert FONT_PX * 270 / WIDTH_PX >= 11


def test_the_chart_draws_the_words_it_is_given(monkeypatch: pytest.MonkeyPatch) -> None:
    drawn: list[str] = []
    draw = Canvas.text

    def text(canvas: Canvas, xy: tuple[float, float], said: str, size: int, anchor: str) -> None:
        drawn.append(said)
        draw(canvas, xy, said, size, anchor)

    monkeypatch.setattr(Canvas, "text", text)
    words = ChartWords(total="total (fr)", dc="DD {dc}", mean="moyenne {mean}",
                       minimum_one="total 1 (règle du minimum 1) : {percent} %",
                       plot="+intrigue", no_pool="aucun groupe de dés")
    PillowOddsChart().render(OddsOf()("a1d20+5", add_plot=True, dc=15), words)
    assert {"total (fr)", "DD 15"} <= set(drawn)
    assert any(said.startswith("a1d20+5 +intrigue  ·  DD 15: ") for said in drawn)
    drawn.clear()
    PillowOddsChart().render(OddsOf()("3d6"), words)  # no DC: its mean
    assert "3d6  ·  moyenne 10.5" in drawn
    drawn.clear()
    PillowOddsChart().render(OddsOf()("a1d20+5", dc=15))  # no words asked: English
    assert {"total", "DC 15"} <= set(drawn)
