"""The least a dice bot on Nazh's stack does for a roll it must keep: the ``durable`` floor
of ``benchmarks/floor_bot.py``.

A lightbulb ``/roll`` command that rolls four dice (two d20 and two d6, from ``secrets``, as
``a1d20+5, 2d6+3`` does), answers with one embed (a title, the dice and the totals) and one
row of two buttons, and keeps the roll as Nazh's contract asks, none of it Nazh's code:

- before the answer, the roll's record is appended to a local file opened with ``O_DSYNC``
  (each write returns once it is on the disk), many records per write (a group commit on the
  event loop's thread, as Nazh's journal does while the disk is quick, with the same commit
  delay: a write that follows another within 50 ms waits up to 20 ms for more records, until
  four wait);
- behind the answer, every second (Nazh's writer's window), the records that arrived are
  hash-chained per channel (SHA-256 over the previous hash and the record) and inserted into
  one SQLite table in one transaction, with aiosqlite alone (two calls on its thread per
  batch).

The windows are Nazh's own defaults (``WriterPolicy``), copied here as numbers, not imported:
``tests/benchmarks/test_durable_floor.py`` holds them equal.

Left out, so the floor stays below any real bot's: parsing notation, checking input, limits
and admission, server settings, the amend and spend rules, statistics, metrics and logs, the
message built by hikari's builders (the body is a dict encoded by orjson), and recovery.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import os
import secrets
import time
from datetime import UTC, datetime
from pathlib import Path

import aiosqlite
import orjson

GATHER = 1.0
"""Seconds of records per database transaction (Nazh's writer's window)."""
COMMIT_DELAY = 0.02
COMMIT_BATCH = 4
BUSY = 0.05
"""A journal write that follows another within ``BUSY`` seconds first waits up to
``COMMIT_DELAY`` for more records, until ``COMMIT_BATCH`` wait (Nazh's
``WriterPolicy.journal_gather``, ``journal_batch`` and ``journal_busy``)."""
GENESIS = "0" * 64
TABLE = ("CREATE TABLE IF NOT EXISTS roll_log (channel_id INTEGER NOT NULL, seq INTEGER NOT "
         "NULL, roll_id TEXT NOT NULL UNIQUE, record TEXT NOT NULL, prev_hash TEXT NOT NULL, "
         "hash TEXT NOT NULL, PRIMARY KEY (channel_id, seq))")
INSERT = ("INSERT INTO roll_log (channel_id, seq, roll_id, record, prev_hash, hash) "
          "VALUES (?, ?, ?, ?, ?, ?)")


class GroupJournal:
    """An append-only file written synchronously (``O_DSYNC``, as Nazh's journal):
    :meth:`keep` returns once the record is on the disk; every record waiting when a write
    starts goes in that write. The same group commit as Nazh's writer, written again on
    purpose: the floor is built from the stack alone, so no change to Nazh moves it."""

    def __init__(self, path: Path) -> None:
        self._fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_CLOEXEC
                           | os.O_DSYNC, 0o600)
        self._pending: list[tuple[bytes, asyncio.Future[None]]] = []
        self._wakeup = asyncio.Event()
        self._written_at = float("-inf")
        self._delaying = False

    async def keep(self, line: bytes) -> None:
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._pending.append((line, future))
        if not self._delaying or len(self._pending) >= COMMIT_BATCH:
            self._wakeup.set()
        await future

    async def run(self) -> None:
        while True:
            if not self._pending:
                self._wakeup.clear()
                await self._wakeup.wait()
                continue
            began = time.monotonic()
            if began - self._written_at < BUSY and len(self._pending) < COMMIT_BATCH:
                self._wakeup.clear()
                self._delaying = True
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(COMMIT_DELAY):
                        await self._wakeup.wait()
                self._delaying = False
                began = time.monotonic()
            self._written_at = began
            batch, self._pending = self._pending, []
            os.write(self._fd, b"".join(line for line, _ in batch))  # on the disk (O_DSYNC)
            for _, future in batch:
                future.set_result(None)


class ChainedLog:
    """Records hash-chained per channel and inserted in batches of :data:`GATHER` seconds."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._queue: list[tuple[int, str, bytes]] = []
        self._heads: dict[int, tuple[int, str]] = {}

    def add(self, channel_id: int, roll_id: str, record: bytes) -> None:
        self._queue.append((channel_id, roll_id, record))

    async def run(self) -> None:
        async with aiosqlite.connect(self._path) as db:
            await db.executescript("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                                   + TABLE)
            while True:
                await asyncio.sleep(GATHER)
                if not self._queue:
                    continue
                batch, self._queue = self._queue, []
                rows = []
                for channel_id, roll_id, record in batch:
                    seq, prev = self._heads.get(channel_id, (0, GENESIS))
                    digest = hashlib.sha256(prev.encode() + b"\n" + record).hexdigest()
                    rows.append((channel_id, seq + 1, roll_id, record.decode(), prev, digest))
                    self._heads[channel_id] = (seq + 1, digest)
                await db.executemany(INSERT, rows)
                await db.commit()


class DurableRoller:
    """The ``durable`` floor's work for one interaction: the body of its answer, once the
    roll is kept (see the module doc)."""

    def __init__(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self._journal = GroupJournal(directory / "floor.journal")
        self._log = ChainedLog(directory / "floor.sqlite3")
        self._tasks: list[asyncio.Task[None]] = []

    def start(self) -> None:
        self._tasks = [asyncio.create_task(self._journal.run()),
                       asyncio.create_task(self._log.run())]

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    async def answer(self, channel_id: int, user_id: int, pool: str) -> bytes:
        d20 = [secrets.randbelow(20) + 1, secrets.randbelow(20) + 1]
        d6 = [secrets.randbelow(6) + 1, secrets.randbelow(6) + 1]
        totals = [max(d20) + 5, sum(d6) + 3]
        roll_id = secrets.token_hex(5)
        record = orjson.dumps({
            "roll_id": roll_id, "at": datetime.now(UTC).isoformat(), "channel_id": channel_id,
            "user_id": user_id, "notation": pool, "dice": [d20, d6], "totals": totals,
        }, option=orjson.OPT_SORT_KEYS)
        await self._journal.keep(record + b"\n")
        self._log.add(channel_id, roll_id, record)
        return orjson.dumps({"type": 4, "data": {
            "embeds": [{"title": f"Roll: {pool}", "color": 0x3B82F6,
                        "description": f"**{totals[0]}** · **{totals[1]}**",
                        "fields": [{"name": "1d20+5 (advantage)", "value": f"{d20} + 5",
                                    "inline": True},
                                   {"name": "2d6+3", "value": f"{d6} + 3", "inline": True}]}],
            "components": [{"type": 1, "components": [
                {"type": 2, "style": 2, "label": "Add Plot Die",
                 "custom_id": f"plot:{roll_id}"},
                {"type": 2, "style": 2, "label": "Reroll", "custom_id": f"again:{roll_id}"},
            ]}],
        }})
