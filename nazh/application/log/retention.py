"""The retention job: purge log records older than the configured number of days."""

from __future__ import annotations

import logging
from datetime import timedelta

from nazh.application.log.ports import LogRetention
from nazh.application.shared.clock import Clock
from nazh.application.shared.periodic import Periodic

log = logging.getLogger(__name__)

PURGE_INTERVAL_SECONDS = 6 * 3600


class RetentionJob:
    """Purges at start, then every ``interval`` seconds; does nothing without ``days``."""

    def __init__(self, retention: LogRetention, clock: Clock, days: int | None,
                 interval: float = PURGE_INTERVAL_SECONDS) -> None:
        self._retention = retention
        self._clock = clock
        self._days = days
        self._periodic = Periodic("roll-log-retention", self.purge_once, interval,
                                  "roll log retention failed")

    def start(self) -> None:
        """Start the periodic purge on the running loop (when a retention is configured)."""
        if self._days:
            self._periodic.start()

    async def stop(self) -> None:
        await self._periodic.stop()

    async def purge_once(self) -> int:
        """Purge what is older than the retention; the number of records removed."""
        if not self._days:
            return 0
        removed = await self._retention.purge_before(
            self._clock.now() - timedelta(days=self._days))
        log.info("roll log retention: %d record(s) older than %d days purged", removed,
                 self._days)
        return removed

