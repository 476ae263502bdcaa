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

An ``executemany`` of an ``INSERT`` (an upsert too) runs as a few statements of many rows
each (``VALUES (?, ?), (?, ?), ...``; see :func:`multirow_plan`, built on the loop's thread)
instead of one step per row: the ``sqlite3`` module lets go of the interpreter lock around
every step, and while the event loop is busy each step waits to take it back. A batch of the
roll log and its statistics is about twenty rows a roll: at 300 rolls a second that was
about ten hand-overs of the lock per roll (``futex`` calls, three times as many as with the
plans) and 3-4% of the bot's CPU. The rows, their order and what each does are the same:
SQLite applies a statement's rows one after the other, each conflict against the rows before
it. Such a statement keeps a statement journal (to undo itself alone); the connection keeps
it in memory (``temp_store=MEMORY``, :mod:`.database`), not in a temporary file.

Used through ``create_async_engine(..., module=dbapi())`` (see :mod:`.database`): the URL stays
``sqlite+aiosqlite://``.
"""

from __future__ import annotations

import collections
import re
import sqlite3
from collections.abc import Sequence
from functools import lru_cache
from itertools import chain
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


Plan = list[tuple[str, list[object]]]
"""Statements to run in order, each with its parameters (see :func:`multirow_plan`)."""

MAX_VARIABLES = 999
"""The most parameters one statement of a plan takes: SQLite's limit before 3.32 (later ones
take far more; a few statements more per batch cost nothing next to a step per row)."""
ROWS_PER_STATEMENT = (256, 64, 16, 4, 1)
"""The row counts a plan's statements take (within :data:`MAX_VARIABLES`): few distinct
statements, so SQLite's prepared statement cache keeps them."""
_ROW_TYPES = frozenset({tuple, list})
"""The types a plan's row may have (a subclass, e.g. a named tuple, runs as ``executemany``)."""
_ONE_ROW_INSERT = re.compile(r"(INSERT\b[^?]*?\bVALUES\s*)(\((?:\s*\?\s*,)*\s*\?\s*\))([^?]*)",
                             re.IGNORECASE | re.DOTALL)


@lru_cache(maxsize=256)
def _one_row_insert(operation: str) -> tuple[str, str, str, int] | None:
    """``operation``'s head, row of placeholders, tail and width when it is an ``INSERT`` of
    one row of ``?`` placeholders and nothing else takes a parameter or gives rows back."""
    match = _ONE_ROW_INSERT.fullmatch(operation)
    if match is None or re.search(r"\bRETURNING\b", match.group(3), re.IGNORECASE):
        return None
    head, row, tail = match.groups()
    return head, row, tail, row.count("?")


@lru_cache(maxsize=512)
def _rows_statement(form: tuple[str, str, str, int], rows: int) -> str:
    """An :func:`_one_row_insert` ``form`` taking ``rows`` rows."""
    head, row, tail, _ = form
    return f"{head}{', '.join([row] * rows)}{tail}"


def multirow_plan(operation: object, parameters: object) -> Plan | None:
    """An ``executemany`` of ``operation`` as statements of many rows each, in order: ``None``
    when ``operation`` is not an ``INSERT`` of one row of positional placeholders (anything
    else runs as ``executemany``) or the rows are not sequences of that width."""
    form = _one_row_insert(operation) if isinstance(operation, str) else None
    if form is None or not isinstance(parameters, Sequence) or not parameters:
        return None
    width = form[3]
    # every row a tuple or list of that width (checked by the types and lengths present: a
    # batch of the log's statistics is a few thousand rows, a generator per row cost more)
    if not set(map(type, parameters)) <= _ROW_TYPES or set(map(len, parameters)) != {width}:
        return None
    plan: Plan = []
    start, left = 0, len(parameters)
    for size in ROWS_PER_STATEMENT:
        if size * width > MAX_VARIABLES:
            continue
        while left >= size:
            plan.append((_rows_statement(form, size),
                         list(chain.from_iterable(parameters[start:start + size]))))
            start += size
            left -= size
    return plan


def _run_plan(connection: sqlite3.Connection, plan: Plan) -> Outcome:
    """A plan's statements on the connection's thread: their row count, summed as
    ``executemany`` sums it."""
    cursor = connection.cursor()
    try:
        count = 0
        for statement, values in plan:
            cursor.execute(statement, values)
            count += cursor.rowcount
        return None, [], count, None
    finally:
        cursor.close()


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
        plan = multirow_plan(operation, parameters) if many else None
        async with self._adapt_connection._execute_mutex:
            if plan is not None:
                outcome: Outcome = await connection._execute(  # type: ignore[no-untyped-call]
                    _run_plan, connection._conn, plan)
            else:
                outcome = await connection._execute(  # type: ignore[no-untyped-call]
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
