"""A request on two ``nazh serve`` replicas sharing one PostgreSQL (workers in this process,
the fake Discord sending each interaction to the worker a test names): a player's two clicks on
Roll reaching the two workers at once roll once, two other players' clicks at once are both
kept, and the card ends up showing every result as kept."""

from __future__ import annotations

import asyncio
import copy
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from nazh.application.shared.json_types import JsonObject
from tests.adapters.storage.conftest import POSTGRES_OFF
from tests.adapters.storage.support import postgres_admin_url, scratch_postgres
from tests.e2e.card_kit import card_custom_id, card_text, is_card
from tests.e2e.fake_discord import FakeDiscord, component_click, make_user, slash_command
from tests.e2e.harness import NazhUnderTest, grant_manage_server
from tests.e2e.log_kit import workers_here
from tests.e2e.roll_kit import EPHEMERAL, GM, PLAYER, ROLLER
from tests.waiting import until

pytestmark = pytest.mark.skipif(postgres_admin_url() is None, reason=POSTGRES_OFF)
UPDATE = 7
LIFT = make_user("774444444444444444", "lift")


@pytest.fixture
async def database_url() -> AsyncIterator[str]:
    admin_url = postgres_admin_url()
    assert admin_url is not None
    async with scratch_postgres(admin_url) as url:
        yield url


async def slash_on(worker: NazhUnderTest, name: str, user: JsonObject, /,
                   **options: str | int | bool) -> JsonObject:
    interaction = slash_command(name, options or None, user=user)
    await worker.fake.dispatch("INTERACTION_CREATE", interaction, target=worker.target)
    return await worker.fake.wait_for_interaction_response(interaction)


def the_card(fake: FakeDiscord) -> JsonObject:
    [card] = [m for m in fake.messages
              if is_card(m) and "interaction_metadata" not in m and "📣" in card_text(m)]
    return card


async def roll_on(worker: NazhUnderTest, card: JsonObject, user: JsonObject) -> JsonObject:
    payload = component_click(card_custom_id(card, "Roll"), 2, None,
                              message=copy.deepcopy(card), user=user,
                              guild_id=card.get("guild_id"),
                              application_id=worker.fake.application_id)
    await worker.fake.dispatch("INTERACTION_CREATE", payload, target=worker.target)
    return await worker.fake.wait_for_interaction_response(payload)


async def test_clicks_at_once_on_two_replicas_roll_once_per_player(
        tmp_path: Path, database_url: str) -> None:
    async with FakeDiscord() as fake, workers_here(fake, tmp_path, database_url, 2) as workers:
        grant_manage_server(fake, GM)
        first, second = workers
        await slash_on(first, "character new", PLAYER, name="Kaladin", awareness=2)
        await slash_on(second, "character new", ROLLER, name="Shallan", awareness=3)
        await slash_on(first, "character new", LIFT, name="Lift", awareness=4)
        await slash_on(first, "request", GM, skill="Perception", dc=10)
        card = the_card(fake)

        doubled = await asyncio.gather(roll_on(first, card, PLAYER),
                                       roll_on(second, card, PLAYER))
        assert sorted(a["type"] for a in doubled) == [4, UPDATE]
        [refusal] = [a for a in doubled if a["type"] != UPDATE]
        assert refusal["data"]["flags"] & EPHEMERAL
        assert "one roll each" in refusal["data"]["content"]

        both = await asyncio.gather(roll_on(second, card, ROLLER), roll_on(first, card, LIFT))
        assert [a["type"] for a in both] == [UPDATE, UPDATE]

        def settled() -> str | None:
            text = card_text(the_card(fake))
            rolled = [f"<@{PLAYER['id']}> **Kaladin**", f"<@{ROLLER['id']}> **Shallan**",
                      f"<@{LIFT['id']}> **Lift**"]
            return text if all(r in text for r in rolled) else None
        text = await until(settled, what="the card showing both rolls")
        assert text.count(f"<@{PLAYER['id']}>") == 1
