"""/character at the feature level: real interactions, the use cases on the in-memory store, the
first answer read in memory. The custom ids, the sheet within Discord's limits, the sheet's
visibility, the buttons, autocomplete's limits. No network."""

from __future__ import annotations

from dataclasses import replace
from unittest.mock import create_autospec

import hikari
import pytest

from nazh.adapters.discord.characters.controls import (
    sheet_control,
)
from nazh.adapters.discord.characters.options import Rest
from nazh.adapters.discord.characters.sheet import (
    Suggest,
)
from nazh.adapters.discord.features import owner_of
from nazh.adapters.discord.runtime.autocomplete import matching
from nazh.adapters.discord.runtime.responder import Responder
from nazh.application.characters.model import CharacterRecord
from nazh.domain.character import Character, Resource
from nazh.domain.derivation import Pool
from nazh.presentation.chat import DiscordLimits
from tests.adapters.discord.characters.kit import (
    GUILD,
    NOW,
    OTHER,
    OWNER,
    VEYLA_ID,
    Table,
)
from tests.adapters.discord.feature_kit import EPHEMERAL
from tests.fakes import d, script

# -- custom ids ---------------------------------------------------------------------------------


@pytest.mark.parametrize("custom_id", [
    "nz1:chs:k3v9x0q2md:h:-2", "nz1:chs:k3v9x0q2md:f:5", "nz1:chs:k3v9x0q2md:x:1",
    "nz1:chs:K3v9x0q2md:h:1", "nz1:chs::h:1", "nz1:chs:k3v9x0q2md:h", "nz1:chs:" + "a" * 17
    + ":h:1", "nz1:chd:k3v9x0q2md:x", "nz1:chd:k3v9x0q2md:", "nz1:chd:k3v9x0q2md:1:2",
    "nz1:chd:k3v9x0q2md:" + "9" * 13, "nz1:chd:k3v9x0q2md:١",
])
def test_a_malformed_control_is_not_ours(custom_id: str) -> None:
    assert owner_of(custom_id) is None


# -- rendering ----------------------------------------------------------------------------------


def test_matching_offers_at_most_25_short_choices_those_starting_with_the_text_first() -> None:
    choices = [(f"{n} {'z' * 200}", f"{n}{'v' * 200}") for n in range(40)]
    offered = matching(choices, "")
    assert len(offered) == DiscordLimits.CHOICES
    assert all(len(name) <= 100 and len(value) <= 100 for name, value in offered)
    assert [name for name, _ in matching([("Insight", "a"), ("Athletics", "b")], "in")] == [
        "Insight"]
    assert [v for _, v in matching([("Lore (s)", "lore"), ("Sling", "sling")], "l")] == [
        "lore", "sling"]
    assert matching([("Light Weaponry (Speed, 0 ranks)", "light-weaponry")], "light-w") == [
        ("Light Weaponry (Speed, 0 ranks)", "light-weaponry")]


# -- the feature ---------------------------------------------------------------------------------


async def test_an_unshared_sheet_is_ephemeral_and_a_shared_one_public() -> None:
    table = Table()
    show = table.command("character show", OWNER)
    hidden = await table.kit.answer(show, table.feature.show(show, None))
    assert hidden["data"]["flags"] & EPHEMERAL
    assert hidden["data"]["embeds"][0]["title"] == "📜 Veyla Tarn"
    shared = Table(shared=True)
    show = shared.command("character show", OTHER)
    public = await shared.kit.answer(show, shared.feature.show(show, "veyla tarn"))
    assert not public["data"]["flags"] & EPHEMERAL


async def test_a_button_moves_the_resource_and_shows_the_sheet_again() -> None:
    table = Table()
    answer = await table.pressed(sheet_control(VEYLA_ID, Resource.HEALTH, -5), OWNER,
                                 ephemeral=True)
    assert answer["type"] == hikari.ResponseType.MESSAGE_UPDATE
    assert "**Health** 17/22" in answer["data"]["embeds"][0]["description"]
    assert table.store.records[VEYLA_ID].sheet.health.current == 17
    kept = table.store.entries[-1]
    assert (kept.field, kept.old, kept.new, kept.user_id) == ("health", "22", "17",
                                                              int(OWNER["id"]))


async def test_another_players_press_changes_nothing() -> None:
    table = Table(shared=True)
    answer = await table.pressed(sheet_control(VEYLA_ID, Resource.HEALTH, -5), OTHER,
                                 ephemeral=False)
    assert answer["type"] == hikari.ResponseType.MESSAGE_CREATE
    assert answer["data"]["flags"] & EPHEMERAL
    assert answer["data"]["content"] == (
        "**Can't do that.** Veyla Tarn is changed only by its owner and the GMs")
    assert table.store.updates == 0


async def test_an_export_is_announced_then_sent_as_a_file_to_the_asker_alone(
        monkeypatch: pytest.MonkeyPatch) -> None:
    files = create_autospec(Responder.file)
    monkeypatch.setattr(Responder, "file", files)
    table = Table()
    export = table.command("character export", OWNER)
    answer = await table.kit.answer(export, table.feature.export(export, None))
    assert answer["data"]["content"].startswith("**Veyla Tarn**, as "
                                                "`veyla-tarn.nazh-character.json`")
    [call] = files.await_args_list
    _, data, filename = call.args
    assert (filename, call.kwargs) == ("veyla-tarn.nazh-character.json", {"ephemeral": True})
    assert "Veyla Tarn" in bytes(data).decode()


async def test_autocomplete_names_at_most_25_characters() -> None:
    others = [CharacterRecord(f"c{n:09d}", GUILD, int(OWNER["id"]),
                              Character.new(f"Bridgeman {n:02d}"), False, 1, NOW)
              for n in range(30)]
    table = Table(False, *others)
    suggest = table.suggesting("character show", "name", OWNER, typed="bridge")
    answer = await table.kit.answer(suggest, table.feature.suggest(
        suggest, Suggest.VISIBLE, "bridge", None))
    choices = answer["data"]["choices"]
    assert len(choices) == DiscordLimits.CHOICES
    assert choices[0] == {"name": "Bridgeman 00 (yours)", "value": "Bridgeman 00"}


async def test_autocomplete_of_an_unknown_character_offers_nothing() -> None:
    table = Table()
    suggest = table.suggesting("character set", "field", OWNER, character="Nobody")
    answer = await table.kit.answer(suggest, table.feature.suggest(
        suggest, Suggest.FIELD, "", "Nobody"))
    assert answer["data"]["choices"] == []


async def test_a_short_rest_rolls_the_recovery_die_and_says_what_it_recovered() -> None:
    table = Table(dice=script(d(8, 5), d(32, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10)))
    table.store.records[VEYLA_ID] = replace(table.store.records[VEYLA_ID], sheet=replace(
        table.store.records[VEYLA_ID].sheet, health=Pool(20), focus=Pool(1)))
    interaction = table.command("character rest", OWNER, {"kind": "short", "first": "focus"})
    answer = await table.kit.answer(interaction, table.feature.rest(
        interaction, Rest.SHORT, None, Resource.FOCUS))
    lines = answer["data"]["embeds"][0]["description"].split("\n")
    assert answer["data"]["embeds"][0]["title"] == "🎲 Short rest"  # the act (its label)
    assert lines[0] == "## 5"
    assert lines[1] == "-# 📜 **Veyla Tarn** — Short rest (recovery die d8)"
    assert lines[2].startswith("-# **5** | `1d8` | [5]")
    assert lines[-1] == "✏️ Veyla Tarn: health 20 → 21, focus 1 → 5"
    assert not answer["data"].get("flags", 0) & EPHEMERAL
    kept = table.store.records[VEYLA_ID].sheet
    assert (kept.health.current, kept.focus.current) == (21, 5)
