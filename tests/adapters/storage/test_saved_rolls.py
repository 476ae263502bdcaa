"""Saved rolls in SQL: create, replace, list by name, delete; through the use case too."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from nazh.adapters.storage.saved_rolls import SqlSavedRollStore
from nazh.adapters.storage.tables import saved_rolls
from nazh.application.saved.shelves import (
    MAX_SAVED_PER_USER,
    SavedRoll,
    SavedRollNotFoundError,
    SavedRolls,
    Scope,
    Shelf,
)
from nazh.domain.errors import LimitError
from tests.app_fakes import FakeClock


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def store(engine: AsyncEngine, clock: FakeClock) -> SqlSavedRollStore:
    return SqlSavedRollStore(engine, clock)


async def test_saved_rolls_are_listed_by_name_per_user(store: SqlSavedRollStore) -> None:
    await store.put(SavedRoll(1, "stealth", "a1d20+6"))
    await store.put(SavedRoll(1, "attack", "1d20+5, 2d6+3"))
    await store.put(SavedRoll(2, "heal", "2d8"))
    assert await store.list(1) == [SavedRoll(1, "attack", "1d20+5, 2d6+3"),
                                   SavedRoll(1, "stealth", "a1d20+6")]
    assert await store.list(2) == [SavedRoll(2, "heal", "2d8")]
    assert await store.list(3) == []


async def test_putting_a_name_again_replaces_it(store: SqlSavedRollStore, clock: FakeClock,
                                                engine: AsyncEngine) -> None:
    await store.put(SavedRoll(1, "stealth", "a1d20+6"))
    clock.advance(timedelta(hours=1))
    await store.put(SavedRoll(1, "stealth", "a1d20+8"))
    assert await store.list(1) == [SavedRoll(1, "stealth", "a1d20+8")]
    async with engine.connect() as connection:
        created = (await connection.execute(select(saved_rolls.c.created_at))).scalar_one()
    assert created == clock.now()


async def test_delete_says_whether_there_was_one(store: SqlSavedRollStore) -> None:
    await store.put(SavedRoll(1, "stealth", "a1d20+6"))
    assert await store.delete(2, "stealth") is False
    assert await store.delete(1, "stealth") is True
    assert await store.delete(1, "stealth") is False
    assert await store.list(1) == []


async def test_the_use_case_saves_resolves_and_limits(store: SqlSavedRollStore) -> None:
    rolls = SavedRolls(store)
    await rolls.save(1, "@Stealth", " a1d20+6 ")
    assert await rolls.resolve(1, "@stealth") == "a1d20+6"
    for n in range(MAX_SAVED_PER_USER - 1):
        await rolls.save(1, f"roll-{n}", "1d6")
    with pytest.raises(LimitError):
        await rolls.save(1, "one-too-many", "1d6")
    await rolls.save(1, "stealth", "a1d20+7")  # replacing is always allowed
    await rolls.delete(1, "stealth")
    with pytest.raises(SavedRollNotFoundError):
        await rolls.resolve(1, "@stealth")


async def test_shared_shelves_put_all_rename_remove_and_count(
        store: SqlSavedRollStore) -> None:
    channel = Shelf(Scope.CHANNEL, 10, 100)
    server = Shelf(Scope.SERVER, 100, 100)
    await store.put_all([SavedRoll(1, "a", "1d4", channel), SavedRoll(1, "b", "1d6", server),
                         SavedRoll(1, "mine", "1d8")])
    assert await store.on_shelf(channel) == [SavedRoll(1, "a", "1d4", channel)]
    assert await store.list(1) == [SavedRoll(1, "mine", "1d8")]
    assert await store.count_in_guild(100) == 2
    assert await store.count_in_guild(101) == 0
    await store.put_all([SavedRoll(2, "c", "1d10", server)])
    assert await store.rename(server, "b", "c") is True  # replaces c
    assert [r.name for r in await store.on_shelf(server)] == ["c"]
    assert (await store.on_shelf(server))[0].notation == "1d6"
    assert await store.rename(Shelf(Scope.ME, 1), "mine", "ours") is True
    assert [r.name for r in await store.list(1)] == ["ours"]
    assert await store.remove(channel, "a") is True
    assert await store.remove(channel, "a") is False
    assert await store.count_in_guild(100) == 1
