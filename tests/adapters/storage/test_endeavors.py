"""Endeavors in SQL (SQLite and PostgreSQL): every field kept, a change only on the version
read, the channel's newest running endeavor, two replicas counting at once never lose a
count, an unreadable document named."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncEngine

from nazh.adapters.storage.database import create_engine
from nazh.adapters.storage.endeavor_document import EndeavorDocumentError
from nazh.adapters.storage.endeavors import SqlEndeavorStore
from nazh.adapters.storage.request_tables import endeavors
from nazh.application.endeavors.model import EndeavorRecord
from nazh.domain.endeavor import Tally, count, start_endeavor, stop
from tests.app_fakes import T0

RACERS = 10
CHANNEL = 77


@pytest.fixture
def store(engine: AsyncEngine) -> SqlEndeavorStore:
    return SqlEndeavorStore(engine)


@pytest.fixture
async def replica(database_url: str, engine: AsyncEngine) -> AsyncIterator[AsyncEngine]:
    other = create_engine(database_url)
    yield other
    await other.dispose()


def record(endeavor_id: str = "end0000001", minutes: int = 0) -> EndeavorRecord:
    at = T0 + timedelta(minutes=minutes)
    return EndeavorRecord(endeavor_id, 500, CHANNEL, 1,
                          start_endeavor("Cross the chasm", 20, 20, secret=True), at, at)


async def test_every_field_comes_back_and_a_change_only_on_the_version_read(
        store: SqlEndeavorStore) -> None:
    kept = record()
    await store.create(kept)
    assert await store.get(kept.endeavor_id) == kept
    counted = replace(kept, endeavor=count(kept.endeavor, Tally(True, 2, 1, "r1", "Kaladin")),
                      version=2, card_message_id=2**62)
    assert await store.update(counted)
    assert not await store.update(replace(counted, endeavor=stop(kept.endeavor)))
    assert await store.get(kept.endeavor_id) == counted
    assert await store.get("nosuchone0") is None


async def test_the_newest_running_endeavor_of_the_channel(store: SqlEndeavorStore) -> None:
    older, newer = record("end0000001"), record("end0000002", minutes=1)
    await store.create(older)
    await store.create(newer)
    assert await store.running_in(CHANNEL) == newer
    assert await store.update(replace(newer, endeavor=stop(newer.endeavor), version=2))
    assert await store.running_in(CHANNEL) == older
    assert await store.running_in(CHANNEL + 1) is None


async def test_the_channels_where_endeavors_run_in_one_read(store: SqlEndeavorStore) -> None:
    assert await store.running_channels() == frozenset()
    here, there = record("end0000001"), replace(record("end0000002"), channel_id=CHANNEL + 1)
    also_here = record("end0000003", minutes=1)
    for kept in (here, there, also_here):
        await store.create(kept)
    assert await store.running_channels() == {CHANNEL, CHANNEL + 1}
    assert await store.update(replace(there, endeavor=stop(there.endeavor), version=2))
    assert await store.update(replace(here, endeavor=stop(here.endeavor), version=2))
    assert await store.running_channels() == {CHANNEL}  # the other one here still runs


async def test_two_replicas_counting_at_once_never_lose_a_count(
        store: SqlEndeavorStore, replica: AsyncEngine) -> None:
    kept = record()
    await store.create(kept)
    stores = [store, SqlEndeavorStore(replica)]

    async def counting(n: int) -> None:
        racer = stores[n % 2]
        while True:
            newest = await racer.get(kept.endeavor_id)
            assert newest is not None
            after = replace(newest, version=newest.version + 1, endeavor=count(
                newest.endeavor, Tally(True, 1, 1, f"r{n}")))
            if await racer.update(after):
                return

    await asyncio.gather(*(counting(n) for n in range(RACERS)))
    final = await store.get(kept.endeavor_id)
    assert final is not None
    assert final.endeavor.success_count == RACERS
    assert final.version == 1 + RACERS


async def test_a_damaged_document_is_an_error_naming_the_endeavor(
        store: SqlEndeavorStore, engine: AsyncEngine) -> None:
    await store.create(record())
    async with engine.begin() as connection:
        await connection.execute(update(endeavors).values(document={"v": 1, "name": 3}))
    with pytest.raises(EndeavorDocumentError, match="end0000001 cannot be read: it is "
                                                    "malformed"):
        await store.get("end0000001")
