"""/attack end to end on both transports (scripted dice): the test against the defense, the
damage on a hit, the graze on a miss, the critical hit, Opportunities and Complications spent,
advantage on a damage die; every step a record in the chain, shown by /verify; after a
restart; a concurrent double click makes one step; bad options refused."""

from __future__ import annotations

import asyncio

import pytest

from nazh.adapters.discord.rolls.result import RollAction, roll_control
from nazh.application.shared.json_types import JsonObject
from tests.e2e.fake_discord import FakeDiscord
from tests.e2e.harness import NazhUnderTest, embed_of
from tests.e2e.roll_kit import (
    EPHEMERAL,
    GM,
    PLAYER,
    ROLLER,
    buttons,
    click,
    die_menu,
    on_gm_panel,
    pressed_anyway,
    records,
    roll_id_of,
    shared_result,
    steps_verified,
)

pytestmark = pytest.mark.usefixtures("gm_manages_the_server")


def description(body: JsonObject) -> str:
    return str(embed_of(body)["description"])


async def test_a_hit_deals_the_damage_dice_plus_the_test_s_modifier(
        nazh: NazhUnderTest) -> None:
    nazh.dice.script(20, 12).script(6, 4, 3)
    _, body = await nazh.slash("attack", test="1d20+5", damage="2d6", defense=15,
                               label="Longsword", _user=ROLLER)
    embed = embed_of(body)
    assert embed["title"] == "⚔️ Longsword"
    lines = embed["description"].split("\n")
    assert lines[0] == "## 17 · Hit, 12 damage"  # what happened first
    assert lines[1] == "-# **17** | `1d20+5` | [12] · DC 15"
    assert "-# 🎯 **Hit** (vs defense 15): **12** damage (4 + 3 + 5)" in lines
    assert "Graze (1 focus)" not in buttons(body["data"])
    assert nazh.dice.unused == {}


async def test_a_miss_is_grazed_by_the_attacker_once_and_verified(
        nazh: NazhUnderTest) -> None:
    nazh.dice.script(20, 4).script(8, 6)
    _, body = await nazh.slash("attack", test="1d20+3", damage="1d8+1", defense=14,
                               _user=ROLLER)
    assert "❌ **Miss** (vs defense 14): a graze would deal **6** damage" in description(body)
    graze = buttons(body["data"])["Graze (1 focus)"]["custom_id"]
    refused = await click(nazh, graze, PLAYER)
    assert refused["data"]["flags"] & EPHEMERAL
    assert "only the attacker can record how it went" in refused["data"]["content"]
    grazed = await click(nazh, graze, ROLLER)
    assert grazed["type"] == 7
    assert "🩹 **Graze** (vs defense 14): **6** damage (6; costs 1 focus)" in description(grazed)
    assert "Graze (1 focus)" not in buttons(grazed["data"])
    roll_id = roll_id_of(body)
    assert await steps_verified(nazh, roll_id) == ["rolled", "graze recorded"]
    assert records(nazh, roll_id) == [(1, "roll"), (2, "attack_recorded")]


async def test_without_a_defense_a_natural_20_hit_is_made_critical(
        nazh: NazhUnderTest) -> None:
    nazh.dice.script(20, 20).script(10, 2)
    _, body = await nazh.slash("attack", test="1d20+2", damage="1d10", _user=ROLLER)
    text = description(body)
    assert "🎯 On a hit: **4** damage (2 + 2)" in text
    assert "🩹 On a miss, a graze: **2** damage (2; costs 1 focus)" in text
    assert "To spend: 1 Opportunity" in text
    hit = await click(nazh, buttons(body["data"])["Hit"]["custom_id"], ROLLER)
    assert "🎯 **Hit** (no defense given): **4** damage" in description(hit)
    critical = await click(nazh, buttons(hit["data"])["Critical hit"]["custom_id"], ROLLER)
    text = description(critical)
    assert "💥 **Critical hit** (no defense given): **12** damage" in text
    assert f"🌟 Opportunity spent: Critical hit (<@{ROLLER['id']}>)" in text
    assert "Critical hit" not in buttons(critical["data"])
    assert await steps_verified(nazh, roll_id_of(body)) == [
        "rolled", "hit recorded", "Opportunity spent: Critical hit"]


async def test_a_gm_spends_a_complication_and_the_roller_an_opportunity(
        nazh: NazhUnderTest) -> None:
    nazh.dice.script(20, 1).script(6, 5)
    _, body = await nazh.slash("roll", pool="1d20+4", _user=ROLLER)
    message = shared_result(nazh, roll_id_of(body))
    # the Complication's select is a GM's: on the 👑 GM panel, not on the shared result
    assert "Spend a Complication (GM) on…" not in buttons(message)
    select = roll_control(RollAction.COMPLICATION, roll_id_of(body))
    refused = await pressed_anyway(nazh, select, message, ROLLER, ["lose-focus"])
    assert "only a GM can spend this roll's Complications" in refused["data"]["content"]
    panel, spent = await on_gm_panel(nazh, message, "Spend a Complication (GM) on…",
                                     values=["lose-focus"])
    assert f"⚠️ Complication spent: Lose 1 focus (<@{GM['id']}>)" in description(spent)
    assert "Spend a Complication (GM) on…" not in buttons(panel)


async def test_advantage_on_a_damage_die_recomputes_the_damage(nazh: NazhUnderTest) -> None:
    nazh.dice.script(20, 15).script(6, 1, 5)
    _, body = await nazh.slash("attack", test="1d20+2", damage="2d6", defense=12, _user=ROLLER)
    assert "**8** damage (1 + 5 + 2)" in description(body)
    menu = await die_menu(nazh, body["data"], "Advantage", ROLLER)
    values = [option["value"] for option in menu["options"]]
    assert "1.0" in values  # the damage dice can take it
    nazh.dice.script(6, 6)
    chooser = await click(nazh, menu["custom_id"], ROLLER, ["1.0"])
    kept = await click(nazh, buttons(chooser["data"])["Keep 6"]["custom_id"], ROLLER)
    assert "🎯 **Hit** (vs defense 12): **13** damage (6 + 5 + 2)" in description(kept)


async def test_a_concurrent_double_graze_makes_one_step(
        nazh: NazhUnderTest, fake_discord: FakeDiscord) -> None:
    nazh.dice.script(20, 2).script(6, 3)
    _, body = await nazh.slash("attack", damage="1d6", defense=10, _user=ROLLER)
    graze = buttons(body["data"])["Graze (1 focus)"]["custom_id"]
    twice = await asyncio.gather(*(fake_discord.click(graze, user=ROLLER) for _ in range(2)))
    answers = [await fake_discord.wait_for_interaction_response(i) for i in twice]
    assert sorted(answer["type"] for answer in answers) == [4, 7]  # one update, one refusal
    assert nazh.container is not None
    assert await nazh.container.storage.writer().flush(5)
    assert records(nazh, roll_id_of(body)) == [(1, "roll"), (2, "attack_recorded")]


async def test_the_graze_works_after_a_restart(nazh: NazhUnderTest) -> None:
    nazh.dice.script(20, 2).script(6, 3)
    _, body = await nazh.slash("attack", damage="1d6", defense=10, _user=ROLLER)
    await nazh.restart()
    grazed = await click(nazh, buttons(body["data"])["Graze (1 focus)"]["custom_id"], ROLLER)
    assert "🩹 **Graze** (vs defense 10): **3** damage" in description(grazed)


@pytest.mark.parametrize(("options", "message"), [
    ({"damage": "p"}, "damage: the plot die belongs to the test"),
    ({"damage": "1d20"}, "damage: damage dice are not a test"),
    ({"damage": "2d6", "test": "2d20+1"}, "test: an attack test is one d20"),
    ({"damage": "2d6", "test": "1d20+"}, "test: "),
    ({"damage": "21d6"}, "damage: pool 1 \"21d6\": at most 20 dice"),
])
async def test_bad_options_are_refused_before_anything_is_rolled(
        nazh: NazhUnderTest, options: JsonObject, message: str) -> None:
    _, body = await nazh.slash("attack", **options, _user=ROLLER)
    assert body["data"]["flags"] & EPHEMERAL
    assert message in body["data"]["content"]


async def test_a_widened_opportunity_range_makes_a_natural_19_hit_critical(
        nazh: NazhUnderTest) -> None:
    nazh.dice.script(20, 19).script(6, 2)
    _, body = await nazh.slash("attack", test="1d20+1", damage="1d6", defense=15,
                               opportunity=19, _user=ROLLER)
    assert "To spend: 1 Opportunity" in description(body)
    critical = await click(nazh, buttons(body["data"])["Critical hit"]["custom_id"], ROLLER)
    assert "💥 **Critical hit** (vs defense 15): **7** damage" in description(critical)


async def test_overlapping_ranges_are_refused(nazh: NazhUnderTest) -> None:
    _, body = await nazh.slash("attack", damage="1d6", opportunity=5, complication=5,
                               _user=ROLLER)
    assert body["data"]["flags"] & EPHEMERAL
    assert "complication" in body["data"]["content"]
