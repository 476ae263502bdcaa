"""The pseudo-locale end to end on both transports, past the roll: a character sheet made,
shown, its Details, changed and listed; /stats and its Details; /odds of a roll and of an
attack; /verify; /history with a secret roll; and refusals players meet (characters, a field,
a skill without ranks) show no text left untranslated. And a French reader's /odds reads
French."""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from nazh.application.shared.json_types import JsonObject
from tests.e2e.fake_discord import make_user
from tests.e2e.harness import NazhUnderTest
from tests.e2e.locale_kit import ROLLER, assert_marked, click, command, roll

EPHEMERAL = 1 << 6
OTHER = make_user("772222222222222222", "other")
NAME = "K4ladin"
"""A character's name no language changes (a chosen name is neither translated nor marked)."""


@pytest.fixture
def nazh(pseudo_nazh: NazhUnderTest) -> NazhUnderTest:
    """The bot with the pseudo-locale on."""
    return pseudo_nazh


def ephemeral(answer: JsonObject) -> bool:
    return bool(answer["data"].get("flags", 0) & EPHEMERAL)


async def test_a_sheet_is_translated_throughout(nazh: NazhUnderTest) -> None:
    made = await command(nazh, "character new", name=NAME, level=3, strength=2, speed=3,
                     willpower=3, awareness=3)
    assert made["data"]["content"] == f"[!! Made **{NAME}**, your active character here. !!]"
    assert_marked(made["data"])
    assert "[!! Health !!]" in made["data"]["embeds"][0]["description"]
    shown = await command(nazh, "character show")
    assert ephemeral(shown)  # not shared: the reader's
    assert_marked(shown["data"])
    details = await click(nazh, shown["data"], "[!! Details !!]")
    assert ephemeral(details)
    assert "[!! Skills !!]" in details["data"]["embeds"][0]["description"]
    assert_marked(details["data"])
    trained = await command(nazh, "character skill", name="insight", ranks=2)
    assert_marked(trained["data"])
    assert "[!! Derived !!]" in [f["name"] for f in trained["data"]["embeds"][0]["fields"]]
    await command(nazh, "character weapon", name="Sp3ar", skill="light-weaponry", damage="1d6",
              type="keen", can_graze=False)
    armed = await click(nazh, (await command(nazh, "character show"))["data"], "[!! Details !!]")
    weapons = {f["name"]: f["value"] for f in armed["data"]["embeds"][0]["fields"]}
    assert weapons["[!! Weapons !!]"] == (
        "Sp3ar: [!! Light Weaponry !!] +3, 1d6 [!! keen !!], [!! cannot graze !!]\n"
        "[!! Unarmed !!]: [!! Athletics !!] +2, 1 [!! impact !!]")
    assert_marked(armed["data"])
    hurt = await click(nazh, shown["data"], "[!! Health !!] -5")
    assert_marked(hurt["data"])
    shared = await command(nazh, "character share", shared=True)
    assert_marked(shared["data"])
    public = await command(nazh, "character show")
    assert not ephemeral(public)  # shared: the table's
    assert_marked(public["data"])
    assert_marked((await command(nazh, "character list"))["data"])
    assert_marked((await command(nazh, "character delete", name=NAME))["data"])


async def test_refusals_players_meet_are_translated(nazh: NazhUnderTest) -> None:
    asked: tuple[tuple[str, Mapping[str, object]], ...] = (
        ("character show", {"name": "Nob0dy"}),
        ("character use", {"name": "Nob0dy"}),
        ("character share", {"shared": True}))
    for named, options in asked:
        refused = await command(nazh, named, ROLLER, options)
        assert ephemeral(refused)
        assert_marked(refused["data"])
    await command(nazh, "character new", name=NAME)
    asked = (("character set", {"field": "nonsense", "value": "1"}),
             ("character set", {"field": "strength", "value": "11"}),
             ("character skill", {"name": "insight"}))
    for named, options in asked:
        refused = await command(nazh, named, ROLLER, options)
        assert_marked(refused["data"])
    refused = await command(nazh, "character show", OTHER, name=NAME)
    assert refused["data"]["content"].startswith("**[!! ")
    assert_marked(refused["data"])


async def test_stats_are_translated_throughout(nazh: NazhUnderTest) -> None:
    nazh.dice.script(20, 20).script(6, 3, 4)
    await roll(nazh, pool="1d20+2, 2d6")
    nazh.dice.script(20, 1)
    await roll(nazh, pool="1d20+2")
    assert nazh.container is not None
    assert await nazh.container.storage.writer().flush(5)
    stats = await command(nazh, "stats")
    assert stats["data"]["embeds"][0]["title"].startswith("📊 [!! ")
    assert_marked(stats["data"])
    details = await click(nazh, stats["data"], "[!! Details !!]")
    assert ephemeral(details)
    assert_marked(details["data"])


async def test_odds_are_translated_throughout(nazh: NazhUnderTest) -> None:
    odds = await command(nazh, "odds", pool="a1d20+5, 2d6", dc=15, add_plot=True, opportunity=19)
    assert odds["data"]["embeds"][0]["title"] == "🎯 [!! Odds of a1d20+5, 2d6, p vs DC 15 !!]"
    assert_marked(odds["data"])
    attack = await command(nazh, "odds", pool="1d20+5", defense=14, damage="2d6", deflect=2,
                       type="spirit", health=12)
    assert_marked(attack["data"])


async def test_a_french_readers_odds_read_french(nazh: NazhUnderTest) -> None:
    odds = (await command(nazh, "odds", locale="fr", pool="a1d20+5", dc=15))["data"]
    embed = odds["embeds"][0]
    assert embed["title"] == "🎯 Probabilités de a1d20+5 contre DD 15"
    assert embed["description"].startswith("Au moins une Opportunité : ")
    assert embed["fields"][0]["value"].startswith("moyenne **")
    assert embed["footer"]["text"] == ("Probabilités exactes, arrondies · le graphique montre "
                                       "les totaux de chaque groupe")


async def test_verify_and_a_secret_line_of_history_are_translated(nazh: NazhUnderTest) -> None:
    card = await roll(nazh, pool="1d20+2")
    roll_id = str(card["embeds"][0]["footer"]["text"]).split("roll ", 1)[1].split(" ")[0]
    assert nazh.container is not None
    assert await nazh.container.storage.writer().flush(5)
    verified = await command(nazh, "verify", roll_id=roll_id)
    assert verified["data"]["embeds"][0]["title"] == f"🔎 [!! Roll {roll_id} !!]"
    assert_marked(verified["data"])
    await roll(nazh, pool="1d20", visibility="gm")
    assert await nazh.container.storage.writer().flush(5)
    page = await command(nazh, "history", OTHER)
    assert "🕶️ [!! GM-only roll, not revealed yet !!]" in page["data"]["embeds"][0]["description"]
    assert_marked(page["data"])
