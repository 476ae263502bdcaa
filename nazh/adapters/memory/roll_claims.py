"""Amendments decided in this process's memory: :class:`LocalRollClaims`, the
:class:`~nazh.application.rolls.logged_store.AmendmentClaims` of a bot that is the only process
on its database (an SQLite file serves one process; replicas share PostgreSQL and its
``roll_claims`` table, :class:`~nazh.adapters.storage.roll_claims.SqlRollClaims`).

A claim is a dictionary lookup instead of a statement on the database's thread in the path of
every click (on SQLite the statement also waited for the roll log's write lock). It keeps the
same promises as the table: of two changes made from the same version, one wins; a version the
log holds is taken; the newest claimed record of a roll is read back (``latest``) until the log
has it, so a roll that left the process's cache is never read older than it is.

The claims are also the writer's way into the roll log (a :class:`~nazh.application.log.ports.
RollLog` around the real one): once a batch is appended, each record held here becomes a
marker of its version, kept for :data:`SETTLED` (a change that read the roll before the log had
its record is long done by then) and then forgotten by :meth:`prune`. A marker is a version
number, so what is held stays small: the records of rolls changed and not yet in the log, and a
number per roll changed in the last minute.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from datetime import datetime, timedelta

from nazh.application.log.chain import LogEntry
from nazh.application.log.ports import RollLog
from nazh.application.shared.clock import Clock

SETTLED = timedelta(minutes=1)
"""How long a version stays taken here after the log has its record."""


class LocalRollClaims:
    """Claims of roll versions in a dict: each roll's newest claimed record until the log has
    it, then its version number for :data:`SETTLED`."""

    def __init__(self, log: RollLog, clock: Clock) -> None:
        self._log = log
        self._clock = clock
        self._held: dict[str, LogEntry | int] = {}
        """roll id -> its newest claimed record, or the version the log holds"""
        self._settled: deque[tuple[datetime, str, int]] = deque()
        """(when, roll id, version) for each marker, oldest first"""

    async def claim(self, entry: LogEntry) -> bool:
        """Claim the entry's version of its roll, holding the entry; ``False`` when that
        version, or a later one, is claimed already or in the log."""
        held = self._held.get(entry.roll_id)
        if held is not None and _version(held) >= entry.version:
            return False
        self._held[entry.roll_id] = entry
        return True

    async def release(self, entry: LogEntry) -> None:
        """Forget the claim of the entry's version (its record could not be kept): the version
        it was made from stays taken."""
        if self._held.get(entry.roll_id) is entry:
            self._mark(entry.roll_id, entry.version - 1)

    async def latest(self, roll_id: str) -> LogEntry | None:
        """The roll's newest claimed record not yet in the log (``None``: none held)."""
        held = self._held.get(roll_id)
        return held if isinstance(held, LogEntry) else None

    async def append(self, entries: Sequence[LogEntry]) -> None:
        """Append through the roll log, then hold only the versions of what it now has."""
        await self._log.append(entries)
        for entry in entries:
            if self._held.get(entry.roll_id) is entry:
                self._mark(entry.roll_id, entry.version)

    async def sync(self) -> bool:
        """The roll log's (see :meth:`~nazh.application.log.ports.RollLog.sync`)."""
        return await self._log.sync()

    async def prune(self) -> int:
        """Forget the versions the log has held for :data:`SETTLED`; how many."""
        cutoff = self._clock.now() - SETTLED
        pruned = 0
        while self._settled and self._settled[0][0] < cutoff:
            _, roll_id, version = self._settled.popleft()
            if self._held.get(roll_id) == version:
                del self._held[roll_id]
                pruned += 1
        return pruned

    def _mark(self, roll_id: str, version: int) -> None:
        self._held[roll_id] = version
        self._settled.append((self._clock.now(), roll_id, version))


def _version(held: LogEntry | int) -> int:
    return held if isinstance(held, int) else held.version
