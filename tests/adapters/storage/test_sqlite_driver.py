"""The SQLite driver: one call on the connection's thread per statement, with the results,
row counts and errors of SQLAlchemy's stock aiosqlite adapter."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import aiosqlite
import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from nazh.adapters.storage.database import create_engine
from nazh.adapters.storage.sqlite_driver import OneCallConnection


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
        calls.clear()
        result = await connection.execute(text("INSERT INTO things (name) VALUES (:name)"),
                                          [{"name": f"n{n}"} for n in range(50)])
        assert calls == ["_run"]
        assert result.rowcount == 50
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
