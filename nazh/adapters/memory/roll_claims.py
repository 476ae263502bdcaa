"""Amendments decided in memory: the amendment claims of the only process on its database."""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from datetime import datetime, timedelta

from nazh.application.log.chain import LogEntry
from nazh.application.log.ports import RollLog
from nazh.application.shared.clock import Clock

# A change that read the roll before the log had its record is long done by then.
SETTLED = timedelta(minutes=1)


class LocalRollClaims:
    """A roll's newest claimed record until the log has it, then its version for :data:`SETTLED`."""

    def __init__(self, log: RollLog, clock: Clock) -> None:
        self._log = log
        self._clock = clock
        self._held: dict[str, LogEntry | int] = {}
        """roll id -> its newest claimed record, or the version the log holds"""
        self._settled: deque[tuple[datetime, str, int]] = deque()
        """(when, roll id, version) for each marker, oldest first"""

    async def claim(self, entry: LogEntry) -> bool:
        """Claim the entry's version, holding it; ``False`` if it or a later one is taken."""
        held = self._held.get(entry.roll_id)
        if held is not None and _version(held) >= entry.version:
            return False
        self._held[entry.roll_id] = entry
        return True

    async def release(self, entry: LogEntry) -> None:
        """Forget the entry's claim (not kept); the version it was made from stays taken."""
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
