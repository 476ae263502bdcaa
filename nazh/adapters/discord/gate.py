"""Admission of interactions: refuse new ones while shutting down, wait for those in flight."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


class InteractionGate:
    """Counts interactions in flight; once closed, new ones are refused."""

    def __init__(self) -> None:
        self._open = True
        self._in_flight = 0
        self._idle = asyncio.Event()
        self._idle.set()

    @property
    def open(self) -> bool:
        """New interactions are accepted."""
        return self._open

    @property
    def in_flight(self) -> int:
        """Interactions being handled now."""
        return self._in_flight

    @asynccontextmanager
    async def track(self) -> AsyncIterator[None]:
        """Count the block as an interaction in flight."""
        self._in_flight += 1
        self._idle.clear()
        try:
            yield
        finally:
            self._in_flight -= 1
            if not self._in_flight:
                self._idle.set()

    def close(self) -> None:
        """Refuse new interactions from now on."""
        self._open = False

    async def drain(self, timeout: float) -> bool:
        """Wait until nothing is in flight; ``False`` if ``timeout`` ran out first."""
        try:
            await asyncio.wait_for(self._idle.wait(), timeout)
        except TimeoutError:
            return False
        return True
