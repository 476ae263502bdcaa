"""Requests in SQL: :class:`SqlRequestStore`, the application's ``RequestStore``."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from nazh.adapters.storage.database import IMMEDIATE, SINGLE_STATEMENTS, upsert
from nazh.adapters.storage.kept import read_kept
from nazh.adapters.storage.request_document import (
    RequestDocumentError,
    request_document,
    request_of,
)
from nazh.adapters.storage.request_tables import request_log, requests
from nazh.application.requests.model import RequestEntry, RequestRecord
from nazh.application.shared.json_types import JsonObject


class SqlRequestStore:
    """Requests, their change logs and their changes' once keys (SQLite or PostgreSQL)."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._postgres = engine.dialect.name == "postgresql"
        # Writes begin IMMEDIATE on SQLite (the write lock at once), as the encounter store's.
        self._writer = engine.execution_options(**{IMMEDIATE: True})
        # Reads are single statements (each sees one snapshot): they skip BEGIN/ROLLBACK.
        self._reader = engine.execution_options(isolation_level="AUTOCOMMIT") \
            if self._postgres else engine.execution_options(**{SINGLE_STATEMENTS: True})

    async def get(self, request_id: str) -> RequestRecord | None:
        """A request by id (``None``: no such id)."""
        async with self._reader.connect() as connection:
            row = (await connection.execute(
                select(requests).where(requests.c.request_id == request_id))).first()
        return None if row is None else _record_of(row)

    async def done(self, once: str) -> bool:
        """Whether a change with the key ``once`` was kept."""
        async with self._reader.connect() as connection:
            row = (await connection.execute(
                select(request_log.c.id).where(request_log.c.once == once))).first()
        return row is not None

    async def log(self, request_id: str, limit: int) -> list[RequestEntry]:
        """Its latest log entries, newest first."""
        async with self._reader.connect() as connection:
            rows = (await connection.execute(
                select(request_log).where(request_log.c.request_id == request_id)
                .order_by(request_log.c.id.desc()).limit(limit))).all()
        return [RequestEntry(str(r.request_id), int(r.user_id), r.at, str(r.kind),
                             str(r.detail)) for r in rows]

    async def create(self, record: RequestRecord, entries: Sequence[RequestEntry]) -> None:
        """Keep a new request and its first entries (an IntegrityError if its id is kept)."""
        async with self._writer.begin() as connection:
            await connection.execute(insert(requests).values(
                request_id=record.request_id, guild_id=record.guild_id,
                channel_id=record.channel_id, requested_by=record.requested_by,
                created_at=record.created_at, **_changing_values(record)))
            await _insert_entries(connection, entries)

    async def update(self, record: RequestRecord, entries: Sequence[RequestEntry], *,
                     once: str | None = None) -> bool:
        """Replace the request kept at version - 1, add ``entries``; False if changed or done."""
        async with self._writer.begin() as connection:
            rest = entries
            # A second change with the same key (the unique ``once`` column) inserts nothing.
            if once is not None:
                first, *others = entries
                if not await self._claim(connection, first, once):
                    return False
                rest = others
            # A concurrent change waits for the first to commit, then finds another version: no row.
            changed = await connection.execute(
                update(requests).where(requests.c.request_id == record.request_id,
                                       requests.c.version == record.version - 1)
                .values(**_changing_values(record)))
            if changed.rowcount != 1:
                await connection.rollback()
                return False
            await _insert_entries(connection, rest)
        return True

    async def _claim(self, connection: AsyncConnection, entry: RequestEntry,
                     once: str) -> bool:
        """Insert the entry with its once key; ``False`` when the key was kept already."""
        claimed = (await connection.execute(
            upsert(request_log, self._postgres).values(**_entry_values(entry), once=once)
            .on_conflict_do_nothing(index_elements=[request_log.c.once])
            .returning(request_log.c.id))).first()
        return claimed is not None


def _changing_values(record: RequestRecord) -> JsonObject:
    """The columns a change writes."""
    return {"version": record.version, "document": request_document(record.request),
            "card_message_id": record.card_message_id, "updated_at": record.updated_at}


def _entry_values(entry: RequestEntry) -> JsonObject:
    return {"request_id": entry.request_id, "user_id": entry.user_id, "at": entry.at,
            "kind": entry.kind, "detail": entry.detail}


async def _insert_entries(connection: AsyncConnection, entries: Sequence[RequestEntry]) -> None:
    if entries:
        await connection.execute(insert(request_log), [_entry_values(e) for e in entries])


def _record_of(row: Row[object]) -> RequestRecord:
    request_id = str(row.request_id)
    request = read_kept(lambda: request_of(row.document), RequestDocumentError,
                        f"request {request_id}")
    return RequestRecord(
        request_id=request_id, guild_id=int(row.guild_id), channel_id=int(row.channel_id),
        requested_by=int(row.requested_by), request=request, created_at=row.created_at,
        updated_at=row.updated_at, version=int(row.version),
        card_message_id=None if row.card_message_id is None else int(row.card_message_id))
