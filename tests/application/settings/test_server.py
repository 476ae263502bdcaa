"""Server settings: defaults, who may change them, the audit trail, GMs."""

from __future__ import annotations

import asyncio
import logging
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
from tests.waiting import until

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



async def test_settings_are_read_once_per_interval_and_a_change_here_applies_at_once() -> None:
    store, clock = MemoryStore(), FakeClock(NOW)
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
    store = MemoryStore()
    settings = GuildSettings(store, FixedClock(), cache_size=2)
    for guild in (1, 2, 1, 3):  # 2 is the least recently used when 3 comes
        await settings.of(guild)
    assert store.reads == 3
    await settings.of(1)
    assert store.reads == 3
    await settings.of(2)
    assert store.reads == 4


class GatedStore(MemoryStore):
    """Each read takes the stored settings when it begins, then, while ``holding``, waits
    until its own event in ``held`` is set; ``fail`` makes reads raise."""

    def __init__(self) -> None:
        super().__init__()
        self.holding = False
        self.held: list[asyncio.Event] = []
        self.fail = False

    async def get(self, guild_id: int) -> ServerSettings | None:
        self.reads += 1
        found = self.settings.get(guild_id)
        if self.holding:
            release = asyncio.Event()
            self.held.append(release)
            await release.wait()
        if self.fail:
            raise ConnectionError("the database is away")
        return found


async def test_past_half_the_interval_the_cached_settings_answer_and_one_read_refreshes_them(
) -> None:
    store, clock = GatedStore(), FakeClock(NOW)
    settings = GuildSettings(store, clock, cache_seconds=10)
    assert await settings.of(GUILD) == DEFAULTS
    store.settings[GUILD] = ServerSettings(allow_reroll=True)  # another replica's change
    store.holding = True  # the database busy: a read waits
    clock.advance(timedelta(seconds=4))
    assert await settings.of(GUILD) == DEFAULTS
    assert store.reads == 1  # fresh: no read
    clock.advance(timedelta(seconds=2))
    assert await settings.of(GUILD) == DEFAULTS  # at once, from memory
    await until(lambda: store.reads == 2, what="the refresh under way")
    for _ in range(20):  # answered at once while the read is under way, which none repeats
        assert await settings.of(GUILD) == DEFAULTS
    assert store.reads == 2
    store.held[0].set()
    await until(lambda: not settings._reading, what="the refresh done")
    assert await settings.of(GUILD) == ServerSettings(allow_reroll=True)
    store.holding = False
    clock.advance(timedelta(seconds=4))  # the refreshed settings count from their read
    assert await settings.of(GUILD) == ServerSettings(allow_reroll=True)
    assert store.reads == 2
    clock.advance(timedelta(seconds=1))
    assert await settings.of(GUILD) == ServerSettings(allow_reroll=True)
    await until(lambda: store.reads == 3, what="refreshed again past half the interval")


async def test_expired_settings_are_read_once_for_every_roll_waiting_on_them() -> None:
    store, clock = GatedStore(), FakeClock(NOW)
    settings = GuildSettings(store, clock, cache_seconds=10)
    store.settings[GUILD] = ServerSettings(history_days=3)
    store.holding = True
    waiting = [asyncio.ensure_future(settings.of(GUILD)) for _ in range(30)]
    await until(lambda: store.reads == 1, what="the read under way")
    assert not any(task.done() for task in waiting)  # a new server's rolls wait for the read
    waiting[0].cancel()  # a roll given up does not stop the others' read
    store.held[0].set()
    results = await asyncio.gather(*waiting[1:])
    assert results == [ServerSettings(history_days=3)] * 29
    assert store.reads == 1
    store.holding = False
    clock.advance(timedelta(seconds=10))  # expired: the next roll waits for the read again
    store.settings[GUILD] = ServerSettings(history_days=4)
    assert await settings.of(GUILD) == ServerSettings(history_days=4)
    assert store.reads == 2


async def test_a_change_made_here_during_a_refresh_is_not_undone_by_it() -> None:
    store, clock = GatedStore(), FakeClock(NOW)
    settings = GuildSettings(store, clock, cache_seconds=10)
    await settings.of(GUILD)
    clock.advance(timedelta(seconds=6))
    store.holding = True
    assert await settings.of(GUILD) == DEFAULTS  # a refresh begins, reading the old settings
    await until(lambda: store.reads == 2, what="the refresh under way")
    store.holding = False
    changed = await settings.change(ADMIN, allow_reroll=True)
    store.held[0].set()  # the refresh ends after the change, with what it read before it
    await until(lambda: not settings._reading, what="the refresh done")
    assert await settings.of(GUILD) == changed
    clock.advance(timedelta(seconds=4))
    assert await settings.of(GUILD) == changed


async def test_a_failed_refresh_is_logged_and_the_settings_in_memory_serve_until_they_expire(
        caplog: pytest.LogCaptureFixture) -> None:
    store, clock = GatedStore(), FakeClock(NOW)
    settings = GuildSettings(store, clock, cache_seconds=10)
    store.settings[GUILD] = ServerSettings(allow_reroll=True)
    await settings.of(GUILD)
    store.fail = True
    clock.advance(timedelta(seconds=6))
    with caplog.at_level(logging.WARNING, logger="nazh.application.settings.server"):
        assert await settings.of(GUILD) == ServerSettings(allow_reroll=True)
        await until(lambda: store.reads == 2 and not settings._reading,
                    what="the refresh done")
    assert [r.getMessage() for r in caplog.records] == [
        f"server settings: refreshing those of server {GUILD} failed (ConnectionError); the "
        "ones in memory stay in use until they expire"]
    clock.advance(timedelta(seconds=3))
    assert await settings.of(GUILD) == ServerSettings(allow_reroll=True)  # refreshed again
    await until(lambda: store.reads == 3 and not settings._reading,
                what="the second refresh done")
    clock.advance(timedelta(seconds=1))  # expired: the roll reads, and hears the failure
    with pytest.raises(ConnectionError, match="the database is away"):
        await settings.of(GUILD)
    store.fail = False
    assert await settings.of(GUILD) == ServerSettings(allow_reroll=True)


async def test_settings_only_this_process_changes_are_read_once_and_kept() -> None:
    store, clock = MemoryStore(), FakeClock(NOW)
    settings = GuildSettings(store, clock, cache_seconds=None, cache_size=2)
    assert await settings.of(GUILD) == DEFAULTS
    clock.advance(timedelta(days=30))  # a quiet month: still from memory
    assert await settings.of(GUILD) == DEFAULTS
    assert store.reads == 1
    changed = await settings.change(ADMIN, allow_reroll=True)
    clock.advance(timedelta(days=1))
    assert await settings.of(GUILD) == changed
    assert store.reads == 2  # the change's own read
    for guild in (1, 2):  # the least recently used still go
        await settings.of(guild)
    assert await settings.of(GUILD) == changed
    assert store.reads == 5
