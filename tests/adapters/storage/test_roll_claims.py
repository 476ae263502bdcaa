"""Amendments decided by the database: one claim per roll version, refused when the log holds
that version already, read back before the log has it, pruned once it does."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from nazh.adapters.storage.database import create_engine
from nazh.adapters.storage.roll_claims import ABANDONED, SETTLED, TIMEOUT_SECONDS, SqlRollClaims
from nazh.adapters.storage.roll_log import SqlRollLog
from nazh.adapters.storage.tables import roll_claims
from nazh.application.log.chain import EntryKind
from nazh.application.log.writer import RollNotKeptError
from tests.adapters.storage.support import T0, entry
from tests.app_fakes import FakeClock


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(T0)


@pytest.fixture
def claims(engine: AsyncEngine, clock: FakeClock) -> SqlRollClaims:
    return SqlRollClaims(engine, clock)


async def claimed_count(engine: AsyncEngine) -> int:
    async with engine.connect() as connection:
        return int((await connection.execute(
            select(func.count()).select_from(roll_claims))).scalar_one())


async def test_one_claim_per_version(claims: SqlRollClaims, engine: AsyncEngine,
                                     clock: FakeClock) -> None:
    other = SqlRollClaims(engine, clock)  # another process
    amended = entry("r1", version=2, kind=EntryKind.PLOT_ADDED, total=20)
    assert await claims.claim(amended) is True
    assert await other.claim(entry("r1", version=2, total=3)) is False
    assert await claims.claim(amended) is False
    assert await other.claim(entry("r1", version=3, kind=EntryKind.PLOT_CHOSEN)) is True
    assert await other.claim(entry("r2", version=2)) is True


async def test_the_newest_claim_is_read_back_as_it_was_claimed(claims: SqlRollClaims) -> None:
    second = entry("r1", version=2, kind=EntryKind.DIE_REROLLED, label="Stealth \0",
                   private=True, guild=None)
    third = entry("r1", version=3, kind=EntryKind.DIE_KEPT, total=25)
    assert await claims.latest("r1") is None
    await claims.claim(second)
    await claims.claim(third)
    assert await claims.latest("r1") == third
    await claims.release(third)
    latest = await claims.latest("r1")
    assert latest is not None
    assert (latest.version, latest.kind, latest.private, latest.guild_id, latest.result) == (
        2, EntryKind.DIE_REROLLED, True, None, second.result)
    assert latest.label == "Stealth \ufffd"  # as the log stores it


async def test_a_released_version_is_claimed_again(claims: SqlRollClaims) -> None:
    amended = entry("r1", version=2)
    await claims.claim(amended)
    await claims.release(amended)
    assert await claims.claim(amended) is True


async def test_a_version_in_the_log_is_taken(claims: SqlRollClaims, log: SqlRollLog) -> None:
    """Also one logged before claims existed, or whose claim was pruned."""
    await log.append([entry("r1"), entry("r1", version=2)])
    assert await claims.claim(entry("r1", version=2, total=5)) is False
    assert await claims.claim(entry("r1", version=3)) is True


async def test_concurrent_claims_of_one_version_make_one_winner(
        database_url: str, engine: AsyncEngine, clock: FakeClock) -> None:
    engines = [create_engine(database_url) for _ in range(4)]  # four processes
    try:
        won = await asyncio.gather(*(
            SqlRollClaims(engines[n % 4], clock).claim(entry("r1", version=2, total=n))
            for n in range(12)))
    finally:
        for other in engines:
            await other.dispose()
    assert won.count(True) == 1
    assert await claimed_count(engine) == 1


async def test_claims_are_pruned_once_the_log_holds_them_or_long_abandoned(
        claims: SqlRollClaims, log: SqlRollLog, engine: AsyncEngine,
        clock: FakeClock) -> None:
    logged, unlogged = entry("r1", version=2), entry("r2", version=2)
    await claims.claim(logged)
    await claims.claim(unlogged)
    await log.append([entry("r1"), logged])
    clock.advance(SETTLED - timedelta(seconds=1))
    assert await claims.prune() == 0
    clock.advance(timedelta(seconds=2))
    assert await claims.prune() == 1  # the log has r1.2: it stays taken there
    assert await claims.claim(logged) is False
    assert await claims.latest("r2") == unlogged
    clock.advance(ABANDONED)
    assert await claims.prune() == 1
    assert await claimed_count(engine) == 0


async def test_an_unreachable_database_refuses_the_amendment(clock: FakeClock) -> None:
    engine = create_engine("postgresql://nobody@127.0.0.1:1/none")
    try:
        with pytest.raises(RollNotKeptError, match="could not be checked"):
            await SqlRollClaims(engine, clock).claim(entry("r1", version=2))
    finally:
        await engine.dispose()


async def test_a_database_that_does_not_answer_refuses_the_amendment_in_time(
        clock: FakeClock) -> None:
    silent: list[asyncio.StreamWriter] = []

    async def accept(_reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        silent.append(writer)  # connected, never a byte back

    server = await asyncio.start_server(accept, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    engine = create_engine(f"postgresql://nobody@127.0.0.1:{port}/none")
    try:
        async with asyncio.timeout(TIMEOUT_SECONDS):  # the bound given, not the default
            with pytest.raises(RollNotKeptError, match="could not be checked"):
                await SqlRollClaims(engine, clock, timeout=0.2).claim(entry("r1", version=2))
    finally:
        await engine.dispose()
        for writer in silent:
            writer.close()
        server.close()
        await server.wait_closed()
