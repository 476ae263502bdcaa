"""Where encounters and their change logs are kept (shared by replicas: the database decides)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from nazh.application.encounters.model import EncounterRecord, LogEntry
from nazh.application.rolls.model import SheetChange
from nazh.application.settings.server import Member
from nazh.domain.encounter.events import Event

OnceKeys = str | tuple[str, ...] | None
"""The once keys a change is kept under: one, several (all or none kept), or none."""


def keys_of(once: OnceKeys) -> tuple[str, ...]:
    return () if once is None else (once,) if isinstance(once, str) else once


class EncounterStore(Protocol):
    """Encounters, their logs and the once keys of their changes."""

    # Every write is one transaction: a record changes only from the version it was read at, with
    # its log entries or not at all.
    async def open_in(self, channel_id: int) -> EncounterRecord | None:
        ...

    async def get(self, encounter_id: str) -> EncounterRecord | None:
        """An encounter by id, open or ended (``None``: no such id)."""
        ...

    async def open_in_server(self, guild_id: int) -> list[EncounterRecord]:
        """A server's open encounters, oldest first."""
        ...

    async def create(self, record: EncounterRecord, entries: Sequence[LogEntry]) -> bool:
        """Keep a new encounter and its first entries (``False``: its channel has an open one)."""
        ...

    async def update(self, record: EncounterRecord, entries: Sequence[LogEntry], *,
                     once: OnceKeys = None) -> bool:
        """Replace the encounter at ``record.version - 1``, keep ``entries`` (or ``False``)."""
        ...

    async def done(self, once: str) -> bool:
        ...

    async def done_of(self, keys: Sequence[str]) -> frozenset[str]:
        ...

    async def log(self, encounter_id: str, limit: int) -> list[LogEntry]:
        ...


class CardSheets(Protocol):
    """The character sheets the card's combatants stand for, following the card."""

    async def followed(self, member: Member, before: EncounterRecord, after: EncounterRecord,
                       events: Sequence[Event] = ()) -> tuple[SheetChange, ...]:
        """What the change (its ``events``) did to each sheet combatant, applied to its sheet
        once; no raise."""
        ...
