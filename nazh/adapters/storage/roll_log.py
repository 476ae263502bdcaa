"""The roll log in SQL: :class:`SqlRollLog` appends, reads, verifies and purges it."""

from __future__ import annotations

import asyncio
from collections.abc import Collection, Iterable, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from functools import cache
from typing import cast

from sqlalchemy import (
    Executable,
    and_,
    bindparam,
    delete,
    insert,
    not_,
    or_,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from nazh.adapters.storage import database
from nazh.adapters.storage.chain_scan import scan_chain
from nazh.adapters.storage.database import (
    IMMEDIATE,
    SINGLE_STATEMENTS,
    execute_rows,
    upsert,
)
from nazh.adapters.storage.stats import write_tally
from nazh.adapters.storage.tables import as_utc, chain_heads, chained_of, roll_heads, roll_log
from nazh.application.log.chain import (
    GENESIS_HASH,
    ChainedEntry,
    ChainScan,
    EntryKind,
    LogEntry,
    link,
)
from nazh.application.shared.json_types import JsonObject
from nazh.application.stats.dice_stats import Tallier
from nazh.application.stats.tally import Tally

Head = tuple[int, str]
"""A chain's head: the last sequence number and hash."""

ID_CHUNK = 500  # bound the parameters of one IN (...) (SQLite allows 999 on old builds)
# Entries prepared (encodings, statistics) per turn of the event loop: a batch of hundreds at once
# held the loop 5-30 ms (the 99th percentile at 1,000 /roll a second); 25 a turn holds it ~0.7 ms.
# With the driver calls and statistics also in parts, a 500-record batch's longest hold went from
# 4-7 ms to 1.5-2 ms.
PREPARED_PER_TURN = 25
ANCHOR = EntryKind.ANCHOR.value
_KIND_VALUES = {kind: kind.value for kind in EntryKind}  # Enum.value is slow on a hot path


class SqlRollLog:
    """The roll log (RollLog, RollHistory, ChainReader, LogRetention) on SQLite or PostgreSQL."""

    def __init__(self, engine: AsyncEngine, tallier: Tallier | None = None) -> None:
        self._tallier = tallier
        self._postgres = engine.dialect.name == "postgresql"
        self._writer = engine.execution_options(**{IMMEDIATE: True})
        # Reads are single statements (each sees one snapshot): they skip BEGIN/ROLLBACK.
        self._reader = engine.execution_options(isolation_level="AUTOCOMMIT") \
            if self._postgres else engine.execution_options(**{SINGLE_STATEMENTS: True})

    # -- RollLog ------------------------------------------------------------------------------

    async def append(self, entries: Sequence[LogEntry]) -> None:
        """Chain and store the entries in order, skipping those already stored."""
        fresh = _unique(entries)
        if not fresh:
            return
        tally = await self._prepared(fresh)
        try:
            await self._append(fresh, known_new=True, tally=tally)
        except IntegrityError:
            # Some are stored already (a retry after a commit whose answer was lost, or a
            # journal replayed after a crash): nothing of this attempt was kept; skip them.
            await self._append(fresh, known_new=False)

    async def sync(self) -> bool:
        """Whether what was committed survives a power cut (copies SQLite's WAL into the file)."""
        # PostgreSQL commits durably (synchronous_commit). SQLite's synchronous=NORMAL commit
        # survives the process, not a power cut: a PASSIVE checkpoint copies the WAL without
        # blocking any writer; a reader's older snapshot may keep part of it back (False).
        if self._postgres:
            return True
        async with self._reader.connect() as connection:
            row = (await connection.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)")).one()
        busy, frames, copied = cast("tuple[int, int, int]", tuple(row))
        return busy == 0 and frames == copied  # -1 and -1: no write-ahead log (in memory)

    async def _prepared(self, fresh: list[LogEntry]) -> Tally | None:
        """Before the transaction, :data:`PREPARED_PER_TURN` a turn: encodings and the tally."""
        tally = None if self._tallier is None else Tally()
        for start in range(0, len(fresh), PREPARED_PER_TURN):
            if start:
                await asyncio.sleep(0)  # let the interactions waiting meanwhile go on
            part = fresh[start:start + PREPARED_PER_TURN]
            for entry in part:
                entry.spliced()
            if self._tallier is not None:
                self._tallier.tally(part, into=tally)
        return tally

    async def _append(self, fresh: list[LogEntry], *, known_new: bool,
                      tally: Tally | None = None) -> None:
        """One transaction; ``known_new``: assume none is stored (the unique key checks it)."""
        async with self._writer.begin() as connection:
            heads = await self._lock_heads(connection, sorted({e.channel_id for e in fresh}))
            stored = set() if known_new else \
                await _stored_ids(connection, [e.entry_id for e in fresh])
            chained = _chain([e for e in fresh if e.entry_id not in stored], heads)
            if chained:
                await asyncio.sleep(0)  # the interactions waiting meanwhile go on first
                await _insert_records(connection, chained)
                await _move_heads(connection, chained)
                await self._upsert_roll_heads(connection, chained)
                if self._tallier is not None:
                    if tally is None or not known_new:
                        tally = self._tallier.tally(record.entry for record in chained)
                    await write_tally(connection, tally, self._postgres)

    async def _lock_heads(self, connection: AsyncConnection,
                          channels: list[int]) -> dict[int, Head]:
        heads = await _select_heads(connection, channels)
        missing = [channel for channel in channels if channel not in heads]
        if missing:
            rows = [{"channel_id": c, "seq": 0, "hash": GENESIS_HASH} for c in missing]
            await connection.execute(_new_heads(self._postgres), rows)
            heads.update(await _select_heads(connection, missing))
        return heads

    async def _upsert_roll_heads(self, connection: AsyncConnection,
                                 chained: list[ChainedEntry]) -> None:
        await execute_rows(connection, _roll_heads_upsert(self._postgres), ROLL_HEAD_COLUMNS,
                         _roll_head_rows(chained))

    # -- RollHistory --------------------------------------------------------------------------

    async def recent(self, channel_id: int, *, viewer_id: int, user_id: int | None = None,
                     limit: int = 10, offset: int = 0) -> list[ChainedEntry]:
        """The channel's newest rolls (each roll's latest record), public or ``viewer_id``'s."""
        if limit <= 0:
            return []
        # The page is chosen from roll_heads alone (an index-only scan), then its few records
        # are fetched by primary key: joining first lets the planner hash-join a whole channel.
        page = (
            select(roll_heads.c.channel_id, roll_heads.c.latest_seq, roll_heads.c.first_seq)
            .where(roll_heads.c.channel_id == channel_id,
                   or_(not_(roll_heads.c.private), roll_heads.c.user_id == viewer_id))
            .order_by(roll_heads.c.first_seq.desc())
            .limit(limit).offset(max(offset, 0))
        )
        if user_id is not None:
            page = page.where(roll_heads.c.user_id == user_id)
        rows = page.subquery("page")
        return await self._read(
            select(roll_log)
            .join(rows, and_(roll_log.c.channel_id == rows.c.channel_id,
                             roll_log.c.seq == rows.c.latest_seq))
            .order_by(rows.c.first_seq.desc()))

    async def trail(self, roll_id: str) -> list[ChainedEntry]:
        """Every stored record of the roll, oldest first (empty when unknown or purged)."""
        return await self._read(
            select(roll_log).where(roll_log.c.roll_id == roll_id, roll_log.c.kind != ANCHOR)
            .order_by(roll_log.c.channel_id, roll_log.c.seq))

    # -- ChainReader --------------------------------------------------------------------------

    async def channels(self) -> list[int]:
        """Every channel that has a chain."""
        async with self._reader.connect() as connection:
            result = await connection.execute(
                select(chain_heads.c.channel_id).order_by(chain_heads.c.channel_id))
            return [int(channel) for channel in result.scalars()]

    async def chain(self, channel_id: int, *, upto_seq: int | None = None) -> list[ChainedEntry]:
        """The channel's records (an anchor first after a purge) in sequence order."""
        query = select(roll_log).where(roll_log.c.channel_id == channel_id)
        if upto_seq is not None:
            query = query.where(roll_log.c.seq <= upto_seq)
        return await self._read(query.order_by(roll_log.c.seq))

    async def heads(self) -> dict[int, tuple[int, str]]:
        """Every channel's head: (sequence number, hash)."""
        async with self._reader.connect() as connection:
            rows = await connection.execute(
                select(chain_heads.c.channel_id, chain_heads.c.seq, chain_heads.c.hash))
            return {int(row.channel_id): (int(row.seq), str(row.hash)) for row in rows}

    async def anchors(self) -> dict[int, tuple[int, str]]:
        """Every purged channel's anchor: (sequence number, hash)."""
        async with self._reader.connect() as connection:
            rows = await connection.execute(
                select(roll_log.c.channel_id, roll_log.c.seq, roll_log.c.hash)
                .where(roll_log.c.kind == EntryKind.ANCHOR.value))
            return {int(row.channel_id): (int(row.seq), str(row.hash)) for row in rows}

    async def guilds_of(self, channel_ids: Collection[int]) -> dict[int, int | None]:
        """The server of each channel's chain (``None`` outside one), from its head record."""
        wanted = sorted(set(channel_ids))
        if not wanted:
            return {}
        async with self._reader.connect() as connection:
            rows = await connection.execute(
                select(chain_heads.c.channel_id, roll_log.c.guild_id)
                .join(roll_log, (roll_log.c.channel_id == chain_heads.c.channel_id)
                      & (roll_log.c.seq == chain_heads.c.seq))
                .where(chain_heads.c.channel_id.in_(wanted)))
            return {int(row.channel_id): None if row.guild_id is None else int(row.guild_id)
                    for row in rows}

    async def head(self, channel_id: int) -> tuple[int, str] | None:
        """The sequence number and hash of the channel's last appended record."""
        async with self._reader.connect() as connection:
            result = await connection.execute(
                select(chain_heads.c.seq, chain_heads.c.hash)
                .where(chain_heads.c.channel_id == channel_id))
            row = result.first()
            return None if row is None else (int(row.seq), str(row.hash))

    async def scan(self, channel_id: int, *, start: tuple[int, str] | None = None,
                   upto_seq: int | None = None, head: tuple[int, str] | None = None,
                   watch: frozenset[int] = frozenset()) -> ChainScan:
        """Check a stretch of the channel's chain from raw rows (see :mod:`.chain_scan`)."""
        return await scan_chain(self._reader, channel_id, start=start, upto_seq=upto_seq,
                                head=head, watch=watch)

    async def _read(self, query: Executable) -> list[ChainedEntry]:
        async with self._reader.connect() as connection:
            result = await connection.execute(query)
            return [chained_of(row) for row in result]

    # -- LogRetention -------------------------------------------------------------------------

    async def purge_before(self, cutoff: datetime) -> int:
        """Delete each channel's records before ``cutoff``, leaving an anchor row; how many went."""
        cutoff = as_utc(cutoff)
        deleted = 0
        for channel_id in await self.channels():
            deleted += await self._purge_channel(channel_id, cutoff)
        return deleted

    async def _purge_channel(self, channel_id: int, cutoff: datetime) -> int:
        async with self._writer.begin() as connection:
            head = await _select_heads(connection, [channel_id])
            keep_from = await _first_kept(connection, channel_id, cutoff, head[channel_id][0])
            last = await _last_before(connection, channel_id, keep_from)
            if last is None:
                return 0
            in_channel = roll_log.c.channel_id == channel_id
            result = await connection.execute(delete(roll_log).where(
                in_channel, roll_log.c.seq < keep_from, roll_log.c.kind != ANCHOR))
            await connection.execute(delete(roll_log).where(in_channel,
                                                            roll_log.c.kind == ANCHOR))
            await connection.execute(insert(roll_log), [anchor_row(last, cutoff)])
            await connection.execute(delete(roll_heads).where(
                roll_heads.c.channel_id == channel_id, roll_heads.c.latest_seq < keep_from))
            return int(result.rowcount)


# -- rows --------------------------------------------------------------------------------------


RECORD_COLUMNS = tuple(column.name for column in roll_log.columns)
"""The ``roll_log`` columns, in the order of :func:`record_values`."""


def record_values(record: ChainedEntry, *, result_text: bool = False) -> tuple[object, ...]:
    """The ``roll_log`` row of a record; ``result_text``: the result as its column's JSON text."""
    entry = record.entry
    return (entry.channel_id, record.seq, entry.entry_id, entry.roll_id, entry.version,
            _KIND_VALUES[entry.kind], entry.at, entry.guild_id, entry.user_id, entry.notation,
            entry.label, entry.dc, entry.private,
            entry.result_json() if result_text else entry.result, record.prev_hash,
            record.hash)


def record_row(record: ChainedEntry) -> JsonObject:
    """The ``roll_log`` row of a record, by column name."""
    return dict(zip(RECORD_COLUMNS, record_values(record), strict=True))


def anchor_row(last: ChainedEntry, cutoff: datetime) -> JsonObject:
    """The anchor that stands for a purged prefix ending with ``last`` (see :mod:`.tables`)."""
    channel_id = last.entry.channel_id
    anchor = LogEntry(
        roll_id=f"anchor-{channel_id}", version=0, kind=EntryKind.ANCHOR, at=last.entry.at,
        channel_id=channel_id, user_id=0, notation="", guild_id=last.entry.guild_id,
        result={"cutoff": cutoff.isoformat(), "last_purged": last.entry.entry_id},
    )
    return record_row(ChainedEntry(anchor, last.seq, last.prev_hash, last.hash))


ROLL_HEAD_COLUMNS = tuple(column.name for column in roll_heads.columns)
"""The ``roll_heads`` columns, in the order of :func:`_roll_head_rows`' rows."""


def _roll_head_rows(chained: list[ChainedEntry]) -> list[list[object]]:
    """One row per roll in the batch: its first record here and its latest."""
    rows: dict[str, list[object]] = {}
    for record in chained:
        entry = record.entry
        row = rows.get(entry.roll_id)
        if row is None:
            rows[entry.roll_id] = [entry.roll_id, entry.channel_id, record.seq, record.seq,
                                   entry.user_id, entry.private]
        else:
            row[3:] = [record.seq, entry.user_id, entry.private]
    return list(rows.values())


# -- append steps ------------------------------------------------------------------------------


def _unique(entries: Iterable[LogEntry]) -> list[LogEntry]:
    """The entries in order, each ``entry_id`` once, as they will be stored."""
    seen: dict[str, LogEntry] = {}
    for entry in entries:
        if entry.entry_id not in seen:
            seen[entry.entry_id] = storable(entry)
    return list(seen.values())


def storable(entry: LogEntry) -> LogEntry:
    """The entry as every database returns it, so its hash matches the stored record."""
    # NUL characters, which PostgreSQL text cannot hold (failing the batch on every retry), become
    # U+FFFD.
    if entry.at.tzinfo is not UTC:
        entry = replace(entry, at=as_utc(entry.at))
    if "\0" in entry.notation or (entry.label and "\0" in entry.label):
        entry = replace(entry, notation=_no_nul(entry.notation),
                        label=None if entry.label is None else _no_nul(entry.label))
    return entry


def _no_nul(text: str) -> str:
    return text.replace("\0", "\ufffd")


def _chain(entries: list[LogEntry], heads: dict[int, Head]) -> list[ChainedEntry]:
    by_channel: dict[int, list[LogEntry]] = {}
    for entry in entries:
        by_channel.setdefault(entry.channel_id, []).append(entry)
    chained: list[ChainedEntry] = []
    for channel_id, group in by_channel.items():
        seq, digest = heads[channel_id]
        chained += link(group, digest, seq + 1)
    return chained


async def _select_heads(connection: AsyncConnection, channels: list[int]) -> dict[int, Head]:
    result = await connection.execute(
        select(chain_heads).where(chain_heads.c.channel_id.in_(channels))
        .order_by(chain_heads.c.channel_id).with_for_update())
    return {int(row.channel_id): (int(row.seq), str(row.hash)) for row in result}


async def _stored_ids(connection: AsyncConnection, entry_ids: list[str]) -> set[str]:
    stored: set[str] = set()
    for start in range(0, len(entry_ids), ID_CHUNK):
        chunk = entry_ids[start:start + ID_CHUNK]
        result = await connection.execute(
            select(roll_log.c.entry_id).where(roll_log.c.entry_id.in_(chunk)))
        stored.update(str(entry_id) for entry_id in result.scalars())
    return stored


@cache
def _new_heads(postgres: bool) -> Executable:
    """Insert chain heads that do not exist yet (statements built once: building costs more)."""
    return upsert(chain_heads, postgres).on_conflict_do_nothing()


@cache
def _roll_heads_upsert(postgres: bool) -> Executable:
    """Insert roll heads, or move an existing one's latest record forward."""
    statement = upsert(roll_heads, postgres)
    newer = statement.excluded
    return statement.on_conflict_do_update(
        index_elements=[roll_heads.c.roll_id],
        set_={"latest_seq": newer.latest_seq, "private": newer.private},
        where=and_(roll_heads.c.channel_id == newer.channel_id,
                   roll_heads.c.latest_seq < newer.latest_seq),
    )


_INSERT_RECORD = insert(roll_log)


_GIVEN_RESULT = frozenset({"result"})
"""The records' column written as its JSON text already (``record_values(result_text=True)``)."""


async def _insert_records(connection: AsyncConnection, chained: list[ChainedEntry]) -> None:
    driver = database.driver_statement(_INSERT_RECORD, connection.dialect, RECORD_COLUMNS,
                                       _GIVEN_RESULT)
    if driver is None:
        await connection.execute(_INSERT_RECORD, [record_row(record) for record in chained])
        return
    await driver.run(connection, (record_values(record, result_text=True) for record in chained))


async def _move_heads(connection: AsyncConnection, chained: list[ChainedEntry]) -> None:
    last = {record.entry.channel_id: record for record in chained}
    await connection.execute(
        update(chain_heads)
        .where(chain_heads.c.channel_id == bindparam("b_channel"))
        .values(seq=bindparam("b_seq"), hash=bindparam("b_hash")),
        [{"b_channel": c, "b_seq": r.seq, "b_hash": r.hash} for c, r in last.items()],
    )


# -- purge steps -------------------------------------------------------------------------------


async def _first_kept(connection: AsyncConnection, channel_id: int, cutoff: datetime,
                      head_seq: int) -> int:
    """The seq of the channel's first record at or after ``cutoff`` (one past the head if none)."""
    result = await connection.execute(
        select(roll_log.c.seq)
        .where(roll_log.c.channel_id == channel_id, roll_log.c.kind != ANCHOR,
               roll_log.c.at >= cutoff)
        .order_by(roll_log.c.seq).limit(1))
    seq = result.scalar_one_or_none()
    return head_seq + 1 if seq is None else int(seq)


async def _last_before(connection: AsyncConnection, channel_id: int,
                       keep_from: int) -> ChainedEntry | None:
    result = await connection.execute(
        select(roll_log)
        .where(roll_log.c.channel_id == channel_id, roll_log.c.kind != ANCHOR,
               roll_log.c.seq < keep_from)
        .order_by(roll_log.c.seq.desc()).limit(1))
    row = result.first()
    return None if row is None else chained_of(row)
