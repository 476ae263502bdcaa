"""/character outside servers, end to end on both transports: in DMs (and wherever Nazh is only
user-installed) a character is its maker's own. Another user never finds it with /character
show, never sees it in /character list or the ``name:``/``character:`` autocomplete, and its
sheet's buttons are "no longer kept" for them; sharing it is refused, since there is no table."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from nazh.application.shared.json_types import JsonObject
from tests.e2e.fake_discord import (
    FakeDiscord,
    assert_healthy,
    autocomplete,
    component_click,
    make_user,
    slash_command,
)
from tests.e2e.harness import TRANSPORTS, NazhUnderTest, custom_id_of, embed_of, running

EPHEMERAL = 1 << 6
ALICE = make_user("785555555555555551", "alice")
BOB = make_user("785555555555555552", "bob")
NO_TABLE = "outside a server a sheet is yours alone: there is no table to share it with"


@pytest.fixture(params=TRANSPORTS)
async def nazh(request: pytest.FixtureRequest, fake_discord: FakeDiscord,
               tmp_path: Path) -> AsyncIterator[NazhUnderTest]:
    """The bot with its commands registered globally (as in production), so they are used in
    DMs as Discord delivers them there."""
    async with running(fake_discord, tmp_path, request.param, NAZH_DEV_GUILDS="") as bot:
        yield bot
    assert_healthy(fake_discord)


def in_dm(interaction: JsonObject) -> JsonObject:
    """As a user-installed command used in a DM with the bot."""
    interaction["context"] = 1
    interaction["authorizing_integration_owners"] = {"1": interaction["user"]["id"]}
    return interaction


async def answer(fake: FakeDiscord, interaction: JsonObject) -> JsonObject:
    await fake.dispatch("INTERACTION_CREATE", interaction)
    return await fake.wait_for_interaction_response(interaction)


async def dm(fake: FakeDiscord, user: JsonObject, command: str,
             **options: Any) -> JsonObject:
    """``command`` used by ``user`` in their DM with the bot; the bot's answer."""
    return await answer(fake, in_dm(slash_command(command, options or None, user=user,
                                                  guild_id=None)))


async def offered(fake: FakeDiscord, user: JsonObject, command: str, focused: str,
                  **options: str) -> list[str]:
    """What the autocomplete of ``focused`` offers ``user`` in their DM."""
    suggest = in_dm(autocomplete(command, {focused: "", **options}, focused, user=user,
                                 guild_id=None))
    return [c["value"] for c in (await answer(fake, suggest))["data"]["choices"]]


def said(body: JsonObject) -> str:
    return json.dumps(body["data"], ensure_ascii=False)


def ephemeral(body: JsonObject) -> bool:
    return bool(body["data"].get("flags", 0) & EPHEMERAL)


async def test_a_character_made_outside_servers_is_its_makers_own(
        nazh: NazhUnderTest, fake_discord: FakeDiscord) -> None:
    made = await dm(fake_discord, ALICE, "character new", name="Veyla Tarn", level=3)
    assert made["data"]["content"] == "Made **Veyla Tarn**, your active character here."
    shared = await dm(fake_discord, ALICE, "character share", shared=True)
    refused = await dm(fake_discord, ALICE, "character new", name="Lift", shared=True)

    shown = await dm(fake_discord, BOB, "character show", name="Veyla Tarn")
    assert ephemeral(shown)
    assert "no character named 'Veyla Tarn' here that you may see" in said(shown)
    listed = await dm(fake_discord, BOB, "character list")
    assert "Veyla Tarn" not in said(listed)
    assert embed_of(listed)["description"] == ("None yet: make one with /character new or "
                                               "/character import.")
    assert await offered(fake_discord, BOB, "character show", "name") == []
    assert await offered(fake_discord, BOB, "check", "character", skill="insight") == []
    assert await offered(fake_discord, ALICE, "check", "character",
                         skill="insight") == ["Veyla Tarn"]

    assert ephemeral(shared)
    assert NO_TABLE in said(shared)
    assert NO_TABLE in said(refused)
    mine = await dm(fake_discord, ALICE, "character show")
    assert embed_of(mine)["title"] == "📜 Veyla Tarn"
    assert "only its owner and the GMs see it" in embed_of(mine)["description"]
    click = in_dm(component_click(custom_id_of(mine["data"], "Health -1"), user=BOB,
                                  guild_id=None))
    clicked = await answer(fake_discord, click)
    assert clicked["data"]["content"] == (
        "**Can't do that.** that character is no longer kept, or not here")


async def test_two_users_outside_servers_each_keep_their_own_of_one_name(
        nazh: NazhUnderTest, fake_discord: FakeDiscord) -> None:
    await dm(fake_discord, ALICE, "character new", name="Veyla Tarn", level=3)
    made = await dm(fake_discord, BOB, "character new", name="Veyla Tarn")
    assert made["data"]["content"] == "Made **Veyla Tarn**, your active character here."
    for user, level in ((ALICE, 3), (BOB, 1)):
        listed = await dm(fake_discord, user, "character list")
        assert embed_of(listed)["description"].startswith(
            f"★ **Veyla Tarn** · level {level} character · yours")
        assert "\n" not in embed_of(listed)["description"]
