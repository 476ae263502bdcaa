"""An encounter on two ``nazh serve`` replicas sharing one PostgreSQL (workers in this process,
the fake Discord sending each interaction to the worker a test names): two players' Done
clicks reaching the two workers at once are both kept, a GM's double click on Next split over
the two makes one step, and the live card ends up showing the encounter as kept."""

from __future__ import annotations

import asyncio
import copy
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from nazh.application.shared.json_types import JsonObject
from tests.adapters.storage.conftest import POSTGRES_OFF
from tests.adapters.storage.support import postgres_admin_url, scratch_postgres
from tests.e2e.card_kit import card_custom_id, card_text
from tests.e2e.encounter_kit import (
    MESSAGE_UPDATE,
    card_lines,
    card_reading,
    card_showing,
    live_card,
    log_lines,
    refused,
    said,
)
from tests.e2e.fake_discord import FakeDiscord, component_click, slash_command
from tests.e2e.harness import NazhUnderTest, custom_id_of, grant_manage_server
from tests.e2e.log_kit import workers_here
from tests.e2e.roll_kit import GM, PLAYER, ROLLER

pytestmark = pytest.mark.skipif(postgres_admin_url() is None, reason=POSTGRES_OFF)


@pytest.fixture
async def database_url() -> AsyncIterator[str]:
    admin_url = postgres_admin_url()
    assert admin_url is not None
    async with scratch_postgres(admin_url) as url:
        yield url


async def slash_on(worker: NazhUnderTest, name: str, user: JsonObject, /,
                   **options: str | int | bool) -> str:
    """``/name`` sent to ``worker``; the text it answered."""
    interaction = slash_command(name, options or None, user=user)
    await worker.fake.dispatch("INTERACTION_CREATE", interaction, target=worker.target)
    return said(await worker.fake.wait_for_interaction_response(interaction))


async def click_on(worker: NazhUnderTest, card: JsonObject, label: str,
                   user: JsonObject) -> JsonObject:
    """A click on the card's button ``label`` (as ``card`` showed it) sent to ``worker``."""
    payload = component_click(card_custom_id(card, label), 2, None,
                              message=copy.deepcopy(card), user=user,
                              guild_id=card.get("guild_id"),
                              application_id=worker.fake.application_id)
    await worker.fake.dispatch("INTERACTION_CREATE", payload, target=worker.target)
    return await worker.fake.wait_for_interaction_response(payload)


async def panel_on(worker: NazhUnderTest, card: JsonObject, which: str,
                   user: JsonObject) -> JsonObject:
    """The private panel ``which`` (My turn or GM) ``user`` opens from ``card`` on ``worker``,
    as the fake keeps it."""
    opened = await click_on(worker, card, which, user)
    return copy.deepcopy(worker.fake.message_with_component(card_custom_id(opened, "GM view")
                                                            if which == "GM" else
                                                            card_custom_id(opened, "Done")))


async def fight(workers: list[NazhUnderTest]) -> None:
    """Kaladin and Shallan against Szeth, a boss, set up through both workers."""
    first, second = workers
    await slash_on(first, "character new", PLAYER, name="Kaladin")
    await slash_on(second, "character new", ROLLER, name="Shallan")
    await slash_on(first, "encounter start", GM, name="Duel")
    await slash_on(second, "encounter add", GM, name="Szeth", health=30, role="boss")
    assert await slash_on(first, "encounter join", PLAYER) == "Added **Kaladin**."
    assert await slash_on(second, "encounter join", ROLLER) == "Added **Shallan**."


async def test_clicks_at_once_on_two_replicas_are_all_kept_and_next_steps_once(
        tmp_path: Path, database_url: str) -> None:
    async with FakeDiscord() as fake, workers_here(fake, tmp_path, database_url, 2) as workers:
        grant_manage_server(fake, GM)
        await fight(workers)
        card = await card_reading(fake, [
            "⚔️ **Duel** — Round 1 · Fast players", "Waiting for: Kaladin, Shallan",
            "Players: press My turn to act.", "**Players**",
            "⏳ **Kaladin** · slow · reaction ✓ · Health 10/10 · Focus 2",
            "⏳ **Shallan** · slow · reaction ✓ · Health 10/10 · Focus 2", "**Enemies**",
            "⏳ **Szeth** · fast & slow · reaction ✓ · Healthy"])
        kaladin = await panel_on(workers[0], card, "My turn", PLAYER)
        shallan = await panel_on(workers[1], card, "My turn", ROLLER)
        answers = await asyncio.gather(click_on(workers[0], kaladin, "Done", PLAYER),
                                       click_on(workers[1], shallan, "Done", ROLLER))
        assert [a["type"] for a in answers] == [MESSAGE_UPDATE, MESSAGE_UPDATE]  # the panels
        fast_adversaries = ["⚔️ **Duel** — Round 1 · Fast adversaries",
                            "Waiting for: Szeth", "**Players**",
                            "⏳ **Kaladin** · slow · reaction ✓ · Health 10/10 · Focus 2",
                            "⏳ **Shallan** · slow · reaction ✓ · Health 10/10 · Focus 2",
                            "**Enemies**",
                            "▶️ **Szeth** · fast & slow · 2 actions · reaction ✓ · Healthy"]
        card = await card_reading(fake, fast_adversaries)  # the card edited

        gm = await panel_on(workers[1], card, "GM", GM)
        answers = await asyncio.gather(click_on(workers[1], gm, "Next", GM),
                                       click_on(workers[0], gm, "Next", GM))
        [update] = [a for a in answers if a["type"] == MESSAGE_UPDATE]
        [refusal] = [refused(a) for a in answers if a["type"] != MESSAGE_UPDATE]
        assert refusal == ("**Can't do that.** the fast adversaries phase of round 1 has "
                           "already ended (now: round 1, slow players)")
        assert card_text(update).startswith("✓ Now: round 1, Slow players.")
        await card_showing(fake, "Round 1 · Slow players")
        slow_players = card_lines(live_card(fake))
        assert slow_players[:2] == ["⚔️ **Duel** — Round 1 · Slow players",
                                    "Waiting for: Kaladin, Shallan"]
        await card_reading(fake, slow_players)
        log = await log_lines(workers[1], GM)  # the whole log: each act kept once
        assert sum("the fast adversaries phase ended" in line.lower() for line in log) == 1
        assert sum("stays slow" in line.lower() for line in log) == 2
        assert card_lines(live_card(fake)) == slow_players


async def test_a_critical_hit_clicked_on_two_replicas_at_once_lands_once(
        tmp_path: Path, database_url: str) -> None:
    async with FakeDiscord() as fake, workers_here(fake, tmp_path, database_url, 2) as workers:
        grant_manage_server(fake, GM)
        await fight(workers)
        await slash_on(workers[0], "character weapon", PLAYER, name="Spear",
                       skill="light-weaponry", damage="1d8", type="keen")
        workers[1].dice.script(20, 20).script(8, 4)
        interaction = slash_command("attack", {"weapon": "Spear", "target": "Szeth"},
                                    user=PLAYER)
        await fake.dispatch("INTERACTION_CREATE", interaction, target=workers[1].target)
        hit = await fake.wait_for_interaction_response(interaction)
        assert "hit: 4 keen -> Szeth" in str(hit["data"]["embeds"][0]["description"])
        critical = custom_id_of(hit["data"], "Critical hit")
        found = fake.state.find_component(critical)
        assert found is not None
        message = found[0]

        async def critical_on(worker: NazhUnderTest) -> JsonObject:
            payload = component_click(critical, 2, None, message=copy.deepcopy(message),
                                      user=PLAYER, guild_id=message.get("guild_id"),
                                      application_id=fake.application_id)
            await fake.dispatch("INTERACTION_CREATE", payload, target=worker.target)
            return await fake.wait_for_interaction_response(payload)
        answers = await asyncio.gather(critical_on(workers[0]), critical_on(workers[1]))
        landed = [a for a in answers if "critical: 8 keen, less 4 already taken = 4 -> Szeth"
                  in str(a["data"].get("embeds"))]
        assert len(landed) == 1, answers
        gm_view = await slash_on(workers[0], "encounter log", GM)
        assert sum("Szeth took 4 damage" in line for line in gm_view.split("\n")) == 2
