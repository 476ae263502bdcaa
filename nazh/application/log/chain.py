"""The verifiable roll log: each record's SHA-256 covers the previous one's hash, per channel.
Changing, removing or reordering one breaks every hash after it (docs/verification.md)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum

from nazh.application.shared.canonical_json import (
    canonical_json,
    canonical_text,
    fast_json,
    reference_json,
    time_json,
)
from nazh.application.shared.json_types import JsonObject
from nazh.domain.results import RollResult

GENESIS_HASH = "0" * 64


class EntryKind(Enum):
    """What a record says happened."""

    ROLL = "roll"
    PLOT_ADDED = "plot_added"
    PLOT_CHOSEN = "plot_chosen"
    REVEALED = "revealed"
    DIE_REROLLED = "die_rerolled"
    DIE_KEPT = "die_kept"
    DIE_CANCELLED = "die_cancelled"
    """Advantage and disadvantage on one die cancelled (before: a one-face ``die_rerolled``)."""
    REROLLED = "rerolled"
    ATTACK_RECORDED = "attack_recorded"
    """The attacker recorded a hit (no defense given) or a graze."""
    SPENT = "spent"
    ANCHOR = "anchor"


@dataclass(frozen=True, slots=True)
class LogEntry:
    """One record's content: ``entry_id`` (``roll_id.version``) makes appends idempotent."""

    roll_id: str
    version: int
    kind: EntryKind
    at: datetime
    channel_id: int
    user_id: int
    notation: str
    result: JsonObject
    guild_id: int | None = None
    label: str | None = None
    dc: int | None = None
    private: bool = False
    # kept so that what counts the roll need not decode result again
    rolled: RollResult | None = field(default=None, compare=False, repr=False)
    """The result ``result`` encodes, when this process made it; never stored or hashed."""
    _spliced: tuple[bytes, bytes] | None = field(default=None, init=False, compare=False,
                                                 repr=False)
    """A cache of :meth:`spliced` (:data:`_NOT_SPLICED`: not made so); the entry is frozen."""

    @property
    def entry_id(self) -> str:
        return f"{self.roll_id}.{self.version}"

    def canonical(self) -> bytes:
        """The bytes the hash covers: sorted-key compact JSON of every field."""
        spliced = self.spliced()
        return canonical_json(self._content()) if spliced is None else spliced[0]

    def spliced(self) -> tuple[bytes, bytes] | None:
        """:meth:`canonical` and the same without ``entry_id`` (a journal line's), made once."""
        # The log's hash and the journal each need one, both cut from one encoding; None where that
        # encoding does not apply (see _splice): each is then encoded whole.
        spliced = self._spliced
        if spliced is None:
            spliced = _splice(self) or _NOT_SPLICED
            object.__setattr__(self, "_spliced", spliced)
        return None if spliced is _NOT_SPLICED else spliced

    def result_json(self) -> str:
        """The canonical JSON text of ``result``, as the database's JSON column stores it."""
        spliced = self.spliced()
        if spliced is None:
            return canonical_text(self.result)
        # Cut from spliced()'s encoding, between its key and roll_id's: the keys are sorted, and no
        # value before it can hold an unescaped quote.
        line = spliced[1]
        return line[line.index(_RESULT_KEY) + len(_RESULT_KEY):line.rindex(_ROLL_ID_KEY)].decode()

    def reference_canonical(self) -> bytes:
        """:meth:`canonical` by the reference encoding, Python's ``json``."""
        # equal for every record Nazh writes; checked when a stored hash does not match the fast one
        return reference_json(self._content())

    def _content(self) -> JsonObject:
        return {
            "entry_id": self.entry_id, "roll_id": self.roll_id, "version": self.version,
            "kind": self.kind.value, "at": self.at.isoformat(), "guild_id": self.guild_id,
            "channel_id": self.channel_id, "user_id": self.user_id, "notation": self.notation,
            "label": self.label, "dc": self.dc, "private": self.private, "result": self.result,
        }


_NOT_SPLICED = (b"", b"")
""":attr:`LogEntry._spliced` of an entry that :func:`_splice` does not encode."""
_GUILD_KEY = b',"guild_id":'
"""What follows ``entry_id`` in a record's canonical JSON (its keys are sorted)."""
_RESULT_KEY = b',"result":'
_ROLL_ID_KEY = b',"roll_id":"'
"""What is before and after ``result``'s encoding (the last ``roll_id``: a result may hold one)."""


def _splice(entry: LogEntry) -> tuple[bytes, bytes] | None:
    """(canonical JSON, the same without ``entry_id``): one orjson encoding, time and id added."""
    # That is exactly canonical_json's output (a property test holds them equal) when the time is in
    # UTC, the channel, DC and version are integers, the roll id is ASCII letters and digits, and
    # the rest takes the fast path; else None. Measured, a /roll's journal line and chain hash take
    # 63,000 instructions instead of 134,000.
    at = time_json(entry.at)
    roll_id, version, channel_id, dc = entry.roll_id, entry.version, entry.channel_id, entry.dc
    if (at is None or type(channel_id) is not int or (dc is not None and type(dc) is not int)
            or type(version) is not int or type(roll_id) is not str
            or not (roll_id.isascii() and roll_id.isalnum())):
        return None
    rest = fast_json({  # a kind's _value_: its value without the value property's calls
        "channel_id": channel_id, "dc": dc, "guild_id": entry.guild_id,
        "kind": entry.kind._value_, "label": entry.label, "notation": entry.notation,
        "private": entry.private, "result": entry.result, "roll_id": roll_id,
        "user_id": entry.user_id, "version": version,
    })
    if rest is None:
        return None
    cut = rest.index(_GUILD_KEY)
    head = b'{"at":' + at + b","
    entry_id = f',"entry_id":"{roll_id}.{version}"'.encode()
    return b"".join((head, rest[1:cut], entry_id, rest[cut:])), head + rest[1:]


@dataclass(frozen=True, slots=True)
class ChainedEntry:
    """A stored record: its place in the channel's chain and the hashes that bind it."""

    entry: LogEntry
    seq: int
    prev_hash: str
    hash: str


def chain_hash(prev_hash: str, entry: LogEntry, *, reference: bool = False) -> str:
    """SHA-256 (hex) over the previous hash and the entry's canonical content."""
    canonical = entry.reference_canonical() if reference else entry.canonical()
    return hashlib.sha256(prev_hash.encode("ascii") + b"\n" + canonical).hexdigest()


def hash_matches(record: ChainedEntry) -> bool:
    """Whether a stored record's hash is the one its content gives (fast, else reference)."""
    # the reference too, so an encoder difference never calls a record altered
    return (chain_hash(record.prev_hash, record.entry) == record.hash
            or chain_hash(record.prev_hash, record.entry, reference=True) == record.hash)


def link(entries: Sequence[LogEntry], prev_hash: str, first_seq: int) -> list[ChainedEntry]:
    """Chain ``entries`` after a record with hash ``prev_hash``, numbered from ``first_seq``."""
    chained: list[ChainedEntry] = []
    for offset, entry in enumerate(entries):
        digest = chain_hash(prev_hash, entry)
        chained.append(ChainedEntry(entry, first_seq + offset, prev_hash, digest))
        prev_hash = digest
    return chained


@dataclass(frozen=True, slots=True)
class ChainVerdict:
    """The result of checking a channel's chain."""

    channel_id: int
    checked: int
    intact: bool
    broken_at: int | None = None
    problem: str | None = None


@dataclass(frozen=True, slots=True)
class ChainScan:
    """What checking a stretch of a chain found: the verdict, first and last record, hashes."""

    verdict: ChainVerdict
    first: tuple[int, str, bool] | None = None  # seq, hash, whether it is an anchor
    last: tuple[int, str] | None = None
    # the hashes of the sequence numbers asked for (signed checkpoints')
    hashes: dict[int, str] = field(default_factory=dict)


class ChainChecker:
    """Checks a channel's records fed one by one in sequence order, whole or as raw rows."""

    __slots__ = ("_broken", "_channel", "_checked", "_first", "_last", "_prev", "_seq",
                 "_start", "_watch", "hashes")

    # start: the trusted record the stretch follows (a signed checkpoint; None: the chain's start);
    # watch: the sequence numbers whose hashes to keep
    def __init__(self, channel_id: int, start: tuple[int, str] | None = None,
                 watch: frozenset[int] = frozenset()) -> None:
        self._channel = channel_id
        self._start = start
        self._prev = GENESIS_HASH if start is None else start[1]
        self._seq: int | None = None if start is None else start[0] + 1
        self._checked = 0
        self._broken: ChainVerdict | None = None
        self._first: tuple[int, str, bool] | None = None
        self._last: tuple[int, str] | None = None
        self._watch = watch
        self.hashes: dict[int, str] = {}

    @property
    def broken(self) -> bool:
        """Whether a record already failed (the rest need not be read)."""
        return self._broken is not None

    def add(self, seq: int, anchor: bool, prev_hash: str, digest: str,
            content_ok: bool) -> bool:
        """The next record: its place, hashes, and whether its content hashes (False: broken)."""
        if self._broken is not None:
            return False
        if self._first is None:
            self._first = (seq, digest, anchor)
        if seq in self._watch:
            self.hashes[seq] = digest
        if anchor:
            if self._checked or self._start is not None:
                problem: str | None = (
                    "an anchor in the middle of the chain" if self._start is None else
                    f"records after #{self._start[0]} were removed behind an anchor at #{seq} "
                    "that no signed purge left")
                self._broken = ChainVerdict(self._channel, self._checked, False, seq, problem)
                return False
        else:
            problem = _problem(seq, prev_hash, content_ok, self._prev, self._seq)
            if problem is not None:
                self._broken = ChainVerdict(self._channel, self._checked, False, seq, problem)
                return False
        self._prev, self._seq, self._last = digest, seq + 1, (seq, digest)
        self._checked += 1
        return True

    def scan(self, head: tuple[int, str] | None = None) -> ChainScan:
        """The verdict (with ``head``: nothing removed from the end) and what was seen."""
        verdict = self._broken or self._head_verdict(head)
        return ChainScan(verdict, self._first, self._last, self.hashes)

    def _head_verdict(self, head: tuple[int, str] | None) -> ChainVerdict:
        problem = None if head is None else _head_problem(self._last, self._checked, head)
        if problem is not None:
            last = None if self._last is None else self._last[0]
            return ChainVerdict(self._channel, self._checked, False, last, problem)
        return ChainVerdict(self._channel, self._checked, True)


def verify_chain(channel_id: int, records: Sequence[ChainedEntry],
                 head: tuple[int, str] | None = None) -> ChainVerdict:
    """Check a channel's records in sequence order (with ``head``: nothing removed from the end)."""
    return scan_records(channel_id, records, head).verdict


def scan_records(channel_id: int, records: Sequence[ChainedEntry],
                 head: tuple[int, str] | None = None, *, start: tuple[int, str] | None = None,
                 watch: frozenset[int] = frozenset()) -> ChainScan:
    """:class:`ChainChecker` over whole records."""
    checker = ChainChecker(channel_id, start, watch)
    for record in records:
        anchor = record.entry.kind is EntryKind.ANCHOR
        content_ok = anchor or hash_matches(record)
        if not checker.add(record.seq, anchor, record.prev_hash, record.hash, content_ok):
            break
    return checker.scan(head)


def _head_problem(last: tuple[int, str] | None, checked: int,
                  head: tuple[int, str]) -> str | None:
    head_seq, head_hash = head
    if last is None or not checked:
        return f"the chain is empty but its recorded head is #{head_seq} (records were removed)"
    last_seq, last_hash = last
    if last_seq < head_seq:
        return (f"the chain ends at record #{last_seq}, before its recorded head #{head_seq} "
                "(records were removed from the end)")
    if last_seq > head_seq:
        return (f"the chain goes past its recorded head #{head_seq} to #{last_seq} "
                "(records were added outside the log)")
    if last_hash != head_hash:
        return f"record #{last_seq} does not match the recorded head (it was replaced)"
    return None


def _problem(seq: int, prev_hash: str, content_ok: bool, expected_prev: str,
             expected_seq: int | None) -> str | None:
    if expected_seq is not None and seq != expected_seq:
        return f"sequence jumps from {expected_seq - 1} to {seq} (a record is missing)"
    if prev_hash != expected_prev:
        return "the previous hash does not match (a record was removed or reordered)"
    if not content_ok:
        return "the content does not match its hash (the record was altered)"
    return None




@dataclass(slots=True)
class QueueStats:
    """What the write-behind queue has done."""

    written: int = 0
    dropped: int = 0
    failures: int = 0
    waiting: int = 0
    last_error: str | None = field(default=None)
    failing_since: float | None = None
    """When writing began to fail (``time.monotonic``), ``None`` while writes succeed."""
    journaled: int = 0
    """Records made durable in the journal (by group commits)."""
    journal_failures: int = 0
    """Journal writes the disk refused (their rolls were not shown)."""
    slow_journal_writes: int = 0
    """Journal writes on the loop's thread slower than the policy allows (then sent to a thread)."""
    recovered: int = 0
    """Records an earlier run left in the journal, appended at start."""


