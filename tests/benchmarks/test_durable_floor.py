"""The load benchmark's durable floor does the work it claims: each roll in the file before
its answer, every record hash-chained into SQLite, an answer Discord accepts."""

from __future__ import annotations

import asyncio
import hashlib
import os
import sqlite3
from pathlib import Path

import orjson
import pytest

from benchmarks import durable_floor
from benchmarks.durable_floor import GENESIS, DurableRoller, GroupJournal
from nazh.application.log.writer import WriterPolicy
from tests.e2e.fake_discord.spec import validate_request
from tests.waiting import until

CALLBACK = "/interactions/1/token/callback"


async def test_a_record_is_in_the_file_when_keep_returns_and_a_burst_shares_writes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    writes: list[int] = []
    real_write = os.write

    def write(fd: int, data: bytes) -> int:
        writes.append(fd)
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", write)
    monkeypatch.setattr(durable_floor, "COMMIT_DELAY", 1.0)  # a wide margin for a slow machine
    path = tmp_path / "floor.journal"
    journal = GroupJournal(path)
    opened = [int(fd.name) for fd in Path("/proc/self/fd").iterdir()
              if fd.resolve() == path.resolve()]
    assert len(opened) == 1
    fdinfo = Path(f"/proc/self/fdinfo/{opened[0]}").read_text()
    flags = int(next(line.split()[1] for line in fdinfo.splitlines()
                     if line.startswith("flags:")), 8)
    assert flags & os.O_DSYNC == os.O_DSYNC  # each write returns once it is on the disk
    task = asyncio.create_task(journal.run())
    try:
        await journal.keep(b"first\n")
        assert path.read_bytes() == b"first\n"
        assert writes.count(opened[0]) == 1
        await asyncio.gather(*(journal.keep(f"{n}\n".encode()) for n in range(20)))
        assert path.read_bytes().splitlines() == [b"first", *(str(n).encode()
                                                               for n in range(20))]
        assert writes.count(opened[0]) == 2  # the twenty waited together: one write
        kept = [asyncio.create_task(journal.keep(b"late 0\n"))]  # right after a write
        await until(lambda: journal._pending, what="the record waiting for more to join it")
        kept += [asyncio.create_task(journal.keep(f"late {n}\n".encode())) for n in (1, 2)]
        await asyncio.gather(*kept)
        assert writes.count(opened[0]) == 3  # the three waited for each other
        assert path.read_bytes().splitlines()[-3:] == [b"late 0", b"late 1", b"late 2"]
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)


async def test_every_roll_is_chained_into_sqlite_per_channel_and_answered_validly(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(durable_floor, "GATHER", 0.01)
    roller = DurableRoller(tmp_path)
    roller.start()
    try:
        await check_the_rolls(roller, tmp_path)
    finally:
        await roller.stop()


async def check_the_rolls(roller: DurableRoller, tmp_path: Path) -> None:
    bodies = [await roller.answer(channel, 7, "a1d20+5, 2d6+3")
              for channel in (10, 20, 10, 10, 20)]
    for body in bodies:
        answer = orjson.loads(body)
        assert validate_request("POST", CALLBACK, answer) == []
        assert answer["data"]["components"][0]["components"][0]["custom_id"].startswith("plot:")
    journal = (tmp_path / "floor.journal").read_bytes().splitlines()
    assert len(journal) == 5

    def rows() -> list[tuple[int, int, str, str, str]]:
        with sqlite3.connect(tmp_path / "floor.sqlite3") as db:
            try:
                return db.execute("SELECT channel_id, seq, record, prev_hash, hash FROM roll_log "
                                  "ORDER BY channel_id, seq").fetchall()
            except sqlite3.OperationalError:  # the table is not made yet
                return []

    await until(lambda: len(rows()) == 5)
    for channel, count in ((10, 3), (20, 2)):
        chain = [row for row in rows() if row[0] == channel]
        assert [row[1] for row in chain] == list(range(1, count + 1))
        previous = GENESIS
        for _, _, record, prev_hash, digest in chain:
            assert prev_hash == previous
            assert digest == hashlib.sha256(prev_hash.encode() + b"\n"
                                            + record.encode()).hexdigest()
            assert record.encode() in journal
            previous = digest


def test_its_windows_are_nazhs_writers_defaults() -> None:
    policy = WriterPolicy()
    assert policy.gather == durable_floor.GATHER
    assert policy.journal_gather == durable_floor.COMMIT_DELAY
    assert policy.journal_batch == durable_floor.COMMIT_BATCH
    assert policy.journal_busy == durable_floor.BUSY
