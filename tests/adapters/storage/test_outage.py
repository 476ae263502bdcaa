"""PostgreSQL goes away mid-run: rolls keep being accepted, records wait in the writer's
queue, and once the server is back every record is in the database exactly once.

The database is reached through a TCP proxy on loopback; "cutting" it closes every open
connection and stops listening (new connections are refused), "restoring" it listens again.
Runs when ``NAZH_TEST_POSTGRES_URL`` is set (CI sets it).
"""

from __future__ import annotations

import asyncio
import contextlib
import subprocess
import sys
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from nazh.adapters.storage.database import create_engine
from nazh.adapters.storage.journal import FileJournal
from nazh.adapters.storage.migrations import upgrade_database
from nazh.adapters.storage.roll_log import SqlRollLog
from nazh.adapters.storage.tables import roll_log
from nazh.application.log.chain import LogEntry, verify_chain
from nazh.application.log.writer import LogWriter, WriterPolicy
from tests.adapters.storage.support import (
    POSTGRES_ENV,
    T0,
    entry,
    postgres_admin_url,
    scratch_postgres,
)
from tests.waiting import until

pytestmark = pytest.mark.skipif(postgres_admin_url() is None,
                                reason=f"PostgreSQL only: set {POSTGRES_ENV}")

RECORDS = 300
CUT_AFTER = 100
RESTORE_AFTER = 220
CHANNELS = 6


class TcpProxy:
    """Forwards loopback connections to ``upstream``; can be cut and restored."""

    def __init__(self, upstream_host: str, upstream_port: int) -> None:
        self._upstream = (upstream_host, upstream_port)
        self._server: asyncio.Server | None = None
        self._pipes: set[asyncio.Task[None]] = set()
        self._writers: set[asyncio.StreamWriter] = set()
        self.port = 0
        self.connections = 0

    async def start(self) -> None:
        """Listen (on the same port as before, after a cut)."""
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", self.port)
        self.port = self._server.sockets[0].getsockname()[1]

    async def cut(self) -> None:
        """Refuse new connections and drop every open one."""
        assert self._server is not None
        self._server.close()
        for writer in list(self._writers):
            writer.transport.abort()
        for pipe in list(self._pipes):
            pipe.cancel()
        await asyncio.gather(*self._pipes, return_exceptions=True)
        await self._server.wait_closed()
        self._server = None

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        try:
            up_reader, up_writer = await asyncio.open_connection(*self._upstream)
        except OSError:
            writer.transport.abort()
            return
        self._writers |= {writer, up_writer}
        pipes = [asyncio.create_task(self._pipe(reader, up_writer)),
                 asyncio.create_task(self._pipe(up_reader, writer))]
        self._pipes.update(pipes)
        await asyncio.gather(*pipes, return_exceptions=True)
        self._pipes.difference_update(pipes)
        for end in (writer, up_writer):
            end.transport.abort()
            self._writers.discard(end)

    @staticmethod
    async def _pipe(source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
        with contextlib.suppress(OSError):
            while data := await source.read(65536):
                sink.write(data)
                await sink.drain()
        sink.transport.abort()


@pytest.fixture
async def database_url() -> AsyncIterator[str]:
    """A scratch PostgreSQL database (this test does not run on SQLite)."""
    admin_url = postgres_admin_url()
    assert admin_url is not None
    async with scratch_postgres(admin_url) as url:
        yield url


@pytest.fixture
async def direct_engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    """An engine that bypasses the proxy, on the migrated database."""
    engine = create_engine(database_url)
    await upgrade_database(engine)
    yield engine
    await engine.dispose()


@pytest.fixture
async def proxy(database_url: str) -> AsyncIterator[TcpProxy]:
    url = make_url(database_url)
    proxy = TcpProxy(url.host or "127.0.0.1", url.port or 5432)
    await proxy.start()
    yield proxy
    with contextlib.suppress(AssertionError):
        await proxy.cut()


def records() -> list[LogEntry]:
    """Rolls across channels, every fifth one amended a little later."""
    made: list[LogEntry] = []
    for n in range(RECORDS):
        if n % 5 == 4:
            made.append(entry(f"o{n - 1:04d}", channel=n % CHANNELS, version=2,
                              at=T0 + timedelta(seconds=n - 1), total=30))
        else:
            made.append(entry(f"o{n:04d}", channel=n % CHANNELS, user=n % 7,
                              at=T0 + timedelta(seconds=n), total=n % 30))
    return made


async def test_every_record_is_written_once_after_an_outage(
        database_url: str, direct_engine: AsyncEngine, proxy: TcpProxy) -> None:
    through_proxy = make_url(database_url).set(host="127.0.0.1", port=proxy.port)
    engine = create_engine(through_proxy)
    writer = LogWriter(SqlRollLog(engine), WriterPolicy(batch_size=20, retry_initial=0.05,
                                                        retry_max=0.3))
    writer.start()
    submitted = records()
    try:
        await submit(writer, submitted[:CUT_AFTER])
        await until(lambda: writer.stats.written > 0, what="records written before the outage")
        await proxy.cut()
        await submit(writer, submitted[CUT_AFTER:RESTORE_AFTER])
        await until(lambda: writer.stats.failures > 0, what="the outage noticed")
        assert writer.stats.waiting > 0
        await proxy.start()
        await submit(writer, submitted[RESTORE_AFTER:])
        assert await writer.flush(30), f"not flushed: {writer.stats}"
    finally:
        await writer.close(5)
        await engine.dispose()
    await assert_written_once(direct_engine, submitted)
    assert writer.stats.written == RECORDS
    assert writer.stats.dropped == 0
    assert proxy.connections > 1  # the pool reconnected after the outage


async def submit(writer: LogWriter, entries: list[LogEntry]) -> None:
    """Keep each record, letting the writer run between them; each is kept at once
    (answering never waits for the database)."""
    loop = asyncio.get_running_loop()
    for record in entries:
        started = loop.time()
        await writer.keep(record)
        assert loop.time() - started < 1.0
        await asyncio.sleep(0)


async def assert_written_once(engine: AsyncEngine, submitted: list[LogEntry]) -> None:
    async with engine.connect() as connection:
        result = await connection.execute(
            select(roll_log.c.entry_id, func.count()).group_by(roll_log.c.entry_id))
        counts = {str(entry_id): int(count) for entry_id, count in result}
    assert set(counts) == {record.entry_id for record in submitted}
    assert set(counts.values()) == {1}
    log = SqlRollLog(engine)
    channels = await log.channels()
    assert channels == list(range(CHANNELS))
    for channel in channels:
        verdict = verify_chain(channel, await log.chain(channel))
        assert verdict.intact, verdict


# -- a crash while the database is down --------------------------------------------------------

KEEPER = """
import asyncio, sys
from pathlib import Path
from nazh.adapters.storage.database import create_engine
from nazh.adapters.storage.journal import FileJournal
from nazh.adapters.storage.roll_log import SqlRollLog
from nazh.application.log.writer import LogWriter, WriterPolicy
from tests.adapters.storage.support import entry

async def main() -> None:
    engine = create_engine(sys.argv[1])
    writer = LogWriter(SqlRollLog(engine), WriterPolicy(batch_size=20, retry_initial=0.05,
                                                        retry_max=0.3),
                       FileJournal(Path(sys.argv[2])))
    await writer.recover()
    writer.start()
    n = 0
    while True:
        await writer.keep(entry(f"k{n:05d}", channel=n % 4))
        print(f"kept k{n:05d}", flush=True)
        n += 1
        await asyncio.sleep(0.005)

asyncio.run(main())
"""


async def test_records_kept_while_the_database_is_down_survive_sigkill(
    database_url: str, direct_engine: AsyncEngine, proxy: TcpProxy, tmp_path: Path
) -> None:
    """A process keeps records (each line it prints is a roll it would have answered), the
    database goes away, the process is killed with SIGKILL; once the database is back the next
    start writes every kept record exactly once."""
    through_proxy = make_url(database_url).set(host="127.0.0.1", port=proxy.port)
    url = through_proxy.render_as_string(hide_password=False)
    journal_dir = tmp_path / "journal"
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        KEEPER,
        url,
        str(journal_dir),
        cwd=Path.cwd(),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    assert process.stdout is not None
    kept: list[str] = []
    try:
        while len(kept) < 200:
            if len(kept) == 100:
                await proxy.cut()
            line = await asyncio.wait_for(process.stdout.readline(), timeout=20)
            assert line, "the keeper stopped"
            kept.append(line.decode().split()[1])
    finally:
        process.kill()
        await process.wait()

    stored_before = await stored_ids(direct_engine)
    assert not {f"{roll_id}.1" for roll_id in kept[150:]} & stored_before  # the outage held
    await proxy.start()
    engine = create_engine(through_proxy)
    try:
        writer = LogWriter(SqlRollLog(engine), journal=FileJournal(journal_dir))
        assert await writer.recover() >= 100
        await writer.close(timeout=5)
    finally:
        await engine.dispose()
    async with direct_engine.connect() as connection:
        result = await connection.execute(
            select(roll_log.c.entry_id, func.count()).group_by(roll_log.c.entry_id)
        )
        counts = {str(entry_id): int(count) for entry_id, count in result}
    assert {f"{roll_id}.1" for roll_id in kept} <= set(counts)
    assert set(counts.values()) == {1}
    log = SqlRollLog(direct_engine)
    for channel in await log.channels():
        assert verify_chain(channel, await log.chain(channel), await log.head(channel)).intact
    assert not list(journal_dir.glob("*.journal"))


async def stored_ids(engine: AsyncEngine) -> set[str]:
    async with engine.connect() as connection:
        return {str(row[0]) for row in await connection.execute(select(roll_log.c.entry_id))}
