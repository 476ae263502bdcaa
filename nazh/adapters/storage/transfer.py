"""Moving the roll log: an online SQLite backup, or a copy into an empty database, hashes kept."""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from pathlib import Path

from sqlalchemy import func, insert, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from nazh.adapters.storage.integrity import sqlite_path
from nazh.adapters.storage.migrations import upgrade_database
from nazh.adapters.storage.request_tables import endeavors, request_log, requests
from nazh.adapters.storage.session_tables import session_settings, sessions
from nazh.adapters.storage.tables import (
    active_characters,
    chain_heads,
    character_audit,
    character_changes_once,
    character_effects_held,
    characters,
    encounter_changes_once,
    encounter_log,
    encounters,
    guild_settings,
    guild_settings_audit,
    roll_heads,
    roll_log,
    saved_rolls,
    shared_rolls,
    stat_faces,
    stat_faces_all,
    stat_hours,
    stat_pools,
    stat_pools_all,
    stat_rolls,
)

TABLES = (roll_log, chain_heads, roll_heads, saved_rolls, guild_settings, guild_settings_audit,
          shared_rolls, stat_faces, stat_faces_all, stat_pools, stat_rolls,
          stat_hours, stat_pools_all, characters, character_audit, active_characters,
          character_changes_once, character_effects_held, encounters, encounter_log,
          encounter_changes_once, requests, request_log, endeavors, sessions,
          session_settings)
SEQUENCED = (character_audit, encounter_log, request_log)
"""The tables whose ids a sequence gives on PostgreSQL (copied as they were)."""
BATCH = 1000
PAGES_PER_STEP = 256
"""SQLite pages copied per step of the online backup: the bot's writes go on in between."""


class TransferError(Exception):
    """The backup or copy cannot be made; the message says why and what to do."""


async def backup_sqlite(database_url: str, destination: Path) -> int:
    """Copy the SQLite log to the new file ``destination`` by SQLite's online backup; records."""
    source = sqlite_path(database_url)
    if source is None:
        msg = ("backs up a SQLite log; for PostgreSQL use pg_dump "
               "(pg_dump --format=custom --file=FILE DATABASE)")
        raise TransferError(msg)
    if destination.exists():
        msg = f"{destination} already exists: name a new file"
        raise TransferError(msg)
    partial = destination.with_name(destination.name + ".partial")

    def copy() -> int:
        reading = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            writing = sqlite3.connect(partial)
            try:
                reading.backup(writing, pages=PAGES_PER_STEP)
                count = int(writing.execute("SELECT count(*) FROM roll_log").fetchone()[0])
            finally:
                writing.close()
        finally:
            reading.close()
        partial.replace(destination)
        return count

    try:
        return await asyncio.to_thread(copy)
    except (OSError, sqlite3.Error) as error:
        with contextlib.suppress(OSError):  # e.g. its directory is a file: nothing was made
            partial.unlink(missing_ok=True)
        msg = f"cannot write {destination}: {error}"
        raise TransferError(msg) from None


async def copy_log(source: AsyncEngine, target: AsyncEngine) -> int:
    """Copy every table into the empty ``target`` (schema upgraded) in one transaction; records."""
    await upgrade_database(target)
    async with target.connect() as connection:
        existing = int((await connection.execute(
            select(func.count()).select_from(roll_log))).scalar_one())
    if existing:
        msg = (f"the target already holds {existing} roll record(s): copy into a new, empty "
               "database")
        raise TransferError(msg)
    copied = 0
    async with source.connect() as reading, target.begin() as writing:
        for table in TABLES:
            rows = await reading.stream(select(table).order_by(*table.primary_key.columns))
            async for batch in rows.partitions(BATCH):
                await writing.execute(insert(table), [dict(row._mapping) for row in batch])
                if table is roll_log:
                    copied += len(batch)
        if target.dialect.name == "postgresql":
            for table in SEQUENCED:
                # The ids were copied as they were: the sequence continues after them.
                await writing.execute(text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                    f"COALESCE(MAX(id), 0) + 1, false) FROM {table.name}"))
    return copied
