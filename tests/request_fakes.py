"""Hand-written fakes of the requests' and the endeavors' store ports, with the database's decisions
(compare-and-swap on the version, once keys), and the request use cases built on the roll
table in memory (:mod:`tests.roll_sheets_kit`)."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from nazh.adapters.rng.seeded import SeededRandomSource
from nazh.application.endeavors.model import EndeavorRecord
from nazh.application.requests.changes import RequestChanges
from nazh.application.requests.model import RequestEntry, RequestRecord
from nazh.application.requests.use_cases import Requests
from nazh.application.settings.server import GuildSettings
from tests.app_fakes import FakeClock, MemoryStore
from tests.roll_sheets_kit import Table


class FakeRequestStore:
    """Requests in memory; ``yielding`` hands control to other tasks after each read, as a
    networked store would (two changes gathered then both read before either writes)."""

    def __init__(self, *, yielding: bool = False) -> None:
        self.records: dict[str, RequestRecord] = {}
        self.entries: list[RequestEntry] = []
        self.once: set[str] = set()
        self._yielding = yielding

    async def get(self, request_id: str) -> RequestRecord | None:
        """A request by id."""
        found = self.records.get(request_id)
        if self._yielding:
            await asyncio.sleep(0)
        return found

    async def create(self, record: RequestRecord, entries: Sequence[RequestEntry]) -> None:
        """Keep a new one."""
        assert record.request_id not in self.records
        self.records[record.request_id] = record
        self.entries.extend(entries)

    async def update(self, record: RequestRecord, entries: Sequence[RequestEntry], *,
                     once: str | None = None) -> bool:
        """Compare-and-swap on the version, once keys first."""
        if once is not None and once in self.once:
            return False
        kept = self.records.get(record.request_id)
        if kept is None or kept.version != record.version - 1:
            return False
        if once is not None:
            self.once.add(once)
        self.records[record.request_id] = record
        self.entries.extend(entries)
        return True

    async def done(self, once: str) -> bool:
        """Whether the once key was kept."""
        return once in self.once

    async def log(self, request_id: str, limit: int) -> list[RequestEntry]:
        """Its latest entries, newest first."""
        return [e for e in self.entries if e.request_id == request_id][::-1][:limit]


def requests_on(t: Table, store: FakeRequestStore | None = None,
                clock: FakeClock | None = None) -> tuple[Requests, FakeRequestStore]:
    """The request use cases on the table ``t`` (its rolls, characters and encounter)."""
    kept = store if store is not None else FakeRequestStore()
    clock = clock or FakeClock()
    settings = GuildSettings(MemoryStore(), clock)
    return Requests(kept, settings, RequestChanges(kept, clock), SeededRandomSource(5),
                    checks=t.rolls, reveals=t.reveals), kept


class FakeEndeavorStore:
    """Endeavors in memory, compare-and-swap on the version; ``yielding`` hands control to
    other tasks after each read (two changes gathered then both read before either writes)."""

    def __init__(self, *, yielding: bool = False) -> None:
        self.records: dict[str, EndeavorRecord] = {}
        self._yielding = yielding
        self.reads = 0

    async def get(self, endeavor_id: str) -> EndeavorRecord | None:
        found = self.records.get(endeavor_id)
        if self._yielding:
            await asyncio.sleep(0)
        return found

    async def running_in(self, channel_id: int) -> EndeavorRecord | None:
        running = [r for r in self.records.values()
                   if r.channel_id == channel_id and not r.endeavor.ended]
        return max(running, key=lambda r: r.created_at, default=None)

    async def running_channels(self) -> frozenset[int]:
        self.reads += 1
        return frozenset(r.channel_id for r in self.records.values() if not r.endeavor.ended)

    async def create(self, record: EndeavorRecord) -> None:
        self.records[record.endeavor_id] = record

    async def update(self, record: EndeavorRecord) -> bool:
        kept = self.records.get(record.endeavor_id)
        if kept is None or kept.version != record.version - 1:
            return False
        self.records[record.endeavor_id] = record
        return True
