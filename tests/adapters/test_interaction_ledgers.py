"""The interaction ledgers, one contract: in memory, in SQL (SQLite, and PostgreSQL when
``NAZH_TEST_POSTGRES_URL`` is set) and in Redis (when ``NAZH_TEST_REDIS_URL`` is set). Two
ledgers on one database or one Redis are two replicas."""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
import tracemalloc
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from redis.asyncio import Redis
from redis.exceptions import RedisError

from nazh.adapters.memory.interactions import LocalInteractionLedger
from nazh.adapters.redis.interactions import PREFIX, RedisInteractionLedger
from nazh.adapters.storage.database import create_engine
from nazh.adapters.storage.interactions import SqlInteractionLedger
from nazh.adapters.storage.migrations import upgrade_database
from nazh.application.admission.once import (
    INTERACTION_LIFETIME,
    Claim,
    InteractionLedger,
    KeptAnswer,
    LedgerUnavailableError,
)
from tests.adapters.storage.conftest import POSTGRES_OFF
from tests.adapters.storage.support import postgres_admin_url, scratch_postgres

REDIS_URL = os.environ.get("NAZH_TEST_REDIS_URL")
T0 = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
UNTIL = T0 + INTERACTION_LIFETIME
ANSWER = KeptAnswer(200, "application/json; charset=utf-8", '{"type":4,"é":1}'.encode())
MULTIPART = KeptAnswer(200, "multipart/form-data; boundary=abc",
                       b"--abc\r\n\x00\xff\n\n binary\r\n--abc--\r\n")

Ledgers = Callable[[], InteractionLedger]
"""Makes a ledger on the test's store (each call: another replica)."""


POSTGRESQL = pytest.param(
    "postgresql", marks=pytest.mark.skipif(postgres_admin_url() is None, reason=POSTGRES_OFF))
REDIS = pytest.param(
    "redis", marks=pytest.mark.skipif(REDIS_URL is None, reason="NAZH_TEST_REDIS_URL unset"))


@pytest.fixture(params=["memory", "sqlite", POSTGRESQL, REDIS])
async def replicas(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Ledgers]:
    """Ledgers on every store."""
    async with _ledgers(request.param, tmp_path) as made:
        yield made


@pytest.fixture(params=["memory", "sqlite", POSTGRESQL])
async def clocked(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Ledgers]:
    """Ledgers whose claims end by the time they are given (Redis ends them by its own)."""
    async with _ledgers(request.param, tmp_path) as made:
        yield made


@contextlib.asynccontextmanager
async def _ledgers(backend: str, tmp_path: Path) -> AsyncIterator[Ledgers]:
    made: list[InteractionLedger] = []

    def keep(ledger: InteractionLedger) -> InteractionLedger:
        made.append(ledger)
        return ledger

    if backend == "memory":
        local = LocalInteractionLedger()
        yield lambda: local
    elif backend == "redis":
        assert REDIS_URL is not None
        await _reachable(REDIS_URL)
        yield lambda: keep(RedisInteractionLedger(REDIS_URL))
    else:
        async with _database(backend, tmp_path) as url:
            engine = create_engine(url)
            await upgrade_database(engine)
            try:
                yield lambda: keep(SqlInteractionLedger(engine))
            finally:
                await engine.dispose()
    for ledger in made:
        await ledger.close()


def _database(backend: str, tmp_path: Path) -> contextlib.AbstractAsyncContextManager[str]:
    if backend == "sqlite":
        return contextlib.nullcontext(f"sqlite+aiosqlite:///{tmp_path / 'nazh.sqlite3'}")
    admin = postgres_admin_url()
    assert admin is not None
    return scratch_postgres(admin)


async def _reachable(url: str) -> None:
    client: Redis = Redis.from_url(url)
    try:
        await client.ping()
    except (OSError, RedisError) as error:
        pytest.fail(f"Redis is needed at {url}: {error}")
    finally:
        await client.aclose()


def new_id() -> int:
    """An interaction id no earlier run used (Redis keeps its keys between runs)."""
    return 10**17 + secrets.randbelow(10**17)


async def test_the_first_claim_wins_and_later_ones_find_it_pending(replicas: Ledgers) -> None:
    first, second = replicas(), replicas()
    interaction = new_id()
    assert await first.claim(interaction, T0, UNTIL) is Claim.CLAIMED
    assert await second.claim(interaction, T0, UNTIL) is Claim.PENDING
    assert await first.claim(interaction, T0, UNTIL) is Claim.PENDING
    assert await second.claim(new_id(), T0, UNTIL) is Claim.CLAIMED


@pytest.mark.parametrize("answer", [ANSWER, MULTIPART], ids=["json", "multipart"])
async def test_a_kept_answer_is_found_byte_for_byte(replicas: Ledgers,
                                                    answer: KeptAnswer) -> None:
    first, second = replicas(), replicas()
    interaction = new_id()
    await first.claim(interaction, T0, UNTIL)
    await first.keep(interaction, answer)
    assert await second.claim(interaction, T0, UNTIL) == answer
    await second.release(interaction)  # a kept answer is never released
    assert await first.claim(interaction, T0, UNTIL) == answer


async def test_a_released_claim_is_claimed_again(replicas: Ledgers) -> None:
    first, second = replicas(), replicas()
    interaction = new_id()
    await first.claim(interaction, T0, UNTIL)
    await first.release(interaction)
    assert await second.claim(interaction, T0, UNTIL) is Claim.CLAIMED


async def test_concurrent_claims_of_one_id_make_one_winner(replicas: Ledgers) -> None:
    ledgers = [replicas() for _ in range(8)]
    interaction = new_id()
    found = await asyncio.gather(*(ledger.claim(interaction, T0, UNTIL) for ledger in ledgers))
    assert found.count(Claim.CLAIMED) == 1
    assert found.count(Claim.PENDING) == 7


async def test_a_claim_lasts_until_its_end_then_the_id_is_free(clocked: Ledgers) -> None:
    first, second = clocked(), clocked()
    interaction, other = new_id(), new_id()
    await first.claim(interaction, T0, UNTIL)
    await first.keep(interaction, ANSWER)
    await first.claim(other, T0 + timedelta(minutes=1), UNTIL + timedelta(minutes=1))
    just_before = UNTIL - timedelta(microseconds=1)
    assert await second.claim(interaction, just_before, just_before + INTERACTION_LIFETIME) \
        == ANSWER
    assert await second.prune(just_before) == 0
    assert await second.claim(interaction, UNTIL, UNTIL + INTERACTION_LIFETIME) \
        is Claim.CLAIMED  # over: a fresh claim, without the old answer
    assert await first.claim(interaction, UNTIL, UNTIL + INTERACTION_LIFETIME) is Claim.PENDING


async def test_prune_forgets_the_claims_that_are_over(clocked: Ledgers) -> None:
    ledger = clocked()
    old, young = new_id(), new_id()
    await ledger.claim(old, T0, UNTIL)
    await ledger.keep(old, ANSWER)
    await ledger.claim(young, T0 + timedelta(minutes=5), UNTIL + timedelta(minutes=5))
    assert await ledger.prune(UNTIL) == 1
    assert await ledger.claim(young, UNTIL, UNTIL + INTERACTION_LIFETIME) is Claim.PENDING
    assert await ledger.prune(UNTIL + timedelta(minutes=5)) == 1


@pytest.mark.skipif(REDIS_URL is None, reason="NAZH_TEST_REDIS_URL unset")
async def test_redis_keys_expire_with_the_claim(tmp_path: Path) -> None:
    assert REDIS_URL is not None
    async with _ledgers("redis", tmp_path) as replicas:
        ledger = replicas()
        interaction = new_id()
        await ledger.claim(interaction, T0, UNTIL)
        await ledger.keep(interaction, ANSWER)
        client: Redis = Redis.from_url(REDIS_URL)
        try:
            left = await client.pttl(f"{PREFIX}{interaction}")
        finally:
            await client.aclose()
    assert 14 * 60 * 1000 < left <= 15 * 60 * 1000  # keeping the answer kept the expiry


async def test_an_unreachable_redis_is_unavailable() -> None:
    ledger = RedisInteractionLedger("redis://127.0.0.1:1/0")
    try:
        with pytest.raises(LedgerUnavailableError, match="claim in Redis failed"):
            await ledger.claim(new_id(), T0, UNTIL)
    finally:
        await ledger.close()


async def test_an_unreachable_database_is_unavailable() -> None:
    engine = create_engine("postgresql://nobody@127.0.0.1:1/none")
    try:
        with pytest.raises(LedgerUnavailableError, match="claim in the database failed"):
            await SqlInteractionLedger(engine).claim(new_id(), T0, UNTIL)
    finally:
        await engine.dispose()


async def test_answers_in_memory_are_bounded_the_ids_still_remembered() -> None:
    ledger = LocalInteractionLedger(max_answer_bytes=3 * len(ANSWER.body))
    ids = [new_id() for _ in range(5)]
    for interaction in ids:
        await ledger.claim(interaction, T0, UNTIL)
        await ledger.keep(interaction, ANSWER)
    found = [await ledger.claim(interaction, T0, UNTIL) for interaction in ids]
    assert found == [Claim.PENDING, Claim.PENDING, ANSWER, ANSWER, ANSWER]
    assert await ledger.prune(UNTIL) == 5
    assert len(ledger) == 0


async def test_an_id_claimed_again_is_not_forgotten_with_its_first_claim(
        clocked: Ledgers) -> None:
    ledger = clocked()
    interaction = new_id()
    await ledger.claim(interaction, T0, UNTIL)
    await ledger.release(interaction)
    later = T0 + timedelta(minutes=5)
    assert await ledger.claim(interaction, later, later + INTERACTION_LIFETIME) is Claim.CLAIMED
    assert await ledger.prune(UNTIL) == 0
    assert await ledger.claim(interaction, UNTIL, UNTIL + INTERACTION_LIFETIME) is Claim.PENDING


async def test_in_memory_an_id_costs_about_a_hundred_bytes() -> None:
    ledger = LocalInteractionLedger()
    ids = [new_id() for _ in range(20_000)]
    tracemalloc.start()
    try:
        for n, interaction in enumerate(ids):  # 300 a second
            now = T0 + timedelta(seconds=n / 300)
            await ledger.claim(interaction, now, now + INTERACTION_LIFETIME)
        used, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert used / len(ids) < 100  # the ids themselves are the caller's
