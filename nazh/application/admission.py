"""Admission of interactions: who gets in, what happened to each, and a graceful stop.

Every interaction, whatever its transport, is handled inside :meth:`Admission.admit`: it is
refused once the service is stopping, counted in flight (so a stop can wait for it), and its
outcome is counted behind the :class:`InteractionMetrics` port, read from how the block ended.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from enum import Enum

from nazh.application.ports import InteractionMetrics
from nazh.domain.errors import LimitError, NazhError, NotationError


class Outcome(Enum):
    """How an interaction ended."""

    OK = "ok"
    REJECTED = "rejected"
    REFUSED = "refused"
    BUSY = "busy"
    ERROR = "error"

    @classmethod
    def of(cls, error: BaseException | None) -> Outcome:
        """The outcome of a block that raised ``error`` (``None``: it did not)."""
        if error is None:
            return cls.OK
        if isinstance(error, ServiceBusyError):
            return cls.BUSY
        if isinstance(error, NotationError | LimitError):
            return cls.REJECTED
        if isinstance(error, NazhError):
            return cls.REFUSED
        return cls.ERROR


class ServiceBusyError(NazhError):
    """The service is stopping and takes no new interaction."""


RESTARTING = "Nazh is restarting; please try again in a few seconds."


class Admission:
    """Counts interactions in flight and their outcomes; once closed, new ones are refused."""

    def __init__(self, metrics: InteractionMetrics) -> None:
        self._metrics = metrics
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
    async def admit(self, kind: str) -> AsyncIterator[None]:
        """Handle one interaction of ``kind`` (command, component, modal) in the block.

        Raises:
            ServiceBusyError: the service is stopping (counted as ``busy``).
        """
        if not self._open:
            self._metrics.interaction(kind, Outcome.BUSY.value)
            raise ServiceBusyError(RESTARTING)
        self._in_flight += 1
        self._idle.clear()
        error: BaseException | None = None
        try:
            yield
        except BaseException as raised:
            error = raised
            raise
        finally:
            self._in_flight -= 1
            if not self._in_flight:
                self._idle.set()
            if not isinstance(error, asyncio.CancelledError):
                self._metrics.interaction(kind, Outcome.of(error).value)

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
