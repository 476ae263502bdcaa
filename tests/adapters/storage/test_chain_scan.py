"""The fast chain scan on SQLite and PostgreSQL agrees with the reference rules: the server's
(or orjson's) encoding of the stored text gives the reference hash for awkward values, records
written before results were stored canonically still verify (and are still caught when
altered), and a chain of many pages, hashed two pages at a time on PostgreSQL, finds the first
broken record."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import text, update
from sqlalchemy.ext.asyncio import AsyncEngine

from nazh.adapters.storage import chain_scan
from nazh.adapters.storage.roll_log import SqlRollLog
from nazh.adapters.storage.tables import roll_log
from nazh.application.log.chain import LogEntry, scan_records
from tests.adapters.storage.support import T0, entry

CHANNEL = 100
AWKWARD_LABELS = ['say "hi"', "back\\slash", "line\nbreak\ttab", "bell\x01\x1f", "é ✓ 🎲",
                  "sep\u2028arator", "", None]


def awkward() -> list[LogEntry]:
    made = []
    for n, label in enumerate(AWKWARD_LABELS):
        record = entry(f"w{n:04d}", channel=CHANNEL, label=label, guild=None if n % 3 else 900,
                       at=T0 + timedelta(seconds=n, microseconds=0 if n % 2 else 12_345),
                       notation="a1d20+5, 2d6 \"quoted\"" if n == 2 else "a1d20+5")
        made.append(replace(record, dc=None) if n % 4 == 1 else record)
    return made


async def stored_text_hashes(engine: AsyncEngine) -> list[tuple[str, str]]:
    """(stored hash, hash of the record with its result's stored text embedded: by the
    server on PostgreSQL, by orjson on SQLite) for every record of the channel."""
    async with engine.connect() as connection:
        raw = await connection.get_raw_connection()
        driver = raw.driver_connection
        assert driver is not None
        if engine.dialect.name == "postgresql":
            rows = await driver.fetch(chain_scan.POSTGRES_PAGE, CHANNEL, -1, 10**9)
            return [(row[3], row[4]) for row in rows]
        cursor = await driver.execute(chain_scan.SQLITE_PAGE, (CHANNEL, -1, 10**9))
        rows = await cursor.fetchall()
        return [(row[3], hashlib.sha256(row[2].encode() + b"\n" + chain_scan.canonical(
            CHANNEL, row)).hexdigest()) for row in rows]


async def test_awkward_values_hash_like_the_reference_without_a_fallback(
        engine: AsyncEngine) -> None:
    log = SqlRollLog(engine)
    await log.append(awkward())
    head = await log.head(CHANNEL)
    records = await log.chain(CHANNEL)
    assert [r.entry.label for r in records] == AWKWARD_LABELS
    scanned = await log.scan(CHANNEL, head=head)
    assert scanned == scan_records(CHANNEL, records, head)
    assert scanned.verdict.intact
    assert scanned.verdict.checked == len(AWKWARD_LABELS)
    pairs = await stored_text_hashes(engine)
    assert len(pairs) == len(AWKWARD_LABELS)
    assert [computed for _, computed in pairs] == [stored for stored, _ in pairs]


async def rewrite_results_as_before(engine: AsyncEngine) -> None:
    """Store every result as the earlier release did: json.dumps' default spacing, keys in
    insertion order (the hash, over the canonical encoding, is unchanged)."""
    async with engine.begin() as connection:
        rows = (await connection.execute(text(
            "SELECT seq, result FROM roll_log WHERE channel_id = :c"), {"c": CHANNEL})).all()
        for seq, result in rows:
            value = result if isinstance(result, dict) else json.loads(result)
            shuffled = dict(reversed(list(value.items())))
            old_text = json.dumps(shuffled)
            cast = "CAST(:r AS JSON)" if engine.dialect.name == "postgresql" else ":r"
            await connection.execute(text(
                f"UPDATE roll_log SET result = {cast} WHERE channel_id = :c AND seq = :s"),
                {"r": old_text, "c": CHANNEL, "s": seq})


async def test_records_stored_before_canonical_results_still_verify_and_are_still_caught(
        engine: AsyncEngine) -> None:
    log = SqlRollLog(engine)
    await log.append(awkward())
    await rewrite_results_as_before(engine)
    pairs = await stored_text_hashes(engine)
    assert len(pairs) == len(AWKWARD_LABELS)
    assert all(stored != computed for stored, computed in pairs)  # the slower paths decide
    head = await log.head(CHANNEL)
    scanned = await log.scan(CHANNEL, head=head)
    assert scanned.verdict.intact
    assert scanned.verdict.checked == len(AWKWARD_LABELS)
    async with engine.begin() as connection:
        await connection.execute(update(roll_log).where(roll_log.c.seq == 4)
                                 .values(user_id=666))
    broken = await log.scan(CHANNEL, head=head)
    assert broken == scan_records(CHANNEL, await log.chain(CHANNEL), head)
    assert not broken.verdict.intact
    assert broken.verdict.broken_at == 4


async def test_many_pages_two_at_a_time_find_the_first_broken_record(
        engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(chain_scan, "PAGE", 7)
    log = SqlRollLog(engine)
    for first in range(0, 100, 25):
        await log.append([entry(f"p{n:04d}", channel=CHANNEL, at=T0 + timedelta(seconds=n))
                          for n in range(first, first + 25)])
    head = await log.head(CHANNEL)
    whole = await log.scan(CHANNEL, head=head)
    assert whole.verdict.intact
    assert whole.verdict.checked == 100
    assert await log.scan(CHANNEL, upto_seq=30) == scan_records(
        CHANNEL, await log.chain(CHANNEL, upto_seq=30))
    async with engine.begin() as connection:
        await connection.execute(update(roll_log).where(roll_log.c.seq.in_([38, 80]))
                                 .values(label="forged"))
    broken = await log.scan(CHANNEL, head=head)
    assert broken == scan_records(CHANNEL, await log.chain(CHANNEL), head)
    assert broken.verdict.broken_at == 38
    async with engine.begin() as connection:
        await connection.execute(roll_log.delete().where(roll_log.c.seq == 90))
    records = await log.chain(CHANNEL)
    start = (80, records[79].hash)
    gap = await log.scan(CHANNEL, start=start, head=head)
    assert gap == scan_records(CHANNEL, records[80:], head, start=start)
    assert gap.verdict.problem == "sequence jumps from 89 to 91 (a record is missing)"
