"""The engines. SQLite's connections, through SQLAlchemy's aiosqlite dialect: each gets its
pragmas (write-ahead log, foreign keys, busy timeout, ...) and SQLAlchemy emits the BEGIN, so a
transaction is whole. PostgreSQL's connection pool: an idle connection the server dropped is
replaced before use; a connection in steady use is not pinged (no round trip added to every
query); the pool is opened whole at start (warmed), and a pool that cannot be is left to
connect later."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import asyncpg
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from nazh.adapters.storage import database
from nazh.adapters.storage.database import (
    IMMEDIATE,
    SQLITE_BUSY_TIMEOUT_MS,
    SQLITE_CACHE_KIB,
    SQLITE_CHECKPOINT_PAGES,
    create_engine,
    warm_pool,
)
from tests.adapters.storage.conftest import POSTGRES_OFF
from tests.adapters.storage.support import postgres_admin_url, scratch_postgres
from tests.waiting import until

postgres = pytest.mark.skipif(postgres_admin_url() is None, reason=POSTGRES_OFF)


async def backend_pid(engine: AsyncEngine) -> int:
    async with engine.connect() as connection:
        return int((await connection.execute(text("SELECT pg_backend_pid()"))).scalar_one())


async def terminate(url: str, pid: int) -> None:
    """Drop one server connection from outside, as a restart or a failover would; returns once
    its server process has ended."""
    plain = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    killer = await asyncpg.connect(plain)
    try:
        assert await killer.fetchval("SELECT pg_terminate_backend($1)", pid) is True

        async def ended() -> bool:
            return not await killer.fetchval(
                "SELECT count(*) FROM pg_stat_activity WHERE pid = $1", pid)

        await until(ended, what=f"the server process {pid} ending")
    finally:
        await killer.close()


@asynccontextmanager
async def dropped_connection(monkeypatch: pytest.MonkeyPatch,
                             ping_after: float) -> AsyncIterator[tuple[AsyncEngine, int]]:
    """A pool of one connection on a scratch database, whose connection the server has just
    dropped; yields the engine and the dropped connection's server pid."""
    monkeypatch.setattr(database, "PING_AFTER_IDLE", ping_after)
    admin = postgres_admin_url()
    assert admin is not None
    async with scratch_postgres(admin) as url:
        engine = create_engine(url, pool_size=1)
        try:
            dropped = await backend_pid(engine)
            await terminate(url, dropped)
            yield engine, dropped
        finally:
            await engine.dispose()


@postgres
async def test_an_idle_connection_the_server_dropped_is_replaced_before_use(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # a connection idle for any time is pinged: nothing waits for it to have idled long enough
    async with dropped_connection(monkeypatch, ping_after=0.0) as (engine, dropped):
        assert await backend_pid(engine) != dropped  # no error reached the caller


@postgres
async def test_a_connection_in_steady_use_is_not_pinged(monkeypatch: pytest.MonkeyPatch) -> None:
    async with dropped_connection(monkeypatch, ping_after=3600.0) as (engine, dropped):
        with pytest.raises(DBAPIError):  # used as is: the drop shows, once
            await backend_pid(engine)
        assert await backend_pid(engine) != dropped  # the pool replaced it


async def server_connections(url: str) -> int:
    plain = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    watcher = await asyncpg.connect(plain)
    try:
        return int(await watcher.fetchval(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = $1 AND pid <> "
            "pg_backend_pid()", make_url(url).database))
    finally:
        await watcher.close()


@postgres
async def test_warming_opens_the_whole_pool_once() -> None:
    admin = postgres_admin_url()
    assert admin is not None
    async with scratch_postgres(admin) as url:
        engine = create_engine(url, pool_size=3)
        try:
            assert await server_connections(url) == 0
            assert await warm_pool(engine) == 3
            assert await server_connections(url) == 3
            assert await warm_pool(engine) == 3  # a warm pool: nothing more opened
            assert await server_connections(url) == 3
            pids = {await backend_pid(engine) for _ in range(5)}  # statements use the pool
            assert await server_connections(url) == 3
            assert len(pids) >= 1
        finally:
            await engine.dispose()


@postgres
async def test_a_pool_that_cannot_be_warmed_is_left_to_connect_later(
        caplog: pytest.LogCaptureFixture) -> None:
    engine = create_engine("postgresql://nobody@127.0.0.1:1/none", pool_size=2)
    try:
        assert await warm_pool(engine) == 0
    finally:
        await engine.dispose()
    assert "warming the database pool: a connection failed" in caplog.text
    assert "nobody" not in caplog.text


async def test_a_sqlite_file_has_nothing_to_warm(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'nazh.sqlite3'}")
    try:
        assert await warm_pool(engine) == 0
    finally:
        await engine.dispose()


@pytest.fixture
async def sqlite_engine(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'nazh.sqlite3'}")
    async with engine.begin() as connection:
        await connection.exec_driver_sql(
            "CREATE TABLE things (id INTEGER PRIMARY KEY, name TEXT UNIQUE NOT NULL, "
            "parent INTEGER REFERENCES things (id))")
    yield engine
    await engine.dispose()


PRAGMAS = {"journal_mode": "wal", "foreign_keys": 1, "synchronous": 1, "temp_store": 2,
           "wal_autocheckpoint": SQLITE_CHECKPOINT_PAGES, "busy_timeout": SQLITE_BUSY_TIMEOUT_MS,
           "cache_size": -SQLITE_CACHE_KIB}
"""What every SQLite connection is set to (``synchronous`` 1: NORMAL; ``temp_store`` 2:
MEMORY; ``cache_size`` negative: KiB)."""


async def test_every_sqlite_connection_gets_the_pragmas(sqlite_engine: AsyncEngine) -> None:
    async with sqlite_engine.connect() as first, sqlite_engine.connect() as second:
        for connection in (first, second):  # two connections of the pool at once
            values = {name: (await connection.exec_driver_sql(f"PRAGMA {name}")).scalar_one()
                      for name in PRAGMAS}
            assert values == PRAGMAS


async def test_the_sqlite_pool_hands_out_the_connection_returned_last(
        sqlite_engine: AsyncEngine) -> None:
    # so the next append finds its pages in the cache the last one warmed
    async with sqlite_engine.connect() as first:
        async with sqlite_engine.connect() as second:
            second_id = id((await second.get_raw_connection()).driver_connection)
        first_id = id((await first.get_raw_connection()).driver_connection)
    for _ in range(3):  # first went back last
        async with sqlite_engine.connect() as again:
            assert id((await again.get_raw_connection()).driver_connection) == first_id
    assert first_id != second_id


async def test_a_refused_statement_rolls_back_its_whole_transaction(
        sqlite_engine: AsyncEngine) -> None:
    async def twice() -> None:
        async with sqlite_engine.begin() as connection:
            await connection.exec_driver_sql("INSERT INTO things (name) VALUES ('kept?')")
            await connection.exec_driver_sql("INSERT INTO things (name) VALUES (?)",
                                             [("same",), ("same",)])

    with pytest.raises(IntegrityError, match=r"UNIQUE constraint failed: things\.name"):
        await twice()
    async with sqlite_engine.connect() as connection:
        names = await connection.execute(text("SELECT name FROM things"))
        assert names.all() == []


async def test_a_sqlite_foreign_key_is_enforced(sqlite_engine: AsyncEngine) -> None:
    with pytest.raises(IntegrityError, match="FOREIGN KEY constraint failed"):
        async with sqlite_engine.begin() as connection:
            await connection.exec_driver_sql(
                "INSERT INTO things (name, parent) VALUES ('orphan', 99)")


async def test_an_immediate_transaction_takes_the_write_lock_at_once(
        sqlite_engine: AsyncEngine) -> None:
    writer = sqlite_engine.execution_options(**{IMMEDIATE: True})
    async with writer.begin() as connection:
        in_transaction = await connection.exec_driver_sql("SELECT count(*) FROM things")
        assert in_transaction.scalar_one() == 0  # nothing written yet, the lock held already:
        async with sqlite_engine.connect() as other:
            await other.exec_driver_sql("PRAGMA busy_timeout = 0")
            with pytest.raises(DBAPIError, match="database is locked"):
                await other.exec_driver_sql("INSERT INTO things (name) VALUES ('other')")


async def test_the_write_ahead_log_is_copied_into_the_database_only_once_it_is_long(
        sqlite_engine: AsyncEngine, tmp_path: Path) -> None:
    """Commits of 2,000 pages in all (twice SQLite's default checkpoint) leave them in the
    write-ahead log: no checkpoint yet copied them into the database file."""
    database = tmp_path / "nazh.sqlite3"
    before = database.stat().st_size
    page = "x" * 3000
    for start in range(0, 2000, 100):
        async with sqlite_engine.begin() as connection:
            await connection.exec_driver_sql(
                "INSERT INTO things (name) VALUES (?)",
                [(f"{n}{page}",) for n in range(start, start + 100)])
    wal = tmp_path / "nazh.sqlite3-wal"
    assert wal.stat().st_size > 2000 * 4096
    assert database.stat().st_size == before
