"""An answered roll is never lost: the real bot, killed with SIGKILL during and right after
bursts of rolls, then restarted: every roll whose answer reached Discord is in the log exactly
once, and ``nazh log verify`` passes. On SQLite and on PostgreSQL.

The bot runs as its own process (``python -m nazh run``) against the fake Discord; the rolls
are counted from what the fake received, so "answered" means exactly what a user saw.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import asyncpg
import pytest
from sqlalchemy.engine import make_url

from tests.adapters.storage.conftest import POSTGRES_OFF
from tests.adapters.storage.support import postgres_admin_url, scratch_postgres
from tests.e2e.bot_process import BotProcess
from tests.e2e.fake_discord import FakeDiscord, make_user, slash_command
from tests.e2e.load import fake_heap_still, offer, report, settle
from tests.e2e.log_kit import answered_roll_ids, logged_entry_counts, nazh_log_verify
from tests.waiting import NeverHappenedError, until

BURST = 1000
KILL_POINTS: tuple[tuple[int | None, bool], ...] = ((150, True), (200, False), (None, True))
"""Answers seen before SIGKILL (``None``: the whole burst settled, each interaction answered or
past Discord's 3 s), and whether the database is stalled meanwhile (its roll log locked by
another session, so nothing answered can have reached it): during a burst, during a burst with
the database keeping up, and right after a whole burst."""
STREAM_RATE = 400.0
"""A burst killed part way is sent at this many rolls a second (2.5 s for the burst), so the kill
lands while rolls are still arriving and being answered however slow the machine is: sent all
at once, a process stalled for two seconds at the start (a saturated shared machine) would
drop the whole burst as past Discord's deadline before answering the rolls the kill waits
for. The burst that settles is sent all at once: more than the bot answers within Discord's
3 s, what it cannot answer in time it drops (admission)."""
AT_LEAST_AFTER_BURST = 100
"""Rolls of the burst sent all at once that must be answered in time (the rest dropped or late):
enough for the log's check to mean something. A quiet 2-core machine answers several hundred;
one running the rest of the suite on its other core, 122 in a slow hour."""
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


async def burst_then_kill(fake: FakeDiscord, bot: BotProcess, cycle: int,
                          kill_after: int | None) -> int:
    """Send ``BURST`` rolls (as fast as the gateway takes them, or at ``STREAM_RATE`` when the
    kill comes part way); SIGKILL the bot once ``kill_after`` answers (of this burst) have
    reached the fake, or once the burst settled (``None``). The answers this burst got before
    the kill."""
    before = len(answered_roll_ids(fake))
    interactions = [
        slash_command("roll", {"pool": f"a1d20+{n % 9}, 2d6+{cycle}"},
                      user=PLAYERS[n % len(PLAYERS)], channel_id=CHANNELS[n % len(CHANNELS)])
        for n in range(BURST)]
    with fake_heap_still():
        if kill_after is None:
            await offer(fake, interactions)
            settled = await settle(fake, interactions)
            assert settled.answered >= AT_LEAST_AFTER_BURST, settled
            await bot.kill()
        else:
            sending = asyncio.create_task(offer(fake, interactions, rate=STREAM_RATE))
            try:
                await until(lambda: len(answered_roll_ids(fake)) - before >= kill_after,
                            timeout=60, what=f"{kill_after} rolls answered", every=0.002)
            except NeverHappenedError as error:
                sofar = report(fake, interactions)
                raise AssertionError(f"{error}; of the burst: {sofar.answers} answered in time, "
                                     f"{sofar.late} late, {sofar.unanswered} unanswered, "
                                     f"sending {'done' if sending.done() else 'not done'}"
                                     ) from None
            finally:
                await bot.kill()
                await sending
    await fake.settled()  # answers the fake received before the kill are all counted here
    return len(answered_roll_ids(fake)) - before


async def test_every_answered_roll_survives_sigkill_during_and_after_bursts(
        fake_discord: FakeDiscord, tmp_path: Path, database_url: str) -> None:
    bot = BotProcess(fake_discord, tmp_path, database_url)
    seen = 0
    for cycle, (kill_after, stall) in enumerate(KILL_POINTS):
        await bot.start()
        async with stalled(database_url, stall):
            seen += await burst_then_kill(fake_discord, bot, cycle, kill_after)
    answered = answered_roll_ids(fake_discord)
    assert len(answered) == seen

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
