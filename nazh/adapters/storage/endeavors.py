"""Endeavors in SQL: :class:`SqlEndeavorStore`, the application's ``EndeavorStore``."""

from __future__ import annotations

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncEngine

from nazh.adapters.storage.database import IMMEDIATE, SINGLE_STATEMENTS
from nazh.adapters.storage.endeavor_document import (
    EndeavorDocumentError,
    endeavor_document,
    endeavor_of,
)
from nazh.adapters.storage.kept import read_kept
from nazh.adapters.storage.request_tables import endeavors
from nazh.application.endeavors.model import EndeavorRecord
from nazh.application.shared.json_types import JsonObject


class SqlEndeavorStore:
    """Endeavors (SQLite or PostgreSQL)."""

    def __init__(self, engine: AsyncEngine) -> None:
        postgres = engine.dialect.name == "postgresql"
        self._writer = engine.execution_options(**{IMMEDIATE: True})
        self._reader = engine.execution_options(isolation_level="AUTOCOMMIT") \
            if postgres else engine.execution_options(**{SINGLE_STATEMENTS: True})

    async def get(self, endeavor_id: str) -> EndeavorRecord | None:
        """An endeavor by id (``None``: no such id)."""
        async with self._reader.connect() as connection:
            row = (await connection.execute(
                select(endeavors).where(endeavors.c.endeavor_id == endeavor_id))).first()
        return None if row is None else _record_of(row)

    async def running_in(self, channel_id: int) -> EndeavorRecord | None:
        """The channel's newest endeavor that has not ended."""
        async with self._reader.connect() as connection:
            row = (await connection.execute(
                select(endeavors).where(endeavors.c.channel_id == channel_id,
                                        endeavors.c.ended_at.is_(None))
                .order_by(endeavors.c.created_at.desc(), endeavors.c.endeavor_id.desc())
                .limit(1))).first()
        return None if row is None else _record_of(row)

    async def running_channels(self) -> frozenset[int]:
        """The channels where an endeavor runs."""
        async with self._reader.connect() as connection:
            rows = await connection.execute(
                select(endeavors.c.channel_id).where(endeavors.c.ended_at.is_(None))
                .distinct())
        return frozenset(int(row.channel_id) for row in rows)

    async def create(self, record: EndeavorRecord) -> None:
        """Keep a new endeavor."""
        async with self._writer.begin() as connection:
            await connection.execute(insert(endeavors).values(
                endeavor_id=record.endeavor_id, guild_id=record.guild_id,
                channel_id=record.channel_id, started_by=record.started_by,
                created_at=record.created_at, **_changing(record)))

    async def update(self, record: EndeavorRecord) -> bool:
        """Replace the endeavor kept at version ``record.version - 1``; ``False`` if it changed."""
        async with self._writer.begin() as connection:
            # Of two changes from one version, on any replicas, the second finds no row.
            changed = await connection.execute(
                update(endeavors).where(endeavors.c.endeavor_id == record.endeavor_id,
                                        endeavors.c.version == record.version - 1)
                .values(**_changing(record)))
            if changed.rowcount != 1:
                await connection.rollback()
                return False
        return True


def _changing(record: EndeavorRecord) -> JsonObject:
    return {"version": record.version, "document": endeavor_document(record.endeavor),
            "card_message_id": record.card_message_id, "updated_at": record.updated_at,
            "ended_at": record.updated_at if record.endeavor.ended else None}


def _record_of(row: Row[object]) -> EndeavorRecord:
    endeavor_id = str(row.endeavor_id)
    endeavor = read_kept(lambda: endeavor_of(row.document), EndeavorDocumentError,
                         f"endeavor {endeavor_id}")
    return EndeavorRecord(
        endeavor_id, int(row.guild_id), int(row.channel_id), int(row.started_by), endeavor,
        row.created_at, row.updated_at, int(row.version),
        None if row.card_message_id is None else int(row.card_message_id))
