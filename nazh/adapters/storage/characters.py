"""Characters in SQL: :class:`SqlCharacterStore`, the application's ``CharacterStore``."""

from __future__ import annotations

import builtins
from collections.abc import Sequence

from sqlalchemy import ColumnElement, delete, func, insert, select, text, update
from sqlalchemy.engine import Row
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from nazh.adapters.storage.character_sheet import sheet_document, sheet_of
from nazh.adapters.storage.database import IMMEDIATE, SINGLE_STATEMENTS, upsert
from nazh.adapters.storage.tables import (
    active_characters,
    character_audit,
    character_changes_once,
    characters,
)
from nazh.application.characters.model import AuditEntry, CharacterRecord
from nazh.application.characters.ports import NameTakenError
from nazh.application.shared.clock import Clock
from nazh.application.shared.json_types import JsonObject

CREATION_LOCK = 0x43484152  # "CHAR"
"""PostgreSQL advisory lock space of creations (the scope is the second key; migrations use one)."""
_INT4 = 1 << 31


class SqlCharacterStore:
    """Characters, their audit trail, the active ones and the once keys (SQLite or PostgreSQL)."""

    def __init__(self, engine: AsyncEngine, clock: Clock) -> None:
        self._clock = clock
        self._postgres = engine.dialect.name == "postgresql"
        # Writes begin IMMEDIATE on SQLite (the write lock at once): a count and the insert it
        # allows, or a version read and its change, never interleave with another process's.
        self._writer = engine.execution_options(**{IMMEDIATE: True})
        # Reads are single statements (each sees one snapshot): they skip BEGIN/ROLLBACK.
        self._reader = engine.execution_options(isolation_level="AUTOCOMMIT") \
            if self._postgres else engine.execution_options(**{SINGLE_STATEMENTS: True})

    # -- read --------------------------------------------------------------------------------

    async def get(self, character_id: str) -> CharacterRecord | None:
        """One character (``None``: no such id)."""
        async with self._reader.connect() as connection:
            row = (await connection.execute(select(characters).where(
                characters.c.character_id == character_id))).first()
        return None if row is None else _record_of(row)

    async def in_scope(self, scope: int) -> builtins.list[CharacterRecord]:
        """Every character of a scope (a server, or a user's own outside servers), by name."""
        return await self._listed(characters.c.scope == scope)

    async def owned(self, scope: int, owner_id: int) -> builtins.list[CharacterRecord]:
        """A user's characters in a scope, by name (any case)."""
        return await self._listed(characters.c.scope == scope,
                                  characters.c.owner_id == owner_id)

    async def done(self, once: str) -> bool:
        """Whether a change with the key ``once`` was kept."""
        async with self._reader.connect() as connection:
            row = (await connection.execute(select(character_changes_once.c.key).where(
                character_changes_once.c.key == once))).first()
        return row is not None

    async def active(self, scope: int, user_id: int) -> str | None:
        """The id of the user's active character there."""
        async with self._reader.connect() as connection:
            found = (await connection.execute(select(active_characters.c.character_id).where(
                active_characters.c.scope == scope,
                active_characters.c.user_id == user_id))).scalar_one_or_none()
        return None if found is None else str(found)

    async def audit(self, character_id: str, limit: int) -> builtins.list[AuditEntry]:
        """Its latest audit entries, newest first."""
        async with self._reader.connect() as connection:
            rows = (await connection.execute(
                select(character_audit).where(character_audit.c.character_id == character_id)
                .order_by(character_audit.c.id.desc()).limit(limit))).all()
        return [AuditEntry(str(row.character_id), int(row.user_id), str(row.field),
                           str(row.old), str(row.new), row.at,
                           None if row.reason is None else str(row.reason)) for row in rows]

    # -- written -----------------------------------------------------------------------------

    async def create(self, records: Sequence[CharacterRecord], audit: Sequence[AuditEntry], *,
                     per_user: int, per_server: int) -> bool:
        """Keep new characters of one scope and owner, unless past ``per_user``/``per_server``."""
        if not records:
            return True
        scope, owner_id = records[0].scope, records[0].owner_id
        if any((r.scope, r.owner_id) != (scope, owner_id) for r in records):
            raise ValueError("new characters are kept for one owner in one scope at a time")
        now = self._clock.now()
        async with self._writer.begin() as connection:
            # Two replicas creating in one scope count one after the other (the limits hold).
            if self._postgres:
                await connection.execute(text("SELECT pg_advisory_xact_lock(:space, :slot)"),
                                         {"space": CREATION_LOCK, "slot": _slot(scope)})
            in_scope, owned = (await connection.execute(
                select(func.count(), func.count().filter(characters.c.owner_id == owner_id))
                .where(characters.c.scope == scope))).one()
            if (int(owned) + len(records) > per_user
                    or int(in_scope) + len(records) > per_server):
                return False
            try:
                await connection.execute(insert(characters), [
                    {"character_id": r.character_id, "scope": r.scope, "owner_id": r.owner_id,
                     "created_at": now, **_sheet_values(r, now)} for r in records])
            except IntegrityError:
                raise NameTakenError(await self._taken(scope, owner_id, records)) from None
            await _insert_audit(connection, audit)
        return True

    async def update(self, record: CharacterRecord, audit: Sequence[AuditEntry], *,
                     once: str | None = None) -> bool:
        """Replace the sheet kept at version - 1; ``False`` if it changed or ``once`` was done."""
        now = self._clock.now()
        async with self._writer.begin() as connection:
            # A second change with the same key waits for the first to commit, then inserts nothing.
            if once is not None:
                claimed = (await connection.execute(
                    upsert(character_changes_once, self._postgres)
                    .values(key=once, character_id=record.character_id, at=now)
                    .on_conflict_do_nothing()
                    .returning(character_changes_once.c.key))).first()
                if claimed is None:
                    return False
            try:
                # A concurrent change waits for the first commit, then finds no row of its version.
                changed = await connection.execute(
                    update(characters).where(characters.c.character_id == record.character_id,
                                             characters.c.version == record.version - 1)
                    .values(**_sheet_values(record, now)))
            except IntegrityError:
                raise NameTakenError(record.name) from None
            if changed.rowcount != 1:
                await connection.rollback()
                return False
            await _insert_audit(connection, audit)
        return True

    async def delete(self, character_id: str) -> bool:
        """Remove a character, its audit trail, once keys and active choices; ``False`` if none."""
        async with self._writer.begin() as connection:
            removed = await connection.execute(delete(characters).where(
                characters.c.character_id == character_id))
            for table in (character_audit, active_characters, character_changes_once):
                await connection.execute(delete(table).where(
                    table.c.character_id == character_id))
        return bool(removed.rowcount)

    async def set_active(self, scope: int, user_id: int, character_id: str) -> None:
        """Make it the user's active character there."""
        statement = upsert(active_characters, self._postgres).values(
            scope=scope, user_id=user_id, character_id=character_id)
        async with self._writer.begin() as connection:
            await connection.execute(statement.on_conflict_do_update(
                index_elements=[active_characters.c.scope, active_characters.c.user_id],
                set_={"character_id": statement.excluded.character_id}))

    async def _taken(self, scope: int, owner_id: int,
                     records: Sequence[CharacterRecord]) -> str:
        """The first of ``records``' names the owner already has there."""
        kept = {r.name.casefold() for r in await self.owned(scope, owner_id)}
        return next((r.name for r in records if r.name.casefold() in kept), records[0].name)

    async def _listed(self, *where: ColumnElement[bool]) -> builtins.list[CharacterRecord]:
        async with self._reader.connect() as connection:
            rows = (await connection.execute(select(characters).where(*where))).all()
        records = [_record_of(row) for row in rows]
        return sorted(records, key=lambda r: (r.name.casefold(), r.character_id))


def _slot(scope: int) -> int:
    """The scope as an advisory lock's second key (signed 32 bits; scopes sharing one just wait)."""
    return (scope % (2 * _INT4)) - _INT4


def _sheet_values(record: CharacterRecord, now: object) -> JsonObject:
    return {"name": record.name, "name_key": record.name.casefold(),
            "kind": record.sheet.kind.value, "shared": record.shared,
            "version": record.version, "sheet": sheet_document(record.sheet),
            "updated_at": record.updated_at or now}


async def _insert_audit(connection: AsyncConnection, audit: Sequence[AuditEntry]) -> None:
    if audit:
        await connection.execute(insert(character_audit), [
            {"character_id": e.character_id, "user_id": e.user_id, "field": e.field,
             "old": e.old, "new": e.new, "at": e.at, "reason": e.reason} for e in audit])


def _record_of(row: Row[object]) -> CharacterRecord:
    return CharacterRecord(str(row.character_id), int(row.scope), int(row.owner_id),
                           sheet_of(row.sheet), bool(row.shared), int(row.version),
                           row.updated_at)
