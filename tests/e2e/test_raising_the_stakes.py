"""Raising the stakes after the d20 and the face of a plot die rolled with disadvantage, end to
end on both transports: a GM's calls by the starter rules, a server's house rule for players."""

from __future__ import annotations

import json

import pytest

from nazh.adapters.discord.rolls.result import RollAction, roll_control
from tests.e2e.fake_discord import FakeDiscord, slash_command
from tests.e2e.harness import NazhUnderTest, custom_id_of, embed_of
from tests.e2e.roll_kit import (
    EPHEMERAL,
    GM,
    PLAYER,
    ROLLER,
    buttons,
    click,
    on_gm_panel,
    opened_panel,
    panel_pressed,
    pressed_anyway,
    roll_id_of,
)

pytestmark = pytest.mark.usefixtures("gm_manages_the_server")


async def players_raise_stakes(fake: FakeDiscord, on: bool) -> None:
    setting = slash_command("settings set", {"players-raise-stakes": on}, user=GM)
    await fake.dispatch("INTERACTION_CREATE", setting)
    answer = json.dumps(await fake.wait_for_interaction_response(setting), ensure_ascii=False)
    assert f"**players-raise-stakes**: {'on' if on else 'off'}" in answer


async def test_a_gm_adds_the_plot_die_the_roller_is_told_the_rule(
        nazh: NazhUnderTest, fake_discord: FakeDiscord) -> None:
    """Starter rules, Introduction ("Using Cosmere RPG Dice": Raising the Stakes): "they can't
    be raised after the d20 has already been rolled", and "it's the GM's call"."""
    nazh.dice.script(20, 11).script(6, 6)
    interaction, body = await nazh.slash(pool="1d20+2", _user=ROLLER)
    message = fake_discord.original_message(interaction)
    # the shared result offers it to no player: a GM adds it from the 👑 GM panel
    assert "Add Plot Die" not in buttons(message)
    add_plot = roll_control(RollAction.ADD_PLOT, roll_id_of(body))
    refused = await pressed_anyway(nazh, add_plot, message, ROLLER)  # an older result's button
    assert refused["data"]["flags"] & EPHEMERAL
    assert "can't be raised after the d20 has been rolled" in refused["data"]["content"]
    assert "players-raise-stakes" in refused["data"]["content"]
    panel, added = await on_gm_panel(nazh, message, "Add Plot Die")
    assert embed_of(added)["description"].split("\n")[2] == "-# (O) | `p` | [**6**]"
    assert "Add Plot Die" not in buttons(panel)


async def test_players_raise_stakes_lets_the_roller_add_it_a_house_rule(
        nazh: NazhUnderTest, fake_discord: FakeDiscord) -> None:
    await players_raise_stakes(fake_discord, True)
    nazh.dice.script(20, 11).script(6, 3)
    interaction, _ = await nazh.slash(pool="1d20", _user=ROLLER)
    message = fake_discord.original_message(interaction)
    assert "Add Plot Die" in buttons(message)  # the roller's to add now, on the result
    other = await click(nazh, custom_id_of(message, "Add Plot Die"), PLAYER)
    assert other["data"]["flags"] & EPHEMERAL
    assert "only the roller or a GM" in other["data"]["content"]
    added = await click(nazh, custom_id_of(message, "Add Plot Die"), ROLLER)
    assert added["type"] == 7
    assert embed_of(added)["description"].split("\n")[2] == "-# blank | `p` | [**3**]"


async def test_a_gm_keeps_the_face_of_a_plot_die_rolled_with_disadvantage(
        nazh: NazhUnderTest, fake_discord: FakeDiscord) -> None:
    """Starter rules, part 1 ("Skills": Testing With Disadvantages): "allow the GM to choose one
    of the two results you keep"."""
    nazh.dice.script(20, 10).script(6, 2, 6)
    interaction, body = await nazh.slash(pool="1d20, dp", _user=ROLLER)
    assert "the GM keeps one face" in embed_of(body)["description"]
    message = fake_discord.original_message(interaction)
    # the choice is the GM's: its two faces on the 👑 GM panel, none on the shared result
    assert not any(label.startswith("Keep") for label in buttons(message))
    panel = await opened_panel(nazh, message)
    keep = [label for label in buttons(panel) if label.startswith("Keep")]
    assert len(keep) == 2
    keep_first = roll_control(RollAction.KEEP_FACE, roll_id_of(body), 0)
    refused = await pressed_anyway(nazh, keep_first, message, ROLLER)
    assert refused["data"]["flags"] & EPHEMERAL
    assert "a GM keeps its face" in refused["data"]["content"]
    _, kept = await panel_pressed(nazh, message, panel, keep[0])
    assert embed_of(kept)["description"].startswith(
        "## 14 · 1 Complication\n-# **14** (+4P) | `1d20`")
