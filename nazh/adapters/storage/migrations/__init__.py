"""Alembic migrations of the Nazh database, run in code: no ``alembic.ini`` is needed.

:func:`upgrade_database` brings a database to the newest schema; the bot calls it at start and
``nazh db upgrade`` on demand. Running it on an up-to-date database changes nothing. On
PostgreSQL an advisory lock makes processes starting together upgrade one after the other.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, text
from sqlalchemy.ext.asyncio import AsyncEngine

from nazh.adapters.storage.database import IMMEDIATE

MIGRATIONS_DIR = Path(__file__).resolve().parent
ADVISORY_LOCK_KEY = 0x4E415A48  # "NAZH"


def alembic_config() -> Config:
    """An Alembic configuration pointing at these migrations."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str:
    """The newest revision of the schema."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


async def upgrade_database(engine: AsyncEngine, revision: str = "head") -> str:
    """Apply every migration up to ``revision`` in one transaction; returns the database's
    revision afterwards."""
    async with engine.execution_options(**{IMMEDIATE: True}).begin() as connection:
        return await connection.run_sync(_upgrade, revision)


async def current_revision(engine: AsyncEngine) -> str | None:
    """The database's revision (``None`` before the first upgrade)."""
    async with engine.connect() as connection:
        return await connection.run_sync(_current)


def _upgrade(connection: Connection, revision: str) -> str:
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"),
                           {"key": ADVISORY_LOCK_KEY})
    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, revision)
    return _current(connection) or ""


def _current(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()
