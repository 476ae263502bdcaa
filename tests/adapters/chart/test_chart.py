"""The odds chart: a valid PNG of a phone-friendly size, for short and long distributions."""

from __future__ import annotations

import io
import struct

import pytest
from PIL import Image  # installed with matplotlib

from nazh.adapters.chart.matplotlib_chart import (
    EXTRA_POOL_PX,
    HEIGHT_PX,
    WIDTH_PX,
    MatplotlibOddsChart,
    binned,
    render_odds_png,
)
from nazh.application.odds import OddsOf
from nazh.domain.notation import parse_roll
from nazh.domain.odds import RollOdds, roll_odds

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MEETS_DC = (47, 158, 68)  # the green of the totals that meet the DC


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from the PNG's IHDR chunk, after checking the signature."""
    assert data[:8] == PNG_SIGNATURE
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_one_pool_against_a_dc() -> None:
    data = MatplotlibOddsChart().render(OddsOf()("a1d20+5", add_plot=True, dc=15))
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
    assert png_size(render_odds_png(odds, width_px=400, height_px=250, dpi=50)) == (400, 250)


def test_a_roll_with_only_a_plot_die() -> None:
    assert png_size(render_odds_png(OddsOf()("p"))) == (WIDTH_PX, HEIGHT_PX)


def test_many_totals_are_binned_to_the_charts_columns_keeping_the_dc_a_step_start() -> None:
    totals = list(range(1, 1001))
    percents = [float(total % 7) for total in totals]
    steps, heights = binned(totals, percents, 200, dc=503)
    assert len(steps) <= 201
    assert 503 in steps
    assert steps == sorted(steps)
    assert steps[0] == 1
    first_width = steps[1] - steps[0]
    assert heights[0] == sum(percents[:first_width]) / first_width


def test_few_totals_are_not_binned() -> None:
    assert binned([1, 2, 3], [10.0, 20.0, 30.0], 200, dc=2) == ([1, 2, 3], [10.0, 20.0, 30.0])
