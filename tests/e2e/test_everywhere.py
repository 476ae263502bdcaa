"""Nazh everywhere, on both transports: commands registered for server and user installation
in servers, DMs and group DMs; /roll in a DM; /settings where Nazh is only user-installed; the
message context menu "Roll dice in this message"."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from nazh.application.shared.json_types import JsonObject
from tests.e2e.fake_discord import (
    FakeDiscord,
    make_message,
    make_user,
    message_command,
    slash_command,
)
from tests.e2e.harness import TRANSPORTS, NazhUnderTest, embed_of
from tests.e2e.roll_kit import MENU, message_roll

EPHEMERAL = 1 << 6
PLAYER = make_user("761111111111111111", "player")


@pytest.fixture(params=TRANSPORTS)
async def global_nazh(request: pytest.FixtureRequest, fake_discord: FakeDiscord,
                      tmp_path: Path) -> AsyncIterator[NazhUnderTest]:
    """The bot with its commands registered globally (as in production: no dev guild)."""
    bot = NazhUnderTest(fake_discord, tmp_path, transport=request.param, NAZH_DEV_GUILDS="")
    await bot.start()
    try:
        yield bot
    finally:
        await bot.stop()
    assert fake_discord.spec_violations == []


async def send(fake: FakeDiscord, interaction: JsonObject) -> JsonObject:
    await fake.dispatch("INTERACTION_CREATE", interaction)
    return await fake.wait_for_interaction_response(interaction)


def in_dm(interaction: JsonObject) -> JsonObject:
    """As a user-installed command used in a DM with the bot."""
    interaction["context"] = 1
    interaction["authorizing_integration_owners"] = {"1": interaction["user"]["id"]}
    return interaction


IN_SERVERS_ONLY = frozenset({"encounter", "request", "endeavor", "session"})
"""Commands offered in servers only: an encounter, a request, an endeavor and a session run in
a server's channel, with its GMs."""


async def test_every_command_is_registered_for_both_installs_and_every_context(
        global_nazh: NazhUnderTest, fake_discord: FakeDiscord) -> None:
    commands = fake_discord.state.commands[None]
    assert {c["name"] for c in commands} >= {"roll", "odds", "history", "verify", "save",
                                              "saved", "settings", MENU}
    for command in commands:
        assert command["integration_types"] == [0, 1], command["name"]
        everywhere = command["name"] not in IN_SERVERS_ONLY
        assert command["contexts"] == ([0, 1, 2] if everywhere else [0]), command["name"]
    menu = next(c for c in commands if c["name"] == MENU)
    assert menu["type"] == 3
    assert fake_discord.spec_violations == []


async def test_roll_in_a_direct_message(global_nazh: NazhUnderTest,
                                        fake_discord: FakeDiscord) -> None:
    answer = await send(fake_discord, in_dm(slash_command(
        "roll", {"pool": "a1d20+5, 2d6+3"}, user=PLAYER, guild_id=None)))
    assert answer["type"] == 4
    assert "`a1d20+5`" in embed_of(answer)["description"]
    refused = await send(fake_discord, in_dm(slash_command(
        "roll", {"pool": "1d20", "visibility": "gm"}, user=PLAYER, guild_id=None)))
    assert refused["data"]["flags"] & EPHEMERAL
    assert "a gm roll needs a server" in json.dumps(refused["data"])


async def test_settings_say_the_defaults_apply_where_nazh_is_not_installed(
        global_nazh: NazhUnderTest, fake_discord: FakeDiscord) -> None:
    in_a_dm = await send(fake_discord, in_dm(slash_command("settings show", user=PLAYER,
                                                           guild_id=None)))
    assert in_a_dm["data"]["content"].startswith("Settings belong to a server.")
    assert "(defaults)" in embed_of(in_a_dm)["title"]
    # a server where only the user installed Nazh
    only_user = slash_command("settings set", {"history-days": 5}, user=PLAYER)
    only_user["authorizing_integration_owners"] = {"1": PLAYER["id"]}
    only_user["member"]["permissions"] = str(int(only_user["member"]["permissions"]) | 32)
    refused = await send(fake_discord, only_user)
    assert "settings belong to a server" in json.dumps(refused["data"])



async def test_the_menu_rolls_the_one_roll_in_a_message(global_nazh: NazhUnderTest,
                                                         fake_discord: FakeDiscord) -> None:
    answer = await message_roll(fake_discord, "I swing my sword: a1d20+5, 2d6+3 vs AC 14")
    assert answer["type"] == 4
    assert not answer["data"].get("flags", 0) & EPHEMERAL
    description = embed_of(answer)["description"]
    assert "`a1d20+5`" in description
    assert "`2d6+3`" in description


async def test_the_menu_offers_a_choice_when_there_are_several(
        global_nazh: NazhUnderTest, fake_discord: FakeDiscord) -> None:
    answer = await message_roll(fake_discord, "Either d20+3 (attack) or 3d8 (fireball)")
    assert answer["data"]["flags"] & EPHEMERAL
    assert answer["data"]["content"] == "That message has 2 rolls: which one?"
    menu = answer["data"]["components"][0]["components"][0]
    assert [option["value"] for option in menu["options"]] == ["d20+3", "3d8"]
    interaction = await fake_discord.click(menu["custom_id"], ["3d8"], user=PLAYER)
    rolled = await fake_discord.wait_for_interaction_response(interaction)
    assert rolled["type"] == 4
    assert "`3d8`" in embed_of(rolled)["description"]
    assert not rolled["data"].get("flags", 0) & EPHEMERAL


async def test_a_message_without_dice_gets_a_short_explanation(
        global_nazh: NazhUnderTest, fake_discord: FakeDiscord) -> None:
    answer = await message_roll(fake_discord, "See you all on Friday!")
    assert answer["data"]["flags"] & EPHEMERAL
    assert answer["data"]["content"].startswith("No dice notation in that message.")


async def test_the_menu_works_in_a_direct_message(global_nazh: NazhUnderTest,
                                                   fake_discord: FakeDiscord) -> None:
    message = make_message(author=PLAYER, content="my check: d20+2", application_id=None)
    answer = await send(fake_discord, in_dm(message_command(MENU, message, user=PLAYER,
                                                            guild_id=None)))
    assert "`1d20+2`" in embed_of(answer)["description"]
