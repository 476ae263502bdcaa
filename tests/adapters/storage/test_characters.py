"""Characters in SQL: every field kept, changes only on the version read, once keys, the
limits counted with the insert, deletion; two replicas (two engines on one database) creating
and changing at once, directly and through the ``Characters`` use cases."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import Table, func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from nazh.adapters.rng.system import SystemRandomSource
from nazh.adapters.storage.characters import SqlCharacterStore
from nazh.adapters.storage.database import create_engine
from nazh.adapters.storage.guild_settings import SqlGuildSettingsStore
from nazh.adapters.storage.migrations import upgrade_database
from nazh.adapters.storage.tables import (
    active_characters,
    character_audit,
    character_changes_once,
    characters,
)
from nazh.adapters.storage.transfer import copy_log
from nazh.application.characters.editing import SheetEdits
from nazh.application.characters.model import (
    MAX_PER_USER,
    AuditEntry,
    CharacterRecord,
)
from nazh.application.characters.ports import NameTakenError
from nazh.application.characters.scopes import own_scope
from nazh.application.characters.service import Characters
from nazh.application.settings.server import GuildSettings, Member
from nazh.domain.character import (
    Attribute,
    Character,
    Defense,
    Kind,
    Resource,
    Skill,
    Weapon,
    with_skills,
)
from nazh.domain.derivation import Pool
from nazh.domain.errors import LimitError
from tests.app_fakes import T0, FakeClock

GUILD = 900
ALICE, BOB = 7, 8


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def store(engine: AsyncEngine, clock: FakeClock) -> SqlCharacterStore:
    return SqlCharacterStore(engine, clock)


@pytest.fixture
async def replica(database_url: str, engine: AsyncEngine) -> AsyncIterator[AsyncEngine]:
    """A second engine on the (migrated) database: another process of the bot."""
    other = create_engine(database_url)
    yield other
    await other.dispose()


def full_sheet() -> Character:
    """A sheet with every field written: custom skill, maxima, defenses, weapons, ..."""
    sheet = Character.new("Kaladin", level=3, attributes={
        Attribute.STRENGTH: 3, Attribute.SPEED: 2, Attribute.INTELLECT: 1,
        Attribute.WILLPOWER: 2, Attribute.AWARENESS: 2, Attribute.PRESENCE: 1})
    sheet = with_skills(sheet, [Skill("Heavy Weaponry", Attribute.STRENGTH, 2),
                                Skill("Adhesion", Attribute.PRESENCE, 1)])
    return replace(
        sheet, health=Pool(12, None), focus=Pool(3, 6), investiture=Pool(2, 5),
        defenses=((Defense.SPIRITUAL, 15), (Defense.PHYSICAL, 14)), deflect=1, injuries=2,
        weapons=(Weapon("Spear", "heavy-weaponry", "1d8", "keen", True, ("two-handed",)),
                 Weapon("Fist", "athletics", "1d4+1", None, False, ())),
        expertises=("Windrunners", "Surgery")).check()


def record(character_id: str, name: str = "Kaladin", *, owner: int = ALICE,
           scope: int = GUILD, sheet: Character | None = None, version: int = 1,
           kind: Kind = Kind.CHARACTER) -> CharacterRecord:
    sheet = sheet or Character.new(name, kind)
    return CharacterRecord(character_id, scope, owner, replace(sheet, name=name), False,
                           version, T0)


def created(item: CharacterRecord) -> list[AuditEntry]:
    return [AuditEntry(item.character_id, item.owner_id, "created", "", item.name, T0)]


async def create(store: SqlCharacterStore, *items: CharacterRecord,
                 per_user: int = MAX_PER_USER, per_server: int = 300) -> bool:
    audit = [entry for item in items for entry in created(item)]
    return await store.create(items, audit, per_user=per_user, per_server=per_server)


async def count(engine: AsyncEngine, table: Table, **where: object) -> int:
    statement = select(func.count()).select_from(table).where(
        *(table.c[column] == value for column, value in where.items()))
    async with engine.connect() as connection:
        return int((await connection.execute(statement)).scalar_one())


# -- kept and read back ----------------------------------------------------------------------


async def test_every_field_comes_back(store: SqlCharacterStore) -> None:
    kept = replace(record("kal0000001", sheet=full_sheet()), shared=True)
    assert await create(store, kept)
    assert await store.get("kal0000001") == kept
    assert await store.get("nobody0001") is None
    assert await store.audit("kal0000001", 10) == created(kept)


async def test_listings_are_by_name_in_any_case(store: SqlCharacterStore) -> None:
    assert await create(store, record("c1", "shallan"), record("c2", "Adolin"),
                        record("c3", "Kaladin"))
    assert await create(store, record("c4", "Navani", owner=BOB))
    assert await create(store, record("c5", "Dalinar", scope=own_scope(ALICE)))
    assert [r.name for r in await store.owned(GUILD, ALICE)] == ["Adolin", "Kaladin",
                                                                 "shallan"]
    assert [r.name for r in await store.in_scope(GUILD)] == ["Adolin", "Kaladin", "Navani",
                                                             "shallan"]
    assert [r.name for r in await store.in_scope(own_scope(ALICE))] == ["Dalinar"]
    assert await store.in_scope(own_scope(BOB)) == []
    assert await store.owned(GUILD, 999) == []


async def test_the_active_character_is_one_per_user_and_scope(store: SqlCharacterStore) -> None:
    assert await store.active(GUILD, ALICE) is None
    await store.set_active(GUILD, ALICE, "c1")
    await store.set_active(GUILD, ALICE, "c2")
    await store.set_active(own_scope(ALICE), ALICE, "c3")
    assert await store.active(GUILD, ALICE) == "c2"
    assert await store.active(own_scope(ALICE), ALICE) == "c3"
    assert await store.active(own_scope(BOB), BOB) is None
    assert await store.active(GUILD, BOB) is None


# -- changed on the version read -------------------------------------------------------------


async def test_a_change_is_kept_on_the_version_it_read(store: SqlCharacterStore,
                                                       clock: FakeClock) -> None:
    kept = record("kal0000001", sheet=full_sheet())
    assert await create(store, kept)
    later = T0 + timedelta(minutes=5)
    changed = replace(kept, sheet=replace(kept.sheet, name="Stormblessed", injuries=3),
                      shared=True, version=2, updated_at=later)
    audit = [AuditEntry("kal0000001", ALICE, "injuries", "2", "3", later, "injury roll")]
    assert await store.update(changed, audit)
    assert await store.get("kal0000001") == changed
    assert [r.name for r in await store.owned(GUILD, ALICE)] == ["Stormblessed"]
    assert await store.audit("kal0000001", 10) == [*audit, *created(kept)]
    assert await store.audit("kal0000001", 1) == audit


async def test_a_stale_version_is_refused_and_nothing_kept(store: SqlCharacterStore,
                                                           engine: AsyncEngine) -> None:
    kept = record("kal0000001")
    assert await create(store, kept)
    first = replace(kept, sheet=replace(kept.sheet, injuries=1), version=2)
    second = replace(kept, sheet=replace(kept.sheet, deflect=2), version=2)
    audit = [AuditEntry("kal0000001", ALICE, "deflect", "0", "2", T0)]
    assert await store.update(first, [])
    assert not await store.update(second, audit)
    assert not await store.update(replace(second, version=5), audit)
    assert not await store.update(replace(second, character_id="gone000001"), audit)
    assert await store.get("kal0000001") == first
    assert await count(engine, character_audit) == 1


async def test_a_change_with_a_once_key_is_kept_once(store: SqlCharacterStore,
                                                     engine: AsyncEngine) -> None:
    kept = record("kal0000001")
    assert await create(store, kept)
    spent = replace(kept, sheet=kept.sheet.changed(Resource.FOCUS, -1)[0], version=2)
    audit = [AuditEntry("kal0000001", ALICE, "focus", "2", "1", T0, "graze on roll r1")]
    assert not await store.done("graze:r1")
    assert await store.update(spent, audit, once="graze:r1")
    assert await store.done("graze:r1")
    again = replace(spent, sheet=spent.sheet.changed(Resource.FOCUS, -1)[0], version=3)
    assert not await store.update(again, audit, once="graze:r1")
    assert await store.get("kal0000001") == spent
    assert await count(engine, character_audit) == 2


async def test_a_refused_version_does_not_spend_its_once_key(store: SqlCharacterStore) -> None:
    kept = record("kal0000001")
    assert await create(store, kept)
    assert not await store.update(replace(kept, version=7), [], once="graze:r1")
    assert not await store.done("graze:r1")
    assert await store.update(replace(kept, version=2), [], once="graze:r1")
    assert await store.done("graze:r1")


# -- the limits ------------------------------------------------------------------------------


async def test_the_twentieth_is_kept_and_the_twenty_first_refused(
        store: SqlCharacterStore, engine: AsyncEngine) -> None:
    for i in range(MAX_PER_USER - 1):
        assert await create(store, record(f"a{i:09d}", f"Alice {i}"))
    assert not await create(store, record("x000000001", "One"), record("x000000002", "Two"))
    assert await create(store, record("a000000019", "Alice 19"))
    assert not await create(store, record("a000000020", "Alice 20"))
    assert await create(store, record("b000000001", "Bob", owner=BOB))
    assert await create(store, record("a000000021", "Alice", scope=own_scope(ALICE)))
    assert await count(engine, characters, scope=GUILD, owner_id=ALICE) == MAX_PER_USER
    assert await count(engine, character_audit) == MAX_PER_USER + 2


async def test_the_servers_limit_counts_everyones(store: SqlCharacterStore) -> None:
    assert await create(store, record("a1", "A"), record("a2", "B"), per_server=3)
    assert await create(store, record("b1", "C", owner=BOB), per_server=3)
    assert not await create(store, record("b2", "D", owner=BOB), per_server=3)
    assert await create(store, record("b2", "D", owner=BOB, scope=1), per_server=3)
    assert [r.character_id for r in await store.in_scope(GUILD)] == ["a1", "a2", "b1"]


async def test_concurrent_creates_on_two_replicas_never_pass_the_limit(
        store: SqlCharacterStore, replica: AsyncEngine, clock: FakeClock,
        engine: AsyncEngine) -> None:
    stores = [store, SqlCharacterStore(replica, clock)]
    outcomes = await asyncio.gather(*(
        create(stores[i % 2], record(f"c{i:09d}", f"Hero {i}"), per_user=5)
        for i in range(12)))
    assert outcomes.count(True) == 5
    assert await count(engine, characters, owner_id=ALICE) == 5
    assert await count(engine, character_audit) == 5
    server = await asyncio.gather(*(
        create(stores[i % 2], record(f"s{i:09d}", f"Hero {i}", owner=100 + i), per_server=8)
        for i in range(12)))
    assert server.count(True) == 3
    assert await count(engine, characters, scope=GUILD) == 8


# -- deleted ---------------------------------------------------------------------------------


async def test_delete_removes_the_character_and_all_that_points_at_it(
        store: SqlCharacterStore, engine: AsyncEngine) -> None:
    kal, adolin = record("kal0000001"), record("ado0000001", "Adolin")
    assert await create(store, kal, adolin)
    await store.set_active(GUILD, ALICE, "kal0000001")
    await store.set_active(own_scope(ALICE), ALICE, "kal0000001")
    await store.set_active(GUILD, BOB, "ado0000001")
    assert await store.update(replace(kal, version=2), created(kal), once="injury:r1")
    assert await store.update(replace(adolin, version=2), [], once="injury:r2")
    assert await store.delete("kal0000001")
    assert not await store.delete("kal0000001")
    assert await store.get("kal0000001") is None
    assert await store.audit("kal0000001", 10) == []
    assert await store.active(GUILD, ALICE) is None
    assert await store.active(own_scope(ALICE), ALICE) is None
    assert not await store.done("injury:r1")
    assert await store.active(GUILD, BOB) == "ado0000001"
    assert await store.done("injury:r2")
    assert await count(engine, active_characters) == 1
    assert await count(engine, character_changes_once) == 1
    assert await store.audit("ado0000001", 10) == created(adolin)


# -- through the use cases, on two replicas --------------------------------------------------


def use_cases(engine: AsyncEngine, clock: FakeClock) -> Characters:
    settings = GuildSettings(SqlGuildSettingsStore(engine, clock), clock)
    return Characters(SqlCharacterStore(engine, clock), settings, clock, SystemRandomSource())


async def test_concurrent_changes_on_two_replicas_are_all_kept(
        engine: AsyncEngine, replica: AsyncEngine, clock: FakeClock) -> None:
    one, two = use_cases(engine, clock), use_cases(replica, clock)
    alice = Member(ALICE, GUILD)
    new = await one.new(alice, "Kaladin", attributes={Attribute.STRENGTH: 2})
    made = (await SheetEdits(one).adjust(alice, new.character_id, Resource.HEALTH, -10)).record
    health = made.sheet.health.current
    await asyncio.gather(*(
        SheetEdits(one if i % 2 else two).adjust(alice, made.character_id, Resource.HEALTH, 1)
        for i in range(10)))
    kept = await two.find(alice, "kaladin")
    assert kept.sheet.health.current == health + 10
    assert kept.version == made.version + 10
    trail = await SqlCharacterStore(engine, clock).audit(kept.character_id, 100)
    assert [(e.field, e.new) for e in trail[:10]] == [
        ("health", str(health + 10 - i)) for i in range(10)]
    assert len(trail) == 12


async def test_the_use_case_refuses_the_twenty_first(engine: AsyncEngine,
                                                      clock: FakeClock) -> None:
    characters_ = use_cases(engine, clock)
    alice = Member(ALICE, GUILD)
    await characters_.keep(alice, [Character.new(f"Hero {i}") for i in range(MAX_PER_USER)])
    with pytest.raises(LimitError):
        await characters_.new(alice, "One too many")
    assert len(await characters_.visible(alice)) == MAX_PER_USER
    assert (await characters_.find(alice, None)).name == "Hero 0"


# -- moved to another database ---------------------------------------------------------------


async def test_db_copy_takes_the_characters_and_the_audit_goes_on_after_them(
        database_url: str, tmp_path: Path, clock: FakeClock) -> None:
    source = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'source.sqlite3'}")
    target = create_engine(database_url)
    try:
        await upgrade_database(source)
        before = SqlCharacterStore(source, clock)
        kal = replace(record("kal0000001", sheet=full_sheet()), shared=True)
        assert await create(before, kal, record("ado0000001", "Adolin"))
        await before.set_active(GUILD, ALICE, "kal0000001")
        assert await before.update(replace(kal, version=2), [], once="graze:r1")
        await copy_log(source, target)
        after = SqlCharacterStore(target, clock)
        assert await after.get("kal0000001") == replace(kal, version=2)
        assert await after.active(GUILD, ALICE) == "kal0000001"
        assert await after.done("graze:r1")
        audit = [AuditEntry("kal0000001", ALICE, "deflect", "1", "2", T0)]
        assert await after.update(replace(kal, version=3), audit)
        assert await after.audit("kal0000001", 10) == [*audit, *created(kal)]
    finally:
        await source.dispose()
        await target.dispose()


async def test_one_name_per_owner_even_when_two_replicas_make_or_rename_at_once(
        store: SqlCharacterStore, replica: AsyncEngine, clock: FakeClock,
        engine: AsyncEngine) -> None:
    stores = [store, SqlCharacterStore(replica, clock)]
    outcomes = await asyncio.gather(*(
        create(stores[i % 2], record(f"n{i:09d}", "Kaladin" if i % 2 else "KALADIN"))
        for i in range(4)), return_exceptions=True)
    assert sum(1 for outcome in outcomes if outcome is True) == 1
    assert all(isinstance(outcome, NameTakenError) for outcome in outcomes
               if outcome is not True)
    assert await count(engine, characters, owner_id=ALICE) == 1
    assert await create(store, record("m000000001", "Shallan"))
    kept = await store.get("m000000001")
    assert kept is not None
    renamed = replace(kept, sheet=replace(kept.sheet, name="kaladin"), version=kept.version + 1)
    with pytest.raises(NameTakenError) as raised:
        await store.update(renamed, [])
    assert raised.value.reason == "its owner already has a character named 'kaladin' here"
    assert (await store.get("m000000001")) == kept
