"""The interaction ledgers on every store, for the contract they share and the tests of each."""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from redis.asyncio import Redis
from redis.exceptions import RedisError

from nazh.adapters.memory.interactions import LocalInteractionLedger
from nazh.adapters.redis.interactions import RedisInteractionLedger
from nazh.adapters.storage.database import create_engine
from nazh.adapters.storage.interactions import SqlInteractionLedger
from nazh.adapters.storage.migrations import upgrade_database
from nazh.application.admission.once import (
    INTERACTION_LIFETIME,
    InteractionLedger,
    KeptAnswer,
)
from tests.adapters.storage.conftest import POSTGRES_OFF
from tests.adapters.storage.support import postgres_admin_url, scratch_postgres

REDIS_URL = os.environ.get("NAZH_TEST_REDIS_URL")
T0 = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
UNTIL = T0 + INTERACTION_LIFETIME
ANSWER = KeptAnswer(200, "application/json; charset=utf-8", '{"type":4,"é":1}'.encode())
Ledgers = Callable[[], InteractionLedger]
"""Makes a ledger on the test's store (each call: another replica)."""
POSTGRESQL = pytest.param(
    "postgresql", marks=pytest.mark.skipif(postgres_admin_url() is None, reason=POSTGRES_OFF))
REDIS = pytest.param(
    "redis", marks=pytest.mark.skipif(REDIS_URL is None, reason="NAZH_TEST_REDIS_URL unset"))


@contextlib.asynccontextmanager
async def ledgers_on(backend: str, tmp_path: Path) -> AsyncIterator[Ledgers]:
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
