"""The verifiable roll log: every roll and amendment appended as a record, hash-chained per
channel, written behind the answer so a slow or absent database never delays a roll.

Tamper evidence: a record's hash is SHA-256 over the previous record's hash (in the same
channel) and the record's canonical content, so changing, removing or reordering any record
breaks every hash after it. Purging old records leaves an anchor that carries the last purged
hash, so what remains still verifies.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from typing import Any

GENESIS_HASH = "0" * 64


class EntryKind(Enum):
    """What a record says happened."""

    ROLL = "roll"
    PLOT_ADDED = "plot_added"
    PLOT_CHOSEN = "plot_chosen"
    REVEALED = "revealed"
    DIE_REROLLED = "die_rerolled"
    DIE_KEPT = "die_kept"
    REROLLED = "rerolled"
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
    result: dict[str, Any]
    guild_id: int | None = None
    label: str | None = None
    dc: int | None = None
    private: bool = False

    @property
    def entry_id(self) -> str:
        """Unique per roll and version."""
        return f"{self.roll_id}.{self.version}"

    def canonical(self) -> bytes:
        """The bytes the hash covers: sorted-key compact JSON of every field."""
        content = {
            "entry_id": self.entry_id, "roll_id": self.roll_id, "version": self.version,
            "kind": self.kind.value, "at": self.at.isoformat(), "guild_id": self.guild_id,
            "channel_id": self.channel_id, "user_id": self.user_id, "notation": self.notation,
            "label": self.label, "dc": self.dc, "private": self.private, "result": self.result,
        }
        return json.dumps(content, sort_keys=True, separators=(",", ":"),
                          ensure_ascii=False).encode("utf-8")


@dataclass(frozen=True, slots=True)
class ChainedEntry:
    """A stored record: its place in the channel's chain and the hashes that bind it."""

    entry: LogEntry
    seq: int
    prev_hash: str
    hash: str


def chain_hash(prev_hash: str, entry: LogEntry) -> str:
    """SHA-256 (hex) over the previous hash and the entry's canonical content."""
    digest = hashlib.sha256()
    digest.update(prev_hash.encode("ascii"))
    digest.update(b"\n")
    digest.update(entry.canonical())
    return digest.hexdigest()


def link(entries: Sequence[LogEntry], prev_hash: str, first_seq: int) -> list[ChainedEntry]:
    """Chain ``entries`` after a record with hash ``prev_hash`` (sequence numbers from
    ``first_seq``)."""
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


def verify_chain(channel_id: int, records: Sequence[ChainedEntry],
                 head: tuple[int, str] | None = None) -> ChainVerdict:
    """Check a channel's records in sequence order (an anchor may start the chain); with the
    recorded ``head`` (seq, hash), also check that no record was removed from the end."""
    expected_prev = GENESIS_HASH
    expected_seq: int | None = None
    for index, record in enumerate(records):
        if record.entry.kind is EntryKind.ANCHOR:
            if index:
                return _broken(channel_id, index, record, "an anchor in the middle of the chain")
            expected_prev, expected_seq = record.hash, record.seq + 1
            continue
        problem = _check(record, expected_prev, expected_seq)
        if problem:
            return _broken(channel_id, index, record, problem)
        expected_prev, expected_seq = record.hash, record.seq + 1
    problem = None if head is None else _head_problem(records, head)
    if problem is not None:
        last = records[-1].seq if records else None
        return ChainVerdict(channel_id, len(records), False, last, problem)
    return ChainVerdict(channel_id, len(records), True)


def _head_problem(records: Sequence[ChainedEntry], head: tuple[int, str]) -> str | None:
    head_seq, head_hash = head
    if not records:
        return f"the chain is empty but its recorded head is #{head_seq} (records were removed)"
    last = records[-1]
    if last.seq < head_seq:
        return (f"the chain ends at record #{last.seq}, before its recorded head #{head_seq} "
                "(records were removed from the end)")
    if last.seq > head_seq:
        return (f"the chain goes past its recorded head #{head_seq} to #{last.seq} "
                "(records were added outside the log)")
    if last.hash != head_hash:
        return f"record #{last.seq} does not match the recorded head (it was replaced)"
    return None


def _check(record: ChainedEntry, expected_prev: str, expected_seq: int | None) -> str | None:
    if expected_seq is not None and record.seq != expected_seq:
        return f"sequence jumps from {expected_seq - 1} to {record.seq} (a record is missing)"
    if record.prev_hash != expected_prev:
        return "the previous hash does not match (a record was removed or reordered)"
    if chain_hash(record.prev_hash, record.entry) != record.hash:
        return "the content does not match its hash (the record was altered)"
    return None


def _broken(channel_id: int, index: int, record: ChainedEntry, problem: str) -> ChainVerdict:
    return ChainVerdict(channel_id, index, False, record.seq, problem)




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
    recovered: int = 0
    """Records an earlier run left in the journal, appended at start."""


