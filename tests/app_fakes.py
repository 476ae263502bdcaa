"""Hand-written fakes of the application's ports (clock, roll store) for the table tests."""

from __future__ import annotations

import asyncio
import builtins
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from nazh.application.carried.model import CarriedDie
from nazh.application.rolls.events import NOWHERE, RollPlace, Situation
from nazh.application.rolls.metrics import FailureReason, RollSource
from nazh.application.rolls.model import RollRecord
from nazh.application.rolls.ports import RollStore
from nazh.application.saved.shelves import SavedRoll, Scope, Shelf
from nazh.application.settings.server import (
    ServerSettings,
    SettingChange,
)
from nazh.domain.results import RollResult

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


class Seconds:
    """A monotonic clock (``time.monotonic``'s shape) that moves only when told: ``now``."""

    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


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


class FakeInteractionMetrics:
    """An ``InteractionMetrics`` that records each interaction's outcome and builder count."""

    def __init__(self) -> None:
        self.outcomes: list[tuple[str, str]] = []
        self.builders = 0

    def interaction(self, kind: str, outcome: str) -> None:
        """Record the outcome."""
        self.outcomes.append((kind, outcome))

    def builder_opened(self) -> None:
        """Count a builder."""
        self.builders += 1


class FakeRollMetrics:
    """A ``RollMetrics`` that records every roll and failure."""

    def __init__(self) -> None:
        self.rolled_sources: list[RollSource] = []
        self.results: list[RollResult] = []
        self.failures: list[tuple[RollSource, FailureReason]] = []
        self.seconds: list[float] = []

    def rolled(self, source: RollSource, result: RollResult, seconds: float) -> None:
        """Record a roll."""
        self.rolled_sources.append(source)
        self.results.append(result)
        self.seconds.append(seconds)

    def roll_failed(self, source: RollSource, reason: FailureReason, seconds: float) -> None:
        """Record a failure."""
        self.failures.append((source, reason))
        self.seconds.append(seconds)


class FakeSavedRollStore:
    """A ``SavedRollStore`` in a dict keyed by ``(user_id, name)``."""

    def __init__(self, *rolls: SavedRoll) -> None:
        self.rolls = {(roll.user_id, roll.name): roll for roll in rolls if roll.shelf is None}
        self.shared = {(roll.where, roll.name): roll for roll in rolls if roll.shelf is not None}
        self.puts: builtins.list[SavedRoll] = []

    async def put(self, roll: SavedRoll) -> None:
        """Create or replace."""
        self.puts.append(roll)
        self.rolls[roll.user_id, roll.name] = roll

    async def delete(self, user_id: int, name: str) -> bool:
        """Remove one; ``False`` when there was none."""
        return self.rolls.pop((user_id, name), None) is not None

    async def list(self, user_id: int) -> builtins.list[SavedRoll]:
        """The user's saved rolls, by name."""
        return sorted((r for r in self.rolls.values() if r.user_id == user_id),
                      key=lambda roll: roll.name)

    async def on_shelf(self, shelf: Shelf) -> builtins.list[SavedRoll]:
        """A channel's or server's saved rolls, by name."""
        return sorted((r for r in self.shared.values() if r.where == shelf),
                      key=lambda roll: roll.name)

    async def put_all(self, rolls: Sequence[SavedRoll]) -> None:
        """Create or replace every one."""
        for roll in rolls:
            if roll.shelf is None:
                await self.put(roll)
            else:
                self.puts.append(roll)
                self.shared[roll.where, roll.name] = roll

    async def remove(self, shelf: Shelf, name: str) -> bool:
        """Remove one from a shelf."""
        if shelf.scope is Scope.ME:
            return await self.delete(shelf.owner_id, name)
        return self.shared.pop((shelf, name), None) is not None

    async def rename(self, shelf: Shelf, name: str, new_name: str) -> bool:
        """Rename one."""
        if shelf.scope is Scope.ME:
            roll = self.rolls.pop((shelf.owner_id, name), None)
            if roll is not None:
                self.rolls[shelf.owner_id, new_name] = replace(roll, name=new_name)
            return roll is not None
        found = self.shared.pop((shelf, name), None)
        if found is not None:
            self.shared[shelf, new_name] = replace(found, name=new_name)
        return found is not None

    async def count_in_guild(self, guild_id: int) -> int:
        """Saved rolls on a server's shelf and its channels'."""
        return sum(1 for roll in self.shared.values() if roll.where.guild_id == guild_id)


class MemoryStore:
    """A settings store (``GuildSettingsStore``) in memory, with its audit trail and a count
    of its reads."""

    def __init__(self) -> None:
        self.settings: dict[int, ServerSettings] = {}
        self.audit: list[SettingChange] = []
        self.reads = 0

    async def get(self, guild_id: int) -> ServerSettings | None:
        self.reads += 1
        return self.settings.get(guild_id)

    async def put(self, guild_id: int, settings: ServerSettings,
                  changes: Sequence[SettingChange]) -> None:
        self.settings[guild_id] = settings
        self.audit.extend(changes)

    async def changes(self, guild_id: int, limit: int) -> list[SettingChange]:
        return [c for c in reversed(self.audit) if c.guild_id == guild_id][:limit]


class Nowhere:
    """Rolls made where nothing changes them (no encounter)."""

    async def situation(self, place: RollPlace) -> Situation:
        """Nothing there changes a roll."""
        return NOWHERE


class FakeCarriedDice:
    """Carried dice (``CarriedDice``) in memory: by key, and the test that took each."""

    def __init__(self) -> None:
        self.dice: dict[str, CarriedDie] = {}
        self.taken: dict[str, str] = {}

    async def carry(self, die: CarriedDie) -> bool:
        if die.once in self.dice:
            return False
        self.dice[die.once] = die
        return True

    async def waiting(self, character_id: str) -> list[CarriedDie]:
        return [die for once, die in self.dice.items()
                if die.character_id == character_id and once not in self.taken]

    async def take(self, once: str, roll_id: str) -> bool:
        if once not in self.dice:
            return False
        return self.taken.setdefault(once, roll_id) == roll_id

    async def carried(self, once: str) -> bool:
        return once in self.dice
