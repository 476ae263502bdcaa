"""Migration 0015 (players-raise-stakes): the column comes and goes, a server's settings kept
before it read back with the house rule off, and set after it read back on."""

from __future__ import annotations

from alembic import command
from sqlalchemy import Connection, inspect

from nazh.adapters.storage.database import create_engine
from nazh.adapters.storage.guild_settings import SqlGuildSettingsStore
from nazh.adapters.storage.migrations import (
    alembic_config,
    current_revision,
    head_revision,
    upgrade_database,
)
from nazh.application.settings.server import ServerSettings
from tests.app_fakes import FakeClock


def downgrade(connection: Connection, revision: str) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    command.downgrade(config, revision)


def columns(connection: Connection) -> set[str]:
    return {column["name"] for column in inspect(connection).get_columns("guild_settings")}


async def test_the_column_goes_down_and_up_again_off_for_servers_kept_before(
        database_url: str) -> None:
    engine = create_engine(database_url)
    try:
        await upgrade_database(engine)
        async with engine.begin() as connection:
            await connection.run_sync(downgrade, "0014")
        assert await current_revision(engine) == "0014"
        async with engine.connect() as connection:
            assert "players_raise_stakes" not in await connection.run_sync(columns)
            await connection.exec_driver_sql(
                "INSERT INTO guild_settings (guild_id, default_visibility, allow_reroll, "
                "updated_at) VALUES (7, 'public', true, '2026-11-27 00:00:00')")
            await connection.commit()
        assert await upgrade_database(engine) == head_revision()
        store = SqlGuildSettingsStore(engine, FakeClock())
        assert await store.get(7) == ServerSettings(allow_reroll=True)
        await store.put(8, ServerSettings(players_raise_stakes=True), [])
        assert await store.get(8) == ServerSettings(players_raise_stakes=True)
    finally:
        await engine.dispose()
