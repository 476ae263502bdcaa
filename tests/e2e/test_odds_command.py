"""/odds end to end: a compact embed and a PNG chart, valid for Discord's spec."""

from __future__ import annotations

import io
import json

from PIL import Image

from nazh.adapters.chart.pillow_chart import COLOURS
from tests.e2e.fake_discord import FakeDiscord
from tests.e2e.harness import NazhUnderTest, embed_of, final_answer, uploads

EPHEMERAL = 1 << 6
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


async def test_odds_posts_an_embed_with_a_chart(nazh: NazhUnderTest,
                                                fake_discord: FakeDiscord) -> None:
    interaction, body = await nazh.slash("odds", pool="a1d20+5, 2d6+3", add_plot=True, dc=15)
    assert body["type"] in {4, 5}  # answered at once, or deferred while the worker warms up
    embed = embed_of(await final_answer(fake_discord, interaction, body))
    assert embed["title"] == "🎯 Odds of a1d20+5, 2d6+3, p vs DC 15"
    assert "At least one Opportunity: 39.83%; at least one Complication: 33.50%" in (
        embed["description"])
    first, second = embed["fields"]
    assert first["name"] == "a1d20+5 (+ plot die)"
    assert "mean **19.82**" in first["value"]
    assert "range 6–29" in first["value"]
    assert "P(≥ 15) **83.42%**" in first["value"]
    assert second["name"] == "2d6+3"
    assert "P(≥" not in second["value"]  # the DC judges the test, not the damage
    assert embed["image"]["url"] == "attachment://odds.png"
    files = uploads(fake_discord, interaction)
    assert len(files) == 1, "the chart is uploaded with the answer"
    upload = files[0]
    assert upload.filename == "odds.png"
    assert upload.data.startswith(PNG_MAGIC)
    assert len(upload.data) > 10_000
    # readable in Discord's dark theme on a phone: its embed's background, light ink, and
    # wide enough that an embed's ~270 px keeps the axis text legible
    chart = Image.open(io.BytesIO(upload.data)).convert("RGB")
    assert chart.getpixel((2, 2)) == COLOURS["background"]
    inks = {colour for _count, colour in chart.getcolors(maxcolors=1 << 16) or []}
    assert COLOURS["ink"] in inks
    assert chart.width <= 1100


async def test_odds_of_a_bad_pool_is_a_private_error(nazh: NazhUnderTest) -> None:
    _, body = await nazh.slash("odds", pool="1d1001")
    assert body["data"]["flags"] & EPHEMERAL
    assert 'pool 1 "1d1001": at most 1000 sides per die (got 1001)' in body["data"]["content"]


async def test_odds_of_a_chosen_plot_die_says_so(nazh: NazhUnderTest,
                                                  fake_discord: FakeDiscord) -> None:
    interaction, body = await nazh.slash("odds", pool="1d20, ap")
    answer = await final_answer(fake_discord, interaction, body)
    assert "plain plot die" in embed_of(answer)["description"]


async def test_odds_of_an_attack(nazh: NazhUnderTest, fake_discord: FakeDiscord) -> None:
    interaction, body = await nazh.slash("odds", pool="a1d20+5", add_plot=True, defense=15,
                                         damage="2d6")
    assert body["type"] in {4, 5}
    embed = embed_of(await final_answer(fake_discord, interaction, body))
    assert embed["title"] == "🎯 Attack odds of a1d20+5, p vs defense 15"
    # hit 1001/1200, with an Opportunity 397/1200 (hand-computed in tests/domain)
    assert embed["description"].startswith(
        "Hit **83.42%** · with an Opportunity (critical possible) **33.08%** · miss 16.58%")
    test, hit, graze, critical = embed["fields"]
    assert test["name"] == "Test a1d20+5 (+ plot die)"
    assert "P(≥ 15) **83.42%**" in test["value"]
    assert (hit["name"], hit["value"]) == ("Hit: 2d6+5 (the test's modifier)",
                                           "mean **12.00** · range 7–17")
    assert graze["value"] == "mean **7.00** · range 2–12"
    assert critical["value"] == "always **17**"
    (upload,) = uploads(fake_discord, interaction)
    assert upload.filename == "odds.png"
    assert upload.data.startswith(PNG_MAGIC)


async def test_odds_of_an_attack_without_a_d20_is_a_private_error(nazh: NazhUnderTest) -> None:
    _, body = await nazh.slash("odds", pool="2d6+3", defense=15, damage="1d6")
    assert body["data"]["flags"] & EPHEMERAL
    assert "an attack's test needs a d20 (2d6+3 has none)" in body["data"]["content"]


async def test_odds_of_damage_with_a_plot_die_is_a_private_error(nazh: NazhUnderTest) -> None:
    _, body = await nazh.slash("odds", pool="1d20+3", defense=15, damage="2d6, p")
    assert body["data"]["flags"] & EPHEMERAL
    assert "the plot die is not a damage die" in body["data"]["content"]


async def test_odds_of_an_attack_against_a_target(nazh: NazhUnderTest,
                                                  fake_discord: FakeDiscord) -> None:
    interaction, body = await nazh.slash("odds", pool="1d20+5", defense=15, damage="1d8",
                                         deflect=2, type="keen", health=10)
    assert body["type"] in {4, 5}
    embed = embed_of(await final_answer(fake_discord, interaction, body))
    assert embed["title"] == "🎯 Attack odds of 1d20+5 vs defense 15"
    # a plain hit (10 in 20) deals 1d8+5-2 = 4..11, 10 or more on 2 of 8 faces; a critical
    # hit (1 in 20) 13 - 2 = 11; a graze at most 8 - 2 = 6 (hand-computed in tests/domain)
    assert embed["description"].splitlines()[2:] == [
        "Against deflect 2, keen damage, 10 health: expected damage **4.30** per attack after "
        "deflect, **5.48** grazing every miss",
        "Drops it (10 health to 0) in one attack: **17.50%**, **17.50%** grazing every miss",
    ]
    (upload,) = uploads(fake_discord, interaction)
    assert upload.data.startswith(PNG_MAGIC)


async def test_odds_of_spirit_damage_ignore_deflect(nazh: NazhUnderTest,
                                                    fake_discord: FakeDiscord) -> None:
    interaction, body = await nazh.slash("odds", pool="1d20+5", defense=15, damage="1d6",
                                         deflect=3, type="spirit", pierce=False, health=6)
    lines = embed_of(await final_answer(fake_discord, interaction, body))[
        "description"].splitlines()
    assert lines[2].startswith("Against deflect 3, spirit damage, 6 health: expected damage "
                               "**4.80** per attack after deflect")  # the attack's own 4.80
    assert lines[3].startswith("Drops it (6 health to 0) in one attack: **55.00%**")
    assert lines[4] == ("*spirit damage is not reduced by deflect (only energy, impact and keen "
                        "are): the target's deflect 3 takes nothing*")


async def test_odds_of_a_target_without_an_attack_is_a_private_error(
        nazh: NazhUnderTest) -> None:
    _, body = await nazh.slash("odds", pool="1d20+5", health=12)
    assert body["data"]["flags"] & EPHEMERAL
    assert "health needs defense and damage" in body["data"]["content"]


async def test_odds_with_a_forged_deflect_out_of_range_is_a_private_error(
        nazh: NazhUnderTest) -> None:
    _, body = await nazh.slash("odds", pool="1d20+5", defense=15, damage="1d6", deflect=99)
    assert body["data"]["flags"] & EPHEMERAL
    assert "the deflect must be between 0 and 20 (got 99)" in body["data"]["content"]


async def test_odds_take_the_opportunity_and_complication_ranges(
        nazh: NazhUnderTest, fake_discord: FakeDiscord) -> None:
    """Starter rules, Introduction ("Using Cosmere RPG Dice": Opportunity and Complication
    Ranges), as /roll's opportunity: and complication: take them."""
    interaction, body = await nazh.slash("odds", pool="1d20+5", opportunity=19, complication=2)
    embed = embed_of(await final_answer(fake_discord, interaction, body))
    assert "At least one Opportunity: 10.00%; at least one Complication: 10.00%" in (
        embed["description"])
    assert "Opportunity on 19-20 · Complication on 1-2" in embed["description"]
    interaction, body = await nazh.slash("odds", pool="1d20+5", defense=15, damage="1d6",
                                         opportunity=19)
    embed = embed_of(await final_answer(fake_discord, interaction, body))
    assert "10.00%" in json.dumps(embed, ensure_ascii=False)  # a hit with an Opportunity
