"""PostgreSQL goes away mid-run: rolls keep being accepted, records wait in the writer's
queue, and once the server is back every record is in the database exactly once.

The database is reached through a TCP proxy on loopback; "cutting" it closes every open
connection and stops listening (new connections are refused), "restoring" it listens again.
Runs when ``NAZH_TEST_POSTGRES_URL`` is set (CI sets it).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from nazh.adapters.storage.database import create_engine
from nazh.adapters.storage.migrations import upgrade_database
from nazh.adapters.storage.roll_log import SqlRollLog
from nazh.adapters.storage.tables import roll_log
from nazh.application.log_writer import LogWriter, WriterPolicy
from nazh.application.roll_log import LogEntry, verify_chain
from tests.adapters.storage.support import (
    POSTGRES_ENV,
    T0,
    entry,
    postgres_admin_url,
    scratch_postgres,
)

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
        await submit_slowly(writer, submitted[:CUT_AFTER])
        await proxy.cut()
        await submit_slowly(writer, submitted[CUT_AFTER:RESTORE_AFTER])
        assert writer.stats.failures > 0, "the outage was never noticed"
        assert writer.stats.waiting > 0
        await proxy.start()
        await submit_slowly(writer, submitted[RESTORE_AFTER:])
        assert await writer.flush(30), f"not flushed: {writer.stats}"
    finally:
        await writer.close(5)
        await engine.dispose()
    await assert_written_once(direct_engine, submitted)
    assert writer.stats.written == RECORDS
    assert writer.stats.dropped == 0
    assert proxy.connections > 1  # the pool reconnected after the outage


async def submit_slowly(writer: LogWriter, entries: list[LogEntry]) -> None:
    """Keep one record every 5 ms; each is kept at once (answering never waits for the
    database)."""
    loop = asyncio.get_running_loop()
    for record in entries:
        started = loop.time()
        await writer.keep(record)
        assert loop.time() - started < 1.0
        await asyncio.sleep(0.005)


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
