"""Signed checkpoints make the three rewrites a hash chain alone cannot see detectable, on
SQLite and PostgreSQL: deleting the newest records and rewinding the head, editing a record and
recomputing every hash after it, and deleting the oldest records behind a made-up purge anchor.
Each verifies as intact without the checkpoints and is reported against them."""

from __future__ import annotations

from dataclasses import fields
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from nazh.adapters.crypto.ed25519 import Ed25519Signer, new_key, valid_signature
from nazh.adapters.storage.checkpoint_file import FileCheckpointSink, read_checkpoints
from nazh.adapters.storage.roll_log import SqlRollLog, anchor_row, record_row
from nazh.adapters.storage.tables import chain_heads, roll_log
from nazh.application.checkpoints.signed import (
    PURGE,
    Checkpoint,
    CheckpointedRetention,
    CheckpointJob,
    CheckpointSchedule,
    check_against,
    watched,
)
from nazh.application.log.chain import ChainedEntry, link, scan_records, verify_chain
from tests.adapters.storage.support import entry

CHANNEL = 1
NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.at = NOW

    def now(self) -> datetime:
        return self.at


async def checkpointed_log(engine: AsyncEngine, tmp_path: Path) -> tuple[SqlRollLog,
                                                                         CheckpointJob, Clock]:
    """30 rolls in one channel, a signed checkpoint every 10 records (at 10, 20 and 30)."""
    log, clock = SqlRollLog(engine), Clock()
    seed, _ = new_key()
    job = CheckpointJob(log, FileCheckpointSink(tmp_path / "checkpoints.jsonl"),
                        Ed25519Signer(seed), clock, CheckpointSchedule(every=10, minutes=60))
    for batch in range(3):
        await log.append([entry(f"r{batch}{n:08d}", channel=CHANNEL,
                                at=NOW + timedelta(minutes=batch * 10 + n))
                          for n in range(10)])
        clock.at += timedelta(minutes=10)
        assert await job.publish_due() == 1
    assert await job.publish_due() == 0  # nothing new
    return log, job, clock


async def verdicts(log: SqlRollLog, tmp_path: Path) -> tuple[bool, list[str]]:
    """Whether the chain alone verifies, and what the signed checkpoints say."""
    head = await log.head(CHANNEL)
    records = await log.chain(CHANNEL, upto_seq=None if head is None else head[0])
    signed = read_checkpoints(tmp_path / "checkpoints.jsonl")
    assert all(valid_signature(s.public_key, s.checkpoint.signed_content(), s.signature)
               for s in signed)
    points = [s.checkpoint for s in signed]
    reference = scan_records(CHANNEL, records, head, watch=watched(points))
    fast = await log.scan(CHANNEL, upto_seq=None if head is None else head[0], head=head,
                          watch=watched(points))
    assert fast == reference  # the raw-row scan and the reference rules agree
    assert verify_chain(CHANNEL, records, head) == reference.verdict
    return reference.verdict.intact, check_against(fast, head, points)


async def test_the_untouched_log_agrees_with_its_checkpoints(engine: AsyncEngine,
                                                             tmp_path: Path) -> None:
    log, _, _ = await checkpointed_log(engine, tmp_path)
    assert [s.checkpoint.seq for s in read_checkpoints(tmp_path / "checkpoints.jsonl")] == [
        10, 20, 30]
    assert await verdicts(log, tmp_path) == (True, [])


async def test_deleting_the_newest_records_and_rewinding_the_head(engine: AsyncEngine,
                                                                  tmp_path: Path) -> None:
    log, _, _ = await checkpointed_log(engine, tmp_path)
    async with engine.begin() as connection:
        kept = (await connection.execute(select(roll_log.c.hash).where(
            roll_log.c.channel_id == CHANNEL, roll_log.c.seq == 24))).scalar_one()
        await connection.execute(delete(roll_log).where(roll_log.c.seq > 24))
        await connection.execute(update(chain_heads).where(
            chain_heads.c.channel_id == CHANNEL).values(seq=24, hash=kept))
    intact, problems = await verdicts(log, tmp_path)
    assert intact  # the chain alone cannot tell
    assert problems == ["record #30 was checkpointed at 2026-11-23T12:30:00+00:00 but the "
                        "chain ends at #24 (records removed and the head rewound)"]


async def test_editing_a_record_and_recomputing_every_hash_after_it(engine: AsyncEngine,
                                                                    tmp_path: Path) -> None:
    log, _, _ = await checkpointed_log(engine, tmp_path)
    records = await log.chain(CHANNEL)
    forged = records[14].entry.__class__(**{
        **{field.name: getattr(records[14].entry, field.name)
           for field in fields(records[14].entry) if field.init},
        "notation": "1d20+20"})
    relinked = link([forged] + [r.entry for r in records[15:]], records[13].hash, 15)
    async with engine.begin() as connection:
        await connection.execute(delete(roll_log).where(roll_log.c.seq >= 15))
        await connection.execute(insert(roll_log), [record_row(r) for r in relinked])
        await connection.execute(update(chain_heads).where(
            chain_heads.c.channel_id == CHANNEL).values(seq=30, hash=relinked[-1].hash))
    intact, problems = await verdicts(log, tmp_path)
    assert intact
    assert problems == [
        "record #20 does not match its checkpoint of 2026-11-23T12:20:00+00:00 (history was "
        "rewritten)",
        "record #30 does not match its checkpoint of 2026-11-23T12:30:00+00:00 (history was "
        "rewritten)"]


async def test_deleting_the_oldest_records_behind_a_made_up_anchor(engine: AsyncEngine,
                                                                   tmp_path: Path) -> None:
    log, _, _ = await checkpointed_log(engine, tmp_path)
    records = await log.chain(CHANNEL)
    async with engine.begin() as connection:
        await connection.execute(delete(roll_log).where(roll_log.c.seq <= 12))
        await connection.execute(insert(roll_log), [anchor_row(records[11], NOW)])
    intact, problems = await verdicts(log, tmp_path)
    assert intact
    assert problems == ["records up to #12 were removed, but no signed purge left that anchor "
                        "(removed outside a purge)"]


async def test_a_real_purge_publishes_its_anchor_and_still_agrees(engine: AsyncEngine,
                                                                  tmp_path: Path) -> None:
    log, job, _ = await checkpointed_log(engine, tmp_path)
    removed = await CheckpointedRetention(log, job).purge_before(NOW + timedelta(minutes=12))
    assert removed == 12
    purges = [s.checkpoint for s in read_checkpoints(tmp_path / "checkpoints.jsonl")
              if s.checkpoint.kind == PURGE]
    assert [(p.channel_id, p.seq) for p in purges] == [(CHANNEL, 12)]
    assert await verdicts(log, tmp_path) == (True, [])


def test_a_checkpoint_beyond_an_empty_chain_is_reported() -> None:
    point = Checkpoint(CHANNEL, 5, "ab" * 32, NOW)
    records: list[ChainedEntry] = []
    assert check_against(scan_records(CHANNEL, records), None, [point]) == [
        "record #5 was checkpointed at 2026-11-23T12:00:00+00:00 but the chain ends at #0 "
        "(records removed and the head rewound)"]


def test_a_forged_signature_does_not_verify() -> None:
    seed, public = new_key()
    point = Checkpoint(CHANNEL, 5, "ab" * 32, NOW)
    signature = Ed25519Signer(seed).sign(point.signed_content())
    assert valid_signature(public, point.signed_content(), signature)
    moved = Checkpoint(CHANNEL, 6, "ab" * 32, NOW)
    assert not valid_signature(public, moved.signed_content(), signature)
    assert not valid_signature(public, point.signed_content(), "00" * 64)


async def test_each_chain_knows_its_server_even_purged_down_to_its_anchor(
        engine: AsyncEngine) -> None:
    log = SqlRollLog(engine)
    await log.append([entry("s1", channel=10, guild=900, at=NOW),
                      entry("s2", channel=10, guild=900, at=NOW + timedelta(minutes=1)),
                      entry("d1", channel=20, guild=None, at=NOW),
                      entry("o1", channel=30, guild=2**62, at=NOW)])
    assert await log.guilds_of([10, 20, 30, 40]) == {10: 900, 20: None, 30: 2**62}
    assert await log.guilds_of([]) == {}
    assert await log.purge_before(NOW + timedelta(hours=1)) == 4  # every record goes
    [anchor] = await log.chain(10)
    assert anchor.entry.guild_id == 900
    assert await log.guilds_of([10, 30]) == {10: 900, 30: 2**62}
    assert (await log.scan(10, head=await log.head(10))).verdict.intact
