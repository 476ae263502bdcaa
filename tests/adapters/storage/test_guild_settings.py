"""Servers' settings and their audit trail in SQL, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncEngine

from nazh.adapters.storage.guild_settings import SqlGuildSettingsStore
from nazh.application.settings.language import Language
from nazh.application.settings.server import ServerSettings, SettingChange, Visibility

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


class FixedClock:
    def now(self) -> datetime:
        return NOW


async def test_settings_round_trip_and_the_audit_is_newest_first(engine: AsyncEngine) -> None:
    store = SqlGuildSettingsStore(engine, FixedClock())
    assert await store.get(1) is None
    first = ServerSettings(gm_role_id=2**62, default_visibility=Visibility.BLIND,
                           history_days=30)
    await store.put(1, first, [SettingChange(1, 7, NOW, "gm-role", "unset", str(2**62))])
    assert await store.get(1) == first
    second = ServerSettings(gm_channel_id=99, allow_reroll=True, anchor_channel_id=2**62 + 1)
    later = NOW + timedelta(minutes=1)
    await store.put(1, second, [SettingChange(1, 8, later, "gm-channel", "unset", "99")])
    assert await store.get(1) == second
    assert await store.get(2) is None
    changes = await store.changes(1, 5)
    assert [(c.user_id, c.setting, c.at) for c in changes] == [
        (8, "gm-channel", later), (7, "gm-role", NOW)]
    assert await store.changes(2, 5) == []
    assert len(await store.changes(1, 1)) == 1


async def test_the_languages_round_trip(engine: AsyncEngine) -> None:
    store = SqlGuildSettingsStore(engine, FixedClock())
    settings = ServerSettings(language=Language.BRAZILIAN_PORTUGUESE, channel_languages=(
        (5, Language.FRENCH), (2**62, Language.LATIN_AMERICAN_SPANISH)))
    await store.put(3, settings, [])
    assert await store.get(3) == settings
    await store.put(3, ServerSettings(), [])
    assert await store.get(3) == ServerSettings()
