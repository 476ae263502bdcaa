"""A bounded in-process :class:`RollStore`: rolls kept for a while, the oldest evicted first."""

from __future__ import annotations

from collections import OrderedDict
from datetime import datetime, timedelta
from typing import Final

from nazh.application.log.chain import EntryKind, LogEntry
from nazh.application.log.format import entry_json
from nazh.application.rolls.errors import CHANGED_MEANWHILE, RollConflictError
from nazh.application.rolls.logged_store import entry_of, record_from
from nazh.application.rolls.model import RollRecord
from nazh.application.shared.canonical_json import read_canonical
from nazh.application.shared.clock import Clock

INTERACTION_TOKEN_LIFETIME = timedelta(minutes=15)

RECENT = 1000
"""The last records saved or read, kept decoded too (a click comes soon after its roll)."""

# A roll kept as its log record's canonical line plus created_at, version and change: a plain tuple
# of untracked values the garbage collector stops tracking (a named tuple is tracked), where a
# record is 17-22 tracked objects; kept records set off young collections (9-12 ms) every second at
# 1,000 rolls a second.
Kept = tuple[datetime, int, bytes, str | None]
AT: Final = 0
VERSION: Final = 1


def kept_of(record: RollRecord, entry: LogEntry | None = None) -> Kept:
    """How ``record`` is kept (``entry``: its log record, when already made)."""
    line = entry_json(entry_of(record) if entry is None else entry)
    change = None if record.change is None else record.change.value
    return record.created_at, record.version, line, change


def record_kept(kept: Kept) -> RollRecord:
    """The record :func:`kept_of` kept, read back with the fewest steps (a click on an old roll)."""
    # One C call (json.loads took 5x as long), no LogEntry or its checks (the line is our own):
    # reading old rolls so, instead of keeping every roll decoded, cost a click 10% more CPU
    # (benchmarks.paired).
    at, version, line, change = kept
    read = read_canonical(line)
    assert isinstance(read, dict)
    return record_from(read, at, version, None if change is None else EntryKind(change))


class InMemoryRollStore:
    """Keeps up to ``capacity`` rolls, each for ``ttl`` (at least a token's 15 min)."""

    def __init__(self, clock: Clock, *, capacity: int = 50_000,
                 ttl: timedelta = timedelta(hours=24)) -> None:
        if ttl < INTERACTION_TOKEN_LIFETIME:
            raise ValueError("rolls must be kept at least 15 minutes")
        if capacity < 1:
            raise ValueError("capacity must be positive")
        self._clock = clock
        self._capacity = capacity
        self._ttl = ttl
        self._records: OrderedDict[str, Kept] = OrderedDict()
        self._recent: OrderedDict[str, tuple[Kept, RollRecord]] = OrderedDict()
        """The last :data:`RECENT` records, used only while what they were kept as is still kept."""

    def __len__(self) -> int:
        return len(self._records)

    async def get(self, roll_id: str) -> RollRecord | None:
        """The record, or ``None`` when unknown or older than the ttl."""
        self._expire()
        kept = self._records.get(roll_id)
        if kept is None:
            return None
        recent = self._recent.get(roll_id)
        if recent is not None:
            was_kept, record = recent
            if was_kept is kept:
                return record
        record = record_kept(kept)
        self._remember(record, kept)
        return record

    async def save(self, record: RollRecord, entry: LogEntry | None = None) -> None:
        """Keep a record; an amendment of one stored here must be its version + 1."""
        records = self._records
        # A new roll's save reads no clock (6,000 instructions instead of 12,000): the next get
        # drops the expired ones. Over a stored copy, expire first so an expired copy conflicts with
        # nothing.
        if record.roll_id in records:
            self._expire()
            stored = records.get(record.roll_id)
            if stored is not None and record.version != stored[VERSION] + 1:
                raise RollConflictError(CHANGED_MEANWHILE, hint="look at the message again")
        kept = records[record.roll_id] = kept_of(record, entry)
        while len(records) > self._capacity:
            records.popitem(last=False)
        self._remember(record, kept)

    def _remember(self, record: RollRecord, kept: Kept) -> None:
        recent = self._recent
        recent[record.roll_id] = (kept, record)
        recent.move_to_end(record.roll_id)
        if len(recent) > RECENT:
            recent.popitem(last=False)

    async def revert(self, record: RollRecord, previous: RollRecord | None) -> None:
        """Undo saving ``record``: keep ``previous`` (or nothing) again unless since replaced."""
        if self._records.get(record.roll_id) != kept_of(record):
            return
        if previous is None:
            del self._records[record.roll_id]
        else:
            self._records[record.roll_id] = kept_of(previous)

    async def drop_stale(self, roll_id: str, version: int) -> None:
        """Forget the roll if the record kept is older than ``version``."""
        stored = self._records.get(roll_id)
        if stored is not None and stored[VERSION] < version:
            del self._records[roll_id]

    def _expire(self) -> None:
        deadline = self._clock.now() - self._ttl
        while self._records:
            oldest = next(iter(self._records.values()))
            if oldest[AT] >= deadline:
                return
            self._records.popitem(last=False)
