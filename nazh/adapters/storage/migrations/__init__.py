"""Alembic migrations of the Nazh database, run in code (no ``alembic.ini``)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, inspect, text
from sqlalchemy.ext.asyncio import AsyncEngine

from nazh.adapters.storage.database import IMMEDIATE

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent
ADVISORY_LOCK_KEY = 0x4E415A48  # "NAZH"
HEAD_REVISION = "0018"
"""The newest revision: a database there is not handed to Alembic (~10 MiB, imported lazily)."""


def alembic_config() -> Config:
    """An Alembic configuration pointing at these migrations."""
    from alembic.config import Config  # noqa: PLC0415 - only when migrating

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str:
    """The newest revision of the schema, as the migration scripts say."""
    from alembic.script import ScriptDirectory  # noqa: PLC0415 - only when migrating

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


async def upgrade_database(engine: AsyncEngine, revision: str = "head") -> str:
    """Apply every migration up to ``revision`` in one transaction; the revision afterwards."""
    if revision in {"head", HEAD_REVISION} and await current_revision(engine) == HEAD_REVISION:
        return HEAD_REVISION
    async with engine.execution_options(**{IMMEDIATE: True}).begin() as connection:
        return await connection.run_sync(_upgrade, revision)


async def current_revision(engine: AsyncEngine) -> str | None:
    """The database's revision (``None`` before the first upgrade)."""
    async with engine.connect() as connection:
        return await connection.run_sync(_current)


def at_newest_schema(path: Path | None) -> bool:
    """Whether the SQLite file is known, without Alembic, to be at the newest schema."""
    if path is None or not path.is_file():
        return False
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            connection.close()
    except sqlite3.Error:
        return False
    return row is not None and row[0] == HEAD_REVISION


def _upgrade(connection: Connection, revision: str) -> str:
    from alembic import command  # noqa: PLC0415 - only when migrating

    # Processes starting together upgrade one after the other.
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"),
                           {"key": ADVISORY_LOCK_KEY})
    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, revision)
    return _current(connection) or ""


def _current(connection: Connection) -> str | None:
    """What Alembic keeps in ``alembic_version`` (one row: the history is linear)."""
    if not inspect(connection).has_table("alembic_version"):
        return None
    version: str | None = connection.execute(
        text("SELECT version_num FROM alembic_version")).scalar_one_or_none()
    return version
