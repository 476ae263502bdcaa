"""Checking a long chain fast: raw rows from the driver, in pages, hashed without records."""

from __future__ import annotations

import asyncio
import hashlib
import json
from collections import deque
from collections.abc import Sequence
from contextlib import AsyncExitStack
from datetime import datetime
from typing import Any

import orjson
from sqlalchemy.ext.asyncio import AsyncEngine

from nazh.adapters.storage.tables import as_utc
from nazh.application.log.chain import ChainChecker, ChainScan, EntryKind, LogEntry, chain_hash

# Nazh stores ``result`` in the canonical encoding a record's hash covers, so a row's canonical
# bytes are its fields around the stored text, unparsed: PostgreSQL builds and hashes them itself
# (two pages at once), SQLite through orjson. A row that does not match that way is re-checked with
# its result re-encoded, then by the reference encoding, before it is called altered: a fast path
# can cost time, never a wrong verdict. Pages of PAGE rows by seq range keep memory flat.
PAGE = 20_000
POSTGRES_CONNECTIONS = 2
"""Pages hashed at once by the PostgreSQL server."""
ANCHOR = EntryKind.ANCHOR.value
COLUMNS = ("seq, kind, prev_hash, hash, entry_id, roll_id, version, at, guild_id, user_id, "
           "notation, label, dc, private, result")
SQLITE_COLUMNS = COLUMNS.replace(", result", ", CAST(result AS TEXT)")
SQLITE_PAGE = (f"SELECT {SQLITE_COLUMNS} FROM roll_log WHERE channel_id = ? AND seq > ? "
               "AND seq <= ? ORDER BY seq")
POSTGRES_COLUMNS = COLUMNS.replace(
    ", at,", ", to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') AS at,").replace(
    ", result", ", result::text AS result")
"""The columns with the time as SQLite's UTC text and the result as its stored JSON text."""
POSTGRES_ROWS = (f"SELECT {POSTGRES_COLUMNS} FROM roll_log WHERE channel_id = $1 "
                 "AND seq = ANY($2::bigint[]) ORDER BY seq")
CANONICAL_SQL = (
    """'{"at":"' || to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS')"""
    """ || CASE WHEN date_part('microseconds', at)::int % 1000000 = 0 THEN ''"""
    """ ELSE to_char(at AT TIME ZONE 'UTC', '.US') END"""
    """ || '+00:00","channel_id":' || channel_id || ',"dc":' || coalesce(dc::text, 'null')"""
    """ || ',"entry_id":' || to_json(entry_id)::text"""
    """ || ',"guild_id":' || coalesce(guild_id::text, 'null')"""
    """ || ',"kind":' || to_json(kind)::text"""
    """ || ',"label":' || coalesce(to_json(label)::text, 'null')"""
    """ || ',"notation":' || to_json(notation)::text"""
    """ || ',"private":' || CASE WHEN private THEN 'true' ELSE 'false' END"""
    """ || ',"result":' || result::text || ',"roll_id":' || to_json(roll_id)::text"""
    """ || ',"user_id":' || user_id || ',"version":' || version || '}'"""
)
""":meth:`LogEntry.canonical` in SQL, the stored result text embedded as it is."""
POSTGRES_PAGE = (
    "SELECT seq, kind, prev_hash, hash, encode(sha256(convert_to(prev_hash || E'\\n' || "
    f"{CANONICAL_SQL}, 'UTF8')), 'hex') FROM roll_log WHERE channel_id = $1 AND seq > $2 "
    "AND seq <= $3 ORDER BY seq")
LAST_SEQ = 2**63 - 1
_SORTED = orjson.OPT_SORT_KEYS


async def scan_chain(engine: AsyncEngine, channel_id: int, *,
                     start: tuple[int, str] | None = None, upto_seq: int | None = None,
                     head: tuple[int, str] | None = None,
                     watch: frozenset[int] = frozenset()) -> ChainScan:
    """Check the channel's records after ``start`` up to ``upto_seq`` (None: all), and ``head``."""
    checker = ChainChecker(channel_id, start, watch)
    after = -1 if start is None else start[0]
    postgres = engine.dialect.name == "postgresql"
    async with engine.connect() as connection:
        raw = await connection.get_raw_connection()
        driver: Any = raw.driver_connection
        last = await _last_seq(driver, channel_id, postgres) if upto_seq is None else upto_seq
        if head is not None and upto_seq is None:
            last = max(last, head[0])
        ranges = [(low, min(low + PAGE, last)) for low in range(max(after, -1), last, PAGE)]
        if postgres:
            await _scan_postgres(engine, driver, checker, channel_id, ranges)
        else:
            for low, high in ranges:
                cursor = await driver.execute(SQLITE_PAGE, (channel_id, low, high))
                rows = await cursor.fetchall()
                await cursor.close()
                _feed(checker, channel_id, rows)
                if checker.broken:
                    break
    return checker.scan(head)


async def _last_seq(driver: Any, channel_id: int, postgres: bool) -> int:
    """The channel's last sequence number in the table (-1 when it has no record)."""
    if postgres:
        found = await driver.fetchval("SELECT max(seq) FROM roll_log WHERE channel_id = $1",
                                      channel_id)
    else:
        cursor = await driver.execute("SELECT max(seq) FROM roll_log WHERE channel_id = ?",
                                      (channel_id,))
        found = (await cursor.fetchone())[0]
        await cursor.close()
    return -1 if found is None else int(found)


async def _scan_postgres(engine: AsyncEngine, driver: Any, checker: ChainChecker,
                         channel_id: int, ranges: list[tuple[int, int]]) -> None:
    """Feed the pages in order, :data:`POSTGRES_CONNECTIONS` at once hashed by the server."""
    async with AsyncExitStack() as stack:
        drivers = [driver]
        for _ in range(min(POSTGRES_CONNECTIONS, len(ranges)) - 1):
            connection = await stack.enter_async_context(engine.connect())
            drivers.append((await connection.get_raw_connection()).driver_connection)
        pending: deque[tuple[Any, asyncio.Task[Any]]] = deque()
        queued = 0
        try:
            while not checker.broken:
                while queued < len(ranges) and len(pending) < len(drivers):
                    low, high = ranges[queued]
                    on = drivers[queued % len(drivers)]
                    pending.append((on, asyncio.ensure_future(
                        on.fetch(POSTGRES_PAGE, channel_id, low, high))))
                    queued += 1
                if not pending:
                    break
                on, fetching = pending.popleft()
                await _feed_hashed(checker, channel_id, await fetching, on)
        finally:
            for _, task in pending:
                task.cancel()
            await asyncio.gather(*(task for _, task in pending), return_exceptions=True)


async def _feed_hashed(checker: ChainChecker, channel_id: int, rows: Sequence[Any],
                       driver: Any) -> None:
    """Feed rows hashed by the server; re-check those that do not match with our encodings."""
    unmatched = [int(row[0]) for row in rows if row[1] != ANCHOR and row[3] != row[4]]
    rechecked: dict[int, bool] = {}
    if unmatched:
        for row in await driver.fetch(POSTGRES_ROWS, channel_id, unmatched):
            rechecked[int(row[0])] = _matches(channel_id, row)
    for row in rows:
        seq, kind, prev_hash, digest = row[0], row[1], row[2], row[3]
        anchor = kind == ANCHOR
        matches = anchor or row[4] == digest or rechecked.get(int(seq), False)
        if not checker.add(seq, anchor, prev_hash, digest, matches):
            return


def _feed(checker: ChainChecker, channel_id: int, rows: Sequence[Any]) -> None:
    sha256 = hashlib.sha256
    for row in rows:
        seq, kind, prev_hash, digest = row[0], row[1], row[2], row[3]
        if kind == ANCHOR:
            ok = checker.add(seq, True, prev_hash, digest, True)
        else:
            content = sha256(prev_hash.encode() + b"\n" + canonical(channel_id, row))
            matches = content.hexdigest() == digest or _matches(channel_id, row)
            ok = checker.add(seq, False, prev_hash, digest, matches)
        if not ok:
            return


def _matches(channel_id: int, row: Sequence[Any]) -> bool:
    """Whether the row's hash matches with its result re-encoded, else by the reference encoding."""
    digest = str(row[3])
    reencoded = hashlib.sha256(row[2].encode() + b"\n" + canonical(channel_id, row,
                                                                   reparse=True))
    return reencoded.hexdigest() == digest or _reference(channel_id, row) == digest


def canonical(channel_id: int, row: Sequence[Any], *, reparse: bool = False) -> bytes:
    """:meth:`LogEntry.canonical` of a raw row by orjson (``reparse``: its result re-encoded)."""
    (_, kind, _, _, entry_id, roll_id, version, at, guild_id, user_id, notation, label, dc,
     private, result) = row
    if isinstance(result, str):
        embedded: object = orjson.loads(result) if reparse else orjson.Fragment(result)
    else:
        embedded = result
    return orjson.dumps({
        "at": _iso(at), "channel_id": channel_id, "dc": dc, "entry_id": entry_id,
        "guild_id": guild_id, "kind": kind, "label": label, "notation": notation,
        "private": bool(private), "result": embedded, "roll_id": roll_id, "user_id": user_id,
        "version": version,
    }, option=_SORTED)


def _iso(at: datetime | str) -> str:
    """``at.isoformat()`` of the stored UTC time (SQLite's text; PostgreSQL is asked for it)."""
    if isinstance(at, datetime):
        return as_utc(at).isoformat()
    fraction = at[20:26]
    return (f"{at[:10]}T{at[11:19]}" + ("" if fraction in {"", "000000"} else f".{fraction}")
            + "+00:00")


def _reference(channel_id: int, row: Sequence[Any]) -> str:
    """The record's hash by the reference encoding (the slowest path)."""
    (_, kind, prev_hash, _, _, roll_id, version, at, guild_id, user_id, notation, label, dc,
     private, result) = row
    try:
        moment = at if isinstance(at, datetime) else datetime.fromisoformat(at)
        entry = LogEntry(roll_id=roll_id, version=version, kind=EntryKind(kind),
                         at=as_utc(moment), channel_id=channel_id, user_id=user_id,
                         notation=notation, label=label, dc=dc, private=bool(private),
                         result=json.loads(result) if isinstance(result, str) else result,
                         guild_id=guild_id)
        return chain_hash(prev_hash, entry, reference=True)
    except (ValueError, TypeError):
        return ""
