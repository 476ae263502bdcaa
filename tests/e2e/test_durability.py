"""An answered roll is never lost: the real bot, killed with SIGKILL during and right after
bursts of rolls, then restarted: every roll whose answer reached Discord is in the log exactly
once, and ``nazh log verify`` passes. On SQLite and on PostgreSQL.

The bot runs as its own process (``python -m nazh run``) against the fake Discord; the rolls
are counted from what the fake received, so "answered" means exactly what a user saw.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import subprocess
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import asyncpg
import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from nazh.adapters.storage.database import create_engine
from nazh.adapters.storage.roll_log import SqlRollLog
from nazh.adapters.storage.tables import roll_log
from nazh.application.roll_log import verify_chain
from tests.adapters.storage.conftest import POSTGRES_OFF
from tests.adapters.storage.support import postgres_admin_url, scratch_postgres
from tests.e2e.fake_discord import FakeDiscord, make_user, slash_command

BURST = 1000
KILL_POINTS = ((250, True), (700, False), (BURST, True))
"""Answers seen before SIGKILL, and whether the database is stalled meanwhile (its roll log
locked by another session, so nothing answered can have reached it): during a burst, during a
burst with the database keeping up, and right after a whole burst."""
PLAYERS = [make_user(str(523456789012345600 + n), f"player{n}") for n in range(8)]
CHANNELS = ("861111111111111101", "861111111111111102", "861111111111111103")


@pytest.fixture(params=[
    "sqlite",
    pytest.param("postgresql",
                 marks=pytest.mark.skipif(postgres_admin_url() is None, reason=POSTGRES_OFF)),
])
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'data' / 'nazh.sqlite3'}"
        return
    admin_url = postgres_admin_url()
    assert admin_url is not None
    async with scratch_postgres(admin_url) as url:
        yield url


class BotProcess:
    """``nazh run`` as a child process on one database and data directory."""

    def __init__(self, fake: FakeDiscord, tmp_path: Path, database_url: str) -> None:
        self.fake = fake
        self.env = {**os.environ, "DISCORD_TOKEN": fake.token,
                    "NAZH_DISCORD_API_URL": fake.rest_url, "NAZH_LOG_LEVEL": "WARNING",
                    "NAZH_DATABASE_URL": database_url, "NAZH_DATA_DIR": str(tmp_path / "data"),
                    "NAZH_HTTP_PORT": "0",
                    "NAZH_DEV_GUILDS": str(next(iter(fake.guild_ids)))}
        self.cwd = tmp_path
        self.process: asyncio.subprocess.Process | None = None

    async def start(self) -> None:
        identified = self.fake.identify_count
        self.process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "nazh", "run", env=self.env, cwd=self.cwd,
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 30
        while not (self.fake.identify_count > identified and self.fake.gateway_connected):
            assert self.process.returncode is None, await self._stderr()
            assert loop.time() < deadline, "the bot did not connect within 30 s"
            await asyncio.sleep(0.05)
        await asyncio.sleep(0.3)  # READY handled, commands registered

    async def kill(self) -> None:
        """SIGKILL the bot; its worker processes must follow it within seconds."""
        assert self.process is not None
        workers = children_of(self.process.pid)
        assert workers, "the bot runs its odds workers as child processes"
        self.process.send_signal(signal.SIGKILL)
        assert await self.wait() == -signal.SIGKILL
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 5
        while any(Path(f"/proc/{pid}").exists() and not zombie(pid) for pid in workers):
            assert loop.time() < deadline, f"orphaned worker processes {workers} still run"
            await asyncio.sleep(0.05)

    async def wait(self) -> int:
        assert self.process is not None
        return await asyncio.wait_for(self.process.wait(), timeout=20)

    async def stop(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGTERM)
        assert await self.wait() == 0, await self._stderr()

    async def _stderr(self) -> str:
        assert self.process is not None
        assert self.process.stderr is not None
        return (await self.process.stderr.read()).decode(errors="replace")[-3000:]


@asynccontextmanager
async def stalled(database_url: str, stall: bool) -> AsyncIterator[None]:
    """While in the block (when ``stall``), another session holds the roll log's write lock:
    the bot's writer waits, as it would on a slow or locked database."""
    if not stall:
        yield
        return
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        connection = sqlite3.connect(str(url.database), isolation_level=None)
        connection.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            connection.rollback()
            connection.close()
        return
    pg = await asyncpg.connect(url.set(drivername="postgresql").render_as_string(
        hide_password=False))
    transaction = pg.transaction()
    await transaction.start()
    await pg.execute("LOCK TABLE roll_log IN EXCLUSIVE MODE")
    try:
        yield
    finally:
        await transaction.rollback()
        await pg.close()


def children_of(pid: int) -> list[int]:
    """The live child processes of ``pid`` (from /proc)."""
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == pid:
            children.append(int(stat.parent.name))
    return children


def zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except (OSError, IndexError):
        return False


def answered_roll_ids(fake: FakeDiscord) -> set[str]:
    """The roll ids in every result the fake accepted (initial responses and edits)."""
    ids: set[str] = set()
    for request in fake.requests:
        if request.status is None or not 200 <= request.status < 300:
            continue
        body = request.body if isinstance(request.body, dict) else {}
        data = body.get("data", body) if isinstance(body.get("data"), dict) else body
        for embed in data.get("embeds") or []:
            footer = str((embed.get("footer") or {}).get("text", ""))
            if " roll " in f" {footer}":
                ids.add(footer.rsplit("roll ", 1)[1])
    return ids


async def burst_then_kill(fake: FakeDiscord, bot: BotProcess, cycle: int,
                          kill_after: int) -> None:
    """Send ``BURST`` rolls as fast as the gateway takes them; SIGKILL the bot once
    ``kill_after`` answers (of this burst) have reached the fake."""
    before = len(answered_roll_ids(fake))
    interactions = [
        slash_command("roll", {"pool": f"a1d20+{n % 9}, 2d6+{cycle}"},
                      user=PLAYERS[n % len(PLAYERS)], channel_id=CHANNELS[n % len(CHANNELS)])
        for n in range(BURST)]

    async def send() -> None:
        for interaction in interactions:
            await fake.dispatch("INTERACTION_CREATE", interaction)

    sending = asyncio.create_task(send())
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 60
    while len(answered_roll_ids(fake)) - before < kill_after:
        assert loop.time() < deadline, (
            f"only {len(answered_roll_ids(fake)) - before} of {kill_after} answered")
        await asyncio.sleep(0.002)
    await bot.kill()
    await sending


async def logged_entry_counts(database_url: str) -> dict[str, int]:
    engine = create_engine(database_url)
    try:
        async with engine.connect() as connection:
            rows = await connection.execute(
                select(roll_log.c.entry_id, func.count()).group_by(roll_log.c.entry_id))
            counts = {str(entry_id): int(count) for entry_id, count in rows}
        log = SqlRollLog(engine)
        for channel in await log.channels():
            verdict = verify_chain(channel, await log.chain(channel), await log.head(channel))
            assert verdict.intact, verdict
    finally:
        await engine.dispose()
    return counts


def nazh_log_verify(bot: BotProcess) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "nazh", "log", "verify"], env=bot.env,
                          cwd=bot.cwd, capture_output=True, text=True, timeout=60, check=False)


async def test_every_answered_roll_survives_sigkill_during_and_after_bursts(
        fake_discord: FakeDiscord, tmp_path: Path, database_url: str) -> None:
    bot = BotProcess(fake_discord, tmp_path, database_url)
    for cycle, (kill_after, stall) in enumerate(KILL_POINTS):
        await bot.start()
        async with stalled(database_url, stall):
            await burst_then_kill(fake_discord, bot, cycle, kill_after)
    answered = answered_roll_ids(fake_discord)
    assert len(answered) >= sum(kill_after for kill_after, _ in KILL_POINTS)

    await bot.start()  # the restart appends what the journal kept, before taking new rolls
    await bot.stop()
    counts = await logged_entry_counts(database_url)
    missing = {roll_id for roll_id in answered if f"{roll_id}.1" not in counts}
    assert not missing, f"{len(missing)} answered roll(s) not in the log"
    assert set(counts.values()) == {1}
    assert not list((tmp_path / "data" / "journal").glob("*.journal"))

    verified = nazh_log_verify(bot)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert "intact" in verified.stdout
