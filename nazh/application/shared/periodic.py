"""Work repeated every so many seconds on the running loop; a failed run is logged, not fatal."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

log = logging.getLogger(__name__)


class Periodic:
    """Runs ``work`` every ``every`` seconds once started, until stopped."""

    def __init__(self, name: str, work: Callable[[], Awaitable[object]], every: float,
                 failure: str, *, first_at_once: bool = True) -> None:
        self._name = name
        self._work = work
        self._every = every
        self._failure = failure
        # first_at_once: run at start (else after the first interval); failure: what the log says
        self._first_at_once = first_at_once
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        """Start on the running loop (again: nothing)."""
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._run(), name=self._name)

    async def stop(self) -> None:
        """Stop, waiting for a run in progress to be cancelled."""
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None

    async def _run(self) -> None:
        if not self._first_at_once:
            await asyncio.sleep(self._every)
        while True:
            try:
                await self._work()
            except Exception:
                log.exception("%s; trying again later", self._failure)
            await asyncio.sleep(self._every)
