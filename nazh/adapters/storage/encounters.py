"""Encounters in SQL: :class:`SqlEncounterStore`, the application's ``EncounterStore``."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import ColumnElement, insert, select, update
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from nazh.adapters.storage.database import IMMEDIATE, SINGLE_STATEMENTS, upsert
from nazh.adapters.storage.encounter_document import (
    EncounterDocumentError,
    applied_document,
    applied_of,
    encounter_document,
    encounter_of,
)
from nazh.adapters.storage.kept import read_kept
from nazh.adapters.storage.tables import encounter_changes_once, encounter_log, encounters
from nazh.application.encounters.model import EncounterRecord, LogEntry
from nazh.application.encounters.ports import OnceKeys, keys_of
from nazh.application.shared.clock import Clock
from nazh.application.shared.json_types import JsonObject, JsonValue
from nazh.domain.encounter.timing import Phase

_OPEN = encounters.c.ended_at.is_(None)


class SqlEncounterStore:
    """Encounters, their change logs and their changes' once keys (SQLite or PostgreSQL)."""

    def __init__(self, engine: AsyncEngine, clock: Clock) -> None:
        self._clock = clock
        self._postgres = engine.dialect.name == "postgresql"
        # Writes begin IMMEDIATE on SQLite (the write lock at once), as the character store's.
        self._writer = engine.execution_options(**{IMMEDIATE: True})
        # Reads are single statements (each sees one snapshot): they skip BEGIN/ROLLBACK.
        self._reader = engine.execution_options(isolation_level="AUTOCOMMIT") \
            if self._postgres else engine.execution_options(**{SINGLE_STATEMENTS: True})

    # -- read --------------------------------------------------------------------------------

    async def open_in(self, channel_id: int) -> EncounterRecord | None:
        """The channel's open encounter (``None``: none)."""
        found = await self._listed(encounters.c.channel_id == channel_id, _OPEN)
        return found[0] if found else None

    async def get(self, encounter_id: str) -> EncounterRecord | None:
        """An encounter by id, open or ended (``None``: no such id)."""
        found = await self._listed(encounters.c.encounter_id == encounter_id)
        return found[0] if found else None

    async def open_in_server(self, guild_id: int) -> list[EncounterRecord]:
        """A server's open encounters, oldest first."""
        return await self._listed(encounters.c.guild_id == guild_id, _OPEN)

    async def done(self, once: str) -> bool:
        """Whether a change with the key ``once`` was kept."""
        return bool(await self.done_of((once,)))

    async def done_of(self, keys: Sequence[str]) -> frozenset[str]:
        """Those of ``keys`` under which a change was kept."""
        async with self._reader.connect() as connection:
            rows = (await connection.execute(select(encounter_changes_once.c.key).where(
                encounter_changes_once.c.key.in_(keys)))).all()
        return frozenset(row.key for row in rows)

    async def log(self, encounter_id: str, limit: int) -> list[LogEntry]:
        """Its latest log entries, newest first."""
        async with self._reader.connect() as connection:
            rows = (await connection.execute(
                select(encounter_log).where(encounter_log.c.encounter_id == encounter_id)
                .order_by(encounter_log.c.id.desc()).limit(limit))).all()
        return [_entry_of(row) for row in rows]

    # -- written -----------------------------------------------------------------------------

    async def create(self, record: EncounterRecord, entries: Sequence[LogEntry]) -> bool:
        """Keep a new encounter and its first entries; ``False`` if its channel has an open one."""
        statement = upsert(encounters, self._postgres).values(
            encounter_id=record.encounter_id, guild_id=record.guild_id,
            channel_id=record.channel_id, started_by=record.started_by,
            created_at=record.created_at, **_changing_values(record))
        async with self._writer.begin() as connection:
            # The partial unique index on open encounters' channels decides, even for two at once
            # from two processes.
            kept = (await connection.execute(
                statement.on_conflict_do_nothing(index_elements=[encounters.c.channel_id],
                                                 index_where=_OPEN)
                .returning(encounters.c.encounter_id))).first()
            if kept is None:
                return False
            await _insert_entries(connection, entries)
        return True

    async def update(self, record: EncounterRecord, entries: Sequence[LogEntry], *,
                     once: OnceKeys = None) -> bool:
        """Replace the encounter kept at version - 1; ``False`` if it changed or a key was done."""
        async with self._writer.begin() as connection:
            for key in keys_of(once):
                if not await self._claim(connection, key, record.encounter_id):
                    await connection.rollback()
                    return False
            # A concurrent change waits for the first to commit, then finds another version: no row.
            changed = await connection.execute(
                update(encounters).where(encounters.c.encounter_id == record.encounter_id,
                                         encounters.c.version == record.version - 1)
                .values(**_changing_values(record)))
            if changed.rowcount != 1:
                await connection.rollback()
                return False
            await _insert_entries(connection, entries)
        return True

    async def _claim(self, connection: AsyncConnection, once: str, encounter_id: str) -> bool:
        """Insert the once key; ``False`` when it was kept already."""
        claimed = (await connection.execute(
            upsert(encounter_changes_once, self._postgres)
            .values(key=once, encounter_id=encounter_id, at=self._clock.now())
            .on_conflict_do_nothing()
            .returning(encounter_changes_once.c.key))).first()
        return claimed is not None

    async def _listed(self, *where: ColumnElement[bool]) -> list[EncounterRecord]:
        async with self._reader.connect() as connection:
            rows = (await connection.execute(select(encounters).where(*where).order_by(
                encounters.c.created_at, encounters.c.encounter_id))).all()
        return [_record_of(row) for row in rows]


def _changing_values(record: EncounterRecord) -> JsonObject:
    """The columns a change writes."""
    return {"version": record.version, "document": encounter_document(record.encounter),
            "card_message_id": record.card_message_id, "pings": sorted(record.pings),
            "show_health": record.show_health, "updated_at": record.updated_at,
            "ended_at": record.ended_at}


async def _insert_entries(connection: AsyncConnection, entries: Sequence[LogEntry]) -> None:
    if entries:
        await connection.execute(insert(encounter_log), [
            {"encounter_id": e.encounter_id, "user_id": e.user_id, "at": e.at,
             "round": e.round, "phase": e.phase.value, "kind": e.kind,
             "combatant": e.combatant, "detail": e.detail,
             "applied": None if e.applied is None else applied_document(e.applied)}
            for e in entries])


def _record_of(row: Row[object]) -> EncounterRecord:
    encounter_id = str(row.encounter_id)
    encounter, pings = read_kept(
        lambda: (encounter_of(row.document), frozenset(_ids(row.pings))),
        EncounterDocumentError, f"encounter {encounter_id}")
    return EncounterRecord(
        encounter_id=encounter_id, guild_id=int(row.guild_id), channel_id=int(row.channel_id),
        started_by=int(row.started_by), encounter=encounter, created_at=row.created_at,
        updated_at=row.updated_at, version=int(row.version),
        card_message_id=None if row.card_message_id is None else int(row.card_message_id),
        pings=pings, show_health=bool(row.show_health), ended_at=row.ended_at)


def _ids(pings: JsonValue) -> list[int]:
    if not isinstance(pings, list) or not all(
            isinstance(p, int) and not isinstance(p, bool) for p in pings):
        raise EncounterDocumentError("its pings should be a list of user ids")
    return pings


def _entry_of(row: Row[object]) -> LogEntry:
    return LogEntry(str(row.encounter_id), int(row.user_id), row.at, int(row.round),
                    Phase(row.phase), str(row.kind),
                    None if row.combatant is None else str(row.combatant), str(row.detail),
                    None if row.applied is None else applied_of(row.applied))
