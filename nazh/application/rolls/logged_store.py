"""The :class:`RollStore` the buttons use, on top of the roll log.

Recent rolls are answered from a fast in-process store; every save is also queued for the log
(written behind the answer). A roll that is not in this process (after a restart, or made by
another process) is read back from the log, so buttons keep working everywhere.

Every amendment (a save of version 2 or more: a plot die added or chosen, advantage or
disadvantage applied and its face kept, a reroll, a reveal, whatever comes next) is first
claimed in :class:`AmendmentClaims` (the database's where processes share it, this process's
memory where it is the only one), before anything is kept or answered: of two changes made
from the same version at once, on one process or two, the claims let one win; the other is
refused as a conflict ("changed meanwhile") and the stale copy this process kept is dropped, so
the next click reads the newest version. A claim holds the amendment's record, so a process
reading the roll finds the winner's version even before the log's group commit has written it.
First rolls (version 1) are never claimed: nothing can conflict with a new roll id, and /roll
keeps its speed.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Protocol

from nazh.application.log.chain import EntryKind, LogEntry
from nazh.application.log.format import decode_result, encode_result, readable
from nazh.application.log.ports import RollHistory
from nazh.application.log.writer import LogWriter, RollNotKeptError
from nazh.application.rolls.errors import CHANGED_MEANWHILE, RollConflictError
from nazh.application.rolls.model import Roller, RollRecord
from nazh.application.rolls.ports import RollCache
from nazh.application.rolls.terms.codec import decode_terms, encode_terms, readable_terms
from nazh.application.shared.json_types import JsonMapping
from nazh.domain.spec import DieMode


def entry_of(record: RollRecord) -> LogEntry:
    """The log record of a roll or of an amendment."""
    return LogEntry(
        roll_id=record.roll_id, version=record.version, kind=kind_of(record),
        at=record.created_at, channel_id=record.roller.channel_id,
        user_id=record.roller.user_id, guild_id=record.roller.guild_id,
        notation=record.notation, label=record.label, dc=record.result.dc,
        private=record.private,
        result=encode_terms(encode_result(record.result), record.terms), rolled=record.result,
    )


def kind_of(record: RollRecord) -> EntryKind:
    """Version 1 is the roll; an amendment says what it did (records read back from the log
    before that: a plain plot die added, or a chosen face settled)."""
    if record.change is not None:
        return record.change
    if record.version == 1:
        return EntryKind.ROLL
    plot = record.result.plot
    if plot is not None and plot.mode is not DieMode.NORMAL:
        return EntryKind.PLOT_CHOSEN
    return EntryKind.PLOT_ADDED


def record_of(entry: LogEntry) -> RollRecord:
    """The roll as its latest log record describes it."""
    roller = Roller(entry.user_id, entry.channel_id, entry.guild_id)
    return RollRecord(entry.roll_id, roller, entry.notation, decode_result(entry.result),
                      entry.at, entry.label, entry.private, entry.version,
                      terms=decode_terms(entry.result))


def record_from(line: JsonMapping, at: datetime, version: int,
                change: EntryKind | None) -> RollRecord:
    """The roll a record's line describes (:func:`~nazh.application.log.format.encode_entry`'s
    content, as this process made it from a record it kept), at the time, version and change
    kept beside the line: :func:`record_of` without the :class:`LogEntry` on the way, nor its
    fields' checks (the line never came from outside).

    Raises:
        LogFormatError: its result is not a roll's (as :func:`record_of`).
    """
    result = line["result"]
    roller = Roller(line["user_id"], line["channel_id"], line["guild_id"])
    return RollRecord(line["roll_id"], roller, line["notation"], decode_result(result), at,
                      line["label"], line["private"], version, change,
                      decode_terms(result))


def readable_record(entry: LogEntry) -> RollRecord | None:
    """The roll a log record describes, for display: ``None`` when its result cannot be read;
    a term that cannot be read is left out (its kind shows nothing)."""
    result = readable(entry.result)
    if result is None:
        return None
    roller = Roller(entry.user_id, entry.channel_id, entry.guild_id)
    return RollRecord(entry.roll_id, roller, entry.notation, result, entry.at, entry.label,
                      entry.private, entry.version, change=entry.kind,
                      terms=readable_terms(entry.result))


class AmendmentClaims(Protocol):
    """Where each version of a roll after the first is claimed by one change, across every
    process, before the change is kept or answered."""

    async def claim(self, entry: LogEntry) -> bool:
        """Claim the entry's version of its roll, holding the entry until the log has it;
        ``False`` when that version is taken (claimed by another change, or in the log).

        Raises:
            RollNotKeptError: the claims could not be reached.
        """
        ...

    async def release(self, entry: LogEntry) -> None:
        """Forget the claim of the entry's version (its record could not be kept).

        Raises:
            RollNotKeptError: the claims could not be reached.
        """
        ...

    async def latest(self, roll_id: str) -> LogEntry | None:
        """The newest entry claimed for the roll (``None``: none is held).

        Raises:
            RollNotKeptError: the claims could not be reached.
        """
        ...


log = logging.getLogger(__name__)


class LoggedRollStore:
    """Rolls in memory for speed, in the log for durability and other processes; amendments
    claimed in ``claims`` (without claims, in tests and tools, only this process's memory
    checks versions)."""

    def __init__(self, cache: RollCache, writer: LogWriter, history: RollHistory,
                 claims: AmendmentClaims | None = None) -> None:
        self._cache = cache
        self._writer = writer
        self._history = history
        self._claims = claims

    async def get(self, roll_id: str) -> RollRecord | None:
        """From this process, else the roll's newest version in the log or the claims."""
        record = await self._cache.get(roll_id)
        if record is not None:
            return record
        trail = await self._history.trail(roll_id)
        latest = trail[-1].entry if trail else None
        if self._claims is not None:
            claimed = await self._claims.latest(roll_id)
            if claimed is not None and (latest is None or claimed.version > latest.version):
                latest = claimed
        return None if latest is None else record_of(latest)

    async def save(self, record: RollRecord) -> None:
        """Claim an amendment's version, keep the record here (version checked) and in the log
        (durable in the journal when this returns).

        Raises:
            RollConflictError: another change took this version first (here or in another
                process); a stale copy kept here is dropped.
            RollNotKeptError: the record could not be kept, or the claims could not be reached
                (it is forgotten here too, and its claim released).
        """
        entry = entry_of(record)
        claimed = await self._claimed(record, entry)
        # a new roll's id is new: nothing kept here to put back should the log refuse it (a
        # copy kept under that id makes the save below a conflict)
        previous = None if record.version == 1 else await self._cache.get(record.roll_id)
        try:
            await self._cache.save(record, entry)
            await self._writer.keep(entry)
        except RollNotKeptError:
            await self._cache.revert(record, previous)
            await self._release(claimed, entry)
            raise
        except RollConflictError:
            await self._release(claimed, entry)
            raise

    async def _claimed(self, record: RollRecord, entry: LogEntry) -> bool:
        """Claim an amendment's version (``False``: nothing to claim).

        Raises:
            RollConflictError: the version is taken.
        """
        if self._claims is None or record.version == 1:
            return False
        if not await self._claims.claim(entry):
            await self._cache.drop_stale(record.roll_id, record.version)
            raise RollConflictError(CHANGED_MEANWHILE, hint="look at the message again")
        return True

    async def _release(self, claimed: bool, entry: LogEntry) -> None:
        """Forget the claim of a change that was not kept (a failure to is logged: the
        version stays taken until the claim is pruned)."""
        if not claimed or self._claims is None:
            return
        try:
            await self._claims.release(entry)
        except RollNotKeptError:
            log.warning("the claim of %s could not be released", entry.entry_id)
