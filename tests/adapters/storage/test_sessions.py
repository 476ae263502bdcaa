"""Sessions in SQL (SQLite and PostgreSQL): every field kept, one open session per channel
decided by the database (even for two replicas at once), an end kept once, the servers' quiet
spells; what a session's channel did read back (its rolls' latest records after its first
record and within its times, the times of every act, its fights, requests and endeavors); and
``nazh db copy`` takes them."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from nazh.adapters.storage.database import create_engine
from nazh.adapters.storage.encounters import SqlEncounterStore
from nazh.adapters.storage.endeavors import SqlEndeavorStore
from nazh.adapters.storage.migrations import upgrade_database
from nazh.adapters.storage.requests import SqlRequestStore
from nazh.adapters.storage.roll_log import SqlRollLog
from nazh.adapters.storage.sessions import SqlSessionReader, SqlSessionStore
from nazh.adapters.storage.transfer import copy_log
from nazh.application.encounters.model import LogEntry as EncounterEntry
from nazh.application.log.chain import EntryKind
from nazh.application.requests.model import RequestEntry
from nazh.application.rolls.logged_store import entry_of
from nazh.application.rolls.terms.secret import SECRET
from nazh.application.sessions.model import SessionRecord
from nazh.domain.encounter.timing import Phase
from nazh.domain.session import Ending, Session
from tests.app_fakes import FakeClock
from tests.session_fakes import (
    CHANNEL,
    GM,
    GUILD,
    OTHER_CHANNEL,
    T0,
    minutes,
    secret,
    the_endeavor,
    the_fight,
    the_request,
    the_rolls,
)

RACERS = 8


def opened(session_id: str = "session001", channel: int = CHANNEL, at: int = 0,
           first_seq: int = 0) -> SessionRecord:
    return SessionRecord(session_id, GUILD, channel, GM, Session("Night one", minutes(at)),
                         first_seq=first_seq)


def ended(record: SessionRecord, at: int, ending: Ending = Ending.ENDED) -> SessionRecord:
    return replace(record, session=replace(record.session, ended_at=minutes(at),
                                           ending=ending), ended_by=GM)


@pytest.fixture
def store(engine: AsyncEngine) -> SqlSessionStore:
    return SqlSessionStore(engine)


@pytest.fixture
def reader(engine: AsyncEngine) -> SqlSessionReader:
    return SqlSessionReader(engine, SqlEncounterStore(engine, FakeClock(T0)),
                            SqlRequestStore(engine), SqlEndeavorStore(engine))


@pytest.fixture
async def replica(database_url: str, engine: AsyncEngine) -> AsyncIterator[AsyncEngine]:
    other = create_engine(database_url)
    yield other
    await other.dispose()


async def test_every_field_comes_back_and_an_end_is_kept_once(store: SqlSessionStore) -> None:
    kept = opened(first_seq=2**40)
    assert await store.create(kept)
    assert await store.get(kept.session_id) == kept
    assert await store.open_in(CHANNEL) == kept
    assert await store.open_channels() == frozenset({CHANNEL})
    done = ended(kept, 60, Ending.QUIET)
    assert await store.end(done)
    assert not await store.end(ended(kept, 90))
    assert await store.get(kept.session_id) == done
    assert await store.open_in(CHANNEL) is None
    assert await store.open_channels() == frozenset()
    assert await store.get("nosuchone0") is None


async def test_one_open_session_per_channel_and_the_channel_s_newest_first(
        store: SqlSessionStore) -> None:
    first = opened("session001")
    assert await store.create(first)
    assert not await store.create(opened("session002", at=5))
    assert await store.create(opened("session003", channel=OTHER_CHANNEL))
    await store.end(ended(first, 30))
    second = opened("session004", at=40)
    assert await store.create(second)
    assert [r.session_id for r in await store.in_channel(CHANNEL, 10)] == [
        "session004", "session001"]
    assert [r.session_id for r in await store.in_channel(CHANNEL, 1)] == ["session004"]


async def test_two_replicas_starting_at_once_start_one(store: SqlSessionStore,
                                                       replica: AsyncEngine) -> None:
    other = SqlSessionStore(replica)
    started = await asyncio.gather(*(
        (store if n % 2 else other).create(opened(f"session{n:03}")) for n in range(RACERS)))
    assert started.count(True) == 1


async def test_a_server_s_quiet_spell(store: SqlSessionStore) -> None:
    assert await store.quiet(GUILD) is None
    await store.set_quiet(GUILD, timedelta(minutes=90), GM, T0)
    await store.set_quiet(GUILD, timedelta(hours=2), GM, minutes(1))
    assert await store.quiet(GUILD) == timedelta(hours=2)
    assert await store.quiet(GUILD + 1) is None


async def played_out(engine: AsyncEngine) -> None:
    """The session's rolls in the log (a secret revealed after the session), its fight, its
    request and its endeavor in their tables, and a roll before it and one elsewhere."""
    rolls = the_rolls()
    before = replace(rolls[0], roll_id="before0001", created_at=minutes(-5))
    elsewhere = replace(rolls[0], roll_id="elsewhere1", roller=replace(
        rolls[0].roller, channel_id=OTHER_CHANNEL))
    hidden = rolls[2]
    revealed = replace(hidden, version=2, change=EntryKind.REVEALED,
                       terms=hidden.terms.with_term(SECRET, secret(revealed=True)))
    log = SqlRollLog(engine)
    await log.append([entry_of(before)])
    await log.append([entry_of(record) for record in (*rolls, elsewhere, revealed)])
    fight = the_fight()
    encounters = SqlEncounterStore(engine, FakeClock(T0))
    assert await encounters.create(fight.record, [EncounterEntry(
        fight.record.encounter_id, GM, minutes(15), 1, Phase.FAST_PLAYERS, "started")])
    assert await encounters.update(replace(fight.record, version=2), fight.log)
    request = the_request()
    await SqlRequestStore(engine).create(request, [RequestEntry(
        request.request_id, GM, minutes(45), "asked", "Athletics")])
    await SqlEndeavorStore(engine).create(the_endeavor())


async def test_a_session_s_rolls_are_the_latest_records_after_its_first_and_in_its_times(
        engine: AsyncEngine, reader: SqlSessionReader) -> None:
    await played_out(engine)
    assert await reader.head(CHANNEL) == 10
    assert await reader.head(12345) == 0
    record = ended(opened(first_seq=1), 60)
    found = await reader.rolls(record, 100)
    assert [(kept.entry.roll_id, kept.entry.version) for kept in found] == [
        ("roll000001", 1), ("roll000002", 1), ("roll000003", 2), ("roll000004", 1),
        ("roll000005", 1), ("roll000006", 1), ("roll000007", 1), ("roll000008", 1)]
    assert found[2].seq == 10
    assert [kept.entry.roll_id for kept in await reader.rolls(record, 2)] == [
        "roll000001", "roll000002"]
    early = ended(opened(first_seq=1), 10)
    assert [kept.entry.roll_id for kept in await reader.rolls(early, 100)] == [
        "roll000001", "roll000002", "roll000003", "roll000004"]


async def test_the_times_of_every_act_in_the_channel(engine: AsyncEngine,
                                                     reader: SqlSessionReader) -> None:
    await played_out(engine)
    record = opened(first_seq=1)
    times = await reader.activity(record, T0, 100)
    assert times == sorted(times)
    assert {minutes(5), minutes(15), minutes(21), minutes(45), minutes(53),
            minutes(55)} <= set(times)
    assert minutes(-5) not in times
    assert await reader.activity(record, minutes(53), 100) == [minutes(55)]
    assert len(await reader.activity(record, T0, 3)) == 3


async def test_a_session_s_fights_requests_and_endeavors(engine: AsyncEngine,
                                                         reader: SqlSessionReader) -> None:
    await played_out(engine)
    record = ended(opened(), 60)
    [fight] = await reader.fights(record)
    assert fight.record.encounter_id == the_fight().record.encounter_id
    assert fight.log[0].kind == "started"
    assert fight.log[1:] == the_fight().log
    assert [r.request_id for r in await reader.requests(record)] == ["request001"]
    assert [e.endeavor_id for e in await reader.endeavors(record)] == ["endeavor01"]
    short = ended(opened(), 20)
    assert [f.record.encounter_id for f in await reader.fights(short)] == ["fight00001"]
    assert await reader.requests(short) == []
    assert await reader.endeavors(short) == []


async def test_db_copy_takes_the_sessions_and_the_quiet_spells(database_url: str,
                                                               tmp_path: Path) -> None:
    source = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'source.sqlite3'}")
    target = create_engine(database_url)
    try:
        await upgrade_database(source)
        before = SqlSessionStore(source)
        kept = opened()
        await before.create(kept)
        await before.end(ended(kept, 60))
        await before.set_quiet(GUILD, timedelta(minutes=45), GM, T0)
        await SqlRollLog(source).append([entry_of(the_rolls()[0])])
        await copy_log(source, target)
        after = SqlSessionStore(target)
        assert await after.get(kept.session_id) == ended(kept, 60)
        assert await after.quiet(GUILD) == timedelta(minutes=45)
        assert await after.create(opened("session002", at=70))
    finally:
        await source.dispose()
        await target.dispose()
