"""Reading what the bot logged: the answered roll ids, the entries per log, ``nazh log verify``."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from nacl.signing import SigningKey
from sqlalchemy import func, select

from nazh.adapters.storage.database import create_engine
from nazh.adapters.storage.roll_log import SqlRollLog
from nazh.adapters.storage.tables import roll_log
from nazh.application.log.chain import verify_chain
from tests.e2e.bot_process import BotProcess
from tests.e2e.fake_discord import (
    FakeDiscord,
    HttpTarget,
    assert_healthy,
)
from tests.e2e.harness import NazhUnderTest


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


@asynccontextmanager
async def workers_here(fake: FakeDiscord, tmp_path: Path, database_url: str, count: int,
                       **settings: str) -> AsyncIterator[list[NazhUnderTest]]:
    """``count`` ``nazh serve`` workers in this process (each its own container, journal and
    scripted dice) on one database and one application key."""
    key = SigningKey.generate()
    values = {"NAZH_DATABASE_URL": database_url, "NAZH_ANSWER_BUDGET_SECONDS": "3", **settings}
    workers = [NazhUnderTest(fake, tmp_path / f"worker{n}", None, "http", **values)
               for n in range(count)]
    started: list[NazhUnderTest] = []
    try:
        for worker in workers:
            worker.target = HttpTarget(worker.target.url, key)
            await worker.start()
            started.append(worker)
        yield workers
    finally:
        for worker in reversed(started):
            await worker.stop()
    assert_healthy(fake)
