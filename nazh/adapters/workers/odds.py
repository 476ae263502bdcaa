"""The odds and their chart, computed in a small bounded pool of worker processes."""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor

from nazh.application.admission.gate import ServiceBusyError
from nazh.application.odds.use_cases import IN_ENGLISH, ChartWords, OddsAnswer
from nazh.domain.attack_odds import AttackTerms
from nazh.domain.ranges import DEFAULT_RANGES, Ranges

log = logging.getLogger(__name__)

BUSY = "Nazh is busy drawing other charts; please try again in a few seconds."
WARM_UP = "1d20"


OddsJob = Callable[[str, bool, "int | None", "AttackTerms | None", Ranges, ChartWords],
                   OddsAnswer]
"""A top-level (picklable) function computing the odds and chart of a validated roll or attack."""


PARENT_CHECK_SECONDS = 0.5
CLOSE_SECONDS = 5.0


def follow_parent(parent_pid: int) -> None:
    """Worker initialiser: exit once the bot's process is gone; ignore SIGINT."""
    # A terminal's Ctrl-C reaches the worker too (the bot stops its pool in order); a parent killed
    # with SIGKILL cannot stop its pool, and an orphan would linger holding memory.
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(0)

    threading.Thread(target=watch, name="follow-parent", daemon=True).start()


class ProcessOddsWorker:
    """The ``OddsWorker`` port on a bounded process pool."""

    def __init__(self, job: OddsJob, workers: int = 1, waiting: int = 3) -> None:
        self._job = job
        self._pool = ProcessPoolExecutor(
            max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
            initializer=follow_parent, initargs=(os.getpid(),))
        self._slots = asyncio.Semaphore(workers + waiting)

    async def compute(self, notation: str, *, add_plot: bool, dc: int | None,
                      attack: AttackTerms | None = None, ranges: Ranges = DEFAULT_RANGES,
                      words: ChartWords = IN_ENGLISH) -> OddsAnswer:
        """The odds and chart (of ``attack`` if given), from a worker; busy if the queue is full."""
        if self._slots.locked():
            raise ServiceBusyError(BUSY)
        async with self._slots:
            loop = asyncio.get_running_loop()
            return await loop.run_in_executor(self._pool, self._job, notation, add_plot, dc,
                                              attack, ranges, words)

    async def warm(self) -> None:
        """Start the workers and draw one chart, so the first user's is not the slow one."""
        try:
            await self.compute(WARM_UP, add_plot=False, dc=None)
        except Exception:
            log.warning("the odds worker could not be warmed", exc_info=True)

    async def close(self) -> None:
        """Stop the workers: cancel jobs not started, let one running finish, kill what is left."""
        # In order: an abrupt close while a job was being sent made the queue's feeder thread write
        # to a closed pipe and print a traceback on the way out.
        shutdown = asyncio.to_thread(self._pool.shutdown, wait=True, cancel_futures=True)
        try:
            await asyncio.wait_for(shutdown, CLOSE_SECONDS)
        except TimeoutError:
            log.warning("the odds worker did not stop within %.0f s: killed", CLOSE_SECONDS)
            for child in multiprocessing.active_children():
                child.kill()
