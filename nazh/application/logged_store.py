"""The :class:`RollStore` the buttons use, on top of the roll log.

Recent rolls are answered from a fast in-process store; every save is also queued for the log
(written behind the answer). A roll that is not in this process (after a restart, or made by
another process) is read back from the log, so buttons keep working everywhere.
"""

from __future__ import annotations

from nazh.application.log_format import changes_of, decode_result, encode_result, with_changes
from nazh.application.log_writer import LogWriter, RollNotKeptError
from nazh.application.ports import RollCache, RollHistory
from nazh.application.roll_log import EntryKind, LogEntry
from nazh.application.secret_rolls import secret_of, with_secret
from nazh.application.table import Roller, RollRecord
from nazh.domain.spec import DieMode


def entry_of(record: RollRecord) -> LogEntry:
    """The log record of a roll or of an amendment."""
    return LogEntry(
        roll_id=record.roll_id, version=record.version, kind=kind_of(record),
        at=record.created_at, channel_id=record.roller.channel_id,
        user_id=record.roller.user_id, guild_id=record.roller.guild_id,
        notation=record.notation, label=record.label, dc=record.result.dc,
        private=record.private,
        result=with_changes(with_secret(encode_result(record.result), record.secret),
                            record.changes),
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
                      secret=secret_of(entry.result), changes=changes_of(entry.result))


class LoggedRollStore:
    """Rolls in memory for speed, in the log for durability and other processes."""

    def __init__(self, cache: RollCache, writer: LogWriter, history: RollHistory) -> None:
        self._cache = cache
        self._writer = writer
        self._history = history

    async def get(self, roll_id: str) -> RollRecord | None:
        """From this process, else the latest record of the roll in the log."""
        record = await self._cache.get(roll_id)
        if record is not None:
            return record
        trail = await self._history.trail(roll_id)
        return record_of(trail[-1].entry) if trail else None

    async def save(self, record: RollRecord) -> None:
        """Keep it here (version checked) and its record in the log (durable in the journal
        when this returns).

        Raises:
            RollConflictError: as :meth:`RollStore.save`.
            RollNotKeptError: the record could not be kept (it is forgotten here too).
        """
        previous = await self._cache.get(record.roll_id)
        await self._cache.save(record)
        try:
            await self._writer.keep(entry_of(record))
        except RollNotKeptError:
            await self._cache.revert(record, previous)
            raise
