"""Server settings: defaults, who may change them, the audit trail, GMs."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from nazh.application.settings.server import (
    DEFAULTS,
    EveryoneIsGmError,
    GuildSettings,
    Member,
    NeedsManageServerError,
    NotInServerError,
    ServerSettings,
    SettingChange,
    Visibility,
    is_gm,
)
from nazh.domain.errors import LimitError
from tests.app_fakes import FakeClock, MemoryStore

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
GUILD = 42
ADMIN = Member(1, GUILD, manages_guild=True)
PLAYER = Member(2, GUILD, role_ids=frozenset({7}))
IN_DMS = Member(3, None)


class FixedClock:
    def now(self) -> datetime:
        return NOW


async def test_defaults_apply_until_set_and_outside_servers() -> None:
    settings = GuildSettings(MemoryStore(), FixedClock())
    assert await settings.of(GUILD) == DEFAULTS
    assert await settings.of(None) == DEFAULTS
    assert DEFAULTS.default_visibility is Visibility.PUBLIC
    assert DEFAULTS.allow_reroll is False


async def test_changes_are_kept_and_audited_once() -> None:
    store = MemoryStore()
    settings = GuildSettings(store, FixedClock())
    updated = await settings.change(ADMIN, gm_role_id=7, allow_reroll=True)
    assert updated == ServerSettings(gm_role_id=7, allow_reroll=True)
    assert await settings.of(GUILD) == updated
    await settings.change(ADMIN, allow_reroll=True)  # no change, no record
    assert store.audit == [
        SettingChange(GUILD, 1, NOW, "gm-role", "unset", "7"),
        SettingChange(GUILD, 1, NOW, "allow-reroll", "off", "on"),
    ]
    assert [c.setting for c in await settings.changes(ADMIN)] == ["allow-reroll", "gm-role"]


async def test_only_managers_change_and_only_in_a_server() -> None:
    settings = GuildSettings(MemoryStore(), FixedClock())
    with pytest.raises(NeedsManageServerError, match="needs the Manage Server permission"):
        await settings.change(PLAYER, allow_reroll=True)
    with pytest.raises(NotInServerError, match="settings belong to a server"):
        await settings.change(IN_DMS, allow_reroll=True)
    with pytest.raises(NotInServerError):
        await settings.changes(IN_DMS)


async def test_history_days_stays_within_the_operators_maximum() -> None:
    settings = GuildSettings(MemoryStore(), FixedClock(), operator_history_days=90)
    assert settings.max_history_days == 90
    with pytest.raises(LimitError, match=r"history-days must be from 1 to 90 \(got 91\)"):
        await settings.change(ADMIN, history_days=91)
    assert (await settings.change(ADMIN, history_days=90)).history_days == 90


async def test_gm_role_at_everyone_is_refused_and_nothing_changes() -> None:
    store = MemoryStore()
    settings = GuildSettings(store, FixedClock())
    with pytest.raises(EveryoneIsGmError, match="gm-role can't be @everyone"):
        await settings.change(ADMIN, gm_role_id=GUILD, allow_reroll=True)
    assert await settings.of(GUILD) == DEFAULTS
    assert store.audit == []


def test_gms_are_the_role_holders_or_else_the_managers() -> None:
    assert is_gm(DEFAULTS, ADMIN)
    assert not is_gm(DEFAULTS, PLAYER)
    with_role = ServerSettings(gm_role_id=7)
    assert is_gm(with_role, PLAYER)
    assert not is_gm(with_role, ADMIN)
    assert not is_gm(DEFAULTS, IN_DMS)


class CountingStore(MemoryStore):
    def __init__(self) -> None:
        super().__init__()
        self.reads = 0

    async def get(self, guild_id: int) -> ServerSettings | None:
        self.reads += 1
        return await super().get(guild_id)


async def test_settings_are_read_once_per_interval_and_a_change_here_applies_at_once() -> None:
    store, clock = CountingStore(), FakeClock(NOW)
    settings = GuildSettings(store, clock, cache_seconds=10)
    for _ in range(50):  # fifty rolls in a row read the database once
        assert await settings.of(GUILD) == DEFAULTS
    assert store.reads == 1
    changed = await settings.change(ADMIN, allow_reroll=True)
    assert await settings.of(GUILD) == changed  # at once, from memory
    assert store.reads == 2  # the change read the stored settings, not the cache
    store.settings[GUILD] = replace(changed, history_days=5)  # another replica's change
    clock.advance(timedelta(seconds=9))
    assert (await settings.of(GUILD)).history_days is None
    clock.advance(timedelta(seconds=1))
    assert (await settings.of(GUILD)).history_days == 5
    assert store.reads == 3


async def test_the_cache_keeps_the_most_recently_used_servers() -> None:
    store = CountingStore()
    settings = GuildSettings(store, FixedClock(), cache_size=2)
    for guild in (1, 2, 1, 3):  # 2 is the least recently used when 3 comes
        await settings.of(guild)
    assert store.reads == 3
    await settings.of(1)
    assert store.reads == 3
    await settings.of(2)
    assert store.reads == 4
