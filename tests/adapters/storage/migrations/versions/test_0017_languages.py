"""Migration 0017 (languages): the two columns of ``guild_settings`` come and go, a server's
settings kept before it read back after it (no language: the server's locale)."""

from __future__ import annotations

from nazh.adapters.storage.guild_settings import SqlGuildSettingsStore
from nazh.application.settings.language import Language
from nazh.application.settings.server import ServerSettings, Visibility
from tests.adapters.storage.migrations.kit import columns, down_to, newest, up_to
from tests.app_fakes import FakeClock

NEW = {"language", "channel_languages"}


async def test_the_columns_go_down_and_up_again_and_keep_the_settings(database_url: str) -> None:
    async with newest(database_url) as engine:
        store = SqlGuildSettingsStore(engine, FakeClock())
        kept = ServerSettings(gm_channel_id=9, default_visibility=Visibility.GM)
        await store.put(1, kept, [])
        await down_to(engine, "0016")
        was = await columns(engine, "guild_settings")
        await up_to(engine, "0017")
        assert await columns(engine, "guild_settings") - was == NEW
        await up_to(engine)
        assert await store.get(1) == kept
        french = ServerSettings(language=Language.FRENCH,
                                channel_languages=((4, Language.SPANISH),))
        await store.put(1, french, [])
        assert await store.get(1) == french
