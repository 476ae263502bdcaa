"""Requests in SQL: every field kept, changes only on the version read with their log entries
or not at all, once keys (a roll settled once), the log newest first, an unreadable document
named; two replicas (two engines on one database) claiming at once keep every claim, and one
click per player wins however many replicas race; a copy to another database keeps them."""

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
from nazh.adapters.storage.migrations import upgrade_database
from nazh.adapters.storage.request_document import RequestDocumentError
from nazh.adapters.storage.request_tables import request_log, requests
from nazh.adapters.storage.requests import SqlRequestStore
from nazh.adapters.storage.transfer import copy_log
from nazh.application.requests.changes import RequestChanges
from nazh.application.requests.model import RequestEntry, RequestRecord
from nazh.domain.request import (
    Asked,
    Outcome,
    Request,
    RequestError,
    Sight,
    claim,
    new_request,
    settle,
)
from tests.app_fakes import T0, FakeClock

RACERS = 12
GM, GUILD, CHANNEL = 100, 900, 500
NOBODY: frozenset[int] = frozenset()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def store(engine: AsyncEngine) -> SqlRequestStore:
    return SqlRequestStore(engine)


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


def blind() -> Request:
    """A blind Perception test, DC 15, stakes raised, asked of a role and two members, with
    one roll made and one claimed."""
    request = new_request("perception", dc=15, stakes=True, sight=Sight.BLIND,
                          asked=Asked(frozenset({55}), frozenset({7, 8})),
                          label="the ambush", advantage=True)
    request = claim(claim(request, 7, NOBODY, T0), 8, NOBODY, T0 + timedelta(seconds=3))
    return settle(request, 7, Outcome("k3v9x0q2md", "Kaladin", 17, True, 1, 2))


def record(request_id: str = "req0000001", request: Request | None = None) -> RequestRecord:
    return RequestRecord(request_id, GUILD, CHANNEL, GM,
                         request if request is not None else new_request("insight"), T0, T0)


def asked(item: RequestRecord) -> list[RequestEntry]:
    return [RequestEntry(item.request_id, GM, T0, "asked", item.request.skill)]


def changed(item: RequestRecord, request: Request | None = None,
            minutes: int = 1) -> tuple[RequestRecord, list[RequestEntry]]:
    at = item.updated_at + timedelta(minutes=minutes)
    after = replace(item, request=request if request is not None else item.request,
                    version=item.version + 1, updated_at=at)
    return after, [RequestEntry(item.request_id, 7, at, "claimed", "")]


async def test_every_field_comes_back(store: SqlRequestStore) -> None:
    kept = replace(record(request=blind()), card_message_id=2**62)
    await store.create(kept, asked(kept))
    assert await store.get(kept.request_id) == kept
    assert await store.get("nosuchone0") is None


async def test_a_change_is_kept_only_on_the_version_read_with_its_entry(
        store: SqlRequestStore, engine: AsyncEngine) -> None:
    kept = record()
    await store.create(kept, asked(kept))
    first, log = changed(kept, claim(kept.request, 7, NOBODY, T0))
    assert await store.update(first, log)
    late, late_log = changed(kept, claim(kept.request, 8, NOBODY, T0))
    assert not await store.update(late, late_log)
    assert await store.get(kept.request_id) == first
    assert await count(engine, request_log) == 2


async def test_a_change_with_a_once_key_is_kept_once(store: SqlRequestStore,
                                                     engine: AsyncEngine) -> None:
    kept = record()
    await store.create(kept, asked(kept))
    first, log = changed(kept)
    assert not await store.done("rolled:r1")
    assert await store.update(first, log, once="rolled:r1")
    assert await store.done("rolled:r1")
    again, again_log = changed(first)
    assert not await store.update(again, again_log, once="rolled:r1")
    assert await store.get(kept.request_id) == first
    assert await count(engine, request_log) == 2
    stale, stale_log = changed(replace(kept, version=6))
    assert not await store.update(stale, stale_log, once="rolled:r2")
    assert not await store.done("rolled:r2")  # a refused version spends no key


async def test_the_log_is_newest_first_and_limited(store: SqlRequestStore) -> None:
    kept = record()
    await store.create(kept, asked(kept))
    current = kept
    for minute in range(1, 4):
        current, log = changed(current, minutes=minute)
        assert await store.update(current, [replace(log[0], detail=str(minute))])
    entries = await store.log(kept.request_id, 3)
    assert [e.detail for e in entries] == ["3", "2", "1"]
    assert (await store.log(kept.request_id, 10))[-1] == asked(kept)[0]


async def test_two_replicas_claiming_at_once_keep_every_claim_and_one_per_player(
        store: SqlRequestStore, replica: AsyncEngine, clock: FakeClock,
        engine: AsyncEngine) -> None:
    """Half the racers are one player clicking on every replica, the others each a
    player of their own: every other player's claim is kept, the one player's once."""
    kept = record()
    await store.create(kept, asked(kept))
    changes = [RequestChanges(store, clock), RequestChanges(SqlRequestStore(replica), clock)]

    async def click(n: int) -> bool:
        user = 7 if n % 2 else 1000 + n
        try:
            await changes[n % 2].change(kept.request_id, user, lambda request: claim(
                request, user, NOBODY, T0), "claimed")
        except RequestError:
            return False
        return True

    won = await asyncio.gather(*(click(n) for n in range(RACERS)))
    assert won.count(True) == RACERS // 2 + 1
    final = await store.get(kept.request_id)
    assert final is not None
    users = [r.user_id for r in final.request.results]
    assert sorted(users) == sorted([7, *(1000 + n for n in range(0, RACERS, 2))])
    assert final.version == 1 + len(users)
    assert await count(engine, request_log, kind="claimed") == len(users)


async def test_a_damaged_document_is_an_error_naming_the_request(
        store: SqlRequestStore, engine: AsyncEngine) -> None:
    await store.create(record(), asked(record()))
    async with engine.begin() as connection:
        await connection.execute(update(requests).values(document={"v": 99}))
    with pytest.raises(RequestDocumentError, match=r"the kept request req0000001 cannot be "
                                                   r"read: .*version 99"):
        await store.get("req0000001")
    async with engine.begin() as connection:
        await connection.execute(update(requests).values(document={
            "v": 1, "skill": "Insight", "dc": "15"}))
    with pytest.raises(RequestDocumentError, match="its dc is malformed"):
        await store.get("req0000001")


async def test_db_copy_takes_the_requests_and_the_log_goes_on_after_them(
        database_url: str, tmp_path: Path) -> None:
    source = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'source.sqlite3'}")
    target = create_engine(database_url)
    try:
        await upgrade_database(source)
        before = SqlRequestStore(source)
        kept = record(request=blind())
        await before.create(kept, asked(kept))
        moved, log = changed(kept)
        assert await before.update(moved, log, once="rolled:r1")
        await copy_log(source, target)
        after = SqlRequestStore(target)
        assert await after.get(kept.request_id) == moved
        assert await after.done("rolled:r1")
        again, more = changed(moved)
        assert await after.update(again, more)
        assert await after.log(kept.request_id, 100) == [*more, *log, *asked(kept)]
    finally:
        await source.dispose()
        await target.dispose()
