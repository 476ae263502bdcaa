"""Migration 0018 (answer-format): the column comes and goes, a server's settings kept before
it read back full, and a compact one set after it read back compact."""

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
from nazh.application.settings.server import AnswerFormat, ServerSettings
from tests.app_fakes import FakeClock


def downgrade(connection: Connection, revision: str) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    command.downgrade(config, revision)


def columns(connection: Connection) -> set[str]:
    return {column["name"] for column in inspect(connection).get_columns("guild_settings")}


async def test_the_column_goes_down_and_up_again_full_for_servers_kept_before(
        database_url: str) -> None:
    engine = create_engine(database_url)
    try:
        await upgrade_database(engine)
        async with engine.begin() as connection:
            await connection.run_sync(downgrade, "0017")
        assert await current_revision(engine) == "0017"
        async with engine.connect() as connection:
            assert "answer_format" not in await connection.run_sync(columns)
            await connection.exec_driver_sql(
                "INSERT INTO guild_settings (guild_id, default_visibility, allow_reroll, "
                "updated_at) VALUES (7, 'public', true, '2026-11-28 00:00:00')")
            await connection.commit()
        assert await upgrade_database(engine) == head_revision()
        store = SqlGuildSettingsStore(engine, FakeClock())
        assert await store.get(7) == ServerSettings(allow_reroll=True)
        compact = ServerSettings(answer_format=AnswerFormat.COMPACT)
        await store.put(8, compact, [])
        assert await store.get(8) == compact
    finally:
        await engine.dispose()
