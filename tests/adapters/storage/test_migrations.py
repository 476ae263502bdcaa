"""Migrations: an empty database gets the whole schema, a second run changes nothing, and the
schema the migrations build is the one ``tables.py`` describes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, inspect, text

from nazh.adapters.clock import SystemClock
from nazh.adapters.storage import (
    request_tables,  # noqa: F401 - its tables on the metadata
    session_tables,  # noqa: F401 - its tables on the metadata
)
from nazh.adapters.storage.database import create_engine
from nazh.adapters.storage.guild_settings import SqlGuildSettingsStore
from nazh.adapters.storage.migrations import (
    HEAD_REVISION,
    current_revision,
    head_revision,
    upgrade_database,
)
from nazh.adapters.storage.tables import metadata
from nazh.application.settings.server import ServerSettings, Visibility
from nazh.application.shared.json_types import JsonObject

TABLES = {"alembic_version", "roll_log", "chain_heads", "roll_heads", "saved_rolls",
          "guild_settings", "guild_settings_audit", "shared_rolls", "stat_faces",
          "stat_faces_all", "stat_pools", "stat_rolls", "stat_hours", "stat_pools_all",
          "handled_interactions", "roll_claims", "characters", "character_audit",
          "active_characters", "character_changes_once", "character_effects_held",
          "encounters", "encounter_log", "encounter_changes_once",
          "requests", "request_log", "endeavors", "sessions", "session_settings",
          "carried_dice"}


def schema(connection: Connection) -> JsonObject:
    inspector = inspect(connection)
    return {
        table: (sorted(c["name"] for c in inspector.get_columns(table)),
                sorted(str(i["name"]) for i in inspector.get_indexes(table)))
        for table in inspector.get_table_names()
    }


def differences(connection: Connection) -> list[object]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return [d for d in compare_metadata(context, metadata) if d[0] != "remove_table"
            or d[1].name != "alembic_version"]


async def test_upgrade_creates_everything_on_an_empty_database(database_url: str) -> None:
    engine = create_engine(database_url)
    try:
        assert await current_revision(engine) is None
        assert await upgrade_database(engine) == head_revision()
        async with engine.connect() as connection:
            tables = await connection.run_sync(schema)
        assert set(tables) == TABLES
        assert "ix_roll_heads_channel_first" in tables["roll_heads"][1]
        assert "ix_roll_log_roll_id" in tables["roll_log"][1]
        assert "ix_guild_settings_audit_guild_at" in tables["guild_settings_audit"][1]
    finally:
        await engine.dispose()


async def test_upgrading_twice_changes_nothing(database_url: str) -> None:
    engine = create_engine(database_url)
    try:
        await upgrade_database(engine)
        async with engine.connect() as connection:
            before = await connection.run_sync(schema)
        assert await upgrade_database(engine) == head_revision()
        async with engine.connect() as connection:
            assert await connection.run_sync(schema) == before
    finally:
        await engine.dispose()


async def test_the_migrations_build_the_schema_the_code_describes(database_url: str) -> None:
    engine = create_engine(database_url)
    try:
        await upgrade_database(engine)
        async with engine.connect() as connection:
            assert await connection.run_sync(differences) == []
    finally:
        await engine.dispose()


async def test_a_servers_settings_survive_the_anchor_channel_migration(
        database_url: str) -> None:
    engine = create_engine(database_url)
    try:
        assert await upgrade_database(engine, "0004") == "0004"
        async with engine.begin() as connection:
            await connection.execute(text(
                "INSERT INTO guild_settings (guild_id, gm_role_id, gm_channel_id, "
                "default_visibility, allow_reroll, history_days, updated_at) VALUES "
                "(900, 5, 6, 'gm', TRUE, 30, CURRENT_TIMESTAMP)"))
        assert await upgrade_database(engine) == head_revision()
        settings = await SqlGuildSettingsStore(engine, SystemClock()).get(900)
        assert settings == ServerSettings(gm_role_id=5, gm_channel_id=6,
                                          default_visibility=Visibility.GM, allow_reroll=True,
                                          history_days=30, anchor_channel_id=None)
    finally:
        await engine.dispose()


def test_the_head_revision_known_without_alembic_is_the_scripts_newest() -> None:
    assert head_revision() == HEAD_REVISION


def test_starting_on_an_up_to_date_database_does_not_import_alembic(tmp_path: Path) -> None:
    """A fresh interpreter upgrades a new SQLite file (Alembic is imported), then another
    starts on it: the second never loads Alembic, and reads the same revision."""
    url = f"sqlite+aiosqlite:///{tmp_path}/nazh.db"
    script = (
        "import asyncio, sys\n"
        "from nazh.adapters.storage.database import create_engine\n"
        "from nazh.adapters.storage.migrations import upgrade_database\n"
        "async def main():\n"
        f"    engine = create_engine({url!r})\n"
        "    print(await upgrade_database(engine), 'alembic' in sys.modules)\n"
        "    await engine.dispose()\n"
        "asyncio.run(main())\n")
    runs = [subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                           check=True).stdout.split() for _ in range(2)]
    assert runs == [[HEAD_REVISION, "True"], [HEAD_REVISION, "False"]]


def test_a_sqlite_log_never_loads_the_postgresql_dialect(tmp_path: Path) -> None:
    """Starting on an up-to-date SQLite log, appending (with the statistics) and reading it:
    SQLAlchemy's PostgreSQL dialect stays out of the process (see the roll_heads indexes in
    tables.py; migrating, with Alembic, does load it)."""
    url = f"sqlite+aiosqlite:///{tmp_path}/nazh.db"
    script = (
        "import asyncio, sys\n"
        "from nazh.adapters.storage.database import create_engine\n"
        "from nazh.adapters.storage.migrations import upgrade_database\n"
        "from nazh.adapters.storage.roll_log import SqlRollLog\n"
        "from nazh.application.stats.dice_stats import Tallier\n"
        "from tests.adapters.storage.support import entry\n"
        "async def main():\n"
        f"    engine = create_engine({url!r})\n"
        "    await upgrade_database(engine)\n"
        "    log = SqlRollLog(engine, Tallier())\n"
        "    await log.append([entry(sys.argv[1])])\n"
        "    shown = await log.recent(100, viewer_id=7)\n"
        "    print(len(shown), 'sqlalchemy.dialects.postgresql' in sys.modules)\n"
        "    await engine.dispose()\n"
        "asyncio.run(main())\n")
    runs = [subprocess.run([sys.executable, "-c", script, roll], capture_output=True,
                           text=True, check=True,
                           cwd=Path(__file__).resolve().parents[3]).stdout.split()
            for roll in ("first", "second")]
    assert runs[0][0] == "1"  # the first run migrated the new file
    assert runs[1] == ["2", "False"]
