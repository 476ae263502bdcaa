"""The in-memory character store the unit tests use keeps the SQL store's rules: the limits,
the version compare-and-swap, the once keys, deletion of all that points at a character."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import replace

from nazh.application.characters.editing import SheetEdits
from nazh.application.characters.model import AuditEntry, CharacterRecord
from nazh.application.characters.service import Characters
from nazh.application.settings.server import (
    GuildSettings,
    Member,
    ServerSettings,
    SettingChange,
)
from nazh.domain.character import Character, Resource
from tests.app_fakes import T0, FakeClock
from tests.character_fakes import FakeCharacterStore
from tests.fakes import FakeRng


class Settings:
    """No server has settings yet."""

    async def get(self, guild_id: int) -> ServerSettings | None:
        return None

    async def put(self, guild_id: int, settings: ServerSettings,
                  changes: Sequence[SettingChange]) -> None:
        raise AssertionError("not changed here")

    async def changes(self, guild_id: int, limit: int) -> list[SettingChange]:
        return []


def record(character_id: str, name: str, owner: int = 7, version: int = 1) -> CharacterRecord:
    return CharacterRecord(character_id, 900, owner, Character.new(name), False, version, T0)


async def test_the_limits_count_the_owners_and_the_servers() -> None:
    store = FakeCharacterStore()
    assert await store.create([record("a", "A"), record("b", "B")], [], per_user=2,
                              per_server=3)
    assert not await store.create([record("c", "C")], [], per_user=2, per_server=3)
    assert await store.create([record("d", "D", owner=8)], [], per_user=2, per_server=3)
    assert not await store.create([record("e", "E", owner=9)], [], per_user=2, per_server=3)
    assert [r.name for r in await store.in_scope(900)] == ["A", "B", "D"]


async def test_a_change_is_kept_once_and_on_its_version() -> None:
    store = FakeCharacterStore(record("a", "Kaladin"))
    entry = AuditEntry("a", 7, "injuries", "0", "1", T0)
    assert not await store.update(record("a", "Kaladin", version=3), [entry])
    assert await store.update(record("a", "Kaladin", version=2), [entry], once="k")
    assert not await store.update(record("a", "Kaladin", version=3), [entry], once="k")
    assert await store.done("k")
    assert await store.audit("a", 10) == [entry]
    await store.set_active(900, 7, "a")
    assert await store.delete("a")
    assert (await store.get("a"), await store.active(900, 7), await store.done("k"),
            await store.audit("a", 10)) == (None, None, False, [])


async def test_concurrent_changes_through_the_use_cases_are_all_kept() -> None:
    store = FakeCharacterStore(yielding=True)
    characters = Characters(store, GuildSettings(Settings(), FakeClock()), FakeClock(),
                            FakeRng(*[(32, 1)] * 10))
    alice = Member(7, 900)
    made = await characters.new(alice, "Kaladin")
    edits = SheetEdits(characters)
    made = (await edits.adjust(alice, made.character_id, Resource.HEALTH, -10)).record
    await asyncio.gather(*(edits.adjust(alice, made.character_id, Resource.HEALTH, 1)
                           for _ in range(10)))
    kept = await characters.find(alice, None)
    assert kept.sheet == replace(made.sheet, health=replace(made.sheet.health,
                                                            current=made.sheet.health.current
                                                            + 10))
    assert store.refused > 0
    assert len(await store.audit(kept.character_id, 100)) == 12
