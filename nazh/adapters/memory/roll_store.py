"""A bounded in-process :class:`RollStore`: rolls kept for a while, the oldest evicted first.

Each roll is kept as its log record's line (the journal's canonical JSON, which the log writer
makes for the same record anyway), with its time, version and change beside it: a tuple of
four values the garbage collector stops tracking, where the record itself is 17-22 objects it
tracks (the record, its roller, result, pools, dice, terms and their tuples). At 1,000 rolls a
second, the kept records were what set off a young collection (9-12 ms) every second, and what
the middle and full ones walked (34 and 51 ms, growing with the 50,000 kept). A :meth:`get`
reads the line again (:func:`record_kept`: 26 µs a /roll alone, several times that in the
bot). The last :data:`RECENT` records saved or read are also kept as they are, so a click on
a roll just made (and the second read of a click, by the log's store before it saves) decodes
nothing: about 20,000 objects for the collector, the same number however many rolls are kept,
each replaced as a new roll comes (measured side by side at 200 clicks a second on rolls
thousands old, so decoded: 3% more CPU per click than records kept whole; /roll 1% less).
"""

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
"""Records kept as they are beside their lines: the last saved or read (a click comes seconds
or minutes after its roll; at a thousand rolls a second, only the last second's are here)."""

Kept = tuple[datetime, int, bytes, str | None]
"""A roll as kept: its ``created_at``, its version, its log record's line (see the module
docstring) and its ``change`` (the value of its :class:`EntryKind`, ``None`` when it has none).
A plain tuple, read by :data:`AT` and :data:`VERSION`: the collector stops tracking a tuple of
untracked values, not an instance of a tuple's subclass (a named tuple)."""
AT: Final = 0
"""The place of a :data:`Kept`'s ``created_at``."""
VERSION: Final = 1
"""The place of a :data:`Kept`'s version."""


def kept_of(record: RollRecord, entry: LogEntry | None = None) -> Kept:
    """How ``record`` is kept (``entry``: its log record, when already made)."""
    line = entry_json(entry_of(record) if entry is None else entry)
    change = None if record.change is None else record.change.value
    return record.created_at, record.version, line, change


def record_kept(kept: Kept) -> RollRecord:
    """The record :func:`kept_of` kept: its line read by orjson where that reads it exactly
    (:func:`~nazh.application.shared.canonical_json.read_canonical`), and the record made from
    it and what is kept beside it, without a log record on the way (:func:`record_from`).

    A click on a roll no longer among the :data:`RECENT` reads it so; measured side by side at
    300 clicks a second on rolls thousands old, reading each that way instead of keeping every
    roll decoded cost a click 10% more CPU (``benchmarks.paired``), about 140 µs, where the
    steps timed alone take 36: each click runs them cold, after everything else the bot did
    since. Hence the fewest steps: one C call to read the line (``json.loads`` took five times
    as long), no :class:`LogEntry` and its checks (the line is this process's own), the time,
    version and change taken as kept, and no terms read from a roll that has none.
    """
    at, version, line, change = kept
    read = read_canonical(line)
    assert isinstance(read, dict)
    return record_from(read, at, version, None if change is None else EntryKind(change))


class InMemoryRollStore:
    """Keeps up to ``capacity`` rolls, each for ``ttl`` after it was made.

    ``ttl`` may not be shorter than an interaction token's 15 minutes: a button on a fresh
    message must always find its roll. Lost on restart; a database store replaces it when the
    rolls must survive.
    """

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
        """The last :data:`RECENT` records saved or read, with what they were kept as (a
        record is used only while that is still what is kept)."""

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
        """Keep a record; an amendment of a stored one must be its version + 1 (a roll not
        stored here, e.g. read back from the log, is taken at any version).

        Saving a roll not stored here reads no clock (measured: a new roll's save in 6,000
        instructions instead of 12,000): the rolls that expired meanwhile are dropped by the
        next :meth:`get` (the log's store gets before it saves), the capacity bounding them
        until then. Saving over a stored copy drops the expired rolls first, so that an
        expired copy conflicts with nothing. ``entry``: the record's log record, when the
        caller made it (its line is made once, for the log and here).
        """
        records = self._records
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
        """Undo the save of ``record``: keep ``previous`` again (or nothing), unless another
        save replaced ``record`` since."""
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
