"""Keeping rolls: durable in the journal (group commits) before the answer, in the roll log after.
Appends go in batches, in order, retried with backoff; after a crash the journal is replayed."""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from nazh.application.log.chain import LogEntry, QueueStats
from nazh.application.log.ports import Journal, KeepMetrics, RollLog
from nazh.domain.errors import NazhError

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class WriterPolicy:
    """The writer's capacity, batches, retry backoff and gathering windows (each measured)."""

    capacity: int = 100_000
    batch_size: int = 500
    retry_initial: float = 0.2
    retry_max: float = 10.0
    # gather: an append starts at least this long after the previous one unless a full batch waits:
    # one transaction then carries every roll of the window (a transaction costs the bot far more
    # CPU than one more row in it). 1 s against 0.25 s at 300 /roll a second (benchmarks.paired):
    # -6.5% CPU per roll. A roll reaches the log within about a second, inside the 1.5 s a click on
    # another replica waits for it.
    gather: float = 1.0
    # A journal group commit waits up to journal_gather for more records, until journal_batch wait,
    # when the one before began under journal_busy ago (a database's commit delay); a lone roll is
    # written at once, and the roll that fills a group writes it itself. A sync costs about as much
    # for one record as for twenty. 20 ms or four: at 1,000 /roll a second a roll waits about 3 ms;
    # against 20 ms or twelve, the p99 at 300 a second went from 32-53 ms to 19-25 ms
    # (benchmarks.load).
    journal_gather: float = 0.02
    journal_batch: int = 4
    journal_busy: float = 0.05
    # A journal write runs on the loop's thread while the disk takes under inline_journal (the 5 ms
    # switch interval: a hand-over to a thread takes the interpreter lock twice while the loop is
    # busy; at 300 /roll a second the mean wait was 15-36 ms in a thread, 4-9 ms on the loop). After
    # a slower one, writes go to a thread for threaded_journal_first, doubling up to
    # threaded_journal: a thread write costs far more CPU (1,770-1,813 µs per roll when kept 10 s,
    # 1,473-1,563 µs when kept 1 s).
    inline_journal: float = 0.005
    threaded_journal_first: float = 1.0
    threaded_journal: float = 10.0


class RollNotKeptError(NazhError):
    """A roll could not be kept safely, so it is not shown (the message says why)."""


class LogWriter:
    """Group-commits records to a :class:`Journal`, then appends them to a :class:`RollLog`."""

    def __init__(self, target: RollLog, policy: WriterPolicy | None = None,
                 journal: Journal | None = None, metrics: KeepMetrics | None = None,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self._target = target
        self._monotonic = monotonic  # when the journal goes back to the loop's thread
        self._journal = journal
        self._metrics = metrics
        self._policy = policy or WriterPolicy()
        self._queue: deque[LogEntry] = deque()
        self._pending: list[tuple[LogEntry, asyncio.Future[None]]] = []
        self._journaling = 0
        self._disk = asyncio.Lock()  # one journal write or settle at a time
        self._wakeup = asyncio.Event()
        self._journal_wakeup = asyncio.Event()
        self._delaying = False  # the journal's group commit waits for more records
        self._delay: asyncio.Timeout | None = None  # that wait's deadline
        self._gathering = False  # the append task waits for a full batch or its window's end
        self._idle = asyncio.Event()
        self._idle.set()
        self._tasks: list[asyncio.Task[None]] = []
        self._appended_at = float("-inf")
        self._journaled_at = float("-inf")  # when the last group commit began
        self.stats = QueueStats()
        self._writes = (JournalWrites(journal, self._policy, self.stats, monotonic)
                        if journal is not None else None)

    @property
    def durable(self) -> bool:
        """Records are in a journal before :meth:`keep` returns."""
        return self._journal is not None

    async def recover(self) -> int:
        """Append to the roll log what the journal kept from earlier runs (before :meth:`start`)."""
        # returns how many records it held; on a failure the journal is kept for next time
        if self._journal is None:
            return 0
        entries = await asyncio.to_thread(self._journal.recover)
        size = self._policy.batch_size
        for start in range(0, len(entries), size):
            await self._target.append(entries[start:start + size])
        if entries and await self._synced("the journals are replayed again at the next start "
                                          "(appending is idempotent)"):
            await asyncio.to_thread(self._journal.recovered)
            log.warning("roll journal: %d record(s) from an earlier run appended to the roll log",
                        len(entries))
        self.stats.recovered = len(entries)
        return len(entries)

    async def keep(self, entry: LogEntry) -> None:
        """Keep a record: in the journal (on the disk) when this returns, in the roll log soon."""
        # RollNotKeptError: the queue is full (the database down a long time) or the journal fails
        if len(self._queue) + len(self._pending) >= self._policy.capacity:
            self.stats.dropped += 1
            log.error("roll log queue full (%d): record %s not kept", len(self._queue),
                      entry.entry_id)
            raise RollNotKeptError(
                "the roll log is not keeping up right now, so this roll was not made",
                hint="try again in a minute",
            )
        self._idle.clear()
        if self._journal is None:
            self._enqueue([entry])
            return
        loop = asyncio.get_running_loop()
        started = loop.time()
        future: asyncio.Future[None] = loop.create_future()
        self._pending.append((entry, future))
        full = len(self._pending) >= self._policy.journal_batch
        if (full or (not self._delaying and self._monotonic() - self._journaled_at
                >= self._policy.journal_busy)) and self._tasks and self._commit_here():
            self._commit()  # a full group, or a roll after a quiet spell: written by this roll
        elif not self._delaying or full:
            self._journal_wakeup.set()  # a delayed commit wakes only once enough have joined
        await future
        if self._metrics is not None:
            self._metrics.kept(loop.time() - started)

    def start(self) -> None:
        if self._tasks:
            return
        loop = asyncio.get_running_loop()
        self._tasks.append(loop.create_task(self._append_run(), name="roll-log"))
        if self._journal is not None:
            self._tasks.append(loop.create_task(self._journal_run(), name="roll-journal"))

    async def flush(self, timeout: float) -> bool:
        """Wait until everything kept so far is in the roll log; ``False`` on timeout."""
        if self._idle.is_set():
            return True
        try:
            await asyncio.wait_for(self._idle.wait(), timeout)
        except TimeoutError:
            return False
        return True

    async def close(self, timeout: float = 10.0) -> None:
        """Flush (bounded), then stop; what is not in the roll log stays in the journal."""
        settled = await self.flush(timeout)
        if settled and self._journal is not None:
            settled = await self._synced("the journal is kept for the next start")
        elif not settled:
            log.error("roll log: %d record(s) could not be written before shutdown%s",
                      len(self._queue) + len(self._pending),
                      "; they stay in the roll journal for the next start" if self._journal
                      else "")
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks = []
        for _, future in self._pending:
            if not future.done():
                future.set_exception(_not_journaled())
        self._pending = []
        if self._journal is not None:
            await asyncio.to_thread(self._journal.close, settled=settled)

    # -- the journal: group commit ---------------------------------------------------------------

    async def _journal_run(self) -> None:
        assert self._writes is not None
        writes = self._writes
        while True:
            if not self._pending:
                self._journal_wakeup.clear()
                await self._journal_wakeup.wait()
                continue
            if self._monotonic() - self._journaled_at < self._policy.journal_busy:
                await self._delay_commit()
                if not self._pending:
                    continue  # a roll that filled the group wrote it meanwhile
            if self._commit_here():
                self._commit()
                continue
            self._journaled_at = self._monotonic()
            batch, self._pending = self._pending, []
            entries = [entry for entry, _ in batch]
            self._journaling = len(entries)
            try:
                async with self._disk:  # after a settle, or while the disk is slow
                    await writes.write(entries)
            except asyncio.CancelledError:
                self._journaling = 0
                self._pending[:0] = batch
                raise
            except Exception as error:  # the disk refused: nothing of the batch is shown
                self._journaled(batch, entries, error)
                continue
            self._journaled(batch, entries)

    def _commit_here(self) -> bool:
        return (self._journaling == 0 and not self._disk.locked()
                and self._writes is not None and self._writes.quick)

    def _commit(self) -> None:
        """One group commit of every record waiting, synchronously on the loop's thread."""
        # the roll that fills the group, or comes after a quiet spell, writes it: no turn of the
        # loop
        assert self._writes is not None
        self._journaled_at = self._monotonic()
        # the next group may wait its whole delay again (unless that delay has just run out,
        # its task not yet woken: it then finds nothing waiting)
        if self._delay is not None and not self._delay.expired():
            self._delay.reschedule(asyncio.get_running_loop().time()
                                   + self._policy.journal_gather)
        batch, self._pending = self._pending, []
        entries = [entry for entry, _ in batch]
        try:
            self._writes.write_here(entries)
        except Exception as error:  # the disk refused: nothing of the batch is shown
            self._journaled(batch, entries, error)
            return
        self._journaled(batch, entries)

    def _journaled(self, batch: list[tuple[LogEntry, asyncio.Future[None]]],
                   entries: list[LogEntry], error: Exception | None = None) -> None:
        """A group commit is over: its rolls answered, or told (``error``) nothing is kept."""
        self._journaling = 0
        if error is None:
            self.stats.journaled += len(entries)
            self._enqueue(entries)
            for _, future in batch:
                if not future.done():
                    future.set_result(None)
            return
        self.stats.journal_failures += 1
        log.error("roll journal: writing %d record(s) failed (%s); they are not kept",
                  len(batch), type(error).__name__)
        for _, future in batch:
            if not future.done():
                future.set_exception(_not_journaled())
        self._check_idle()

    async def _delay_commit(self) -> None:
        """Let more records join the group commit, until ``journal_batch`` or ``journal_gather``."""
        # the gather counts from this delay's start or the last group written during it
        if len(self._pending) >= self._policy.journal_batch:
            return
        self._journal_wakeup.clear()
        self._delaying = True
        try:
            async with asyncio.timeout(self._policy.journal_gather) as self._delay:
                await self._journal_wakeup.wait()
        except TimeoutError:
            pass
        finally:
            self._delaying = False
            self._delay = None

    async def _settle(self) -> None:
        """Let the journal forget what is in the roll log once :meth:`RollLog.sync` holds."""
        if self._journal is None or not self._quiet() or not self._journal.settle_due:
            return
        journaled = self.stats.journaled
        if not await self._synced("the journal is emptied later"):
            return
        async with self._disk:
            if not self._quiet() or self.stats.journaled != journaled:
                return  # records journaled since the sync began may not be synced: later
            try:
                await asyncio.to_thread(self._journal.settle)
            except OSError as error:
                log.warning("roll journal: could not be emptied (%s)", type(error).__name__)

    async def _synced(self, otherwise: str) -> bool:
        """Whether the roll log synced every append so far (failing: logged with ``otherwise``)."""
        try:
            if await self._target.sync():
                return True
            log.info("roll log: could not be synced to the disk now (a reader holds an "
                     "older snapshot); %s", otherwise)
        except asyncio.CancelledError:
            raise
        except Exception as error:
            log.warning("roll log: syncing it to the disk failed (%s); %s",
                        type(error).__name__, otherwise)
        return False

    # -- the roll log: batches with retries ------------------------------------------------------

    def _enqueue(self, entries: list[LogEntry]) -> None:
        self._queue.extend(entries)
        self.stats.waiting = len(self._queue)
        if not self._gathering or len(self._queue) >= self._policy.batch_size:
            self._wakeup.set()  # a gathering append wakes only for a full batch

    async def _append_run(self) -> None:
        delay = self._policy.retry_initial
        while True:
            if not self._queue:
                self._check_idle()
                self._wakeup.clear()
                await self._wakeup.wait()
                continue
            await self._gather()
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
            self._appended_at = asyncio.get_running_loop().time()
            self.stats.failing_since = None
            for _ in batch:
                self._queue.popleft()
            self.stats.written += len(batch)
            self.stats.waiting = len(self._queue)
            if not self._queue:
                await self._settle()

    async def _gather(self) -> None:
        """Let records gather until ``gather`` seconds after the last append, or a full batch."""
        if self._journal is None:
            return
        loop = asyncio.get_running_loop()
        until = self._appended_at + self._policy.gather
        while len(self._queue) < self._policy.batch_size and (left := until - loop.time()) > 0:
            self._wakeup.clear()
            self._gathering = True
            try:
                async with asyncio.timeout(left):  # no task per wait, unlike wait_for
                    await self._wakeup.wait()
            except TimeoutError:
                return
            finally:
                self._gathering = False

    def _quiet(self) -> bool:
        return not self._queue and not self._pending and not self._journaling

    def _check_idle(self) -> None:
        if self._quiet():
            self._idle.set()

    def _failed(self, error: Exception, size: int, delay: float) -> None:
        self.stats.failures += 1
        self.stats.last_error = type(error).__name__
        if self.stats.failing_since is None:
            self.stats.failing_since = time.monotonic()
        log.warning("roll log: writing %d record(s) failed (%s); retrying in %.1f s "
                    "(%d waiting)", size, type(error).__name__, delay, len(self._queue))


class JournalWrites:
    """Where the journal's group commits are written: the loop's thread while the disk is quick."""

    # after a slower write, a worker thread for threaded_journal_first, doubling to threaded_journal
    def __init__(self, journal: Journal, policy: WriterPolicy, stats: QueueStats,
                 monotonic: Callable[[], float]) -> None:
        self._journal = journal
        self._policy = policy
        self._stats = stats
        self._monotonic = monotonic
        self._threaded_until = float("-inf")
        self._threaded_for = 0.0

    @property
    def quick(self) -> bool:
        return self._monotonic() >= self._threaded_until

    async def write(self, entries: list[LogEntry]) -> None:
        """A group commit, where the disk's last writes say (:meth:`write_here` or a thread)."""
        if self.quick:
            self.write_here(entries)
        else:
            await asyncio.to_thread(self._journal.write, entries)

    def write_here(self, entries: list[LogEntry]) -> None:
        """A synchronous write on the loop's thread; a slow one sends the next to a thread."""
        started = time.perf_counter()
        try:
            self._journal.write(entries)
        finally:
            took = time.perf_counter() - started
            if took >= self._policy.inline_journal:
                self._threaded_for = min(
                    self._threaded_for * 2 or self._policy.threaded_journal_first,
                    self._policy.threaded_journal)
                self._threaded_until = self._monotonic() + self._threaded_for
                self._stats.slow_journal_writes += 1
                log.info("roll journal: a write took %.1f ms; writing in a worker thread for "
                         "%g s", took * 1000, self._threaded_for)
            else:
                self._threaded_for = 0.0


def _not_journaled() -> RollNotKeptError:
    return RollNotKeptError(
        "this roll could not be recorded safely, so it was not shown",
        hint="try again in a moment; if it keeps happening, tell the bot's operator",
    )
