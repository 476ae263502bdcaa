"""Stopping on SIGINT or SIGTERM at any moment of ``nazh run`` or ``serve``, start-up included."""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Awaitable

SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Stop:
    """Set by the first SIGINT or SIGTERM once :meth:`on_signals` has installed the handlers."""

    def __init__(self) -> None:
        self._event = asyncio.Event()
        self.reason: str | None = None

    @classmethod
    def on_signals(cls) -> Stop:
        """A stop the running loop sets on SIGINT and SIGTERM from now on."""
        stop = cls()
        loop = asyncio.get_running_loop()
        for sig in SIGNALS:
            loop.add_signal_handler(sig, stop.set, sig.name)
        return stop

    @property
    def requested(self) -> bool:
        """Whether a stop came."""
        return self._event.is_set()

    def set(self, reason: str) -> None:
        """Ask to stop (the first reason is kept)."""
        if self.reason is None:
            self.reason = reason
        self._event.set()

    async def wait(self) -> None:
        """Until a stop comes."""
        await self._event.wait()

    async def unless(self, work: Awaitable[None]) -> bool:
        """Run ``work`` to its end (True), unless a stop comes first and cancels it (False)."""
        task = asyncio.ensure_future(work)
        stopped = asyncio.ensure_future(self.wait())
        try:
            await asyncio.wait({task, stopped}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            stopped.cancel()
            if not task.done():
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        if task.cancelled():
            return False
        task.result()
        return True
