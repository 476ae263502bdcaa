"""Hand-written fakes of the application's ports (clock, roll store) for the table tests."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from nazh.application.ports import RollStore
from nazh.application.table import RollRecord

T0 = datetime(2025, 3, 14, 12, 0, tzinfo=UTC)


class FakeClock:
    """A ``Clock`` showing a settable time (UTC, timezone-aware)."""

    def __init__(self, now: datetime = T0) -> None:
        self.current = now

    def now(self) -> datetime:
        """The time set last."""
        return self.current

    def advance(self, delta: timedelta) -> None:
        """Move the time forward by ``delta``."""
        self.current += delta


class YieldingStore:
    """A ``RollStore`` that hands control to the event loop after each read.

    Two use cases gathered on it both read the record before either saves, as two button
    presses handled at once by a real (networked) store would.
    """

    def __init__(self, inner: RollStore) -> None:
        self._inner = inner

    async def get(self, roll_id: str) -> RollRecord | None:
        """The inner store's record, after letting the other tasks run."""
        record = await self._inner.get(roll_id)
        await asyncio.sleep(0)
        return record

    async def save(self, record: RollRecord) -> None:
        """Saves in the inner store."""
        await self._inner.save(record)
