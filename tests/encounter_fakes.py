"""A hand-written fake of the encounters' store port, with the database's decisions: one open
encounter per channel, compare-and-swap on the version, once keys; and a kit building the
encounter use cases on it."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from nazh.adapters.rng.seeded import SeededRandomSource
from nazh.application.characters.service import Characters
from nazh.application.encounters.changes import EncounterChanges
from nazh.application.encounters.lifecycle import EncounterLifecycle
from nazh.application.encounters.model import EncounterRecord, LogEntry
from nazh.application.encounters.ports import OnceKeys, keys_of
from nazh.application.encounters.roll_handler import EncounterRolls
from nazh.application.encounters.roster import EncounterRoster
from nazh.application.encounters.turns import EncounterTurns
from nazh.application.rolls.dice import RollDice
from nazh.application.rolls.events import Happened, RollEvent, RollPlace, Situation
from nazh.application.rolls.model import Rolled, Roller, RollRecord
from nazh.application.settings.server import GuildSettings, Member
from nazh.domain.encounter.rolls import RollKind
from tests.app_fakes import FakeClock, MemoryStore
from tests.character_fakes import FakeCharacterStore
from tests.fakes import FakeRng, d


class FakeEncounterStore:
    """Encounters in memory; ``yielding`` hands control to other tasks after each read, as
    a networked store would (two changes gathered then both read before either writes)."""

    def __init__(self, *, yielding: bool = False) -> None:
        self.records: dict[str, EncounterRecord] = {}
        self.entries: list[LogEntry] = []
        self.once: set[str] = set()
        self._yielding = yielding
        self.reads = 0
        """The reads asked of it (an encounter, or once keys)."""
        self.writes = 0
        """The compare-and-swaps asked of it."""

    async def _pause(self) -> None:
        if self._yielding:
            await asyncio.sleep(0)

    async def open_in(self, channel_id: int) -> EncounterRecord | None:
        """The channel's open encounter."""
        self.reads += 1
        found = next((r for r in self.records.values()
                      if r.channel_id == channel_id and r.ended_at is None), None)
        await self._pause()
        return found

    async def get(self, encounter_id: str) -> EncounterRecord | None:
        """An encounter by id."""
        self.reads += 1
        return self.records.get(encounter_id)

    async def open_in_server(self, guild_id: int) -> list[EncounterRecord]:
        """A server's open encounters, oldest first."""
        return sorted((r for r in self.records.values()
                       if r.guild_id == guild_id and r.ended_at is None),
                      key=lambda r: r.created_at)

    async def create(self, record: EncounterRecord, entries: Sequence[LogEntry]) -> bool:
        """Keep a new one unless its channel has an open one."""
        if await self.open_in(record.channel_id) is not None:
            return False
        self.records[record.encounter_id] = record
        self.entries.extend(entries)
        return True

    async def update(self, record: EncounterRecord, entries: Sequence[LogEntry], *,
                     once: OnceKeys = None) -> bool:
        """Compare-and-swap on the version, once keys first."""
        self.writes += 1
        keys = keys_of(once)
        if any(key in self.once for key in keys):
            return False
        kept = self.records.get(record.encounter_id)
        if kept is None or kept.version != record.version - 1:
            return False
        self.once.update(keys)
        self.records[record.encounter_id] = record
        self.entries.extend(entries)
        return True

    async def done(self, once: str) -> bool:
        """Whether the once key was kept."""
        self.reads += 1
        return once in self.once

    async def done_of(self, keys: Sequence[str]) -> frozenset[str]:
        """Those of the once keys kept."""
        self.reads += 1
        return frozenset(keys) & self.once

    async def log(self, encounter_id: str, limit: int) -> list[LogEntry]:
        """Its latest entries, newest first."""
        return [e for e in self.entries if e.encounter_id == encounter_id][::-1][:limit]


SERVER = 500
CHANNEL = 77
GM = Member(1, SERVER, manages_guild=True)
PLAYER = Member(2, SERVER)
OTHER = Member(3, SERVER)


@dataclass
class EncounterKit:
    """The encounter use cases on fakes, sharing one store and clock."""

    store: FakeEncounterStore
    clock: FakeClock
    characters: Characters
    changes: EncounterChanges
    lifecycle: EncounterLifecycle
    roster: EncounterRoster
    turns: EncounterTurns


def encounter_kit(store: FakeEncounterStore | None = None) -> EncounterKit:
    """The use cases on a fresh (or the given) store."""
    kept = store or FakeEncounterStore()
    clock = FakeClock()
    settings = GuildSettings(MemoryStore(), clock)
    characters = Characters(FakeCharacterStore(), settings, clock, SeededRandomSource(7))
    changes = EncounterChanges(kept, settings, clock)
    return EncounterKit(kept, clock, characters, changes,
                        EncounterLifecycle(changes, kept, SeededRandomSource(11)),
                        EncounterRoster(changes, characters), EncounterTurns(changes))


def roll_in(roll_id: str, situation: Situation, face: int = 10,
            dc: int | None = 15) -> RollRecord:
    """The player's test of 1d20 showing ``face`` against ``dc``, made where ``situation``
    says (in :data:`CHANNEL`)."""
    result = RollDice(FakeRng(*d(20, face)))("1d20", dc=dc)
    return RollRecord(roll_id, Roller(PLAYER.user_id, CHANNEL, PLAYER.guild_id), "1d20",
                      result, datetime(2026, 11, 27, tzinfo=UTC), terms=situation.terms)


async def handled(rolls: EncounterRolls, record: RollRecord,
                  situation: Situation | None = None,
                  happened: Happened = Happened.KEPT) -> tuple[str, ...]:
    """What the result of ``record`` says once the encounter handled its event (the player's)."""
    return (await rolls.handle(RollEvent(happened, Rolled(record), PLAYER, situation))).notes


async def placed(kit: EncounterKit, character_id: str, kind: RollKind | None,
                 target: str | None = None) -> tuple[EncounterRolls, Situation]:
    """The encounter's rolls on ``kit`` and the situation of a roll of ``kind`` by the
    character in :data:`CHANNEL`."""
    rolls = EncounterRolls(kit.changes)
    return rolls, await rolls.situation(RollPlace(CHANNEL, character_id, kind, target))
