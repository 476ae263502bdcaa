"""Untrusted files end to end, on both transports: a number of 5,000 digits in each of the three
import formats (a Nazh character file, a Foundry VTT actor, a saved rolls' file) is a clear
refusal naming the file and the field, with nothing kept and no traceback; a lone surrogate in
a text the answer would echo (an item's type, a skill's id, a name) gets an answer that says
truthfully what happened, and ``/character list`` agrees with it."""

from __future__ import annotations

import copy
import json
import logging
from typing import Any

import pytest

from nazh.application.shared.json_types import JsonObject
from tests.e2e.fake_discord import FakeDiscord
from tests.e2e.harness import NazhUnderTest, embed_of
from tests.e2e.import_kit import FIXTURES, OWNER, import_file, imported
from tests.json_strategies import Raw, raw_json

VEYLA: JsonObject = json.loads((FIXTURES / "veyla-tarn.json").read_text("utf-8"))
HUGE = Raw("9" * 5000)
LONE = "\ud800"


def nazh_file(**entry: object) -> bytes:
    return raw_json({"format": "nazh-character", "version": 1,
                     "characters": [{"name": "Lopen"} | entry]}).encode()


def foundry_file(change: Any) -> bytes:
    actor = copy.deepcopy(VEYLA)
    change(actor)
    return raw_json(actor).encode()


def saved_file(*rolls: JsonObject) -> bytes:
    return raw_json({"format": "nazh-saved-rolls", "version": 1, "rolls": list(rolls)}).encode()


@pytest.fixture
def errors(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.INFO)
    return caplog


def no_traceback(caplog: pytest.LogCaptureFixture) -> None:
    assert [r.getMessage() for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR
            ] == []


async def characters_listed(nazh: NazhUnderTest) -> str:
    _, listed = await nazh.slash("character list", _user=OWNER)
    return str(embed_of(listed)["description"])


def huge_level(actor: JsonObject) -> None:
    actor["system"]["level"] = HUGE


@pytest.mark.parametrize(("data", "field"), [
    (nazh_file(level=HUGE), "characters\\[0\\].level"),
    (nazh_file(health={"current": HUGE}), "characters\\[0\\].health.current"),
    (foundry_file(huge_level), "system.level"),
], ids=["nazh-character-level", "nazh-character-health", "foundry-level"])
async def test_a_number_of_5000_digits_in_a_character_file_is_refused_naming_the_field(
        nazh: NazhUnderTest, fake_discord: FakeDiscord, errors: pytest.LogCaptureFixture,
        data: bytes, field: str) -> None:
    answer = await imported(fake_discord, data, "party.json", OWNER)
    assert answer["data"]["flags"] & (1 << 6)
    assert answer["data"]["content"].startswith(
        f'**Can\'t do that.** file "party.json": {field} is a whole number of 5000 digits '
        "(at most 18)")
    assert "None yet" in await characters_listed(nazh)
    no_traceback(errors)


async def test_a_number_of_5000_digits_in_a_saved_rolls_file_is_refused_naming_the_field(
        nazh: NazhUnderTest, fake_discord: FakeDiscord, errors: pytest.LogCaptureFixture
) -> None:
    data = saved_file({"name": "stealth", "notation": "a1d20+6"},
                      {"name": "smite", "notation": "2d8", "scope": HUGE})
    answer = await import_file(nazh, fake_discord, data, OWNER)
    assert answer["data"]["content"].startswith(
        '**Can\'t do that.** file "rolls.json": rolls\\[1\\].scope is a whole number of 5000 '
        "digits (at most 18)")
    _, listed = await nazh.slash("saved list", _user=OWNER)
    assert "None yet" in embed_of(listed)["description"]
    no_traceback(errors)


def item_type(actor: JsonObject) -> None:
    actor["items"][3]["type"] = LONE


def skill_id(actor: JsonObject) -> None:
    actor["system"]["skills"][LONE + "x"] = {"attribute": "str", "rank": 1}


def actor_name(actor: JsonObject) -> None:
    actor["name"] = "Veyla" + LONE


@pytest.mark.parametrize(("data", "field", "problem"), [
    (foundry_file(item_type), "items\\[3\\].type", "is text that holds a lone surrogate "
                                                   "(\\\\ud800, character 1)"),
    (foundry_file(skill_id), 'system.skills\\["\\\\ud800x"\\]',
     "is a key that holds a lone surrogate (\\\\ud800, character 1)"),
    (foundry_file(actor_name), "name", "is text that holds a lone surrogate (\\\\ud800, "
                                       "character 6)"),
    (nazh_file(name=LONE), "characters\\[0\\].name", "is text that holds a lone surrogate "
                                                     "(\\\\ud800, character 1)"),
], ids=["foundry-item-type", "foundry-skill-id", "foundry-name", "nazh-character-name"])
async def test_a_lone_surrogate_in_an_echoed_field_is_refused_and_nothing_is_kept(
        nazh: NazhUnderTest, fake_discord: FakeDiscord, errors: pytest.LogCaptureFixture,
        data: bytes, field: str, problem: str) -> None:
    answer = await imported(fake_discord, data, "veyla.json", OWNER)
    assert answer["data"]["content"].startswith(
        f'**Can\'t do that.** file "veyla.json": {field} {problem}, which is not Unicode text')
    assert "None yet" in await characters_listed(nazh)
    clean = await imported(fake_discord, json.dumps(VEYLA).encode(), "veyla.json", OWNER)
    assert clean["data"]["content"] == "Imported 1 character from a Foundry VTT export."
    assert "**Veyla Tarn**" in await characters_listed(nazh)
    no_traceback(errors)


async def test_a_lone_surrogate_in_a_saved_rolls_name_is_refused(
        nazh: NazhUnderTest, fake_discord: FakeDiscord, errors: pytest.LogCaptureFixture
) -> None:
    answer = await import_file(nazh, fake_discord, saved_file(
        {"name": "stealth" + LONE, "notation": "a1d20+6"}), OWNER)
    assert answer["data"]["content"].startswith(
        '**Can\'t do that.** file "rolls.json": rolls\\[0\\].name is text that holds a lone '
        "surrogate (\\\\ud800, character 8), which is not Unicode text")
    _, listed = await nazh.slash("saved list", _user=OWNER)
    assert "None yet" in embed_of(listed)["description"]
    no_traceback(errors)


def control_characters(actor: JsonObject) -> None:
    actor["items"][3]["type"] = "loot\u0007\n**<@1>**"
    actor["system"]["skills"]["zz\u0007"] = {"rank": 1}


async def test_control_characters_in_echoed_fields_are_imported_and_shown_escaped(
        nazh: NazhUnderTest, fake_discord: FakeDiscord, errors: pytest.LogCaptureFixture
) -> None:
    answer = await imported(fake_discord, foundry_file(control_characters), "veyla.json", OWNER)
    assert answer["data"]["content"] == "Imported 1 character from a Foundry VTT export."
    skipped = {f["name"]: f["value"] for f in embed_of(answer)["fields"]}["Skipped"]
    assert "loot\\\\x07\\\\n\\*\\*\\<@1>\\*\\*" in skipped
    assert "skills: Zz\\\\x07 has no attribute, not imported" in skipped
    assert "\u0007" not in json.dumps(answer["data"], ensure_ascii=False)
    assert "**Veyla Tarn**" in await characters_listed(nazh)
    no_traceback(errors)
