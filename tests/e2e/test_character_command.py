"""/character end to end on both transports: made, shown (public only when shared), listed,
chosen, changed field by field, armed, trained, shared, rested, deleted after a confirmation,
exported and imported (Nazh's file and a Foundry VTT actor), the sheet's buttons for the owner
and a GM and refused to anyone else, forged custom ids, two clicks at once (and on two
replicas) both kept, and bad input answered with one clear line."""

from __future__ import annotations

import asyncio
import copy
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from nazh.adapters.discord.characters.controls import delete_control, sheet_control
from nazh.application.shared.json_types import JsonObject
from nazh.domain.character import Resource
from tests.adapters.storage.support import postgres_admin_url, scratch_postgres
from tests.e2e.fake_discord import (
    FakeDiscord,
    assert_healthy,
    autocomplete,
    component_click,
    make_user,
    slash_command,
)
from tests.e2e.harness import (
    NazhUnderTest,
    custom_id_of,
    embed_of,
    grant_manage_server,
)
from tests.e2e.import_kit import FIXTURES, OWNER, imported
from tests.e2e.log_kit import workers_here

EPHEMERAL = 1 << 6
MESSAGE_UPDATE = 7
GM = make_user("784444444444444442", "gm")
OTHER = make_user("784444444444444443", "other")
ELSEWHERE = "323456789012345670"
"""Another server."""


@pytest.fixture(autouse=True)
def gm_manages_the_server(fake_discord: FakeDiscord) -> None:
    grant_manage_server(fake_discord, GM)


def said(answer: JsonObject) -> str:
    """Everything an answer shows, as text."""
    return json.dumps(answer["data"], ensure_ascii=False)


def ephemeral(answer: JsonObject) -> bool:
    return bool(answer["data"].get("flags", 0) & EPHEMERAL)


def description(answer: JsonObject) -> str:
    return str(embed_of(answer)["description"])


def field(answer: JsonObject, name: str) -> str:
    fields = {f["name"]: f["value"] for f in embed_of(answer).get("fields", [])}
    return str(fields[name])


async def veyla(nazh: NazhUnderTest, **options: object) -> JsonObject:
    """Veyla Tarn, level 3 (health 22, focus 5), the owner's."""
    _, made = await nazh.slash("character new", name="Veyla Tarn", level=3, strength=2,
                               speed=3, willpower=3, awareness=3, _user=OWNER, **options)
    return made


async def show(nazh: NazhUnderTest, user: JsonObject, *, details: bool = True,
               **options: object) -> JsonObject:
    """``/character show`` as ``user``: the short sheet, or (``details``) its Details' answer."""
    _, shown = await nazh.slash("character show", _user=user, **options)
    return await details_of(nazh, shown, user) if details else shown


async def details_of(nazh: NazhUnderTest, sheet: JsonObject, user: JsonObject) -> JsonObject:
    """The sheet's Details pressed by ``user``: the whole sheet, to them alone."""
    _, answer = await nazh.click(custom_id_of(sheet["data"], "Details"), user=user)
    assert ephemeral(answer)
    return answer


async def test_a_new_character_is_shown_with_its_numbers_and_where_they_come_from(
        nazh: NazhUnderTest) -> None:
    made = await veyla(nazh)
    assert ephemeral(made)
    assert made["data"]["content"] == "Made **Veyla Tarn**, your active character here."
    short = await show(nazh, OWNER, details=False)
    assert ephemeral(short)
    assert description(short).split("\n") == [  # at a glance; Details has the rest
        f"Owner <@{OWNER['id']}>", "Level 3 character · only its owner and the GMs see it",
        "**Health** 22/22 · **Focus** 5/5 · **Investiture** 0/0",
        "**Defenses** Physical 15 · Cognitive 13 · Spiritual 13 · **Deflect** 0",
        "Strength 2 · Speed 3 · Intellect 0 · Willpower 3 · Awareness 3 · Presence 0"]
    assert "fields" not in embed_of(short) or not embed_of(short)["fields"]
    shown = await details_of(nazh, short, OWNER)
    assert embed_of(shown)["title"] == "📜 Veyla Tarn"
    lines = description(shown).split("\n")
    assert lines[:3] == [f"Owner <@{OWNER['id']}>",
                         "Level 3 character · only its owner and the GMs see it",
                         "**Health** 22/22 · **Focus** 5/5 · **Investiture** 0/0"]
    assert "Focus 5 (base 2 + Willpower 3)" in lines[3]
    assert "Physical 15 (base 10 + Strength 2 + Speed 3)" in description(shown)
    assert "**Recovery die** d8" in description(shown)
    assert "created: ∅ → Veyla Tarn" in field(shown, "Latest changes")
    assert "<t:" in field(shown, "Latest changes")
    labels = [c["label"] for row in short["data"]["components"] for c in row["components"]]
    assert labels == ["Health -5", "Health -1", "Health +1", "Health +5", "Focus -1",
                      "Focus +1", "Details"]


async def test_list_marks_the_active_character_and_use_changes_it(nazh: NazhUnderTest) -> None:
    await veyla(nazh)
    await nazh.slash("character new", name="Lopen", _user=OWNER)
    _, listed = await nazh.slash("character list", _user=OWNER)
    assert ephemeral(listed)
    lines = description(listed).split("\n")
    assert lines[0].startswith("**Lopen** · level 1 character · yours")
    assert lines[1].startswith("★ **Veyla Tarn** · level 3 character · yours")
    _, used = await nazh.slash("character use", name="lopen", _user=OWNER)
    assert used["data"]["content"].startswith("**Lopen** is your active character here")
    _, listed = await nazh.slash("character list", _user=OWNER)
    assert description(listed).split("\n")[0].startswith("★ **Lopen**")
    assert embed_of(await show(nazh, OWNER))["title"] == "📜 Lopen"
    _, refused = await nazh.slash("character use", name="Veyla Tarn", _user=OTHER)
    assert "you have no character named 'Veyla Tarn' here" in said(refused)


async def test_a_shared_sheet_is_public_and_an_unshared_one_is_not_shown_to_others(
        nazh: NazhUnderTest) -> None:
    await veyla(nazh)
    _, hidden = await nazh.slash("character show", name="Veyla Tarn", _user=OTHER)
    assert ephemeral(hidden)
    assert "no character named 'Veyla Tarn' here that you may see" in said(hidden)
    _, listed = await nazh.slash("character list", _user=OTHER)
    assert "Veyla" not in said(listed)
    _, shared = await nazh.slash("character share", shared=True, _user=OWNER)
    assert ephemeral(shared)
    assert "**Veyla Tarn**'s sheet is shared" in shared["data"]["content"]
    public = await show(nazh, OTHER, details=False, name="Veyla Tarn")
    assert not ephemeral(public)
    assert "Level 3 character · shared with the table" in description(public)
    assert not ephemeral(await show(nazh, OWNER, details=False))
    assert "Latest changes" in str(await details_of(nazh, public, OTHER))  # serves the table
    _, not_theirs = await nazh.slash("character share", shared=False, character="Veyla Tarn",
                                     _user=GM)
    assert "only Veyla Tarn's owner shares the sheet" in said(not_theirs)
    await nazh.slash("character share", shared=False, _user=OWNER)
    assert ephemeral(await show(nazh, OWNER))
    gm_sees = await show(nazh, GM, name="Veyla Tarn")
    assert ephemeral(gm_sees)
    assert embed_of(gm_sees)["title"] == "📜 Veyla Tarn"


async def test_set_says_what_changed_and_what_it_moved(nazh: NazhUnderTest) -> None:
    await veyla(nazh)
    _, changed = await nazh.slash("character set", field="willpower", value="5", _user=OWNER)
    assert ephemeral(changed)
    assert embed_of(changed)["title"] == "✏️ Changed: Veyla Tarn"
    assert description(changed) == "Willpower: 3 → 5"
    moved = field(changed, "Derived").split("\n")
    assert moved[:3] == [
        "Focus maximum: 5 (base 2 + Willpower 3) → 7 (base 2 + Willpower 5)",
        "Cognitive defense: 13 (base 10 + Intellect 0 + Willpower 3) → 15 (base 10 + "
        "Intellect 0 + Willpower 5)",
        "Recovery die: d8 → d10"]
    assert "Discipline modifier: +3 (Willpower 3 + 0 ranks) → +5 (Willpower 5 + 0 ranks)" in moved
    assert not any(line.startswith("Health maximum") for line in moved)
    _, gm_set = await nazh.slash("character set", field="health", value="10",
                                 character="Veyla Tarn", _user=GM)
    assert description(gm_set) == "Health: 22 → 10"
    shown = await show(nazh, OWNER)
    assert f"<@{GM['id']}> Health: 22 → 10" in field(shown, "Latest changes")
    _, same = await nazh.slash("character set", field="health", value="10", _user=OWNER)
    assert same["data"]["content"] == "Nothing changed: **Veyla Tarn** already has that."


@pytest.mark.parametrize(("options", "message"), [
    ({"field": "charisma", "value": "3"}, "'charisma' is not a field of a character"),
    ({"field": "strength", "value": "11"}, "strength is 0 to 10 (got 11)"),
    ({"field": "level", "value": "three"}, "level takes a whole number from 1 to 30"),
    ({"field": "health", "value": "23"}, "health is 0 to 22 (got 23)"),
])
async def test_a_bad_field_or_value_is_refused_in_one_line(
        nazh: NazhUnderTest, options: dict[str, str], message: str) -> None:
    await veyla(nazh)
    _, refused = await nazh.slash("character set", _user=OWNER, **options)
    assert ephemeral(refused)
    first = refused["data"]["content"].split("\n")[0]
    assert first.startswith(f"**Can't do that.** {message}")
    assert "health: 22/22" not in said(refused)


async def test_a_level_outside_discords_range_is_refused_by_the_server_too(
        nazh: NazhUnderTest) -> None:
    _, refused = await nazh.slash("character new", name="Kal", level=31, _user=OWNER)
    assert ephemeral(refused)
    assert refused["data"]["content"].startswith("**Can't do that.** level is 1 to 30 (got 31)")
    _, none = await nazh.slash("character list", _user=OWNER)
    assert "None yet" in description(none)


async def test_an_adversary_is_a_gms(nazh: NazhUnderTest) -> None:
    _, refused = await nazh.slash("character new", name="Grunt", kind="adversary", _user=OWNER)
    assert "only a server's GMs keep adversaries" in said(refused)
    _, made = await nazh.slash("character new", name="Grunt", kind="adversary", _user=GM)
    assert made["data"]["content"] == "Made **Grunt**."
    assert "Adversary · only its owner and the GMs see it" in description(made)


async def test_weapons_and_skills(nazh: NazhUnderTest) -> None:
    await veyla(nazh)
    _, trained = await nazh.slash("character skill", name="light-weaponry", ranks=2,
                                  _user=OWNER)
    assert description(trained) == "skill Light Weaponry: Speed 0 → Speed 2"
    assert "Light Weaponry modifier: +3 (Speed 3 + 0 ranks) → +5 (Speed 3 + 2 ranks)" in field(
        trained, "Derived")
    _, surge = await nazh.slash("character skill", name="Adhesion", attribute="presence",
                                ranks=1, _user=OWNER)
    assert description(surge) == "skill adhesion: ∅ → Presence 1"
    _, armed = await nazh.slash("character weapon", name="Sidesword", skill="light-weaponry",
                                damage="1d6", type="keen", traits="quickdraw, deadly",
                                _user=OWNER)
    assert description(armed) == (
        "weapon sidesword: ∅ → Sidesword: Light Weaponry, 1d6 keen, quickdraw, deadly")
    _, sling = await nazh.slash("character weapon", name="Sling", skill="light-weaponry",
                                damage="1d4", can_graze=False, _user=OWNER)
    assert "Sling: Light Weaponry, 1d4, cannot graze" in description(sling)
    shown = await show(nazh, OWNER)
    assert "Light Weaponry +5: Speed 3 + 2 ranks" in description(shown)
    assert "Adhesion +1: Presence 0 + 1 rank" in description(shown)
    assert field(shown, "Weapons").split("\n") == [
        "Sidesword: Light Weaponry +5, 1d6 keen, quickdraw, deadly",
        "Sling: Light Weaponry +5, 1d4, cannot graze",
        "Unarmed: Athletics +2, 1 impact"]  # every character's (Unarmed Strike), Strength 2
    _, used = await nazh.slash("character skill", name="light-weaponry", remove=True,
                               _user=OWNER)
    assert "Light Weaponry is a standard skill: set its ranks to 0" in said(used)
    _, removed = await nazh.slash("character weapon", name="sling", remove=True, _user=OWNER)
    assert description(removed).startswith("weapon sling: Sling: Light Weaponry")
    _, forgot = await nazh.slash("character skill", name="adhesion", remove=True, _user=OWNER)
    assert description(forgot) == "skill adhesion: Presence 1 → ∅"
    _, unarmed = await nazh.slash("character weapon", name="Spear", _user=OWNER)
    assert "a weapon needs its skill and its damage" in said(unarmed)
    _, bad = await nazh.slash("character weapon", name="Spear", skill="heavy-weaponry",
                              damage="1d20+p", _user=OWNER)
    assert "Spear: the damage" in said(bad)
    _, nothing = await nazh.slash("character skill", name="insight", _user=OWNER)
    assert "give the skill's ranks (0-5)" in said(nothing)


async def test_the_owner_and_a_gm_press_the_buttons_and_another_player_is_refused(
        nazh: NazhUnderTest, fake_discord: FakeDiscord) -> None:
    await veyla(nazh, shared=True)
    sheet = await show(nazh, OTHER, details=False, name="Veyla Tarn")
    _, pressed = await nazh.click(custom_id_of(sheet["data"], "Health -5"), user=OWNER)
    assert pressed["type"] == MESSAGE_UPDATE
    assert "**Health** 17/22" in description(pressed)
    assert f"<@{OWNER['id']}> Health: 22 → 17" in field(await details_of(nazh, pressed, OTHER),
                                                         "Latest changes")
    _, by_gm = await nazh.click(custom_id_of(sheet["data"], "Focus -1"), user=GM)
    assert "**Focus** 4/5" in description(by_gm)
    _, refused = await nazh.click(custom_id_of(sheet["data"], "Health +1"), user=OTHER)
    assert refused["type"] == 4
    assert ephemeral(refused)
    assert refused["data"]["content"] == (
        "**Can't do that.** Veyla Tarn is changed only by its owner and the GMs")
    assert "**Health** 17/22 · **Focus** 4/5" in description(await show(nazh, OWNER))


async def test_a_public_sheet_no_longer_shared_is_not_shown_again_by_its_buttons(
        nazh: NazhUnderTest) -> None:
    await veyla(nazh, shared=True)
    sheet = await show(nazh, OWNER, details=False)
    await nazh.slash("character share", shared=False, _user=OWNER)
    _, pressed = await nazh.click(custom_id_of(sheet["data"], "Health -1"), user=OWNER)
    assert pressed["type"] == MESSAGE_UPDATE
    assert embed_of(pressed)["title"] == "🔒 Veyla Tarn"
    assert "Health" not in said(pressed)
    assert "**Health** 22/22" in description(await show(nazh, OWNER))


async def test_forged_ids_an_unknown_character_and_another_servers_are_no_longer_kept(
        nazh: NazhUnderTest, fake_discord: FakeDiscord) -> None:
    sheet = await veyla(nazh)
    minus = custom_id_of(sheet["data"], "Health -1")
    character_id = minus.split(":")[2]
    forged = [(minus, ELSEWHERE), (delete_control(character_id, 1), ELSEWHERE),
              (sheet_control("zzzzzzzzzz", Resource.HEALTH, -1), None),
              (delete_control("zzzzzzzzzz", 1), None)]
    for custom_id, guild_id in forged:
        click = component_click(custom_id, user=OWNER,
                                guild_id=guild_id or fake_discord.guild_ids[0])
        await fake_discord.dispatch("INTERACTION_CREATE", click)
        refused = await fake_discord.wait_for_interaction_response(click)
        assert ephemeral(refused)
        assert refused["data"]["content"] == (
            "**Can't do that.** that character is no longer kept, or not here"), custom_id
    assert "**Health** 22/22" in description(await show(nazh, OWNER))


async def test_two_clicks_at_once_are_both_kept(nazh: NazhUnderTest,
                                                fake_discord: FakeDiscord) -> None:
    sheet = await veyla(nazh)
    minus = custom_id_of(sheet["data"], "Health -1")
    clicks = await asyncio.gather(*(fake_discord.click(minus, user=OWNER) for _ in range(2)))
    answers = [await fake_discord.wait_for_interaction_response(c) for c in clicks]
    assert [a["type"] for a in answers] == [MESSAGE_UPDATE, MESSAGE_UPDATE]
    shown = {description(a).split("\n")[2] for a in answers}
    assert "**Health** 20/22 · **Focus** 5/5 · **Investiture** 0/0" in shown
    assert "**Health** 20/22" in description(await show(nazh, OWNER))


async def test_a_long_rest_fills_health_and_focus(nazh: NazhUnderTest) -> None:
    await veyla(nazh)
    await nazh.slash("character set", field="health", value="3", _user=OWNER)
    await nazh.slash("character set", field="focus", value="1", _user=OWNER)
    _, rested = await nazh.slash("character rest", kind="long", _user=OWNER)
    assert embed_of(rested)["title"] == "✏️ Long rest: Veyla Tarn"
    assert description(rested) == "Health: 3 → 22\nFocus: 1 → 5"
    assert "long rest" in field(await show(nazh, OWNER), "Latest changes")
    _, refused = await nazh.slash("character rest", kind="long", character="Veyla Tarn",
                                  _user=OTHER)
    assert "no character named 'Veyla Tarn' here that you may see" in said(refused)


async def test_deleting_asks_first_and_deletes_only_the_sheet_that_was_shown(
        nazh: NazhUnderTest) -> None:
    await veyla(nazh)
    _, refused = await nazh.slash("character delete", name="Veyla Tarn", _user=OTHER)
    assert "no character named 'Veyla Tarn' here that you may see" in said(refused)
    _, asked = await nazh.slash("character delete", name="Veyla Tarn", _user=OWNER)
    assert ephemeral(asked)
    assert asked["data"]["content"].startswith(
        "Delete **Veyla Tarn** (level 3 character) and its history of changes?")
    confirm = custom_id_of(asked["data"], "Delete Veyla Tarn")
    await nazh.slash("character set", field="health", value="5", _user=OWNER)
    _, stale = await nazh.click(confirm, user=OWNER)
    assert "Veyla Tarn changed since you asked to delete it" in said(stale)
    _, asked = await nazh.slash("character delete", name="Veyla Tarn", _user=GM)
    _, deleted = await nazh.click(custom_id_of(asked["data"], "Delete Veyla Tarn"), user=GM)
    assert deleted["type"] == MESSAGE_UPDATE
    assert deleted["data"]["content"] == "Deleted **Veyla Tarn**."
    assert not deleted["data"].get("components")
    _, listed = await nazh.slash("character list", _user=OWNER)
    assert "None yet" in description(listed)


async def exported(nazh: NazhUnderTest, fake: FakeDiscord, user: JsonObject,
                   **options: Any) -> tuple[JsonObject, Any]:
    interaction, answer = await nazh.slash("character export", _user=user, **options)
    upload = await fake.wait_for_request(
        lambda r: r.method == "POST" and interaction["token"] in r.path and bool(r.files), 5)
    return answer, upload


async def test_an_export_imports_back_through_discord(nazh: NazhUnderTest,
                                                      fake_discord: FakeDiscord) -> None:
    await veyla(nazh)
    await nazh.slash("character weapon", name="Sidesword", skill="light-weaponry",
                     damage="1d6", type="keen", _user=OWNER)
    await nazh.slash("character set", field="expertises", value="Sidesword, Lore of Roshar",
                     _user=OWNER)
    before = await show(nazh, OWNER)
    answer, upload = await exported(nazh, fake_discord, OWNER)
    assert answer["data"]["content"] == (
        "**Veyla Tarn**, as `veyla-tarn.nazh-character.json`: import it with /character "
        "import.")
    [file] = upload.files
    assert file.filename == "veyla-tarn.nazh-character.json"
    assert upload.body["flags"] & EPHEMERAL
    document = json.loads(file.data)
    assert (document["format"], document["version"]) == ("nazh-character", 1)
    assert [c["name"] for c in document["characters"]] == ["Veyla Tarn"]
    _, not_seen = await nazh.slash("character export", name="Veyla Tarn", _user=OTHER)
    assert "that you may see" in said(not_seen)
    twice = await imported(fake_discord, file.data, file.filename, OWNER)
    assert "you already have a character named 'Veyla Tarn' here" in said(twice)
    again = await imported(fake_discord, file.data, file.filename, OTHER)
    assert again["data"]["content"] == "Imported 1 character from a Nazh export."
    assert description(again) == "✅ Veyla Tarn"
    theirs = await show(nazh, OTHER)
    assert description(theirs).split("\n")[1:] == description(before).split("\n")[1:]
    assert field(theirs, "Weapons") == field(before, "Weapons")
    assert field(theirs, "Expertises") == "Sidesword, Lore of Roshar"


async def test_a_foundry_actor_is_imported_with_what_was_skipped(
        nazh: NazhUnderTest, fake_discord: FakeDiscord) -> None:
    veyla_file = (FIXTURES / "veyla-tarn.json").read_bytes()
    answer = await imported(fake_discord, veyla_file, "fvtt-Actor-veyla-tarn.json", OWNER)
    assert ephemeral(answer)
    assert answer["data"]["content"] == "Imported 1 character from a Foundry VTT export."
    assert description(answer) == "✅ Veyla Tarn"
    assert "items: 1 ancestry, 2 armor, 1 talent (not used by the dice)" in field(answer,
                                                                                  "Skipped")
    shown = await show(nazh, OWNER)
    assert "**Health** 18/" in description(shown)
    assert "Glass-Edge Saber: Light Weaponry +5, 1d6 keen, offhand, quickdraw" in field(
        shown, "Weapons")
    warden = (FIXTURES / "ridge-warden.json").read_bytes()
    refused = await imported(fake_discord, warden, "ridge-warden.json", OWNER)
    assert "only a server's GMs keep adversaries" in said(refused)
    kept = await imported(fake_discord, warden, "ridge-warden.json", GM)
    assert description(kept) == "✅ Ridge Warden"
    _, listed = await nazh.slash("character list", _user=GM)
    assert "**Ridge Warden** · tier 2 rival adversary · yours" in description(listed)


async def test_a_file_with_a_wrong_entry_imports_nothing_naming_the_entry_and_field(
        nazh: NazhUnderTest, fake_discord: FakeDiscord) -> None:
    entries = [{"name": "Lopen"}, {"name": "Kaladin", "level": 31}]
    data = json.dumps({"format": "nazh-character", "version": 1,
                       "characters": entries}).encode()
    answer = await imported(fake_discord, data, "bridge-four.json", OWNER)
    assert answer["data"]["content"].startswith("Nothing was imported: 1 of 2 entries")
    lines = description(answer).split("\n")
    assert lines[0] == "✅ entry 1 (Lopen)"
    assert lines[1].startswith("❌ entry 2 (Kaladin): level")
    _, listed = await nazh.slash("character list", _user=OWNER)
    assert "None yet" in description(listed)
    not_json = await imported(fake_discord, b"{nope", "x.json", OWNER)
    assert 'file "x.json": not valid JSON' in not_json["data"]["content"]


async def test_a_file_from_elsewhere_is_not_downloaded(nazh: NazhUnderTest,
                                                       fake_discord: FakeDiscord) -> None:
    attachment = fake_discord.attachment(b"{}", "x.json")
    attachment["url"] = "https://example.com/x.json"
    interaction = slash_command(
        "character import", [{"name": "file", "type": 11, "value": attachment["id"]}],
        user=OWNER, resolved={"attachments": {attachment["id"]: attachment}})
    await fake_discord.dispatch("INTERACTION_CREATE", interaction)
    answer = await fake_discord.wait_for_interaction_response(interaction)
    assert "it is not on Discord's attachment hosts" in said(answer)
    big = await imported(fake_discord, b" " * (1024 * 1024 + 1), "big.json", OWNER)
    assert "over the 1024 KiB limit" in said(big)


async def test_autocomplete_offers_only_what_the_user_may_see(
        nazh: NazhUnderTest, fake_discord: FakeDiscord) -> None:
    await veyla(nazh)
    await nazh.slash("character new", name="Grunt", kind="adversary", _user=GM)

    async def offered(user: JsonObject, command: str, focused: str,
                      **options: str) -> list[str]:
        suggest = autocomplete(command, {focused: "", **options}, focused, user=user)
        await fake_discord.dispatch("INTERACTION_CREATE", suggest)
        answer = await fake_discord.wait_for_interaction_response(suggest)
        return [c["value"] for c in answer["data"]["choices"]]

    assert await offered(OWNER, "character show", "name") == ["Veyla Tarn"]
    assert await offered(OTHER, "character show", "name") == []
    assert await offered(GM, "character show", "name") == ["Grunt", "Veyla Tarn"]
    assert await offered(GM, "character use", "name") == ["Grunt"]
    assert "willpower" in await offered(OWNER, "character set", "field")
    assert await offered(OTHER, "character set", "field", character="Veyla Tarn") == []
    skills = await offered(OWNER, "character weapon", "skill")
    assert skills[:2] == ["agility", "athletics"]
    assert len(skills) == 18


# -- two replicas -------------------------------------------------------------------------------


@pytest.fixture
async def database_url() -> AsyncIterator[str]:
    admin_url = postgres_admin_url()
    if admin_url is None:
        pytest.skip("NAZH_TEST_POSTGRES_URL unset")
    async with scratch_postgres(admin_url) as url:
        yield url


async def test_two_clicks_on_two_replicas_are_both_kept(tmp_path: Path,
                                                        database_url: str) -> None:
    async with FakeDiscord() as fake, workers_here(fake, tmp_path, database_url, 2) as workers:
        made = slash_command("character new", {"name": "Veyla Tarn", "level": 3,
                                               "strength": 2}, user=OWNER)
        await fake.dispatch("INTERACTION_CREATE", made, target=workers[0].target)
        message = fake.original_message(made)
        minus = custom_id_of(message, "Health -1")

        async def click(worker: NazhUnderTest) -> JsonObject:
            payload = component_click(minus, 2, None, message=copy.deepcopy(message),
                                      user=OWNER, guild_id=message.get("guild_id"),
                                      application_id=fake.application_id)
            await fake.dispatch("INTERACTION_CREATE", payload, target=worker.target)
            return await fake.wait_for_interaction_response(payload)

        answers = await asyncio.gather(*(click(worker) for worker in workers))
        assert [a["type"] for a in answers] == [MESSAGE_UPDATE, MESSAGE_UPDATE]
        shown = slash_command("character show", user=OWNER)
        await fake.dispatch("INTERACTION_CREATE", shown, target=workers[1].target)
        answer = await fake.wait_for_interaction_response(shown)
        assert "**Health** 20/22" in description(answer)
    assert_healthy(fake)


async def test_the_twenty_first_character_is_refused_as_one_too_many_to_keep(
        nazh: NazhUnderTest) -> None:
    for number in range(20):
        await nazh.slash("character new", name=f"Hero {number}", _user=OWNER)
    _, refused = await nazh.slash("character new", name="Hero 20", _user=OWNER)
    assert ephemeral(refused)
    assert refused["data"]["content"].startswith(
        "**Can't keep that.** at most 20 characters per person")
    _, listed = await nazh.slash("character list", _user=OWNER)
    assert "Hero 20" not in json.dumps(listed["data"])
