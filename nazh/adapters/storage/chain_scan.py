"""Checking a long chain fast: raw rows from the driver, in pages, hashed without building
records.

A record's hash covers its canonical JSON (:meth:`LogEntry.canonical`). Here that encoding is
made with orjson straight from the row, which gives the same bytes for every record Nazh
writes; when a record's hash does not match, the reference encoding is tried before the
record is called altered, so a difference between the two encoders can only cost time,
never give a wrong verdict. Rows are read through the driver (aiosqlite or asyncpg) without
SQLAlchemy's row processing, ``PAGE`` at a time, so memory stays flat on any chain length.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import orjson
from sqlalchemy.ext.asyncio import AsyncEngine

from nazh.adapters.storage.tables import as_utc
from nazh.application.roll_log import (
    ChainChecker,
    ChainScan,
    EntryKind,
    LogEntry,
    chain_hash,
)

PAGE = 20_000
ANCHOR = EntryKind.ANCHOR.value
COLUMNS = ("seq, kind, prev_hash, hash, entry_id, roll_id, version, at, guild_id, user_id, "
           "notation, label, dc, private, result")
SQLITE_PAGE = (f"SELECT {COLUMNS} FROM roll_log WHERE channel_id = ? AND seq > ? AND seq <= ? "
               "ORDER BY seq LIMIT ?")
POSTGRES_PAGE = (f"SELECT {COLUMNS} FROM roll_log WHERE channel_id = $1 AND seq > $2 "
                 "AND seq <= $3 ORDER BY seq LIMIT $4")
LAST_SEQ = 2**63 - 1
_SORTED = orjson.OPT_SORT_KEYS


async def scan_chain(engine: AsyncEngine, channel_id: int, *,
                     start: tuple[int, str] | None = None, upto_seq: int | None = None,
                     head: tuple[int, str] | None = None,
                     watch: frozenset[int] = frozenset()) -> ChainScan:
    """Check the channel's records after ``start`` (seq, hash; ``None``: from the start of
    the chain) up to ``upto_seq`` (``None``: all), and against ``head`` when given."""
    checker = ChainChecker(channel_id, start, watch)
    after = -1 if start is None else start[0]
    upto = LAST_SEQ if upto_seq is None else upto_seq
    postgres = engine.dialect.name == "postgresql"
    async with engine.connect() as connection:
        raw = await connection.get_raw_connection()
        driver: Any = raw.driver_connection
        while not checker.broken:
            if postgres:
                rows = await driver.fetch(POSTGRES_PAGE, channel_id, after, upto, PAGE)
            else:
                cursor = await driver.execute(SQLITE_PAGE, (channel_id, after, upto, PAGE))
                rows = await cursor.fetchall()
                await cursor.close()
            _feed(checker, channel_id, rows)
            if len(rows) < PAGE:
                break
            after = int(rows[-1][0])
    return checker.scan(head)


def _feed(checker: ChainChecker, channel_id: int, rows: Sequence[Any]) -> None:
    sha256 = hashlib.sha256
    for row in rows:
        seq, kind, prev_hash, digest = row[0], row[1], row[2], row[3]
        if kind == ANCHOR:
            ok = checker.add(seq, True, prev_hash, digest, True)
        else:
            content = sha256(prev_hash.encode() + b"\n" + canonical(channel_id, row))
            matches = content.hexdigest() == digest or _reference(channel_id, row) == digest
            ok = checker.add(seq, False, prev_hash, digest, matches)
        if not ok:
            return


def canonical(channel_id: int, row: Sequence[Any]) -> bytes:
    """:meth:`LogEntry.canonical` of a raw row, by orjson (the ``result`` column arrives as
    JSON text from both drivers)."""
    (_, kind, _, _, entry_id, roll_id, version, at, guild_id, user_id, notation, label, dc,
     private, result) = row
    return orjson.dumps({
        "at": _iso(at), "channel_id": channel_id, "dc": dc, "entry_id": entry_id,
        "guild_id": guild_id, "kind": kind, "label": label, "notation": notation,
        "private": bool(private), "result": orjson.loads(result) if isinstance(result, str)
        else result, "roll_id": roll_id, "user_id": user_id, "version": version,
    }, option=_SORTED)


def _iso(at: datetime | str) -> str:
    """``at.isoformat()`` of the stored UTC time (SQLite hands back its text,
    ``YYYY-MM-DD HH:MM:SS.ffffff``)."""
    if isinstance(at, datetime):
        return as_utc(at).isoformat()
    fraction = at[20:26]
    return (f"{at[:10]}T{at[11:19]}" + ("" if fraction in {"", "000000"} else f".{fraction}")
            + "+00:00")


def _reference(channel_id: int, row: Sequence[Any]) -> str:
    """The record's hash by the reference encoding (the slow path, for a mismatch)."""
    (_, kind, prev_hash, _, _, roll_id, version, at, guild_id, user_id, notation, label, dc,
     private, result) = row
    try:
        moment = at if isinstance(at, datetime) else datetime.fromisoformat(at)
        entry = LogEntry(roll_id=roll_id, version=version, kind=EntryKind(kind),
                         at=as_utc(moment), channel_id=channel_id, user_id=user_id,
                         notation=notation, label=label, dc=dc, private=bool(private),
                         result=json.loads(result) if isinstance(result, str) else result,
                         guild_id=guild_id)
        return chain_hash(prev_hash, entry)
    except (ValueError, TypeError):
        return ""
