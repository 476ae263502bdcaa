"""Async SQLAlchemy engines for SQLite (aiosqlite) and PostgreSQL (asyncpg) from one URL.

Accepted URLs: ``sqlite:///path``, ``sqlite+aiosqlite:///path`` and ``postgresql://``,
``postgres://``, ``postgresql+asyncpg://`` (each normalised to its async driver). SQLite files
get WAL, foreign keys and a busy timeout; their directory is created on first use.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import islice
from pathlib import Path
from typing import Any

from sqlalchemy import Table, event
from sqlalchemy.dialects import sqlite
from sqlalchemy.engine import URL, Connection, Dialect, make_url
from sqlalchemy.exc import DisconnectionError, SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine
from sqlalchemy.pool import AsyncAdaptedQueuePool, QueuePool

from nazh.application.shared.canonical_json import canonical_text

log = logging.getLogger(__name__)

FAILURES = (SQLAlchemyError, OSError, ConnectionError, TimeoutError)
"""What a database that fails or does not answer raises (a bounded statement's timeout too)."""

SQLITE_DRIVER = "sqlite+aiosqlite"
POSTGRES_DRIVER = "postgresql+asyncpg"
SQLITE_BUSY_TIMEOUT_MS = 5_000
SQLITE_CHECKPOINT_PAGES = 40_000
"""Pages (4 KiB) the write-ahead log grows to before a commit copies it into the database
(SQLite's default: 1,000). A roll dirties a dozen pages of the log's and the statistics'
indexes; a checkpoint reads every page back from the write-ahead log and writes it into the
database once, however often it changed in between, so a longer log is copied less often and
each copy carries fewer pages per roll (the roll log's appends: about a fifth less CPU per
roll at 10,000 pages against 1,000). The checkpoint's ``fsync`` of the database file holds up
the roll journal's synchronous writes on the same disk (10-18 ms on the 2-core machine, every
answer waiting meanwhile), so it is best made in a quiet moment: the log writer has the log
copied each time the roll journal is emptied, which it does only when nothing waits
(``RollLog.sync``), and this bound copies it under sustained load only, about every 12,000
rolls (12 s at 1,000 a second; 10,000 pages made one every 3 s, in the middle of every phase
of ``benchmarks.load``). The file grows up to about 160 MiB between checkpoints, and is
reused from its start after each."""
IMMEDIATE = "nazh_sqlite_immediate"
"""Execution option: a SQLite transaction that will write starts with ``BEGIN IMMEDIATE``
(takes the write lock at once, so a read-then-write transaction never fails half way)."""
SINGLE_STATEMENTS = "nazh_sqlite_single_statements"
"""Execution option: no ``BEGIN`` on SQLite, for connections that run only single-statement
reads (each statement is then its own transaction, one snapshot; the round trip is saved)."""

_DRIVERS = {
    "sqlite": SQLITE_DRIVER, SQLITE_DRIVER: SQLITE_DRIVER,
    "postgresql": POSTGRES_DRIVER, "postgres": POSTGRES_DRIVER, POSTGRES_DRIVER: POSTGRES_DRIVER,
}


class UnsupportedDatabaseError(ValueError):
    """The URL names a database or driver Nazh does not support."""


def normalise_url(url: str | URL) -> URL:
    """The URL with its async driver (``postgresql://`` -> ``postgresql+asyncpg://``).

    Raises:
        UnsupportedDatabaseError: not SQLite nor PostgreSQL.
    """
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
    """An engine for ``url`` (see the module doc); a SQLite file's directory is created.

    Raises:
        UnsupportedDatabaseError: not SQLite nor PostgreSQL.
    """
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
    """Open the PostgreSQL pool's connections at once and return them to it, so the first
    statements after a start (a click's claim, the ledger's) do not each wait for a new server
    connection (a process started on the server, its settings and codecs: tens of milliseconds
    on an idle machine, far more on a busy one); how many are pooled now. SQLite opens a file:
    nothing to warm. A failure is logged and the pool left as it is (the next statement
    connects, as it would have).
    """
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
"""A pooled PostgreSQL connection idle longer than this (seconds) is pinged before use and
replaced if the server dropped it (a restart, a failover); a busy pool's connections are used
without the round trip a ping on every checkout would add to every query."""


def _checked_in(_dbapi_connection: Any, record: Any) -> None:
    if record is not None:
        record.info["nazh_idle_since"] = time.monotonic()


def _ping_if_idle(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
    since = record.info.get("nazh_idle_since")
    if since is None or time.monotonic() - since < PING_AFTER_IDLE:
        return
    try:
        dbapi_connection.ping()
    except Exception as error:  # any failure: the pool replaces the connection
        raise DisconnectionError("the pooled connection is gone") from error


def canonical_json(value: object) -> str:
    """How JSON columns are written: sorted keys, no spaces, UTF-8 as is, the encoding a
    record's hash covers, so a long chain is checked from the stored text without parsing it
    (see :mod:`.chain_scan` and :mod:`nazh.application.shared.canonical_json`)."""
    return canonical_text(value)


def _sqlite_engine(url: URL, pool_size: int, echo: bool) -> AsyncEngine:
    database = url.database or ""
    in_memory = database in {"", ":memory:"} or database.startswith("file:")
    if not in_memory:
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    # a file's pool named, not left to the dialect's default (SQLAlchemy 2.0's is NullPool)
    pool: dict[str, Any] = {} if in_memory else {
        "poolclass": AsyncAdaptedQueuePool, "pool_size": pool_size, "max_overflow": 0}
    engine = create_async_engine(url, echo=echo, json_serializer=canonical_json, **pool)
    event.listen(engine.sync_engine, "connect", _sqlite_connect)
    event.listen(engine.sync_engine, "begin", _sqlite_begin)
    return engine


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy, not the sqlite3 module, emit BEGIN (see _sqlite_begin), as SQLAlchemy's
    # aiosqlite documentation shows: the module's legacy mode starts no transaction for SELECT
    # or DDL, which breaks isolation.
    # temp_store=MEMORY: statement journals and temporary tables in memory, not in temporary
    # files written page by page.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    for pragma in ("journal_mode=WAL", "foreign_keys=ON", "synchronous=NORMAL",
                   "temp_store=MEMORY", f"wal_autocheckpoint={SQLITE_CHECKPOINT_PAGES}",
                   f"busy_timeout={SQLITE_BUSY_TIMEOUT_MS}"):
        cursor.execute(f"PRAGMA {pragma}")
    cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    options = connection.get_execution_options()
    if options.get(SINGLE_STATEMENTS, False):
        return  # each statement is its own transaction
    connection.exec_driver_sql("BEGIN IMMEDIATE" if options.get(IMMEDIATE, False) else "BEGIN")


def upsert(table: Table, postgres: bool) -> Any:
    """An ``INSERT`` into ``table`` that can take ``ON CONFLICT`` (``on_conflict_do_update``,
    ``on_conflict_do_nothing``, ``excluded``), in PostgreSQL's or SQLite's form."""
    if not postgres:
        return sqlite.insert(table)
    from sqlalchemy.dialects import postgresql  # noqa: PLC0415 - loaded only for PostgreSQL

    return postgresql.insert(table)


Row = Sequence[Any]
"""A row's values in the order of the columns its statement was prepared for."""
VALUES_PER_CALL = 4096
"""The most values one call to the driver takes (:meth:`DriverStatement.run`: 256 records of the
roll log, 512 rows of its statistics): a batch's rows are converted on the event loop's thread right
before their call, and each call lets the loop go on. A batch of the roll log at 1,000 /roll a
second is 500 records and about 8,000 rows of statistics; in one call per table, a table's rows held
the loop 2-7 ms at a time, and every interaction arriving meanwhile waited (the appends, twice a
second, made the slowest 1% of answers: ``benchmarks.load``'s keeping-up target). A call's worth
takes about a millisecond; the few calls more cost a batch about a millisecond of CPU."""


@dataclass(frozen=True, slots=True)
class DriverStatement:
    """A statement as the database driver takes it, with SQLAlchemy's conversion of each
    value its column converts (a time, JSON, a boolean on SQLite): rows given as tuples in
    column order go to the driver without SQLAlchemy's work per row (a parameter set built,
    checked and converted for each: most of what a batch of the roll log and its statistics
    cost SQLAlchemy), and are stored exactly as through SQLAlchemy."""

    sql: str
    width: int
    """Values per row."""
    converters: tuple[tuple[int, Callable[[Any], Any]], ...]
    """(position, conversion) for each value that is converted on its way to the driver."""

    def rows(self, rows: Iterable[Row]) -> list[tuple[Any, ...]]:
        """The rows as the driver takes them (tuples)."""
        if not self.converters:
            return [row if isinstance(row, tuple) else tuple(row) for row in rows]
        converted: list[tuple[Any, ...]] = []
        for row in rows:
            values = list(row)
            for position, convert in self.converters:
                values[position] = convert(values[position])
            converted.append(tuple(values))
        return converted

    async def run(self, connection: AsyncConnection, rows: Iterable[Row]) -> None:
        """Run it for each row (an ``executemany``) in the connection's transaction, in calls
        of at most :data:`VALUES_PER_CALL` values (``rows`` is read a call's worth at a time,
        so a generator's work is spread over the calls too)."""
        remaining, per_call = iter(rows), max(1, VALUES_PER_CALL // self.width)
        while chunk := list(islice(remaining, per_call)):
            await connection.exec_driver_sql(self.sql, self.rows(chunk))


@cache
def driver_statement(statement: Any, dialect: Dialect, columns: tuple[str, ...],
                     given: frozenset[str] = frozenset()) -> DriverStatement | None:
    """``statement`` (built once and kept, e.g. an upsert) as :class:`DriverStatement` for rows
    of ``columns``, whose ``given`` columns hold their values as the driver takes them already
    (converted as SQLAlchemy would: no conversion of its own); ``None`` when its compiled
    parameters are not exactly those columns in that order (it then goes through
    SQLAlchemy)."""
    compiled = statement.compile(dialect=dialect)
    if tuple(compiled.positiontup or ()) != columns:
        return None
    processors = compiled._bind_processors  # SQLAlchemy's own conversions
    return DriverStatement(str(compiled.string), len(columns), tuple(
        (position, processors[name]) for position, name in enumerate(columns)
        if name in processors and name not in given))


async def execute_rows(connection: AsyncConnection, statement: Any, columns: tuple[str, ...],
                       rows: Sequence[Row]) -> None:
    """Run ``statement`` for each of ``rows`` (values in ``columns``' order) in the
    connection's transaction: as the driver takes it (:func:`driver_statement`), else through
    SQLAlchemy."""
    driver = driver_statement(statement, connection.dialect, columns)
    if driver is not None:
        await driver.run(connection, rows)
    else:
        await connection.execute(statement, [dict(zip(columns, row, strict=True))
                                             for row in rows])
