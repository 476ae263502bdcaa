"""The /stats chart: a PNG of the asked size, bars grey below a fair die's share, for a small
die and a d100."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from nazh.adapters.chart.pillow_chart import COLOURS, Canvas
from nazh.adapters.chart.stats_chart import render_fairness_png
from nazh.application.stats.dice_stats import DieFairness, dice_of

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def die(name: str, counts: dict[int, int]) -> DieFairness:
    (fairness,) = dice_of({name: counts})
    return fairness


def image(png: bytes) -> Image.Image:
    assert png.startswith(PNG_SIGNATURE)
    return Image.open(io.BytesIO(png)).convert("RGB")


def test_a_chart_is_a_png_of_the_asked_size() -> None:
    png = render_fairness_png(die("d6", dict.fromkeys(range(1, 7), 50)), "d6",
                              width_px=640, height_px=360)
    assert image(png).size == (640, 360)


def test_a_face_below_its_fair_share_is_grey_the_others_plain_under_a_red_line() -> None:
    drawn = image(render_fairness_png(die("d4", {1: 10, 2: 40, 3: 40, 4: 40}), "d4"))
    colours = {colour for _, colour in drawn.getcolors(maxcolors=1 << 16) or []}
    assert {COLOURS["below"], COLOURS["plain"], COLOURS["dc"]} <= colours


def test_a_d100_and_a_die_never_rolled_still_draw() -> None:
    assert image(render_fairness_png(die("d100", {50: 3}), "d100")).size[0] > 0
    assert image(render_fairness_png(die("d8", {}), "d8")).size[0] > 0


def test_the_chart_draws_its_title_and_the_caption_it_is_given(
        monkeypatch: pytest.MonkeyPatch) -> None:
    drawn: list[str] = []
    draw = Canvas.text

    def text(canvas: Canvas, xy: tuple[float, float], said: str, size: int, anchor: str) -> None:
        drawn.append(said)
        draw(canvas, xy, said, size, anchor)

    monkeypatch.setattr(Canvas, "text", text)
    fair = die("d6", dict.fromkeys(range(1, 7), 50))
    render_fairness_png(fair, "d6 : combien de fois chaque face est sortie",
                        "face · ligne rouge : les {fair} % d'un dé équilibré")
    assert {"d6 : combien de fois chaque face est sortie",
            "face · ligne rouge : les 16.7 % d'un dé équilibré"} <= set(drawn)
    drawn.clear()
    render_fairness_png(fair, "d6")  # no caption asked: English
    assert "face · red line: a fair die's 16.7%" in drawn
