"""The :class:`RollStore` the buttons use: a fast in-process store over the roll log."""

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
    """Version 1 is the roll; an amendment says what it did (older records: from the plot die)."""
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
    """The roll a line this process wrote describes: :func:`record_of` without its checks."""
    # the line never came from outside
    result = line["result"]
    roller = Roller(line["user_id"], line["channel_id"], line["guild_id"])
    return RollRecord(line["roll_id"], roller, line["notation"], decode_result(result), at,
                      line["label"], line["private"], version, change,
                      decode_terms(result))


def readable_record(entry: LogEntry) -> RollRecord | None:
    """The roll a log record describes, for display (``None``: its result cannot be read)."""
    result = readable(entry.result)
    if result is None:
        return None
    # a term that cannot be read is left out (its kind shows nothing)
    roller = Roller(entry.user_id, entry.channel_id, entry.guild_id)
    return RollRecord(entry.roll_id, roller, entry.notation, result, entry.at, entry.label,
                      entry.private, entry.version, change=entry.kind,
                      terms=readable_terms(entry.result))


class AmendmentClaims(Protocol):
    """Where each version of a roll after the first is claimed by one change, across processes."""

    async def claim(self, entry: LogEntry) -> bool:
        """Claim the entry's version, holding the entry until the log has it (``False``: taken)."""
        ...

    async def release(self, entry: LogEntry) -> None:
        """Forget the claim of the entry's version (its record could not be kept)."""
        ...

    async def latest(self, roll_id: str) -> LogEntry | None:
        """The newest entry claimed for the roll (``None``: none is held)."""
        ...


log = logging.getLogger(__name__)


class LoggedRollStore:
    """Rolls in memory for speed, in the log for durability and other processes."""

    def __init__(self, cache: RollCache, writer: LogWriter, history: RollHistory,
                 claims: AmendmentClaims | None = None) -> None:
        self._cache = cache
        self._writer = writer
        self._history = history
        self._claims = claims  # None (tests, tools): only this process's memory checks versions

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
        """Claim an amendment's version, keep the record here and in the log (durable on return)."""
        entry = entry_of(record)
        # A claim holds the amendment's record, so another process finds the winner's version before
        # the log's group commit writes it; first rolls are never claimed: a new id cannot conflict,
        # and /roll keeps its speed.
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
        """Claim an amendment's version (``False``: nothing to claim; taken: RollConflictError)."""
        if self._claims is None or record.version == 1:
            return False
        if not await self._claims.claim(entry):
            await self._cache.drop_stale(record.roll_id, record.version)
            raise RollConflictError(CHANGED_MEANWHILE, hint="look at the message again")
        return True

    async def _release(self, claimed: bool, entry: LogEntry) -> None:
        if not claimed or self._claims is None:
            return
        try:
            await self._claims.release(entry)
        except RollNotKeptError:
            # only logged: the version stays taken until the claim is pruned
            log.warning("the claim of %s could not be released", entry.entry_id)
