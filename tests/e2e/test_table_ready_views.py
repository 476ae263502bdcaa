"""The default views of ``/stats``, ``/character show`` and ``/encounter log`` end to end on both
transports, drawn as Discord's client draws them at a phone's 390 px (:mod:`tests.render_kit`):
each is a glance no taller than 600 px, its details behind a button. ``NAZH_RENDER_OUT=DIR``
writes their PNGs there to look at."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from nazh.application.shared.json_types import JsonObject
from tests.e2e.encounter_kit import command, set_up_fight
from tests.e2e.fake_discord import make_user
from tests.e2e.harness import NazhUnderTest, final_answer, uploads
from tests.e2e.roll_kit import GM, PLAYER
from tests.render_kit import PHONE, as_data_url, heights, render_html, screenshot

MOST_PX = 600
VEYLA = make_user("775555555555555555", "veyla")


pytestmark = pytest.mark.usefixtures("gm_manages_the_server")


async def stats_view(nazh: NazhUnderTest) -> tuple[JsonObject, dict[str, str]]:
    """Twenty rolls of the player's, then their /stats: the answer and its chart."""
    for face in (20, 1, 10, 7, 13, 15, 2, 19, 11, 8, 5, 16, 3, 12, 9, 17, 4, 14, 6, 18):
        nazh.dice.script(20, face)
        await nazh.slash(pool="1d20+5", _user=PLAYER)
    await nazh.slash(pool="2d6+1", _user=PLAYER)
    assert nazh.container is not None
    assert await nazh.container.storage.writer().flush(5)
    interaction, body = await nazh.slash("stats", _user=PLAYER)
    answer = await final_answer(nazh.fake, interaction, body)
    [chart] = uploads(nazh.fake, interaction)
    return answer, {chart.filename: as_data_url(chart.data, chart.filename)}


async def sheet_view(nazh: NazhUnderTest) -> JsonObject:
    """A level 3 character with trained skills and two weapons, shown (its owner's)."""
    await nazh.slash("character new", name="Veyla Tarn", level=3, strength=2, speed=3,
                     willpower=3, awareness=3, _user=VEYLA)
    for skill, ranks in (("light-weaponry", 2), ("perception", 1), ("insight", 2)):
        await nazh.slash("character skill", name=skill, ranks=ranks, _user=VEYLA)
    await nazh.slash("character weapon", name="Sidesword", skill="light-weaponry",
                     damage="1d6", type="keen", traits="quickdraw, deadly", _user=VEYLA)
    await nazh.slash("character weapon", name="Sling", skill="light-weaponry", damage="1d4",
                     can_graze=False, _user=VEYLA)
    _, shown = await nazh.slash("character show", _user=VEYLA)
    return shown


async def log_view(nazh: NazhUnderTest) -> JsonObject:
    """A fight with a score of changes, then the GM's /encounter log."""
    await set_up_fight(nazh)
    for amount in (3, 4, 5, 2, 6, 1):
        await command(nazh, "encounter damage", GM, combatant="Szeth", amount=amount)
        await command(nazh, "encounter heal", GM, combatant="Szeth", amount=1)
    _, log = await nazh.slash("encounter log", _user=GM)
    return log


async def test_stats_a_sheet_and_the_log_are_each_a_glance_on_a_phone(
        nazh: NazhUnderTest) -> None:
    stats, images = await stats_view(nazh)
    log = await log_view(nazh)
    views = {"stats": stats, "sheet": await sheet_view(nazh), "log": log}
    for name, view in views.items():
        data = view.get("data", view)
        labels = [c.get("label") for row in data.get("components") or []
                  for c in row.get("components") or []]
        button = "Whole log" if name == "log" else "Details"
        assert button in labels, (name, labels)  # the rest is behind it
    page = render_html(list(views.values()), PHONE, images=images)
    measured = dict(zip(views, heights(page, PHONE), strict=True))
    out = os.environ.get("NAZH_RENDER_OUT")
    if out:
        for name, view in views.items():
            screenshot(render_html([view], PHONE, images=images), Path(out) / f"{name}.png",
                       PHONE)
    assert all(height <= MOST_PX for height in measured.values()), measured
