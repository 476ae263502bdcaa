"""A click on one replica on a roll another replica made a moment ago (two ``nazh serve``
workers in this process on one PostgreSQL).

A roll is answered once it is in its worker's journal, and reaches the shared roll log a moment
later; the other worker finds it only there. Here the roll log is held (locked against writes,
as a slow database commit would hold it) while the roll is answered and clicked:

- released within the wait, the click on the other worker acts on the roll (no manual flush);
- held past the wait, the click is refused as not in the log yet (not as expired), and once
  the log has the roll the same click acts;
- a GM's 👑 GM panel opened on the roll's worker acts through the other: the shared result is
  drawn again with the plot die, the panel shows what is left.
"""

from __future__ import annotations

import asyncio
import copy
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from sqlalchemy import text

from nazh.adapters.storage.database import create_engine
from nazh.application.shared.json_types import JsonObject
from tests.adapters.storage.conftest import POSTGRES_OFF
from tests.adapters.storage.support import postgres_admin_url, scratch_postgres
from tests.e2e.fake_discord import FakeDiscord, component_click, make_user, slash_command
from tests.e2e.fake_discord.payloads import DEFAULT_GUILD_ID
from tests.e2e.harness import NazhUnderTest, custom_id_of, embed_of, grant_manage_server
from tests.e2e.load import players_raise_stakes
from tests.e2e.log_kit import workers_here
from tests.e2e.roll_kit import panel_control
from tests.waiting import until

ONE_SERVER = (DEFAULT_GUILD_ID,)
"""The server these tests roll in (its house rule set for them)."""

pytestmark = pytest.mark.skipif(postgres_admin_url() is None, reason=POSTGRES_OFF)

CHANNEL = "871111111111111102"
ROLLER = make_user("623456789012345611", "roller")
GM = make_user("623456789012345613", "gm")
CHANNEL_MESSAGE = 4
DEFERRED_UPDATE = 6
MESSAGE_UPDATE = 7
EPHEMERAL = 1 << 6


@pytest.fixture
async def database_url() -> AsyncIterator[str]:
    admin_url = postgres_admin_url()
    assert admin_url is not None
    async with scratch_postgres(admin_url) as url:
        yield url


@asynccontextmanager
async def roll_log_held(database_url: str) -> AsyncIterator[None]:
    """No record reaches the roll log in the block (its table locked against writes; reads go
    on)."""
    engine = create_engine(database_url)
    try:
        async with engine.connect() as connection, connection.begin() as transaction:
            await connection.execute(text("LOCK TABLE roll_log IN EXCLUSIVE MODE"))
            try:
                yield
            finally:
                await transaction.rollback()
    finally:
        await engine.dispose()


async def rolled_on(fake: FakeDiscord, worker: NazhUnderTest) -> JsonObject:
    worker.dice.script(20, 11)
    made = slash_command("roll", {"pool": "1d20+5"}, channel_id=CHANNEL, user=ROLLER)
    await fake.dispatch("INTERACTION_CREATE", made, target=worker.target)
    return fake.original_message(made)


async def add_plot_die_on(fake: FakeDiscord, worker: NazhUnderTest,
                          message: JsonObject) -> JsonObject:
    worker.dice.script(6, 6)
    payload = component_click(custom_id_of(message, "Add Plot Die"), 2, None,
                              message=copy.deepcopy(message), user=ROLLER,
                              guild_id=message.get("guild_id"),
                              application_id=fake.application_id)
    await fake.dispatch("INTERACTION_CREATE", payload, target=worker.target)
    answer = await fake.wait_for_interaction_response(payload)
    if answer["type"] != DEFERRED_UPDATE:
        return answer
    followup = await until(lambda: fake.followup_messages(payload), timeout=10)
    return {"type": CHANNEL_MESSAGE, "data": followup[0]}  # a slow refusal, after a deferral


async def test_a_click_on_another_replica_right_after_the_roll_waits_for_the_log(
        tmp_path: Path, database_url: str) -> None:
    async with FakeDiscord() as fake, workers_here(fake, tmp_path, database_url, 2) as workers:
        maker, other = workers
        await players_raise_stakes(fake, ONE_SERVER, target=maker.target)
        async with roll_log_held(database_url):
            message = await rolled_on(fake, maker)
            click = asyncio.create_task(add_plot_die_on(fake, other, message))
            answered, _ = await asyncio.wait({click}, timeout=0.4)
            assert not answered  # the click waits: the roll is not in the log
        answer = await click  # the log has the roll now
    assert answer["type"] == MESSAGE_UPDATE, answer
    assert "`p`" in embed_of(answer)["description"]


async def test_a_roll_that_stays_out_of_the_log_is_refused_as_not_there_yet(
        tmp_path: Path, database_url: str) -> None:
    async with FakeDiscord() as fake, workers_here(fake, tmp_path, database_url, 2) as workers:
        maker, other = workers
        await players_raise_stakes(fake, ONE_SERVER, target=maker.target)
        async with roll_log_held(database_url):
            message = await rolled_on(fake, maker)
            refused = await add_plot_die_on(fake, other, message)
        assert maker.container is not None
        assert await maker.container.storage.writer().flush(5)
        again = await add_plot_die_on(fake, other, message)
    said = refused["data"]
    assert said["flags"] & EPHEMERAL
    assert said["content"] == ("**Roll on its way.** this roll is not in the log yet\n"
                               "Hint: try again in a moment")
    assert again["type"] == MESSAGE_UPDATE, again


async def pressed_on(fake: FakeDiscord, worker: NazhUnderTest, custom_id: str,
                     user: JsonObject) -> JsonObject:
    """``custom_id`` pressed on the newest message holding it, the press reaching ``worker``:
    the answer."""
    message = fake.message_with_component(custom_id)
    payload = component_click(custom_id, 2, None, message=message, user=user,
                              guild_id=message.get("guild_id"),
                              application_id=fake.application_id)
    await fake.dispatch("INTERACTION_CREATE", payload, target=worker.target)
    return await fake.wait_for_interaction_response(payload)


async def test_a_gms_panel_opened_on_one_replica_acts_through_another(
        tmp_path: Path, database_url: str) -> None:
    async with FakeDiscord() as fake, workers_here(fake, tmp_path, database_url, 2) as workers:
        maker, other = workers
        grant_manage_server(fake, GM)
        message = await rolled_on(fake, maker)
        shown = [c.get("label") for row in message["components"] for c in row["components"]]
        assert shown == ["Copy Command", "Advantage", "GM"]  # Add Plot Die: the GM's
        opened = await pressed_on(fake, maker, custom_id_of(message, "GM"), GM)
        assert opened["type"] == CHANNEL_MESSAGE, opened
        assert opened["data"]["flags"] & EPHEMERAL
        other.dice.script(6, 6)
        acted = await pressed_on(fake, other, panel_control(opened["data"], "Add Plot Die"), GM)
        shared = fake.message(str(message["id"]))
    assert acted["type"] == MESSAGE_UPDATE, acted
    panel = [c.get("label") or c.get("placeholder")
             for row in acted["data"]["components"] for c in row["components"]]
    assert "Add Plot Die" not in panel
    assert "`p`" in embed_of(shared)["description"]  # drawn again by the worker that acted
    assert acted["data"]["content"].startswith("👑")  # still the GM's panel
