"""The SQL roll log: appends chained per channel and idempotent, verification that finds
tampering, the /history query, trails and purges that keep chains verifiable."""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import replace
from datetime import timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import Table, delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from nazh.adapters.storage import database as database_module
from nazh.adapters.storage.database import VALUES_PER_CALL, create_engine
from nazh.adapters.storage.migrations import upgrade_database
from nazh.adapters.storage.roll_log import PREPARED_PER_TURN, SqlRollLog
from nazh.adapters.storage.stats import COLUMNS
from nazh.adapters.storage.tables import chain_heads, roll_heads, roll_log
from nazh.application.log.chain import (
    GENESIS_HASH,
    ChainedEntry,
    EntryKind,
    LogEntry,
    link,
    verify_chain,
)
from nazh.application.log.writer import LogWriter, WriterPolicy
from nazh.application.stats.dice_stats import Tallier
from tests.adapters.storage.conftest import POSTGRES_OFF
from tests.adapters.storage.support import T0, entry, postgres_admin_url, rolls, scratch_postgres


def ids(records: list[ChainedEntry]) -> list[str]:
    return [record.entry.entry_id for record in records]


async def stored_count(engine: AsyncEngine) -> tuple[int, int]:
    """Rows in the log, and distinct entry ids among them."""
    async with engine.connect() as connection:
        result = await connection.execute(
            select(func.count(), func.count(roll_log.c.entry_id.distinct())))
        total, distinct = result.one()
        return int(total), int(distinct)


# -- append ----------------------------------------------------------------------------------


async def test_records_are_chained_per_channel_in_order(log: SqlRollLog) -> None:
    first, second = rolls(3, channel=1), rolls(2, channel=2, prefix="s")
    await log.append([first[0], second[0], first[1], second[1], first[2]])
    assert await log.channels() == [1, 2]
    assert await log.chain(1) == link(first, GENESIS_HASH, 1)
    assert await log.chain(2) == link(second, GENESIS_HASH, 1)


async def test_later_batches_continue_the_chain(log: SqlRollLog) -> None:
    records = rolls(5)
    await log.append(records[:2])
    await log.append(records[2:])
    assert await log.chain(100) == link(records, GENESIS_HASH, 1)
    assert verify_chain(100, await log.chain(100)).intact


async def test_every_field_round_trips(log: SqlRollLog) -> None:
    original = entry("k3v9x0q2md", label="Stealth ✦ «ombre»", guild=None, private=True,
                     at=T0.replace(microsecond=123456))
    await log.append([original])
    [stored] = await log.trail("k3v9x0q2md")
    assert stored.entry == original
    assert stored.entry.at.tzinfo is not None


async def test_times_in_other_zones_are_stored_in_utc_and_still_verify(log: SqlRollLog) -> None:
    local = entry("zoned", at=T0.astimezone(timezone(timedelta(hours=-5))))
    await log.append([local])
    [stored] = await log.chain(100)
    assert stored.entry.at == T0
    assert stored.entry.at.utcoffset() == timedelta(0)
    assert verify_chain(100, [stored]).intact


async def test_an_empty_batch_does_nothing(log: SqlRollLog, engine: AsyncEngine) -> None:
    await log.append([])
    assert await log.channels() == []
    assert await stored_count(engine) == (0, 0)


async def test_a_retried_batch_writes_nothing_twice(log: SqlRollLog,
                                                    engine: AsyncEngine) -> None:
    records = rolls(6)
    await log.append(records[:4])
    await log.append(records[:4])  # the whole batch again (a lost acknowledgement)
    await log.append(records[2:])  # overlapping
    assert await stored_count(engine) == (6, 6)
    assert await log.chain(100) == link(records, GENESIS_HASH, 1)


async def test_a_record_twice_in_one_batch_is_stored_once(log: SqlRollLog,
                                                          engine: AsyncEngine) -> None:
    one, two = rolls(2)
    await log.append([one, two, one])
    assert ids(await log.chain(100)) == ["r0000.1", "r0001.1"]
    assert await stored_count(engine) == (2, 2)


async def test_the_writer_retrying_after_a_lost_acknowledgement_writes_once(
        log: SqlRollLog, engine: AsyncEngine) -> None:
    class LostAcknowledgement:
        """Commits the first batch, then fails as if the connection dropped before the reply."""

        def __init__(self) -> None:
            self.calls = 0

        async def append(self, entries: Sequence[LogEntry]) -> None:
            self.calls += 1
            await log.append(entries)
            if self.calls == 1:
                raise ConnectionResetError("connection lost after commit")

        async def sync(self) -> bool:
            return await log.sync()

    target = LostAcknowledgement()
    writer = LogWriter(target, WriterPolicy(batch_size=10, retry_initial=0.01))
    writer.start()
    for record in rolls(25):
        await writer.keep(record)
    assert await writer.flush(10)
    await writer.close()
    assert target.calls > 1
    assert await stored_count(engine) == (25, 25)
    assert verify_chain(100, await log.chain(100)).intact


async def test_concurrent_appenders_keep_one_linear_chain(database_url: str,
                                                          engine: AsyncEngine) -> None:
    engines = [create_engine(database_url) for _ in range(2)]
    try:
        logs = [SqlRollLog(other) for other in engines]
        batches = [rolls(5, prefix=f"p{n:02d}x") for n in range(12)]
        await asyncio.gather(*(logs[n % 2].append(b) for n, b in enumerate(batches)))
    finally:
        for other in engines:
            await other.dispose()
    chain = await SqlRollLog(engine).chain(100)
    assert [record.seq for record in chain] == list(range(1, 61))
    assert verify_chain(100, chain).intact


# -- verification ----------------------------------------------------------------------------


async def test_an_untouched_log_verifies(log: SqlRollLog) -> None:
    await log.append(rolls(10, channel=1) + rolls(3, channel=2, prefix="s"))
    verdicts = [verify_chain(c, await log.chain(c)) for c in await log.channels()]
    assert [(v.channel_id, v.checked, v.intact) for v in verdicts] == [(1, 10, True),
                                                                       (2, 3, True)]


async def test_a_record_altered_in_the_database_breaks_the_chain_there(
        log: SqlRollLog, engine: AsyncEngine) -> None:
    await log.append(rolls(10))
    async with engine.begin() as connection:
        await connection.execute(update(roll_log).where(roll_log.c.seq == 6)
                                 .values(notation="1d20+30"))
    verdict = verify_chain(100, await log.chain(100))
    assert not verdict.intact
    assert verdict.broken_at == 6
    assert verdict.checked == 5
    assert "altered" in (verdict.problem or "")


async def test_an_altered_result_breaks_the_chain(log: SqlRollLog, engine: AsyncEngine) -> None:
    await log.append(rolls(4))
    [third] = [r for r in await log.chain(100) if r.seq == 3]
    forged = {**third.entry.result, "pools": [{**third.entry.result["pools"][0], "total": 20}]}
    async with engine.begin() as connection:
        await connection.execute(update(roll_log).where(roll_log.c.seq == 3)
                                 .values(result=forged))
    assert verify_chain(100, await log.chain(100)).broken_at == 3


async def test_a_record_removed_from_the_middle_breaks_the_chain(
        log: SqlRollLog, engine: AsyncEngine) -> None:
    await log.append(rolls(10))
    async with engine.begin() as connection:
        await connection.execute(delete(roll_log).where(roll_log.c.seq == 4))
    verdict = verify_chain(100, await log.chain(100))
    assert (verdict.intact, verdict.broken_at) == (False, 5)
    assert "missing" in (verdict.problem or "")


async def test_records_removed_from_the_end_are_found_against_the_head(
        log: SqlRollLog, engine: AsyncEngine) -> None:
    await log.append(rolls(10))
    head = await log.head(100)
    assert head is not None
    assert head[0] == 10
    assert verify_chain(100, await log.chain(100), head).intact
    async with engine.begin() as connection:
        await connection.execute(delete(roll_log).where(roll_log.c.seq >= 9))
    assert verify_chain(100, await log.chain(100)).intact  # the records alone cannot tell
    verdict = verify_chain(100, await log.chain(100), await log.head(100))
    assert (verdict.intact, verdict.broken_at) == (False, 8)
    assert "removed from the end" in (verdict.problem or "")
    assert await log.head(999) is None


async def test_a_purged_channel_still_matches_its_head(log: SqlRollLog) -> None:
    await log.append(rolls(3))
    await log.purge_before(T0 + timedelta(days=1))
    assert verify_chain(100, await log.chain(100), await log.head(100)).intact


async def test_the_chain_can_be_read_up_to_a_record(log: SqlRollLog) -> None:
    await log.append(rolls(10))
    assert [r.seq for r in await log.chain(100, upto_seq=4)] == [1, 2, 3, 4]
    assert await log.chain(999) == []


# -- history ---------------------------------------------------------------------------------


async def seed_table(log: SqlRollLog) -> None:
    """Channel 100: alice (1) and bob (2), one private roll each, one amended roll; channel
    200 has one roll."""
    await log.append([
        entry("a-pub-1", user=1, at=T0),
        entry("b-priv", user=2, private=True, at=T0 + timedelta(minutes=1)),
        entry("a-priv", user=1, private=True, at=T0 + timedelta(minutes=2)),
        entry("b-pub", user=2, at=T0 + timedelta(minutes=3)),
        entry("other", channel=200, user=1, at=T0 + timedelta(minutes=4)),
        entry("a-pub-2", user=1, at=T0 + timedelta(minutes=5)),
    ])
    await log.append([entry("a-pub-1", user=1, version=2, total=25, at=T0)])


async def history_ids(log: SqlRollLog, **query: int) -> list[str]:
    viewer = query.pop("viewer_id")
    return ids(await log.recent(100, viewer_id=viewer, **query))


async def test_history_shows_public_rolls_and_the_viewers_private_ones(log: SqlRollLog) -> None:
    await seed_table(log)
    assert await history_ids(log, viewer_id=1) == ["a-pub-2.1", "b-pub.1", "a-priv.1",
                                                   "a-pub-1.2"]
    assert await history_ids(log, viewer_id=2) == ["a-pub-2.1", "b-pub.1", "b-priv.1",
                                                   "a-pub-1.2"]
    assert await history_ids(log, viewer_id=3) == ["a-pub-2.1", "b-pub.1", "a-pub-1.2"]


async def test_history_shows_the_latest_record_of_each_roll_in_roll_order(
        log: SqlRollLog) -> None:
    await seed_table(log)
    [oldest] = [r for r in await log.recent(100, viewer_id=3) if r.entry.roll_id == "a-pub-1"]
    assert oldest.entry.version == 2
    assert oldest.entry.result["pools"][0]["total"] == 25


async def test_history_filters_by_roller(log: SqlRollLog) -> None:
    await seed_table(log)
    assert await history_ids(log, viewer_id=3, user_id=1) == ["a-pub-2.1", "a-pub-1.2"]
    assert await history_ids(log, viewer_id=1, user_id=1) == ["a-pub-2.1", "a-priv.1",
                                                              "a-pub-1.2"]
    assert await history_ids(log, viewer_id=1, user_id=2) == ["b-pub.1"]


async def test_history_pages_with_limit_and_offset(log: SqlRollLog) -> None:
    await log.append(rolls(30))
    first = await history_ids(log, viewer_id=7, limit=10)
    second = await history_ids(log, viewer_id=7, limit=10, offset=10)
    assert first == [f"r{i:04d}.1" for i in range(29, 19, -1)]
    assert second == [f"r{i:04d}.1" for i in range(19, 9, -1)]
    assert await history_ids(log, viewer_id=7, limit=10, offset=30) == []
    assert await history_ids(log, viewer_id=7, limit=0) == []


async def test_history_is_per_channel(log: SqlRollLog) -> None:
    await seed_table(log)
    assert ids(await log.recent(200, viewer_id=3)) == ["other.1"]
    assert await log.recent(300, viewer_id=3) == []


# -- trail -----------------------------------------------------------------------------------


async def test_a_trail_lists_every_version_oldest_first(log: SqlRollLog) -> None:
    await log.append([entry("amended"), *rolls(3)])
    await log.append([entry("amended", version=2), *rolls(2, prefix="x")])
    await log.append([entry("amended", version=3, kind=EntryKind.PLOT_CHOSEN)])
    trail = await log.trail("amended")
    assert [r.entry.version for r in trail] == [1, 2, 3]
    assert [r.seq for r in trail] == sorted(r.seq for r in trail)
    assert await log.trail("unknown") == []


# -- purge -----------------------------------------------------------------------------------


async def test_a_purge_keeps_the_chain_verifiable_with_an_anchor(log: SqlRollLog) -> None:
    records = rolls(10)  # r0000 at T0 ... r0009 at T0 + 9 min
    await log.append(records)
    before = await log.chain(100)
    assert await log.purge_before(T0 + timedelta(minutes=4)) == 4
    chain = await log.chain(100)
    anchor = chain[0]
    assert anchor.entry.kind is EntryKind.ANCHOR
    assert (anchor.seq, anchor.hash, anchor.prev_hash) == (4, before[3].hash, before[3].prev_hash)
    assert chain[1:] == before[4:]
    assert verify_chain(100, chain).intact


async def test_retained_rolls_keep_their_trail_and_history(log: SqlRollLog) -> None:
    await log.append(rolls(6))
    await log.append([entry("r0001", version=2, total=29)])  # an old roll, amended later
    await log.purge_before(T0 + timedelta(minutes=3))
    assert await log.trail("r0000") == []
    assert [r.entry.version for r in await log.trail("r0001")] == [2]
    assert await history_ids(log, viewer_id=7) == ["r0005.1", "r0004.1", "r0003.1", "r0001.2"]


async def test_purging_again_moves_the_anchor_and_appends_continue(log: SqlRollLog) -> None:
    await log.append(rolls(10))
    assert await log.purge_before(T0 + timedelta(minutes=3)) == 3
    assert await log.purge_before(T0 + timedelta(minutes=3)) == 0
    assert await log.purge_before(T0 + timedelta(minutes=7)) == 4
    await log.append(rolls(2, prefix="n", start=T0 + timedelta(hours=1)))
    chain = await log.chain(100)
    assert [r.seq for r in chain] == [7, 8, 9, 10, 11, 12]
    assert [r.entry.kind for r in chain].count(EntryKind.ANCHOR) == 1
    assert verify_chain(100, chain).intact


async def test_purging_everything_leaves_the_anchor_to_chain_on(log: SqlRollLog) -> None:
    await log.append(rolls(3))
    assert await log.purge_before(T0 + timedelta(days=1)) == 3
    assert [r.entry.kind for r in await log.chain(100)] == [EntryKind.ANCHOR]
    assert await log.recent(100, viewer_id=7) == []
    await log.append([entry("later", at=T0 + timedelta(days=2))])
    chain = await log.chain(100)
    assert [r.seq for r in chain] == [3, 4]
    assert verify_chain(100, chain).intact


async def test_a_purge_never_takes_a_record_newer_than_the_cutoff(log: SqlRollLog) -> None:
    late = [entry("new", at=T0 + timedelta(days=1)), entry("old", at=T0)]  # out of order
    await log.append(late)
    assert await log.purge_before(T0 + timedelta(hours=1)) == 0
    assert ids(await log.chain(100)) == ["new.1", "old.1"]


async def test_a_purge_with_nothing_old_changes_nothing(log: SqlRollLog) -> None:
    await log.append(rolls(3))
    before = await log.chain(100)
    assert await log.purge_before(T0 - timedelta(days=1)) == 0
    assert await log.chain(100) == before


async def test_tampering_after_a_purge_is_still_found(log: SqlRollLog,
                                                      engine: AsyncEngine) -> None:
    await log.append(rolls(8))
    await log.purge_before(T0 + timedelta(minutes=3))
    async with engine.begin() as connection:
        await connection.execute(update(roll_log).where(roll_log.c.seq == 4)
                                 .values(notation="1d20+99"))
    assert verify_chain(100, await log.chain(100)).broken_at == 4


async def test_replacing_a_record_by_a_forged_one_is_found(log: SqlRollLog,
                                                           engine: AsyncEngine) -> None:
    await log.append(rolls(5))
    forged = replace(rolls(5)[2], notation="1d20+30")
    [rehashed] = link([forged], (await log.chain(100))[1].hash, 3)  # consistent on its own
    async with engine.begin() as connection:
        await connection.execute(update(roll_log).where(roll_log.c.seq == 3)
                                 .values(notation="1d20+30", hash=rehashed.hash))
    assert verify_chain(100, await log.chain(100)).broken_at == 4


async def test_nul_characters_are_stored_as_replacement_characters(log: SqlRollLog) -> None:
    await log.append([entry("nul", notation="1d20\x00", label="a\x00b")])
    [stored] = await log.trail("nul")
    assert (stored.entry.notation, stored.entry.label) == ("1d20\ufffd", "a\ufffdb")
    assert verify_chain(100, await log.chain(100)).intact


LOG_TABLES = (roll_log, roll_heads, chain_heads)
STAT_TABLES = tuple(COLUMNS)  # the six tables an append's statistics are written to


async def every_log_row(engine: AsyncEngine, tables: Sequence[Table] = LOG_TABLES
                        ) -> dict[str, list[str]]:
    """Every row of ``tables`` (those an append writes to the log) as the database gives it
    back (no conversion by SQLAlchemy), values and their types."""
    async with engine.connect() as connection:
        return {table.name: sorted(repr([(value, type(value).__name__) for value in row])
                                   for row in await connection.exec_driver_sql(
                                       f"SELECT * FROM {table.name}"))
                for table in tables}


async def test_the_rows_given_to_the_driver_are_the_rows_sqlalchemy_writes(
        engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch) -> None:
    """Records and roll heads go to the driver as rows converted by SQLAlchemy's own
    conversions (the time, the booleans; the result's JSON cut from the record's encoding):
    what is stored is what SQLAlchemy's work per row stored (values and types, on both
    databases), for rolls and their later versions, private and public, in and out of
    servers."""
    entries = [*rolls(30, channel=1), *rolls(20, channel=2, prefix="s"),
               entry("r0003", channel=1, version=2, total=29, label="again ✓"),
               entry("p1", channel=2, private=True, guild=None, label=None),
               entry("p1", channel=2, version=2, private=False, total=3, notation="2d6+3")]
    for start in range(0, len(entries), 17):
        await SqlRollLog(engine, Tallier()).append(entries[start:start + 17])
    through_the_driver = await every_log_row(engine)
    async with engine.begin() as connection:
        for table in (roll_log, roll_heads, chain_heads):
            await connection.execute(table.delete())
    monkeypatch.setattr(database_module, "driver_statement", lambda *_: None)
    for start in range(0, len(entries), 17):
        await SqlRollLog(engine, Tallier()).append(entries[start:start + 17])
    assert await every_log_row(engine) == through_the_driver
    assert len(through_the_driver["roll_log"]) == len(entries)
    assert len(through_the_driver["roll_heads"]) == 51


async def test_a_large_batch_is_prepared_a_part_at_a_time_before_its_transaction(
        engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch) -> None:
    """Under load a batch is hundreds of records: their encodings and their statistics are
    made a part at a time, the event loop going on between the parts, before the transaction;
    the tally so made is the batch's whole tally."""
    entries = rolls(3 * PREPARED_PER_TURN + 1, channel=1)
    turns = 0

    async def turning() -> None:
        nonlocal turns
        while True:
            turns += 1
            await asyncio.sleep(0)

    log = SqlRollLog(engine, Tallier())
    seen: list[tuple[int, object]] = []
    transaction = log._append

    async def appending(fresh: list[LogEntry], **options: object) -> None:
        seen.append((turns, options["tally"]))
        await transaction(fresh, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(log, "_append", appending)
    turner = asyncio.create_task(turning())
    await asyncio.sleep(0)
    before = turns
    await log.append(entries)
    turner.cancel()
    [(turned, tally)] = seen
    assert turned - before >= 3  # four parts, the loop turning between them
    assert tally == Tallier().tally(entries)
    assert verify_chain(1, await log.chain(1)).intact


async def test_a_large_batch_goes_to_the_driver_a_call_s_worth_at_a_time(
        engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch) -> None:
    """At 1,000 /roll a second a batch is 500 records and thousands of rows of statistics:
    no call to the driver takes more than ``VALUES_PER_CALL`` values (the event loop goes on
    between the calls); on SQLite the rows go many to a statement (each row stepped alone hands
    the GIL between threads); and the log and its statistics are stored exactly as SQLAlchemy
    writes them row by row, a roll amended in the same batch included."""
    entries = [*rolls(600, channel=1), *rolls(40, channel=2, prefix="s"),
               entry("r0003", channel=1, version=2, total=29, label="again ✓"),
               entry("s0007", channel=2, version=2, private=True, total=4)]
    sizes: list[int] = []
    statements = 0
    execute = AsyncConnection.exec_driver_sql

    async def counting(self: AsyncConnection, statement: str, parameters: object = None,
                       execution_options: object = None) -> object:
        nonlocal statements
        if isinstance(parameters, list):
            sizes.append(sum(len(row) for row in parameters))
            statements += len(parameters)
        return await execute(self, statement, parameters,  # type: ignore[arg-type]
                             execution_options)  # type: ignore[arg-type]

    monkeypatch.setattr(AsyncConnection, "exec_driver_sql", counting)
    await SqlRollLog(engine, Tallier()).append(entries)
    in_parts = await every_log_row(engine, (*LOG_TABLES, *STAT_TABLES))
    assert max(sizes) <= VALUES_PER_CALL
    assert sum(size > VALUES_PER_CALL // 2 for size in sizes) >= 4  # records, rolls' luck: parts
    stored = sum(len(rows) for rows in in_parts.values())
    # many rows to a statement on SQLite; asyncpg takes a statement's rows in one pipeline
    assert (statements * 10 < stored) == (engine.dialect.name == "sqlite")
    async with engine.begin() as connection:
        for table in (*LOG_TABLES, *STAT_TABLES):
            await connection.execute(table.delete())
    monkeypatch.setattr(database_module, "driver_statement", lambda *_: None)
    await SqlRollLog(engine, Tallier()).append(entries)
    assert await every_log_row(engine, (*LOG_TABLES, *STAT_TABLES)) == in_parts
    assert len(in_parts["roll_log"]) == len(in_parts["stat_rolls"]) + 2 == len(entries)
    assert len(in_parts["roll_heads"]) == 640


# -- sync ------------------------------------------------------------------------------------


def main_file_records(path: Path) -> int:
    """Records in the SQLite database file alone, without its write-ahead log: what a power
    cut leaves when the log's unsynced end is lost."""
    copy = path.with_name("without-its-log.sqlite3")
    shutil.copyfile(path, copy)
    connection = sqlite3.connect(copy)
    try:
        return int(connection.execute("SELECT count(*) FROM roll_log").fetchone()[0])
    finally:
        connection.close()
        copy.unlink()


@asynccontextmanager
async def migrated_log(url: str) -> AsyncIterator[SqlRollLog]:
    """The roll log on a database migrated to the newest schema (its engine disposed after)."""
    engine = create_engine(url)
    try:
        await upgrade_database(engine)
        yield SqlRollLog(engine)
    finally:
        await engine.dispose()


async def test_sync_puts_every_append_in_the_sqlite_database_file_itself(
        tmp_path: Path) -> None:
    path = tmp_path / "nazh.sqlite3"
    async with migrated_log(f"sqlite+aiosqlite:///{path}") as log:
        assert await log.sync() is True  # the new schema, in the database file
        await log.append(rolls(30))
        assert main_file_records(path) == 0  # committed to the write-ahead log only
        assert await log.sync() is True
        assert main_file_records(path) == 30
        await log.append(rolls(5, prefix="later"))
        assert main_file_records(path) == 30
        assert await log.sync() is True
        assert main_file_records(path) == 35


@pytest.mark.skipif(postgres_admin_url() is None, reason=POSTGRES_OFF)
async def test_sync_on_postgresql_has_nothing_to_do() -> None:
    admin_url = postgres_admin_url()
    assert admin_url is not None
    async with scratch_postgres(admin_url) as url, migrated_log(url) as log:
        await log.append(rolls(3))
        assert await log.sync() is True  # its commits are durable


async def test_sync_on_sqlite_says_so_when_a_reader_keeps_it_from_finishing(
        tmp_path: Path) -> None:
    path = tmp_path / "nazh.sqlite3"
    async with migrated_log(f"sqlite+aiosqlite:///{path}") as log:
        assert await log.sync() is True
        await log.append(rolls(3))
        reader = sqlite3.connect(path, isolation_level=None)
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM roll_log").fetchone()  # holds its snapshot
        await log.append(rolls(2, prefix="after"))  # frames the reader's snapshot predates
        assert await log.sync() is False
        reader.execute("COMMIT")
        reader.close()
        assert await log.sync() is True
        assert main_file_records(path) == 5
