"""Stopping on SIGINT or SIGTERM at any moment of ``nazh run`` and ``nazh serve``, the start-up
included: a signal while the database or Discord is still being retried cancels the start-up
(what started is stopped again) instead of waiting for the retries to end."""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Awaitable

SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Stop:
    """Set by the first SIGINT or SIGTERM once :meth:`on_signals` has installed the handlers.

    Attributes:
        reason: The signal's name (``SIGTERM``), once one came.
    """

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
        """Run ``work`` to its end, unless a stop comes first: then ``work`` is cancelled (its
        clean-up runs) and the answer is ``False``.

        Raises:
            Exception: what ``work`` raised.
        """
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
