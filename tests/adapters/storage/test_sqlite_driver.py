"""The SQLite driver: one call on the connection's thread per statement, with the results,
row counts and errors of SQLAlchemy's stock aiosqlite adapter."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator, Sequence
from pathlib import Path

import aiosqlite
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from nazh.adapters.storage.database import SQLITE_CHECKPOINT_PAGES, create_engine
from nazh.adapters.storage.sqlite_driver import (
    MAX_VARIABLES,
    ROWS_PER_STATEMENT,
    OneCallConnection,
    _run_plan,
    multirow_plan,
)


@pytest.fixture
async def engine(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'driver.sqlite3'}")
    async with engine.begin() as connection:
        await connection.exec_driver_sql(
            "CREATE TABLE things (id INTEGER PRIMARY KEY, name TEXT UNIQUE NOT NULL)")
    yield engine
    await engine.dispose()


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the functions run on aiosqlite connections' threads from now on."""
    seen: list[str] = []
    original = aiosqlite.Connection._execute

    async def counted(self: aiosqlite.Connection, fn: object, *args: object,
                      **kwargs: object) -> object:
        seen.append(getattr(fn, "__name__", repr(fn)))
        return await original(self, fn, *args, **kwargs)  # type: ignore[no-untyped-call]

    monkeypatch.setattr(aiosqlite.Connection, "_execute", counted)
    return seen


async def test_the_engine_uses_the_one_call_connection(engine: AsyncEngine) -> None:
    async with engine.connect() as connection:
        raw = await connection.get_raw_connection()
        assert isinstance(raw.dbapi_connection, OneCallConnection)


async def test_a_query_is_one_call_with_its_rows(engine: AsyncEngine, calls: list[str]) -> None:
    async with engine.connect() as connection:
        await connection.exec_driver_sql("INSERT INTO things (name) VALUES ('a'), ('b')")
        calls.clear()
        result = await connection.execute(text("SELECT id, name FROM things ORDER BY id"))
        assert calls == ["_run"]
        assert [tuple(row) for row in result] == [(1, "a"), (2, "b")]
        assert list(result.keys()) == ["id", "name"]


async def test_executemany_is_one_call_with_its_row_count(engine: AsyncEngine,
                                                         calls: list[str]) -> None:
    async with engine.begin() as connection:
        result = await connection.execute(text("INSERT INTO things (name) VALUES (:name)"),
                                          [{"name": f"n{n}"} for n in range(50)])
        assert result.rowcount == 50
        calls.clear()
        renamed = await connection.execute(text("UPDATE things SET name = :name WHERE id = :id"),
                                           [{"name": f"m{n}", "id": n} for n in range(1, 51)])
        assert calls == ["_run"]  # not an INSERT: a step per row, in one call
        assert renamed.rowcount == 50
        updated = await connection.execute(text("UPDATE things SET name = name || '!' "
                                                "WHERE id <= 7"))
        assert updated.rowcount == 7
        count = await connection.execute(text("SELECT count(*) FROM things"))
        assert count.scalar_one() == 50


async def test_an_insert_gives_its_row_id(engine: AsyncEngine) -> None:
    async with engine.begin() as connection:
        await connection.exec_driver_sql("INSERT INTO things (name) VALUES ('x'), ('y')")
        result = await connection.exec_driver_sql("INSERT INTO things (name) VALUES ('z')")
        assert result.lastrowid == 3


async def test_a_refused_statement_raises_sqlalchemys_error_and_rolls_back(
        engine: AsyncEngine) -> None:
    async def twice() -> None:
        async with engine.begin() as connection:
            await connection.exec_driver_sql("INSERT INTO things (name) VALUES ('kept?')")
            await connection.exec_driver_sql("INSERT INTO things (name) VALUES ('same')")
            await connection.exec_driver_sql("INSERT INTO things (name) VALUES ('same')")

    with pytest.raises(IntegrityError, match=r"UNIQUE constraint failed: things\.name"):
        await twice()
    async with engine.connect() as connection:
        names = await connection.execute(text("SELECT name FROM things"))
        assert names.all() == []


async def test_a_statement_without_rows_has_no_description(engine: AsyncEngine) -> None:
    async with engine.begin() as connection:
        result = await connection.exec_driver_sql("DELETE FROM things")
        assert not result.returns_rows
        assert result.rowcount == 0


# -- an executemany of an INSERT runs as a few statements of many rows ---------------------------

UPSERT = ("INSERT INTO counts (k1, k2, n, total) VALUES (?, ?, ?, ?) ON CONFLICT (k1, k2) "
          "DO UPDATE SET n = counts.n + excluded.n, total = counts.total + excluded.total")
MOVE = ("INSERT INTO heads (roll_id, seq, private) VALUES (?, ?, ?) ON CONFLICT (roll_id) "
        "DO UPDATE SET seq = excluded.seq, private = excluded.private "
        "WHERE heads.seq < excluded.seq")
SCHEMA = ("CREATE TABLE counts (k1 INTEGER, k2 TEXT, n INTEGER NOT NULL, total REAL, "
          "PRIMARY KEY (k1, k2))",
          "CREATE TABLE heads (roll_id TEXT PRIMARY KEY, seq INTEGER NOT NULL, private BOOLEAN)",
          "CREATE TABLE kept (id INTEGER PRIMARY KEY, v BLOB, note TEXT)")


def _connection() -> sqlite3.Connection:
    connection = sqlite3.connect(":memory:", isolation_level=None)
    for statement in SCHEMA:
        connection.execute(statement)
    return connection


def _by_rows(operation: str, rows: Sequence[tuple[object, ...]]) -> tuple[list[object], int]:
    """The reference: the sqlite3 module's own executemany, a step per row."""
    connection = _connection()
    cursor = connection.executemany(operation, rows)
    return _tables(connection), cursor.rowcount


def _by_plan(operation: str, rows: Sequence[tuple[object, ...]]) -> tuple[list[object], int]:
    connection = _connection()
    plan = multirow_plan(operation, rows)
    assert plan is not None
    _, _, count, _ = _run_plan(connection, plan)
    return _tables(connection), count


def _tables(connection: sqlite3.Connection) -> list[object]:
    return [connection.execute(f"SELECT *, typeof({column}) FROM {table} ORDER BY 1, 2").fetchall()
            for table, column in (("counts", "total"), ("heads", "private"), ("kept", "v"))]


@pytest.mark.parametrize(("operation", "refused"), [
    ("UPDATE things SET name = ? WHERE id = ?", "an UPDATE"),
    ("INSERT INTO things (name) VALUES (?) RETURNING id", "rows given back"),
    ("INSERT INTO things (name) SELECT ?", "a SELECT"),
    ("INSERT INTO things (id, name) VALUES (?, 'fixed')", "a literal in the row"),
    ("INSERT INTO things (name) VALUES (:name)", "named placeholders"),
    ("INSERT INTO counts (k1, k2, n) VALUES (?, ?, ?) ON CONFLICT (k1, k2) DO UPDATE SET n = ?",
     "a parameter after the row"),
])
def test_only_an_insert_of_one_row_of_placeholders_is_planned(operation: str,
                                                              refused: str) -> None:
    assert multirow_plan(operation, [(1, "a"), (2, "b")]) is None, refused


def test_rows_that_do_not_fit_the_placeholders_are_not_planned() -> None:
    operation = "INSERT INTO things (id, name) VALUES (?, ?)"
    assert multirow_plan(operation, []) is None
    assert multirow_plan(operation, [(1, "a"), (2,)]) is None
    assert multirow_plan(operation, [{"id": 1, "name": "a"}]) is None
    assert multirow_plan(operation, "ab") is None


def test_a_plan_keeps_the_rows_in_order_in_few_statements_within_the_variable_limit() -> None:
    rows = [(n, f"k{n}", n, float(n)) for n in range(1_000)]
    plan = multirow_plan(UPSERT, rows)
    assert plan is not None
    sizes = [len(values) // 4 for _, values in plan]
    assert sum(sizes) == 1_000
    assert sizes == sorted(sizes, reverse=True)
    assert all(size in ROWS_PER_STATEMENT and size * 4 <= MAX_VARIABLES for size in sizes)
    assert len(plan) <= 20
    assert [value for _, values in plan for value in values] == \
        [value for row in rows for value in row]
    for statement, values in plan:
        assert statement.count("?") == len(values)
        assert statement.endswith("total = counts.total + excluded.total")


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(-3, 3), st.sampled_from(["a", "b", "ß", "d6"]),
                          st.integers(-(2 ** 63), 2 ** 63 - 1).map(lambda n: n // 4),
                          st.one_of(st.none(), st.floats(allow_nan=False))),
                min_size=1, max_size=700))
def test_an_upsert_plan_leaves_what_a_step_per_row_leaves(
        rows: list[tuple[int, str, int, float | None]]) -> None:
    """Keys repeated within a batch add up as they do row by row (SQLite applies a
    statement's rows in order, each conflict against the rows before it), floats and large
    integers stored exactly, the same row count."""
    assert _by_plan(UPSERT, rows) == _by_rows(UPSERT, rows)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("abcdefgh"), st.integers(0, 20), st.booleans()),
                min_size=1, max_size=300))
def test_a_conditional_upsert_plan_leaves_what_a_step_per_row_leaves(
        rows: list[tuple[str, int, bool]]) -> None:
    assert _by_plan(MOVE, rows) == _by_rows(MOVE, rows)


@pytest.mark.parametrize("operation", [
    "INSERT INTO kept (id, v, note) VALUES (?, ?, ?)",
    "INSERT INTO kept (id, v, note) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
])
def test_an_insert_plan_stores_every_type_as_a_step_per_row_does(operation: str) -> None:
    rows = [(n, bytes([n % 256]) * n, None if n % 3 else f"note {n} ✓") for n in range(1, 400)]
    rows += [(7, b"again", "a repeated id: kept once with DO NOTHING")] if "NOTHING" in operation \
        else []
    assert _by_plan(operation, rows) == _by_rows(operation, rows)


async def test_an_insert_of_many_rows_is_one_call_of_few_statements(
        engine: AsyncEngine, calls: list[str]) -> None:
    async with engine.begin() as connection:
        calls.clear()
        result = await connection.exec_driver_sql(
            "INSERT INTO things (id, name) VALUES (?, ?)",
            [(n, f"n{n}") for n in range(1, 1_001)])
        assert calls == ["_run_plan"]
        assert result.rowcount == 1_000
        names = await connection.execute(text("SELECT name FROM things ORDER BY id"))
        assert names.scalars().all() == [f"n{n}" for n in range(1, 1_001)]


async def test_a_planned_insert_that_breaks_a_constraint_keeps_nothing(
        engine: AsyncEngine) -> None:
    """A refused row refuses the transaction, as it did row by row: SQLAlchemy's error, and
    none of the batch (nor what came before it in the transaction) is kept."""
    rows = [(n, f"n{n}") for n in range(2, 300)] + [(300, "n5")]

    async def batch() -> None:
        async with engine.begin() as connection:
            await connection.exec_driver_sql("INSERT INTO things (name) VALUES ('before')")
            await connection.exec_driver_sql("INSERT INTO things (id, name) VALUES (?, ?)",
                                             rows)

    with pytest.raises(IntegrityError, match=r"UNIQUE constraint failed: things\.name"):
        await batch()
    async with engine.connect() as connection:
        assert (await connection.execute(text("SELECT count(*) FROM things"))).scalar_one() == 0


async def test_statement_journals_are_kept_in_memory(engine: AsyncEngine) -> None:
    async with engine.connect() as connection:
        stored = await connection.exec_driver_sql("PRAGMA temp_store")
        assert stored.scalar_one() == 2  # MEMORY


async def test_the_write_ahead_log_is_copied_into_the_database_only_once_it_is_long(
        engine: AsyncEngine, tmp_path: Path) -> None:
    """Commits of 2,000 pages in all (twice SQLite's default checkpoint) leave them in the
    write-ahead log: no checkpoint yet copied them into the database file."""
    database = tmp_path / "driver.sqlite3"
    before = database.stat().st_size
    page = "x" * 3000
    for start in range(0, 2000, 100):
        async with engine.begin() as connection:
            await connection.exec_driver_sql(
                "INSERT INTO things (name) VALUES (?)",
                [(f"{n}{page}",) for n in range(start, start + 100)])
    wal = tmp_path / "driver.sqlite3-wal"
    assert wal.stat().st_size > 2000 * 4096
    assert database.stat().st_size == before
    async with engine.connect() as connection:
        pages = await connection.exec_driver_sql("PRAGMA wal_autocheckpoint")
        assert pages.scalar_one() == SQLITE_CHECKPOINT_PAGES
