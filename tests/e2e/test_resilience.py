"""Slow or failing dependencies, shutdown and gateway drops: every interaction is answered."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from dependency_injector import providers

from nazh.adapters.discord.runtime.core import SERVED
from nazh.adapters.memory.roll_store import InMemoryRollStore
from nazh.application.log.chain import LogEntry
from nazh.application.rolls.model import RollRecord
from nazh.composition.containers import Container
from tests.e2e.fake_discord import (
    FakeDiscord,
    JsonObject,
    assert_healthy,
    new_snowflake,
    slash_command,
)
from tests.e2e.harness import TRANSPORTS, NazhUnderTest, embed_of, gateway_only
from tests.waiting import until

EPHEMERAL = 1 << 6


class SlowStore(InMemoryRollStore):
    """A roll store that takes ``delay`` seconds to save (a slow database); ``saving`` is set
    once a save began."""

    def __init__(self, delay: float) -> None:
        from nazh.adapters.clock import SystemClock

        super().__init__(SystemClock())
        self.delay = delay
        self.saving = asyncio.Event()

    async def save(self, record: RollRecord, entry: LogEntry | None = None) -> None:
        self.saving.set()
        await asyncio.sleep(self.delay)
        await super().save(record, entry)


class BrokenStore(InMemoryRollStore):
    """A roll store whose every save fails unexpectedly."""

    def __init__(self) -> None:
        from nazh.adapters.clock import SystemClock

        super().__init__(SystemClock())

    async def save(self, record: RollRecord, entry: LogEntry | None = None) -> None:
        raise RuntimeError("disk on fire")


def use_store(store: InMemoryRollStore) -> object:
    def configure(container: Container) -> None:
        container.service.roll_store.override(providers.Object(store))
    return configure


async def test_the_harness_gives_a_deferred_answer_as_the_message_it_became(
        fake_discord: FakeDiscord, tmp_path: Path) -> None:
    """On a loaded machine any command may be deferred: a test reads what the user sees."""
    nazh = NazhUnderTest(fake_discord, tmp_path, use_store(SlowStore(2.6)))  # type: ignore[arg-type]
    await nazh.start()
    try:
        interaction, body = await nazh.slash("roll", pool="1d20")
        callback = fake_discord.interaction(interaction).callback
        assert callback is not None
        assert callback["type"] == 5  # deferred
        assert body["type"] == 4
        assert "`1d20`" in embed_of(body)["description"]
        assert body["data"] == fake_discord.original_message(interaction)
    finally:
        await nazh.stop()


async def test_slow_work_is_deferred_within_three_seconds(fake_discord: FakeDiscord,
                                                         tmp_path: Path) -> None:
    nazh = NazhUnderTest(fake_discord, tmp_path, use_store(SlowStore(2.6)))  # type: ignore[arg-type]
    await nazh.start()
    try:
        interaction = slash_command("roll", {"pool": "1d20"})
        started = asyncio.get_running_loop().time()
        await fake_discord.dispatch("INTERACTION_CREATE", interaction)
        body = await fake_discord.wait_for_interaction_response(interaction)
        elapsed = asyncio.get_running_loop().time() - started
        assert body["type"] == 5  # deferred: "Nazh is thinking..."
        assert elapsed < 3.0
        await fake_discord.wait_for_request(
            lambda r: r.method == "PATCH" and r.path.endswith("/messages/@original"), timeout=5)
        assert "`1d20`" in embed_of(fake_discord.original_message(interaction))["description"]
    finally:
        await nazh.stop()
    assert_healthy(fake_discord)


async def test_unexpected_error_is_logged_and_answered_with_an_apology(
        fake_discord: FakeDiscord, caplog: pytest.LogCaptureFixture, tmp_path: Path) -> None:
    nazh = NazhUnderTest(fake_discord, tmp_path, use_store(BrokenStore()))  # type: ignore[arg-type]
    await nazh.start()
    try:
        with caplog.at_level(logging.ERROR):
            _, body = await nazh.slash(pool="1d20")
        assert body["data"]["flags"] & EPHEMERAL
        assert body["data"]["content"].startswith("Sorry, something went wrong")
        record = next(r for r in caplog.records if "unexpected error" in r.getMessage())
        assert record.exc_info is not None
    finally:
        await nazh.stop()
    assert_healthy(fake_discord)


async def test_shutdown_finishes_interactions_in_flight(fake_discord: FakeDiscord,
                                                       tmp_path: Path) -> None:
    store = SlowStore(0.5)
    nazh = NazhUnderTest(fake_discord, tmp_path, use_store(store))  # type: ignore[arg-type]
    await nazh.start()
    interaction = slash_command("roll", {"pool": "2d6"})
    await fake_discord.dispatch("INTERACTION_CREATE", interaction)
    await until(store.saving.is_set, what="the roll being saved")
    assert fake_discord.interaction_response(interaction) is None  # still in flight
    await nazh.stop()
    body = fake_discord.interaction_response(interaction)
    assert body is not None
    assert "`2d6`" in embed_of(body)["description"]
    assert not fake_discord.gateway_connected


async def test_new_interactions_are_refused_while_stopping(fake_discord: FakeDiscord,
                                                          tmp_path: Path) -> None:
    nazh = NazhUnderTest(fake_discord, tmp_path)
    await nazh.start()
    assert nazh.app is not None
    assert nazh.container is not None
    nazh.container.service.admission().close()
    try:
        _, body = await nazh.slash(pool="1d20")
        assert body["data"]["flags"] & EPHEMERAL
        assert "restarting" in body["data"]["content"]
    finally:
        await nazh.stop()


@pytest.mark.parametrize("transport", TRANSPORTS)
async def test_a_stopped_bot_leaves_its_features_to_the_collector(
        fake_discord: FakeDiscord, tmp_path: Path, transport: str) -> None:
    # a process that starts bots one after another (the tests do) keeps none of the stopped ones
    nazh = NazhUnderTest(fake_discord, tmp_path, transport=transport)
    await nazh.start()
    assert nazh.app is not None
    client = nazh.app.client
    _, body = await nazh.slash(pool="1d20")  # its commands are served their features
    assert "`1d20`" in embed_of(body)["description"]
    assert id(client) in SERVED
    await nazh.stop()
    assert id(client) not in SERVED


@gateway_only
async def test_an_interaction_delivered_again_on_the_gateway_is_dropped(
        nazh: NazhUnderTest, fake_discord: FakeDiscord) -> None:
    """A RESUME can deliver an INTERACTION_CREATE again: it is not rolled a second time."""
    interaction = slash_command("roll", {"pool": "1d12"})
    await fake_discord.dispatch("INTERACTION_CREATE", interaction)
    await fake_discord.wait_for_interaction_response(interaction, timeout=5)
    await fake_discord.gateway.dispatch("INTERACTION_CREATE",
                                        fake_discord.interaction(interaction).payload)
    later = slash_command("roll", {"pool": "1d4"})  # delivered after the repeat
    await fake_discord.dispatch("INTERACTION_CREATE", later)
    await fake_discord.wait_for_interaction_response(later, timeout=5)
    assert nazh.container is not None
    assert await nazh.container.storage.writer().flush(5)
    with sqlite3.connect(nazh.data_dir / "nazh.sqlite3") as connection:
        rolls = connection.execute("SELECT notation FROM roll_log ORDER BY seq").fetchall()
    assert rolls == [("1d12",), ("1d4",)]
    callbacks = fake_discord.requests_to("POST", rf"/interactions/{interaction['id']}/")
    assert len(callbacks) == 1


@gateway_only
async def test_rolls_work_after_the_gateway_drops(nazh: NazhUnderTest,
                                                  fake_discord: FakeDiscord) -> None:
    await fake_discord.drop_gateway(close_code=4000)
    await until(lambda: fake_discord.resume_count >= 1 and fake_discord.gateway_connected,
                timeout=15, what="the bot resuming its gateway session")
    # made after the resume: one made before would be older than the answer budget by now,
    # and rightly dropped (Discord refuses an answer after 3 s)
    interaction = slash_command("roll", {"pool": "1d8"})
    await fake_discord.dispatch("INTERACTION_CREATE", interaction)
    body = await fake_discord.wait_for_interaction_response(interaction, timeout=5)
    assert "`1d8`" in embed_of(body)["description"]


async def test_nazh_run_serves_and_stops_on_sigterm(fake_discord: FakeDiscord,
                                                    tmp_path: Path) -> None:
    """The real entry point as a process: `nazh run` against the fake, then SIGTERM."""
    log_file = tmp_path / "nazh.log"
    env = {**os.environ, "DISCORD_TOKEN": fake_discord.token,
           "NAZH_DISCORD_API_URL": fake_discord.rest_url, "NAZH_LOG_FORMAT": "json",
           "NAZH_LOG_FILE": str(log_file), "NAZH_LOG_LEVEL": "INFO",
           "NAZH_DATA_DIR": str(tmp_path / "data"),
           "NAZH_DEV_GUILDS": str(next(iter(fake_discord.guild_ids)))}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "nazh", "run", env=env, cwd=tmp_path,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        await fake_discord.wait_ready(timeout=20)
        interaction = slash_command("roll", {"pool": "a1d20+5, 2d6+3"})
        await fake_discord.dispatch("INTERACTION_CREATE", interaction)
        body = await fake_discord.wait_for_interaction_response(interaction)
        assert "`a1d20+5`" in embed_of(body)["description"]
    finally:
        process.send_signal(signal.SIGTERM)
        _, stderr = await asyncio.wait_for(process.communicate(), timeout=20)
    assert process.returncode == 0, stderr.decode()
    logged = log_file.read_text()
    assert '"message": "stopped"' in logged
    assert '"command": "roll"' in logged
    assert fake_discord.token not in logged + stderr.decode()
    assert_healthy(fake_discord)


def aged(interaction: JsonObject, seconds: float) -> JsonObject:
    """``interaction`` as if Discord had created it ``seconds`` ago."""
    return {**interaction, "id": str(int(new_snowflake()) - (int(seconds * 1000) << 22))}


def first_aged(fake: FakeDiscord, sent: list[JsonObject],
               seconds: float) -> Callable[[], Awaitable[JsonObject]]:
    """Sends a /roll of a d20, the first ``seconds`` old (a stalled machine), each kept in
    ``sent``."""
    async def send() -> JsonObject:
        interaction = slash_command("roll", {"pool": "1d20"})
        if not sent:
            interaction = aged(interaction, seconds)
        sent.append(interaction)
        await fake.dispatch("INTERACTION_CREATE", interaction)
        return interaction
    return send


async def test_an_interaction_the_bot_sheds_as_expired_is_sent_once_more_and_answered(
        fake_discord: FakeDiscord, tmp_path: Path) -> None:
    """A machine that stalls the test's process past Discord's 3 s makes the bot drop the
    interaction as too old to answer in time: the harness sends it again, as its user would."""
    nazh = NazhUnderTest(fake_discord, tmp_path)
    await nazh.start()
    sent: list[JsonObject] = []
    send = first_aged(fake_discord, sent, 5)  # the stall: older than Discord's 3 s
    try:
        before = nazh.shed()
        interaction, body = await nazh.asked(send, wait=2)
        assert [each["id"] for each in sent] == [sent[0]["id"], interaction["id"]]
        assert "`1d20`" in embed_of(body)["description"]
        assert fake_discord.interaction(sent[0]).callback is None  # nothing answered the first
        assert nazh.shed() == {**before, "expired": before["expired"] + 1}
    finally:
        await nazh.stop()


@pytest.mark.parametrize("transport", TRANSPORTS)
async def test_one_shed_as_expired_within_discord_s_time_is_sent_once_more_on_each_transport(
        fake_discord: FakeDiscord, tmp_path: Path, transport: str) -> None:
    """Past the bot's 2 s budget, within Discord's 3 s: over the gateway the bot answers
    nothing, over HTTP it replies "very busy" (the POST must be answered); either way the
    harness sends it again and the user sees the roll."""
    nazh = NazhUnderTest(fake_discord, tmp_path, transport=transport)
    await nazh.start()
    sent: list[JsonObject] = []
    send = first_aged(fake_discord, sent, 2.5)  # a stall past the budget
    try:
        before = nazh.shed()
        interaction, body = await nazh.asked(send, wait=2)
        assert [each["id"] for each in sent] == [sent[0]["id"], interaction["id"]]
        assert "`1d20`" in embed_of(body)["description"]
        assert nazh.shed() == {**before, "expired": before["expired"] + 1}
    finally:
        await nazh.stop()


async def test_an_unanswered_interaction_says_what_the_bot_shed_meanwhile(
        fake_discord: FakeDiscord, tmp_path: Path) -> None:
    nazh = NazhUnderTest(fake_discord, tmp_path)
    await nazh.start()

    async def send() -> JsonObject:
        interaction = aged(slash_command("roll", {"pool": "1d20"}), 5)
        await fake_discord.dispatch("INTERACTION_CREATE", interaction)
        return interaction

    try:
        with pytest.raises(TimeoutError, match=r"the bot shed meanwhile: expired 1$"):
            await nazh.asked(send, wait=1, again=False)
        with pytest.raises(TimeoutError, match=r"the bot shed meanwhile: expired 1$"):
            await nazh.asked(send, wait=1)
    finally:
        await nazh.stop()
