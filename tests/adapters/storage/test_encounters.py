"""Encounters in SQL: every field kept, one open encounter per channel decided by the database
(even for two replicas creating at once), changes only on the version read with their log
entries or not at all, once keys, the log newest first, a server's open encounters; two
replicas (two engines on one database) changing one encounter at once never lose a change."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import Table, func, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from nazh.adapters.storage.database import create_engine
from nazh.adapters.storage.encounter_document import EncounterDocumentError
from nazh.adapters.storage.encounters import SqlEncounterStore
from nazh.adapters.storage.migrations import upgrade_database
from nazh.adapters.storage.tables import encounter_changes_once, encounter_log, encounters
from nazh.adapters.storage.transfer import copy_log
from nazh.application.encounters.model import EncounterRecord, LogEntry
from nazh.domain.encounter.damage import DamageType
from nazh.domain.encounter.encounter import Outcome, open_encounter
from nazh.domain.encounter.flow import next_phase
from nazh.domain.encounter.hits import hit
from nazh.domain.encounter.roster import add_combatant
from nazh.domain.encounter.summary import record_critical_hit, record_damage
from nazh.domain.encounter.timing import Phase
from tests.adapters.storage.encounter_kit import (
    CHANNEL,
    GM,
    GUILD,
    enemy,
    entries,
    player,
    record,
    skirmish,
    started,
)
from tests.app_fakes import T0, FakeClock

RACERS = 12


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def store(engine: AsyncEngine, clock: FakeClock) -> SqlEncounterStore:
    return SqlEncounterStore(engine, clock)


@pytest.fixture
async def replica(database_url: str, engine: AsyncEngine) -> AsyncIterator[AsyncEngine]:
    """A second engine on the (migrated) database: another process of the bot."""
    other = create_engine(database_url)
    yield other
    await other.dispose()


async def count(engine: AsyncEngine, table: Table, **where: object) -> int:
    statement = select(func.count()).select_from(table).where(
        *(table.c[column] == value for column, value in where.items()))
    async with engine.connect() as connection:
        return int((await connection.execute(statement)).scalar_one())


async def create(store: SqlEncounterStore, item: EncounterRecord) -> bool:
    return await store.create(item, started(item))


def changed(item: EncounterRecord, act: Outcome | None = None,
            minutes: int = 1) -> tuple[EncounterRecord, list[LogEntry]]:
    """The record after ``act`` (one version later) and the act's log entries."""
    encounter = item.encounter if act is None else act.encounter
    after = item.next_version(encounter, item.updated_at + timedelta(minutes=minutes))
    return after, [] if act is None else entries(after, act)


def with_kaladin() -> EncounterRecord:
    return record(encounter=add_combatant(open_encounter("Fight"), player("Kaladin")).encounter)


def ended(item: EncounterRecord) -> EncounterRecord:
    after, _ = changed(item)
    return replace(after, ended_at=after.updated_at)


# -- kept and read back ----------------------------------------------------------------------


async def test_every_field_comes_back(store: SqlEncounterStore) -> None:
    kept = replace(record(encounter=skirmish()), card_message_id=2**62 + 5,
                   pings=frozenset({7, 2**63 - 1}), show_health=True)
    assert await create(store, kept)
    assert await store.get("enc0000001") == kept
    assert await store.open_in(CHANNEL) == kept
    assert await store.log("enc0000001", 10) == started(kept)
    assert await store.get("nothing") is None
    assert await store.open_in(CHANNEL + 1) is None


async def test_a_change_keeps_every_field_of_the_record(store: SqlEncounterStore) -> None:
    kept = record(encounter=skirmish())
    assert await create(store, kept)
    after, log = changed(kept, next_phase(kept.encounter), minutes=30)
    after = replace(after, card_message_id=42, pings=frozenset({7}), show_health=True)
    assert await store.update(after, log)
    assert await store.get(kept.encounter_id) == after
    assert log
    assert await store.log(kept.encounter_id, 100) == [*reversed(log), *started(kept)]


# -- one open encounter per channel ----------------------------------------------------------


async def test_a_second_open_encounter_in_a_channel_is_refused_and_nothing_of_it_kept(
        store: SqlEncounterStore, engine: AsyncEngine) -> None:
    first = record("first00001")
    assert await create(store, first)
    assert not await create(store, record("second0001"))
    assert await store.get("second0001") is None
    assert await store.log("second0001", 10) == []
    assert await store.open_in(CHANNEL) == first
    assert await create(store, record("other00001", channel=CHANNEL + 1))
    assert await count(engine, encounters) == 2
    assert await count(engine, encounter_log) == 2


async def test_two_replicas_starting_in_one_channel_at_once_keep_one(
        store: SqlEncounterStore, replica: AsyncEngine, clock: FakeClock,
        engine: AsyncEngine) -> None:
    stores = [store, SqlEncounterStore(replica, clock)]
    outcomes = await asyncio.gather(*(create(stores[n % 2], record(f"race{n:06d}"))
                                      for n in range(RACERS)))
    assert outcomes.count(True) == 1
    winner = f"race{outcomes.index(True):06d}"
    open_now = await store.open_in(CHANNEL)
    assert open_now is not None
    assert open_now.encounter_id == winner
    assert await count(engine, encounters) == 1
    assert await count(engine, encounter_log) == await count(engine, encounter_log,
                                                             encounter_id=winner) == 1


async def test_once_ended_a_new_encounter_may_open_in_the_channel(
        store: SqlEncounterStore) -> None:
    first = record("first00001")
    assert await create(store, first)
    closed = ended(first)
    assert await store.update(closed, [])
    assert await store.open_in(CHANNEL) is None
    second = record("second0001", at=T0 + timedelta(hours=1))
    assert await create(store, second)
    assert not await create(store, record("third00001"))
    assert await store.open_in(CHANNEL) == second
    assert await store.get("first00001") == closed


async def test_a_server_lists_its_open_encounters_oldest_first(
        store: SqlEncounterStore) -> None:
    late = record("late000001", channel=1, at=T0 + timedelta(hours=2))
    early = record("early00001", channel=2, at=T0)
    done = record("done000001", channel=3, at=T0 - timedelta(hours=1))
    elsewhere = record("else000001", channel=4, guild=GUILD + 1)
    for item in (late, early, done, elsewhere):
        assert await create(store, item)
    assert await store.update(ended(done), [])
    assert await store.open_in_server(GUILD) == [early, late]
    assert await store.open_in_server(GUILD + 1) == [elsewhere]
    assert await store.open_in_server(GUILD + 2) == []


# -- changed on the version read -------------------------------------------------------------


async def test_of_two_changes_from_one_version_one_is_kept_and_nothing_of_the_other(
        store: SqlEncounterStore, engine: AsyncEngine) -> None:
    kept = record()
    assert await create(store, kept)
    one, one_log = changed(kept, add_combatant(kept.encounter, player("Kaladin")))
    two, two_log = changed(kept, add_combatant(kept.encounter, enemy("Szeth")))
    assert await store.update(one, one_log)
    assert not await store.update(two, two_log)
    assert not await store.update(replace(two, version=5), two_log)
    assert not await store.update(replace(two, encounter_id="gone000001"), two_log)
    assert await store.get(kept.encounter_id) == one
    assert await store.log(kept.encounter_id, 10) == [*one_log, *started(kept)]
    assert await count(engine, encounter_log) == 2


async def test_two_replicas_changing_at_once_never_lose_a_change(
        store: SqlEncounterStore, replica: AsyncEngine, clock: FakeClock,
        engine: AsyncEngine) -> None:
    """Each racer reads the newest version, scores a critical hit and keeps it, reading again
    when another was kept first. All read version 1 before any of them writes: exactly one of
    those first changes is kept. In the end every hit is counted once, each with its entry."""
    kept = with_kaladin()
    assert await create(store, kept)
    stores = [store, SqlEncounterStore(replica, clock)]
    all_read = asyncio.Barrier(RACERS)

    async def hit(racer: SqlEncounterStore) -> int:
        attempts = 0
        while True:
            attempts += 1
            newest = await racer.get(kept.encounter_id)
            assert newest is not None
            after, _ = changed(newest, record_critical_hit(newest.encounter, "Kaladin"))
            if attempts == 1:
                await all_read.wait()
            if await racer.update(after, [replace(started(after)[0], kind="hit")]):
                return attempts

    attempts = await asyncio.gather(*(hit(stores[n % 2]) for n in range(RACERS)))
    assert attempts.count(1) == 1
    final = await store.get(kept.encounter_id)
    assert final is not None
    assert final.encounter.find("Kaladin").tally.critical_hits == RACERS
    assert final.version == 1 + RACERS
    assert await count(engine, encounter_log, kind="hit") == RACERS


# -- once keys -------------------------------------------------------------------------------


async def test_a_change_with_a_once_key_is_kept_once(store: SqlEncounterStore,
                                                     engine: AsyncEngine) -> None:
    kept = with_kaladin()
    assert await create(store, kept)
    hurt, log = changed(kept, record_damage(kept.encounter, "Kaladin", 3))
    assert not await store.done("click:1")
    assert await store.update(hurt, log, once="click:1")
    assert await store.done("click:1")
    again, again_log = changed(hurt, record_damage(hurt.encounter, "Kaladin", 3))
    assert not await store.update(again, again_log, once="click:1")
    assert await store.get(kept.encounter_id) == hurt
    assert await count(engine, encounter_log) == 1 + len(log)
    assert await count(engine, encounter_changes_once) == 1


async def test_a_refused_version_does_not_spend_its_once_key(store: SqlEncounterStore) -> None:
    kept = record()
    assert await create(store, kept)
    stale, _ = changed(replace(kept, version=6))
    assert not await store.update(stale, [], once="click:1")
    assert not await store.done("click:1")
    assert await store.update(changed(kept)[0], [], once="click:1")
    assert await store.done("click:1")


# -- the log ---------------------------------------------------------------------------------


async def test_the_log_is_newest_first_and_limited(store: SqlEncounterStore) -> None:
    kept = record(encounter=skirmish())
    other = record("other00001", channel=CHANNEL + 1)
    assert await create(store, kept)
    assert await create(store, other)
    moved, log = changed(kept, next_phase(kept.encounter))
    assert await store.update(moved, log)
    assert await store.update(changed(other)[0], [LogEntry(
        other.encounter_id, GM, T0, 1, Phase.FAST_PLAYERS, "setting", None, "keep-speed")])
    assert len(log) > 3
    assert await store.log(kept.encounter_id, 3) == list(reversed(log))[:3]
    assert await store.log(kept.encounter_id, 100) == [*reversed(log), *started(kept)]
    assert await store.log(kept.encounter_id, 0) == []
    assert len(await store.log(other.encounter_id, 10)) == 2


async def test_an_application_is_kept_beside_its_entry_and_on_the_combatant(
        store: SqlEncounterStore) -> None:
    kept = with_kaladin()
    assert await create(store, kept)
    hurt, log = changed(kept, hit(kept.encounter, "Kaladin", 7, DamageType.KEEN,
                                  roll_id="r1")[0])
    assert log[0].applied is not None
    assert await store.update(hurt, log)
    assert (await store.log(kept.encounter_id, 100))[0] == log[0]
    read = await store.get(kept.encounter_id)
    assert read is not None
    assert read.encounter.find("Kaladin").applications == (log[0].applied,)


# -- what cannot be read ---------------------------------------------------------------------


async def test_a_damaged_document_is_an_error_naming_the_encounter(
        store: SqlEncounterStore, engine: AsyncEngine) -> None:
    assert await create(store, record())
    async with engine.begin() as connection:
        await connection.execute(update(encounters).values(document={"v": 99}))
    with pytest.raises(EncounterDocumentError, match=r"the kept encounter enc0000001 cannot "
                                                     r"be read: .*version 99"):
        await store.get("enc0000001")
    async with engine.begin() as connection:
        await connection.execute(update(encounters).values(
            document={"v": 1, "name": "x", "moment": {"round": 1, "phase": 0},
                      "keep_speed": False, "combatants": []}, pings=["7"]))
    with pytest.raises(EncounterDocumentError, match="pings should be a list of user ids"):
        await store.open_in(CHANNEL)


# -- moved to another database ---------------------------------------------------------------


async def test_db_copy_takes_the_encounters_and_the_log_goes_on_after_them(
        database_url: str, tmp_path: Path, clock: FakeClock) -> None:
    source = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'source.sqlite3'}")
    target = create_engine(database_url)
    try:
        await upgrade_database(source)
        before = SqlEncounterStore(source, clock)
        kept = record(encounter=skirmish())
        assert await create(before, kept)
        moved, log = changed(kept, next_phase(kept.encounter))
        assert await before.update(moved, log, once="click:1")
        await copy_log(source, target)
        after = SqlEncounterStore(target, clock)
        assert await after.get(kept.encounter_id) == moved
        assert await after.done("click:1")
        again, more = changed(moved, next_phase(moved.encounter))
        assert await after.update(again, more)
        assert await after.log(kept.encounter_id, 100) == [
            *reversed(more), *reversed(log), *started(kept)]
    finally:
        await source.dispose()
        await target.dispose()
