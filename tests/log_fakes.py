"""Hand-written fakes of the roll log's ports, shared by the application tests.

:class:`InMemoryRollLog` is one store serving the four ports of :mod:`nazh.application.log.chain`
(``RollLog``, ``RollHistory``, ``ChainReader``, ``LogRetention``) the way the SQL adapter does:
appends are idempotent by ``entry_id`` and really chain the records with
:func:`~nazh.application.log.chain.link`, one chain per channel. :class:`FlakyRollLog` and
:class:`GatedRollLog` wrap it to fail or hang on demand.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from nazh.application.log.chain import (
    GENESIS_HASH,
    ChainedEntry,
    ChainScan,
    EntryKind,
    LogEntry,
    link,
    scan_records,
)
from nazh.application.log.writer import RollNotKeptError
from nazh.application.rolls.model import RollRecord


@dataclass(frozen=True, slots=True)
class RecentCall:
    """The arguments of one :meth:`InMemoryRollLog.recent` call."""

    channel_id: int
    viewer_id: int
    user_id: int | None
    limit: int
    offset: int


class InMemoryRollLog:
    """The roll log in a dict of chains; records every call so tests can assert on them."""

    def __init__(self) -> None:
        self.chains: dict[int, list[ChainedEntry]] = {}
        self.heads: dict[int, tuple[int, str]] = {}  # kept apart from the records, as in SQL
        self.appended: list[list[str]] = []  # entry ids of each append call, as received
        self.recent_calls: list[RecentCall] = []
        self.trail_calls: list[str] = []
        self.chain_calls: list[tuple[int, int | None]] = []
        self.purge_cutoffs: list[datetime] = []
        self.synced: list[int] = []  # how many appends had been made at each sync
        self.can_sync = True  # False: sync says it could not (a reader holds an older snapshot)

    # -- RollLog ---------------------------------------------------------------------------

    async def append(self, entries: Sequence[LogEntry]) -> None:
        """Chain and store the entries in order, skipping any ``entry_id`` already stored."""
        self.appended.append([entry.entry_id for entry in entries])
        self.store(entries)

    async def sync(self) -> bool:
        """Count the sync; answer :attr:`can_sync`."""
        self.synced.append(len(self.appended))
        return self.can_sync

    def store(self, entries: Sequence[LogEntry]) -> list[ChainedEntry]:
        """The synchronous heart of :meth:`append`: the records it added."""
        seen = {r.entry.entry_id for chain in self.chains.values() for r in chain}
        added: list[ChainedEntry] = []
        for entry in entries:
            if entry.entry_id in seen:
                continue
            seen.add(entry.entry_id)
            chain = self.chains.setdefault(entry.channel_id, [])
            prev_hash, seq = (chain[-1].hash, chain[-1].seq) if chain else (GENESIS_HASH, 0)
            record = link([entry], prev_hash, seq + 1)[0]
            chain.append(record)
            self.heads[entry.channel_id] = (record.seq, record.hash)
            added.append(record)
        return added

    @property
    def records(self) -> list[ChainedEntry]:
        """Every stored record (anchors included), channel by channel, in sequence order."""
        return [record for channel in sorted(self.chains) for record in self.chains[channel]]

    def entry_ids(self) -> list[str]:
        """The ``entry_id`` of every stored record but the anchors."""
        return [r.entry.entry_id for r in self.records if r.entry.kind is not EntryKind.ANCHOR]

    def tamper(self, channel_id: int, seq: int, **changes: Any) -> None:
        """Change a stored record's content behind the hashes' back."""
        chain = self.chains[channel_id]
        index = next(i for i, record in enumerate(chain) if record.seq == seq)
        record = chain[index]
        chain[index] = replace(record, entry=replace(record.entry, **changes))

    # -- RollHistory -----------------------------------------------------------------------

    async def recent(self, channel_id: int, *, viewer_id: int, user_id: int | None = None,
                     limit: int = 10, offset: int = 0) -> list[ChainedEntry]:
        """The latest record of each roll, newest roll first (by its first record)."""
        self.recent_calls.append(RecentCall(channel_id, viewer_id, user_id, limit, offset))
        rolls: dict[str, list[ChainedEntry]] = {}
        for record in self.chains.get(channel_id, []):
            if record.entry.kind is not EntryKind.ANCHOR:
                rolls.setdefault(record.entry.roll_id, []).append(record)
        visible = [
            trail for trail in rolls.values()
            if (not trail[-1].entry.private or trail[-1].entry.user_id == viewer_id)
            and (user_id is None or trail[-1].entry.user_id == user_id)
        ]
        visible.sort(key=lambda trail: trail[0].seq, reverse=True)
        if limit <= 0:
            return []
        start = max(offset, 0)
        return [trail[-1] for trail in visible[start:start + limit]]

    async def trail(self, roll_id: str) -> list[ChainedEntry]:
        """Every record of the roll, oldest first (anchors never)."""
        self.trail_calls.append(roll_id)
        return [r for r in self.records
                if r.entry.roll_id == roll_id and r.entry.kind is not EntryKind.ANCHOR]

    # -- ChainReader -----------------------------------------------------------------------

    async def channels(self) -> list[int]:
        """Every channel with a chain."""
        return sorted(self.chains)

    async def chain(self, channel_id: int, *, upto_seq: int | None = None) -> list[ChainedEntry]:
        """The channel's records in sequence order, up to ``upto_seq``."""
        self.chain_calls.append((channel_id, upto_seq))
        return [r for r in self.chains.get(channel_id, [])
                if upto_seq is None or r.seq <= upto_seq]

    async def scan(self, channel_id: int, *, start: tuple[int, str] | None = None,
                   upto_seq: int | None = None, head: tuple[int, str] | None = None,
                   watch: frozenset[int] = frozenset()) -> ChainScan:
        """The stretch after ``start`` up to ``upto_seq``, checked by the reference rules."""
        self.chain_calls.append((channel_id, upto_seq))
        after = -1 if start is None else start[0]
        records = [r for r in self.chains.get(channel_id, [])
                   if r.seq > after and (upto_seq is None or r.seq <= upto_seq)]
        return scan_records(channel_id, records, head, start=start, watch=watch)

    async def head(self, channel_id: int) -> tuple[int, str] | None:
        """The seq and hash of the channel's last appended record (purges, deletions and
        tampering of the records leave it alone)."""
        return self.heads.get(channel_id)

    # -- LogRetention ----------------------------------------------------------------------

    async def purge_before(self, cutoff: datetime) -> int:
        """Drop each channel's records before the first at or after ``cutoff``; an anchor
        carrying the last dropped record's ``seq`` and ``hash`` stands in for them."""
        self.purge_cutoffs.append(cutoff)
        return sum(self._purge(channel_id, cutoff) for channel_id in list(self.chains))

    def _purge(self, channel_id: int, cutoff: datetime) -> int:
        chain = self.chains[channel_id]
        start = 1 if chain and chain[0].entry.kind is EntryKind.ANCHOR else 0
        end = next((i for i in range(start, len(chain)) if chain[i].entry.at >= cutoff),
                   len(chain))
        if end == start:
            return 0
        last = chain[end - 1]
        anchor = LogEntry(
            roll_id=f"anchor-{channel_id}", version=0, kind=EntryKind.ANCHOR, at=last.entry.at,
            channel_id=channel_id, user_id=0, notation="",
            result={"cutoff": cutoff.isoformat(), "last_purged": last.entry.entry_id},
        )
        self.chains[channel_id] = [ChainedEntry(anchor, last.seq, last.prev_hash, last.hash),
                                   *chain[end:]]
        return end - start


class FlakyRollLog:
    """A ``RollLog`` over an :class:`InMemoryRollLog` that fails on demand.

    The first ``fail_before`` appends raise ``error`` without storing anything (the database
    is down); the next ``fail_after`` appends store the batch, then raise (the commit went
    through but its acknowledgement was lost). Every attempt is counted in :attr:`attempts`.
    """

    def __init__(self, inner: InMemoryRollLog, *, fail_before: int = 0, fail_after: int = 0,
                 error: type[Exception] = ConnectionError) -> None:
        self.inner = inner
        self.fail_before = fail_before
        self.fail_after = fail_after
        self.error = error
        self.attempts: list[list[str]] = []

    async def append(self, entries: Sequence[LogEntry]) -> None:
        """Fail, store then fail, or store, as scripted."""
        self.attempts.append([entry.entry_id for entry in entries])
        if self.fail_before > 0:
            self.fail_before -= 1
            raise self.error("database down")
        await self.inner.append(entries)
        if self.fail_after > 0:
            self.fail_after -= 1
            raise self.error("connection lost after commit")

    async def sync(self) -> bool:
        """The inner log's."""
        return await self.inner.sync()


class GatedRollLog:
    """A ``RollLog`` whose appends hang until :attr:`gate` is set (a stalled database).

    :attr:`entered` is set as soon as an append is waiting at the gate.
    """

    def __init__(self, inner: InMemoryRollLog) -> None:
        self.inner = inner
        self.gate = asyncio.Event()
        self.entered = asyncio.Event()

    async def append(self, entries: Sequence[LogEntry]) -> None:
        """Wait for the gate, then store."""
        self.entered.set()
        await self.gate.wait()
        await self.inner.append(entries)

    async def sync(self) -> bool:
        """The inner log's."""
        return await self.inner.sync()


class FakeRollStore:
    """A ``RollStore`` in a dict; ``conflict`` makes every save raise it instead."""

    def __init__(self, *records: RollRecord) -> None:
        self.records = {record.roll_id: record for record in records}
        self.gets: list[str] = []
        self.conflict: Exception | None = None

    async def get(self, roll_id: str) -> RollRecord | None:
        """The record, or ``None``."""
        self.gets.append(roll_id)
        return self.records.get(roll_id)

    async def save(self, record: RollRecord, entry: LogEntry | None = None) -> None:
        """Keep it (or raise :attr:`conflict`); ``entry`` is the log's business."""
        if self.conflict is not None:
            raise self.conflict
        self.records[record.roll_id] = record

    async def revert(self, record: RollRecord, previous: RollRecord | None) -> None:
        """Put ``previous`` back (or nothing) if ``record`` is still the one kept."""
        if self.records.get(record.roll_id) is not record:
            return
        if previous is None:
            del self.records[record.roll_id]
        else:
            self.records[record.roll_id] = previous

    async def drop_stale(self, roll_id: str, version: int) -> None:
        """Forget the roll if the record kept is older than ``version``."""
        stored = self.records.get(roll_id)
        if stored is not None and stored.version < version:
            del self.records[roll_id]


class FakeClaims:
    """The ``AmendmentClaims`` port in a dict shared by the stores given it (processes); a
    version in ``log`` (when given) is taken; ``down`` makes every call fail."""

    def __init__(self, log: InMemoryRollLog | None = None) -> None:
        self.claims: dict[tuple[str, int], LogEntry] = {}
        self.log = log
        self.down = False

    async def claim(self, entry: LogEntry) -> bool:
        self._check()
        key = (entry.roll_id, entry.version)
        if key in self.claims or (self.log is not None
                                  and entry.entry_id in self.log.entry_ids()):
            return False
        self.claims[key] = entry
        return True

    async def release(self, entry: LogEntry) -> None:
        self._check()
        self.claims.pop((entry.roll_id, entry.version), None)

    async def latest(self, roll_id: str) -> LogEntry | None:
        self._check()
        versions = [entry for (rid, _), entry in self.claims.items() if rid == roll_id]
        return max(versions, key=lambda entry: entry.version, default=None)

    def _check(self) -> None:
        if self.down:
            raise RollNotKeptError("the claims are down")
