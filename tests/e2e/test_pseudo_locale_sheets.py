"""The pseudo-locale end to end on both transports, past the roll: a character sheet made,
shown, its Details, changed and listed; /stats and its Details; /odds of a roll and of an
attack; /verify; /history with a secret roll; and refusals players meet (characters, a field,
a skill without ranks) show no text left untranslated. And a French reader's /odds reads
French."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from pathlib import Path

import pytest

from nazh.application.shared.json_types import JsonObject
from tests.e2e.fake_discord import FakeDiscord, assert_healthy, make_user, slash_command
from tests.e2e.fake_discord.payloads import component_click
from tests.e2e.harness import TRANSPORTS, NazhUnderTest, running
from tests.e2e.locale_kit import PSEUDO, ROLLER, assert_marked, roll

EPHEMERAL = 1 << 6
OTHER = make_user("772222222222222222", "other")
NAME = "K4ladin"
"""A character's name no language changes (a chosen name is neither translated nor marked)."""


@pytest.fixture(params=TRANSPORTS)
async def nazh(request: pytest.FixtureRequest, fake_discord: FakeDiscord,
               tmp_path: Path) -> AsyncIterator[NazhUnderTest]:
    """The bot with the pseudo-locale on."""
    async with running(fake_discord, tmp_path, request.param, NAZH_PSEUDO_LOCALE="true") as bot:
        yield bot
    assert_healthy(fake_discord)


async def ask(nazh: NazhUnderTest, command: str, user: JsonObject = ROLLER,
              locale: str = PSEUDO, **options: object) -> JsonObject:
    """``command`` sent by ``user`` whose client (and server) speak ``locale``: its answer."""
    return await asked_with(nazh, command, options, user, locale)


async def asked_with(nazh: NazhUnderTest, command: str, options: Mapping[str, object],
                     user: JsonObject = ROLLER, locale: str = PSEUDO) -> JsonObject:
    """``command`` with ``options`` sent by ``user`` in ``locale``: its answer."""
    async def sent() -> JsonObject:
        interaction = slash_command(command, options or None,  # type: ignore[arg-type]
                                    user=user, locale=locale)
        interaction["guild_locale"] = locale
        await nazh.fake.dispatch("INTERACTION_CREATE", interaction)
        return interaction

    _, answer = await nazh.asked(sent)
    return answer


async def pressed(nazh: NazhUnderTest, message: JsonObject, label: str,
                  user: JsonObject = ROLLER) -> JsonObject:
    """The button shown as ``label`` on ``message`` pressed by ``user``: its answer."""
    [component] = [component for row in message["components"] for component in row["components"]
                   if component.get("label") == label]
    stored = nazh.fake.state.find_component(component["custom_id"])
    assert stored is not None

    async def sent() -> JsonObject:
        interaction = component_click(component["custom_id"], int(component["type"]),
                                      message=stored[0], user=user, locale=PSEUDO,
                                      guild_id=stored[0].get("guild_id"))
        interaction["guild_locale"] = PSEUDO
        await nazh.fake.dispatch("INTERACTION_CREATE", interaction)
        return interaction

    _, answer = await nazh.asked(sent)
    return answer


def data(answer: JsonObject) -> JsonObject:
    return dict(answer["data"])


def ephemeral(answer: JsonObject) -> bool:
    return bool(answer["data"].get("flags", 0) & EPHEMERAL)


async def test_a_sheet_is_translated_throughout(nazh: NazhUnderTest) -> None:
    made = await ask(nazh, "character new", name=NAME, level=3, strength=2, speed=3,
                     willpower=3, awareness=3)
    assert data(made)["content"] == f"[!! Made **{NAME}**, your active character here. !!]"
    assert_marked(data(made))
    assert "[!! Health !!]" in data(made)["embeds"][0]["description"]
    shown = await ask(nazh, "character show")
    assert ephemeral(shown)  # not shared: the reader's
    assert_marked(data(shown))
    details = await pressed(nazh, data(shown), "[!! Details !!]")
    assert ephemeral(details)
    assert "[!! Skills !!]" in data(details)["embeds"][0]["description"]
    assert_marked(data(details))
    trained = await ask(nazh, "character skill", name="insight", ranks=2)
    assert_marked(data(trained))
    assert "[!! Derived !!]" in [f["name"] for f in data(trained)["embeds"][0]["fields"]]
    await ask(nazh, "character weapon", name="Sp3ar", skill="light-weaponry", damage="1d6",
              type="keen", can_graze=False)
    armed = await pressed(nazh, data(await ask(nazh, "character show")), "[!! Details !!]")
    weapons = {f["name"]: f["value"] for f in data(armed)["embeds"][0]["fields"]}
    assert weapons["[!! Weapons !!]"] == (
        "Sp3ar: [!! Light Weaponry !!] +3, 1d6 [!! keen !!], [!! cannot graze !!]")
    assert_marked(data(armed))
    hurt = await pressed(nazh, data(shown), "[!! Health !!] -5")
    assert_marked(data(hurt))
    shared = await ask(nazh, "character share", shared=True)
    assert_marked(data(shared))
    public = await ask(nazh, "character show")
    assert not ephemeral(public)  # shared: the table's
    assert_marked(data(public))
    assert_marked(data(await ask(nazh, "character list")))
    assert_marked(data(await ask(nazh, "character delete", name=NAME)))


async def test_refusals_players_meet_are_translated(nazh: NazhUnderTest) -> None:
    asked: tuple[tuple[str, Mapping[str, object]], ...] = (
        ("character show", {"name": "Nob0dy"}),
        ("character use", {"name": "Nob0dy"}),
        ("character share", {"shared": True}))
    for command, options in asked:
        refused = await asked_with(nazh, command, options)
        assert ephemeral(refused)
        assert_marked(data(refused))
    await ask(nazh, "character new", name=NAME)
    asked = (("character set", {"field": "nonsense", "value": "1"}),
             ("character set", {"field": "strength", "value": "11"}),
             ("character skill", {"name": "insight"}))
    for command, options in asked:
        refused = await asked_with(nazh, command, options)
        assert_marked(data(refused))
    refused = await ask(nazh, "character show", user=OTHER, name=NAME)
    assert data(refused)["content"].startswith("**[!! ")
    assert_marked(data(refused))


async def test_stats_are_translated_throughout(nazh: NazhUnderTest) -> None:
    nazh.dice.script(20, 20).script(6, 3, 4)
    await roll(nazh, pool="1d20+2, 2d6")
    nazh.dice.script(20, 1)
    await roll(nazh, pool="1d20+2")
    assert nazh.container is not None
    assert await nazh.container.storage.writer().flush(5)
    stats = await ask(nazh, "stats")
    assert data(stats)["embeds"][0]["title"].startswith("📊 [!! ")
    assert_marked(data(stats))
    details = await pressed(nazh, data(stats), "[!! Details !!]")
    assert ephemeral(details)
    assert_marked(data(details))


async def test_odds_are_translated_throughout(nazh: NazhUnderTest) -> None:
    odds = await ask(nazh, "odds", pool="a1d20+5, 2d6", dc=15, add_plot=True, opportunity=19)
    assert data(odds)["embeds"][0]["title"] == "🎯 [!! Odds of a1d20+5, 2d6, p vs DC 15 !!]"
    assert_marked(data(odds))
    attack = await ask(nazh, "odds", pool="1d20+5", defense=14, damage="2d6", deflect=2,
                       type="spirit", health=12)
    assert_marked(data(attack))


async def test_a_french_readers_odds_read_french(nazh: NazhUnderTest) -> None:
    odds = data(await ask(nazh, "odds", locale="fr", pool="a1d20+5", dc=15))
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
    verified = await ask(nazh, "verify", roll_id=roll_id)
    assert data(verified)["embeds"][0]["title"] == f"🔎 [!! Roll {roll_id} !!]"
    assert_marked(data(verified))
    await roll(nazh, pool="1d20", visibility="gm")
    assert await nazh.container.storage.writer().flush(5)
    page = await ask(nazh, "history", user=OTHER)
    assert "🕶️ [!! GM-only roll, not revealed yet !!]" in data(page)["embeds"][0]["description"]
    assert_marked(data(page))
