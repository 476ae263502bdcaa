"""Migration 0018 (answer-format): the column comes and goes, a server's settings kept before
it read back full, and a compact one set after it read back compact."""

from __future__ import annotations

from nazh.adapters.storage.guild_settings import SqlGuildSettingsStore
from nazh.application.settings.server import AnswerFormat, ServerSettings
from tests.adapters.storage.migrations.kit import columns, down_to, newest, up_to
from tests.app_fakes import FakeClock


async def test_the_column_goes_down_and_up_again_full_for_servers_kept_before(
        database_url: str) -> None:
    async with newest(database_url) as engine:
        await down_to(engine, "0017")
        assert "answer_format" not in await columns(engine, "guild_settings")
        async with engine.begin() as connection:
            await connection.exec_driver_sql(
                "INSERT INTO guild_settings (guild_id, default_visibility, allow_reroll, "
                "updated_at) VALUES (7, 'public', true, '2026-11-28 00:00:00')")
        await up_to(engine)
        store = SqlGuildSettingsStore(engine, FakeClock())
        assert await store.get(7) == ServerSettings(allow_reroll=True)
        compact = ServerSettings(answer_format=AnswerFormat.COMPACT)
        await store.put(8, compact, [])
        assert await store.get(8) == compact
