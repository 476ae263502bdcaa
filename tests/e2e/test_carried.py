"""What an Opportunity or a Complication spent carries past its roll, end to end on both
transports (starter rules, Introduction, "Using Cosmere RPG Dice": Spending an Opportunity,
Facing a Complication): a GM's "lose 1 focus" off the sheet; a GM's disadvantage on the
roller's next test, named on it and taken once; the roller's "Aid an Ally", the ally chosen on
the result, whose next test gains an advantage named on it."""

from __future__ import annotations

import json

import pytest

from nazh.application.shared.json_types import JsonObject
from tests.e2e.harness import NazhUnderTest, embed_of
from tests.e2e.roll_kit import (
    EPHEMERAL,
    GM,
    PLAYER,
    ROLLER,
    buttons,
    click,
    on_gm_panel,
    roll_id_of,
    shared_result,
)

OPPORTUNITY = "Spend an Opportunity (roller) on…"
COMPLICATION = "Spend a Complication (GM) on…"


pytestmark = pytest.mark.usefixtures("gm_manages_the_server")


def description(body: JsonObject) -> str:
    return str(embed_of(body)["description"])


async def veyla(nazh: NazhUnderTest) -> None:
    """The roller's Veyla Tarn (Awareness 3, Willpower 2: focus 4 of 4; Insight 2 ranks)."""
    await nazh.slash("character new", name="Veyla Tarn", awareness=3, willpower=2,
                     _user=ROLLER)
    await nazh.slash("character skill", name="Insight", ranks=2, _user=ROLLER)


async def check(nazh: NazhUnderTest, user: JsonObject, *faces: int) -> JsonObject:
    nazh.dice.script(20, *faces)
    _, body = await nazh.slash("check", skill="Insight", _user=user)
    return body


async def test_a_gms_complication_takes_1_focus_from_the_sheet(nazh: NazhUnderTest) -> None:
    await veyla(nazh)
    body = await check(nazh, ROLLER, 1)
    _, spent = await on_gm_panel(nazh, shared_result(nazh, roll_id_of(body)), COMPLICATION,
                                 values=["lose-focus"])
    assert "✏️ Veyla Tarn: focus 4 → 3" in description(spent)
    _, shown = await nazh.slash("character show", _user=ROLLER)
    assert "**Focus** 3/4" in description(shown)


async def test_a_gms_complication_gives_the_rollers_next_test_a_disadvantage_once(
        nazh: NazhUnderTest) -> None:
    await veyla(nazh)
    body = await check(nazh, ROLLER, 1)
    _, spent = await on_gm_panel(nazh, shared_result(nazh, roll_id_of(body)), COMPLICATION,
                                 values=["disadvantage"])
    assert "Veyla Tarn's next test gains a disadvantage" in json.dumps(spent)
    hindered = await check(nazh, ROLLER, 15, 6)
    assert f"⬇️ Disadvantage from a Complication (roll {roll_id_of(body)})" in (
        description(hindered))
    assert "**11**" in description(hindered)  # the lower face, 6, + 5
    plain = await check(nazh, ROLLER, 15)
    assert "Disadvantage from" not in description(plain)
    assert "**20**" in description(plain)


async def test_the_roller_chooses_the_ally_whose_next_test_gains_an_advantage(
        nazh: NazhUnderTest) -> None:
    await veyla(nazh)
    await nazh.slash("character new", name="Kaladin", awareness=2, _user=PLAYER)
    body = await check(nazh, ROLLER, 20)
    spent = await click(nazh, buttons(body["data"])[OPPORTUNITY]["custom_id"], ROLLER, ["ally"])
    choose = buttons(spent["data"])["Choose the ally"]["custom_id"]
    refused = await click(nazh, choose, PLAYER)
    assert refused["data"]["flags"] & EPHEMERAL
    assert "only the roller" in refused["data"]["content"]
    asked = await click(nazh, choose, ROLLER)
    assert asked["data"]["flags"] & EPHEMERAL
    (select,) = [c for row in asked["data"]["components"] for c in row["components"]]
    assert select["type"] == 5  # a user select
    given = await click(nazh, str(select["custom_id"]), ROLLER, [str(PLAYER["id"])])
    assert given["data"]["flags"] & EPHEMERAL
    assert "Kaladin's next test gains an advantage" in given["data"]["content"]
    again = await click(nazh, choose, ROLLER)
    assert "no Opportunity spent on an ally left" in again["data"]["content"]
    helped = await check(nazh, PLAYER, 4, 17)
    assert f"⬆️ Advantage from Veyla Tarn's Opportunity (roll {roll_id_of(body)})" in (
        description(helped))
    assert "**19**" in description(helped)  # the higher face, 17, + Awareness 2


async def test_a_forged_ally_is_refused_and_the_ally_still_chosen(nazh: NazhUnderTest) -> None:
    await veyla(nazh)
    await nazh.slash("character new", name="Kaladin", awareness=2, _user=PLAYER)
    body = await check(nazh, ROLLER, 20)
    spent = await click(nazh, buttons(body["data"])[OPPORTUNITY]["custom_id"], ROLLER, ["ally"])
    asked = await click(nazh, buttons(spent["data"])["Choose the ally"]["custom_id"], ROLLER)
    (select,) = [c for row in asked["data"]["components"] for c in row["components"]]
    # a digit to isdigit() but not to int(), past SQLite's INTEGER, past a snowflake's 64 bits
    for forged in ("\u00b2", "9" * 20, str(2**63), "9" * 5000):
        refused = await click(nazh, str(select["custom_id"]), ROLLER, [forged])
        assert refused["data"]["flags"] & EPHEMERAL
        assert "choose a player of this server" in refused["data"]["content"], forged[:20]
    given = await click(nazh, str(select["custom_id"]), ROLLER, [str(PLAYER["id"])])
    assert "Kaladin's next test gains an advantage" in given["data"]["content"]


async def test_an_advantage_beyond_the_d20s_is_named_on_the_result(
        nazh: NazhUnderTest) -> None:
    """Starter rules, part 1 ("Skills": Testing With Advantages): two advantages go on two
    different dice; the d20 takes one, the result names the other and its reasons."""
    await veyla(nazh)
    await nazh.slash("character new", name="Kaladin", awareness=2, _user=PLAYER)
    helping = await check(nazh, PLAYER, 20)
    spent = await click(nazh, buttons(helping["data"])[OPPORTUNITY]["custom_id"], PLAYER,
                        ["ally"])
    asked = await click(nazh, buttons(spent["data"])["Choose the ally"]["custom_id"], PLAYER)
    (select,) = [c for row in asked["data"]["components"] for c in row["components"]]
    await click(nazh, str(select["custom_id"]), PLAYER, [str(ROLLER["id"])])
    await nazh.slash("encounter start", name="Ambush", _user=GM)
    await nazh.slash("encounter join", _user=ROLLER)
    await nazh.slash("encounter condition", combatant="Veyla Tarn", condition="empowered",
                     _user=GM)
    body = await check(nazh, ROLLER, 4, 17)
    assert ("1 more advantage than the d20 takes (Empowered; Kaladin's Opportunity (roll "
            f"{roll_id_of(helping)})): the roller puts each on another die (the plot die, a "
            "damage die) with Advantage") in description(body)
    assert "**22**" in description(body)  # the d20's advantage: 17 + 5
