"""Write-behind for the roll log: the answer never waits for the database.

Records wait in a bounded in-memory queue and are appended in batches, in order; when the
database is slow or down, the batch at the head is retried with exponential backoff until it
goes through (appends are idempotent, so a retried batch never writes a record twice).
On shutdown, :meth:`LogWriter.close` flushes what is waiting.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from dataclasses import dataclass

from nazh.application.ports import RollLog
from nazh.application.roll_log import LogEntry, QueueStats

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class WriterPolicy:
    """Capacity, batch size and retry backoff of the writer."""

    capacity: int = 100_000
    batch_size: int = 500
    retry_initial: float = 0.2
    retry_max: float = 10.0


class LogWriter:
    """A background task appending queued records to a :class:`RollLog`."""

    def __init__(self, target: RollLog, policy: WriterPolicy | None = None) -> None:
        self._target = target
        self._policy = policy or WriterPolicy()
        self._queue: deque[LogEntry] = deque()
        self._wakeup = asyncio.Event()
        self._idle = asyncio.Event()
        self._idle.set()
        self._task: asyncio.Task[None] | None = None
        self.stats = QueueStats()

    def submit(self, entry: LogEntry) -> bool:
        """Queue a record without waiting; ``False`` (and an error log) when the queue is full."""
        if len(self._queue) >= self._policy.capacity:
            self.stats.dropped += 1
            log.error("roll log queue full (%d): record %s not kept", len(self._queue),
                      entry.entry_id)
            return False
        self._queue.append(entry)
        self.stats.waiting = len(self._queue)
        self._idle.clear()
        self._wakeup.set()
        return True

    def start(self) -> None:
        """Start the background task (on the running loop)."""
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._run(), name="roll-log")

    async def flush(self, timeout: float) -> bool:
        """Wait until everything queued so far is written; ``False`` on timeout."""
        if self._idle.is_set():
            return True
        try:
            await asyncio.wait_for(self._idle.wait(), timeout)
        except TimeoutError:
            return False
        return True

    async def close(self, timeout: float = 10.0) -> None:
        """Flush (bounded), then stop the task."""
        if not await self.flush(timeout):
            log.error("roll log: %d record(s) could not be written before shutdown",
                      len(self._queue))
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None

    async def _run(self) -> None:
        delay = self._policy.retry_initial
        while True:
            if not self._queue:
                self._idle.set()
                self._wakeup.clear()
                await self._wakeup.wait()
                continue
            batch = [self._queue[i] for i in range(min(len(self._queue),
                                                       self._policy.batch_size))]
            try:
                await self._target.append(batch)
            except asyncio.CancelledError:
                raise
            except Exception as error:
                self._failed(error, len(batch), delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, self._policy.retry_max)
                continue
            delay = self._policy.retry_initial
            self.stats.failing_since = None
            for _ in batch:
                self._queue.popleft()
            self.stats.written += len(batch)
            self.stats.waiting = len(self._queue)

    def _failed(self, error: Exception, size: int, delay: float) -> None:
        self.stats.failures += 1
        self.stats.last_error = type(error).__name__
        if self.stats.failing_since is None:
            self.stats.failing_since = time.monotonic()
        log.warning("roll log: writing %d record(s) failed (%s); retrying in %.1f s "
                    "(%d waiting)", size, type(error).__name__, delay, len(self._queue))
