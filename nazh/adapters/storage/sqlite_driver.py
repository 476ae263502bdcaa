"""SQLAlchemy's aiosqlite driver, with one hand-over to the connection's thread per statement.

aiosqlite runs each call on its connection's thread; SQLAlchemy's adapter makes three or four
such calls per statement (make a cursor, execute, fetch the rows, close the cursor), so one
append to the roll log (seven to thirteen statements) made about 18-45 hand-overs. Each is a
queue put that wakes the thread, the interpreter lock passed to it and back, a write to the
event loop's self-pipe and a loop iteration: on a small virtual machine 100-300 us of CPU, more
than the statements themselves (measured in benchmarks/README.md, "load.py"). Here a statement
is one call on the thread: cursor, execute, fetch and close together; the rows, description,
row count and last row id come back with it. Everything else (connecting, commit, rollback,
closing, errors) is SQLAlchemy's aiosqlite adapter unchanged; SQLAlchemy's Python work stays
on the event loop's thread, so the connection's thread only ever runs SQLite (a thread running
Python there would contend with the loop for the interpreter lock).

Used through ``create_async_engine(..., module=dbapi())`` (see :mod:`.database`): the URL stays
``sqlite+aiosqlite://``.
"""

from __future__ import annotations

import collections
import sqlite3
from typing import Any

import aiosqlite
from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
    AsyncAdapt_aiosqlite_dbapi,
)
from sqlalchemy.util import EMPTY_DICT

Outcome = tuple[object, list[object], int, int | None]
"""What one statement gives back: description, rows, row count, last row id."""


def _run(connection: sqlite3.Connection, operation: str, parameters: Any,
         many: bool) -> Outcome:
    """One statement on the connection's thread."""
    cursor = connection.cursor()
    try:
        if many:
            cursor.executemany(operation, parameters)
        elif parameters is None:
            cursor.execute(operation)
        else:
            cursor.execute(operation, parameters)
        description = cursor.description
        rows = cursor.fetchall() if description else []
        return description, rows, cursor.rowcount, cursor.lastrowid
    finally:
        cursor.close()


class OneCallCursor(AsyncAdapt_aiosqlite_cursor):
    """A cursor whose statement is one call on the connection's thread (no SQLite cursor is
    kept between calls: the results are read at once, as the stock adapter does too)."""

    __slots__ = ("_arraysize", "_description", "_lastrowid", "_rowcount")

    def __init__(self, adapt_connection: AsyncAdapt_aiosqlite_connection) -> None:
        self._adapt_connection = adapt_connection
        self._connection = adapt_connection._connection
        self._cursor = None  # type: ignore[assignment]  # none is kept (see the class doc)
        self._soft_closed_memoized = EMPTY_DICT
        self._rows = collections.deque()
        self._description: object = None
        self._rowcount = -1
        self._lastrowid: int | None = None
        self._arraysize = 1

    @property
    def description(self) -> Any:
        return self._description

    @property
    def rowcount(self) -> int:
        return self._rowcount

    @property
    def lastrowid(self) -> Any:
        return self._lastrowid

    @property
    def arraysize(self) -> int:
        return self._arraysize

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        self._arraysize = value

    async def _async_soft_close(self) -> None:
        return None  # nothing is open on the thread

    def close(self) -> None:
        self._rows.clear()

    def setinputsizes(self, *inputsizes: object) -> None:
        return None  # sqlite3 ignores them too

    def nextset(self) -> None:
        return None  # one result set per statement in sqlite3

    async def _execute_async(self, operation: Any, parameters: Any) -> Any:
        await self._call(operation, parameters, many=False)

    async def _executemany_async(self, operation: Any, seq_of_parameters: Any) -> Any:
        await self._call(operation, seq_of_parameters, many=True)

    async def _call(self, operation: object, parameters: object, *, many: bool) -> None:
        connection: aiosqlite.Connection = self._connection  # type: ignore[assignment]
        async with self._adapt_connection._execute_mutex:
            outcome: Outcome = await connection._execute(  # type: ignore[no-untyped-call]
                _run, connection._conn, operation, parameters, many)
        self._description, rows, self._rowcount, self._lastrowid = outcome
        self._rows = collections.deque(rows)


class OneCallConnection(AsyncAdapt_aiosqlite_connection):
    """SQLAlchemy's aiosqlite connection, with :class:`OneCallCursor` cursors."""

    __slots__ = ()
    _cursor_cls = OneCallCursor  # type: ignore[assignment]  # SQLAlchemy types it exactly


class OneCallDBAPI(AsyncAdapt_aiosqlite_dbapi):
    """SQLAlchemy's aiosqlite DBAPI shim, making :class:`OneCallConnection` connections."""

    def connect(self, *arg: object, **kw: object) -> OneCallConnection:
        adapted = super().connect(*arg, **kw)
        return OneCallConnection(self, adapted._connection)


def dbapi() -> OneCallDBAPI:
    """The DBAPI module to give ``create_async_engine`` as ``module``."""
    return OneCallDBAPI(aiosqlite, sqlite3)
