"""Migration 0017 (languages): the two columns of ``guild_settings`` come and go, a server's
settings kept before it read back after it (no language: the server's locale)."""

from __future__ import annotations

from datetime import datetime

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
from nazh.application.settings.language import Language
from nazh.application.settings.server import ServerSettings, Visibility
from tests.app_fakes import T0

NEW = {"language", "channel_languages"}
LATER = {"answer_format"}
"""Columns later migrations add: a downgrade below this one drops them too."""


class FixedClock:
    def now(self) -> datetime:
        return T0


def downgrade(connection: Connection, revision: str) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    command.downgrade(config, revision)


def columns(connection: Connection) -> set[str]:
    return {column["name"] for column in inspect(connection).get_columns("guild_settings")}


async def test_the_columns_go_down_and_up_again_and_keep_the_settings(database_url: str) -> None:
    engine = create_engine(database_url)
    try:
        await upgrade_database(engine)
        async with engine.connect() as connection:
            before = await connection.run_sync(columns)
        assert before >= NEW
        store = SqlGuildSettingsStore(engine, FixedClock())
        kept = ServerSettings(gm_channel_id=9, default_visibility=Visibility.GM)
        await store.put(1, kept, [])
        async with engine.begin() as connection:
            await connection.run_sync(downgrade, "0016")
        assert await current_revision(engine) == "0016"
        async with engine.connect() as connection:
            assert await connection.run_sync(columns) == before - NEW - LATER
        assert await upgrade_database(engine) == head_revision()
        assert await store.get(1) == kept
        french = ServerSettings(language=Language.FRENCH,
                                channel_languages=((4, Language.SPANISH),))
        await store.put(1, french, [])
        assert await store.get(1) == french
    finally:
        await engine.dispose()
