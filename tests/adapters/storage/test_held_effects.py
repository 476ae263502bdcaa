"""The effects of secret rolls held in SQL until their reveal: kept once per key, read in order,
dropped; held by one replica and applied once at the reveal by whichever replica reveals; a
graze spent once whichever replica asks (SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from nazh.adapters.rng.system import SystemRandomSource
from nazh.adapters.storage.characters import SqlCharacterStore
from nazh.adapters.storage.database import create_engine
from nazh.adapters.storage.guild_settings import SqlGuildSettingsStore
from nazh.adapters.storage.held_effects import SqlHeldEffects
from nazh.application.characters.editing import SheetEdits
from nazh.application.characters.effects import NoFocusError, Recover, SpendFocus
from nazh.application.characters.gate import HELD, RollEffect, SheetGate
from nazh.application.characters.model import HeldEffect
from nazh.application.characters.service import Characters
from nazh.application.settings.server import GuildSettings, Member
from nazh.domain.character import Attribute, Resource
from tests.app_fakes import FakeClock

GUILD = 900
ALICE = Member(7, GUILD)
GM = Member(8, GUILD, manages_guild=True)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
async def replica(database_url: str, engine: AsyncEngine) -> AsyncIterator[AsyncEngine]:
    """A second engine on the (migrated) database: another process of the bot."""
    other = create_engine(database_url)
    yield other
    await other.dispose()


def gate(engine: AsyncEngine, clock: FakeClock) -> tuple[SheetGate, Characters]:
    settings = GuildSettings(SqlGuildSettingsStore(engine, clock), clock)
    characters = Characters(SqlCharacterStore(engine, clock), settings, clock,
                            SystemRandomSource())
    return SheetGate(characters, SqlHeldEffects(engine, clock)), characters


def held(once: str, roll_id: str = "r1") -> HeldEffect:
    return HeldEffect(roll_id, "c1", "recover", {"points": 3, "first": "focus"}, once,
                      f"short rest, roll {roll_id}", 7, None)


async def test_held_effects_are_kept_once_per_key_read_in_order_and_dropped(
        engine: AsyncEngine, clock: FakeClock) -> None:
    store = SqlHeldEffects(engine, clock)
    await store.hold(held("rest:r1"))
    await store.hold(held("rest:r1"))
    await store.hold(held("injury:r1"))
    await store.hold(held("rest:r2", "r2"))
    assert [h.once for h in await store.held("r1")] == ["injury:r1", "rest:r1"]
    assert await store.held("r1") == [held("injury:r1"), held("rest:r1")]
    await store.drop("rest:r1")
    assert [h.once for h in await store.held("r1")] == ["injury:r1"]
    assert [h.once for h in await store.held("r2")] == ["rest:r2"]


async def test_held_by_one_replica_applied_once_by_the_other_at_the_reveal(
        engine: AsyncEngine, replica: AsyncEngine, clock: FakeClock) -> None:
    (one, characters), (two, _) = gate(engine, clock), gate(replica, clock)
    made = await characters.new(ALICE, "Kaladin", attributes={Attribute.WILLPOWER: 2})
    await SheetEdits(characters).adjust(ALICE, made.character_id, Resource.FOCUS, -4)
    effect = RollEffect("r1", made.character_id, Recover(3, Resource.FOCUS), "rest:r1",
                        "short rest, roll r1")
    said = await one.apply(ALICE, effect, hidden=True)
    assert said.text == f"Kaladin: {HELD}"
    assert (await characters.find(ALICE, None)).sheet.focus.current == 0
    released = await asyncio.gather(two.release("r1", GM), one.release("r1", GM))
    assert sorted(len(change.changes) for changes in released for change in changes) in (
        [1], [0, 1])
    kept = await characters.find(ALICE, None)
    assert kept.sheet.focus.current == 3
    trail = await characters.audit(kept)
    assert [(e.user_id, e.field, e.reason) for e in trail[:1]] == [
        (7, "focus", "short rest, roll r1")]
    assert await SqlHeldEffects(engine, clock).held("r1") == []


async def test_one_graze_spends_focus_once_whichever_replica_asks(
        engine: AsyncEngine, replica: AsyncEngine, clock: FakeClock) -> None:
    (one, characters), (two, _) = gate(engine, clock), gate(replica, clock)
    made = await characters.new(ALICE, "Kaladin", attributes={Attribute.WILLPOWER: 2})
    focus = made.sheet.focus.current
    effect = RollEffect("r1", made.character_id, SpendFocus(), "graze:r1.2", "graze on roll r1")
    results = await asyncio.gather(*((one if i % 2 else two).apply(ALICE, effect, hidden=False)
                                     for i in range(6)))
    assert sorted(len(r.changes) for r in results) == [0, 0, 0, 0, 0, 1]
    kept = await characters.find(ALICE, None)
    assert kept.sheet.focus.current == focus - 1
    trail = await characters.audit(kept)
    assert [(e.field, e.old, e.new, e.reason) for e in trail[:1]] == [
        ("focus", str(focus), str(focus - 1), "graze on roll r1")]
    assert len(trail) == 2


async def test_a_graze_without_focus_is_refused_and_spends_no_key(
        engine: AsyncEngine, clock: FakeClock) -> None:
    sheets, characters = gate(engine, clock)
    made = await characters.new(ALICE, "Kaladin")
    await SheetEdits(characters).adjust(ALICE, made.character_id, Resource.FOCUS, -100)
    with pytest.raises(NoFocusError):
        await sheets.apply(ALICE, RollEffect("r2", made.character_id, SpendFocus(),
                                             "graze:r2.2", "graze on roll r2"), hidden=False)
    assert not await SqlCharacterStore(engine, clock).done("graze:r2.2")
