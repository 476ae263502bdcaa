"""Async SQLAlchemy engines for SQLite (aiosqlite) and PostgreSQL (asyncpg) from one URL."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import chain, islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

from sqlalchemy import Executable, Insert, Table, event
from sqlalchemy.dialects import sqlite
from sqlalchemy.engine import URL, Connection, Dialect, make_url
from sqlalchemy.exc import DisconnectionError, SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine
from sqlalchemy.pool import (
    AsyncAdaptedQueuePool,
    ConnectionPoolEntry,
    PoolProxiedConnection,
    QueuePool,
)

from nazh.application.shared.canonical_json import canonical_text

if TYPE_CHECKING:
    from sqlalchemy.dialects import postgresql

Upsert: TypeAlias = "sqlite.Insert | postgresql.Insert"

log = logging.getLogger(__name__)

FAILURES = (SQLAlchemyError, OSError, ConnectionError, TimeoutError)
"""What a database that fails or does not answer raises (a bounded statement's timeout too)."""

SQLITE_DRIVER = "sqlite+aiosqlite"
POSTGRES_DRIVER = "postgresql+asyncpg"
SQLITE_BUSY_TIMEOUT_MS = 5_000
# Pages (4 KiB) the WAL grows to before a commit copies it into the database (SQLite's default
# 1,000): a longer log is copied less often, with fewer pages per roll. The copy's fsync holds up
# the journal's synchronous writes (10-18 ms), so the log writer copies it when the journal empties
# in a quiet moment (RollLog.sync); this bound copies under sustained load only, about every 12,000
# rolls (the file grows to ~160 MiB between).
SQLITE_CHECKPOINT_PAGES = 40_000
# KiB of page cache per connection (SQLite's default 2,000): a batch of a few hundred rolls
# dirties a few thousand pages (the keys of a roll's ~20 B-trees land apart), which the default
# spills into the WAL mid-transaction and reads back. benchmarks.log_growth, 60,000 records in
# batches of 500: system CPU -30%, the last segment's append 138 µs a record against 156-169;
# 32 MiB a little better, 64 or 128 MiB no better. Pages are allocated as a connection uses them.
SQLITE_CACHE_KIB = 16_384
IMMEDIATE = "nazh_sqlite_immediate"
"""Execution option: a SQLite write transaction begins ``IMMEDIATE`` (the write lock at once)."""
SINGLE_STATEMENTS = "nazh_sqlite_single_statements"
"""Execution option: no ``BEGIN`` on SQLite, for single-statement reads (saves a round trip)."""

_DRIVERS = {
    "sqlite": SQLITE_DRIVER, SQLITE_DRIVER: SQLITE_DRIVER,
    "postgresql": POSTGRES_DRIVER, "postgres": POSTGRES_DRIVER, POSTGRES_DRIVER: POSTGRES_DRIVER,
}


class UnsupportedDatabaseError(ValueError):
    """The URL names a database or driver Nazh does not support."""


def normalise_url(url: str | URL) -> URL:
    """The URL with its async driver (``postgresql://`` -> ``postgresql+asyncpg://``)."""
    parsed = make_url(url)
    driver = _DRIVERS.get(parsed.drivername)
    if driver is None:
        raise UnsupportedDatabaseError(
            f"unsupported database {parsed.drivername!r}: use sqlite+aiosqlite:///path or "
            "postgresql+asyncpg://user@host/db")
    return parsed.set(drivername=driver)


def sqlite_url(data_dir: Path) -> str:
    """The default database: ``nazh.sqlite3`` in ``data_dir``."""
    return f"{SQLITE_DRIVER}:///{data_dir.expanduser().resolve() / 'nazh.sqlite3'}"


def is_sqlite(url: URL) -> bool:
    """Whether the URL is a SQLite database."""
    return url.get_backend_name() == "sqlite"


def display_url(url: str | URL) -> str:
    """The URL without its password, for messages."""
    return make_url(url).render_as_string(hide_password=True)


def create_engine(url: str | URL, *, pool_size: int = 5, echo: bool = False) -> AsyncEngine:
    """An engine for ``url``; a SQLite file gets WAL, foreign keys, a busy timeout, a directory."""
    parsed = normalise_url(url)
    if is_sqlite(parsed):
        return _sqlite_engine(parsed, pool_size, echo)
    engine = create_async_engine(
        parsed, pool_size=pool_size, max_overflow=pool_size, pool_timeout=10, echo=echo,
        json_serializer=canonical_json,
        connect_args={"timeout": 5, "command_timeout": 60,
                      "server_settings": {"application_name": "nazh"}},
    )
    event.listen(engine.sync_engine, "checkin", _checked_in)
    event.listen(engine.sync_engine, "checkout", _ping_if_idle)
    return engine


async def warm_pool(engine: AsyncEngine) -> int:
    """Open the PostgreSQL pool's connections now and return them to it; how many are pooled."""
    # So the first statements after a start (a click's claim) do not each wait tens of ms or more
    # for a new server connection. A failure is only logged: the next statement connects.
    pool = engine.pool
    if engine.dialect.name != "postgresql" or not isinstance(pool, QueuePool):
        return 0
    connections = [engine.connect() for _ in range(max(0, pool.size() - pool.checkedin()))]
    opened = await asyncio.gather(*(c.start() for c in connections), return_exceptions=True)
    for connection, outcome in zip(connections, opened, strict=True):
        if not isinstance(outcome, BaseException):
            await connection.close()
    for outcome in opened:
        if isinstance(outcome, FAILURES):
            log.warning("warming the database pool: a connection failed (%s)",
                        type(outcome).__name__)
        elif isinstance(outcome, BaseException):
            raise outcome
    return pool.checkedin()


PING_AFTER_IDLE = 1.0
"""Seconds idle after which a pooled PostgreSQL connection is pinged (replaced if dropped)."""


def _checked_in(_dbapi_connection: object, record: ConnectionPoolEntry | None) -> None:
    if record is not None:
        record.info["nazh_idle_since"] = time.monotonic()


def _ping_if_idle(dbapi_connection: Any, record: ConnectionPoolEntry,
                  _proxy: PoolProxiedConnection) -> None:
    since = record.info.get("nazh_idle_since")
    if since is None or time.monotonic() - since < PING_AFTER_IDLE:
        return
    try:
        dbapi_connection.ping()
    except Exception as error:  # any failure: the pool replaces the connection
        raise DisconnectionError("the pooled connection is gone") from error


def canonical_json(value: object) -> str:
    """How JSON columns are written: the canonical encoding a record's hash covers."""
    # So a long chain is checked from the stored text without parsing it (:mod:`.chain_scan`).
    return canonical_text(value)


def _sqlite_engine(url: URL, pool_size: int, echo: bool) -> AsyncEngine:
    database = url.database or ""
    in_memory = database in {"", ":memory:"} or database.startswith("file:")
    if not in_memory:
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    # a file's pool named, not left to the dialect's default (SQLAlchemy 2.0's is NullPool)
    # LIFO: the connection just returned (its page cache warm) serves the next append
    pool: dict[str, object] = {} if in_memory else {
        "poolclass": AsyncAdaptedQueuePool, "pool_size": pool_size, "max_overflow": 0,
        "pool_use_lifo": True}
    engine = create_async_engine(url, echo=echo, json_serializer=canonical_json, **pool)
    event.listen(engine.sync_engine, "connect", _sqlite_connect)
    event.listen(engine.sync_engine, "begin", _sqlite_begin)
    return engine


def _sqlite_connect(dbapi_connection: Any, _record: object) -> None:
    # Let SQLAlchemy, not the sqlite3 module, emit BEGIN (see _sqlite_begin), as SQLAlchemy's
    # aiosqlite documentation shows: the module's legacy mode starts no transaction for SELECT
    # or DDL, which breaks isolation.
    # temp_store=MEMORY: statement journals and temporary tables in memory, not in temporary
    # files written page by page.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    for pragma in ("journal_mode=WAL", "foreign_keys=ON", "synchronous=NORMAL",
                   "temp_store=MEMORY", f"wal_autocheckpoint={SQLITE_CHECKPOINT_PAGES}",
                   f"cache_size=-{SQLITE_CACHE_KIB}",
                   f"busy_timeout={SQLITE_BUSY_TIMEOUT_MS}"):
        cursor.execute(f"PRAGMA {pragma}")
    cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    options = connection.get_execution_options()
    if options.get(SINGLE_STATEMENTS, False):
        return  # each statement is its own transaction
    connection.exec_driver_sql("BEGIN IMMEDIATE" if options.get(IMMEDIATE, False) else "BEGIN")


def upsert(table: Table, postgres: bool) -> Upsert:
    """An ``INSERT`` into ``table`` that takes ``ON CONFLICT``, in PostgreSQL's or SQLite's form."""
    if not postgres:
        return sqlite.insert(table)
    from sqlalchemy.dialects import postgresql  # noqa: PLC0415 - loaded only for PostgreSQL

    return postgresql.insert(table)


Row = Sequence[object]
"""A row's values in the order of the columns its statement was prepared for."""
# Values per driver call (256 roll log records, 512 statistics rows): rows are converted on the
# loop's thread just before their call and each call lets the loop go on. One call per table held
# the loop 2-7 ms at 1,000 /roll a second (the slowest 1% of answers); a call's worth takes ~1 ms.
VALUES_PER_CALL = 4096


# SQLite steps each row of an executemany on its own, letting go of the GIL around each step: with
# the loop's thread busy (1,000 /roll a second), each handover cost the two threads more CPU than
# the row's own write. Rows go to SQLite this many to a statement (multi-row VALUES, as SQLAlchemy
# compiles them; the rest of a call's rows one by one), at most 999 values (SQLite's limit before
# 3.32): a call's 256-512 rows take 8-16 steps and at most 31 more.
ROWS_PER_STATEMENT = 32


@dataclass(frozen=True, slots=True)
class DriverStatement:
    """A statement as the driver takes it, with SQLAlchemy's conversion of values needing one."""

    # Tuples in column order skip SQLAlchemy's parameter set per row (most of a batch's cost), and
    # are stored exactly as through SQLAlchemy.
    sql: str
    width: int
    converters: tuple[tuple[int, Callable[[object], object]], ...]
    """(position, conversion) for each value that is converted on its way to the driver."""
    many: str | None = None
    """The statement for :attr:`per_statement` rows at once (SQLite), if any."""
    per_statement: int = 1

    def rows(self, rows: Iterable[Row]) -> list[tuple[object, ...]]:
        """The rows as the driver takes them (tuples)."""
        if not self.converters:
            return [row if isinstance(row, tuple) else tuple(row) for row in rows]
        converted: list[tuple[object, ...]] = []
        for row in rows:
            values = list(row)
            for position, convert in self.converters:
                values[position] = convert(values[position])
            converted.append(tuple(values))
        return converted

    async def run(self, connection: AsyncConnection, rows: Iterable[Row]) -> None:
        """Run it for each row in the transaction, at most :data:`VALUES_PER_CALL` values a call."""
        many, per_statement = self.many, self.per_statement  # 1 where there is no many
        per_call = per_statement * max(1, VALUES_PER_CALL // (per_statement * self.width))
        remaining = iter(rows)
        while chunk := self.rows(islice(remaining, per_call)):
            whole = 0 if many is None else len(chunk) - len(chunk) % per_statement
            if many is not None and whole:
                await connection.exec_driver_sql(many, [
                    tuple(chain.from_iterable(chunk[start:start + per_statement]))
                    for start in range(0, whole, per_statement)])
            if whole < len(chunk):
                await connection.exec_driver_sql(self.sql, chunk[whole:])


@cache
def driver_statement(statement: Any, dialect: Dialect, columns: tuple[str, ...],
                     given: frozenset[str] = frozenset()) -> DriverStatement | None:
    """``statement`` as a :class:`DriverStatement` for rows of ``columns`` (``None``: no fit)."""
    compiled = statement.compile(dialect=dialect)
    if tuple(compiled.positiontup or ()) != columns:
        return None
    converters = []
    for position, name in enumerate(columns):
        if name in given:  # given as the driver takes them
            continue
        # each value converted as SQLAlchemy would: its type's processor on this dialect
        convert = compiled.binds[name].type.dialect_impl(dialect).bind_processor(dialect)
        if convert is not None:
            converters.append((position, convert))
    many, per_statement = _many_rows(statement, dialect, columns)
    return DriverStatement(str(compiled.string), len(columns), tuple(converters), many,
                           per_statement)


def _many_rows(statement: Any, dialect: Dialect,
               columns: tuple[str, ...]) -> tuple[str | None, int]:
    """An INSERT's form for many rows at once on SQLite, and how many (``None``: none)."""
    per_statement = min(ROWS_PER_STATEMENT, 999 // len(columns))
    if dialect.name != "sqlite" or per_statement < 2 or not isinstance(statement, Insert):
        return None, 1
    compiled = statement.values([dict.fromkeys(columns)] * per_statement).compile(dialect=dialect)
    expected = [f"{name}_m{row}" for row in range(per_statement) for name in columns]
    if list(compiled.positiontup or ()) != expected:  # not the rows in order: one at a time
        return None, 1
    return str(compiled.string), per_statement


async def execute_rows(connection: AsyncConnection, statement: Executable, columns: tuple[str, ...],
                       rows: Sequence[Row]) -> None:
    """Run ``statement`` for each row in the transaction: as the driver takes it, or SQLAlchemy."""
    driver = driver_statement(statement, connection.dialect, columns)
    if driver is not None:
        await driver.run(connection, rows)
    else:
        await connection.execute(statement, [dict(zip(columns, row, strict=True))
                                             for row in rows])
