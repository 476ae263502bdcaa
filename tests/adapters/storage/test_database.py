"""PostgreSQL's connection pool: an idle connection the server dropped is replaced before use;
a connection in steady use is not pinged (no round trip added to every query)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import asyncpg
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from nazh.adapters.storage import database
from nazh.adapters.storage.database import create_engine
from tests.adapters.storage.conftest import POSTGRES_OFF
from tests.adapters.storage.support import postgres_admin_url, scratch_postgres
from tests.waiting import until

pytestmark = pytest.mark.skipif(postgres_admin_url() is None, reason=POSTGRES_OFF)


async def backend_pid(engine: AsyncEngine) -> int:
    async with engine.connect() as connection:
        return int((await connection.execute(text("SELECT pg_backend_pid()"))).scalar_one())


async def terminate(url: str, pid: int) -> None:
    """Drop one server connection from outside, as a restart or a failover would; returns once
    its server process has ended."""
    plain = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    killer = await asyncpg.connect(plain)
    try:
        assert await killer.fetchval("SELECT pg_terminate_backend($1)", pid) is True

        async def ended() -> bool:
            return not await killer.fetchval(
                "SELECT count(*) FROM pg_stat_activity WHERE pid = $1", pid)

        await until(ended, what=f"the server process {pid} ending")
    finally:
        await killer.close()


@asynccontextmanager
async def dropped_connection(monkeypatch: pytest.MonkeyPatch,
                             ping_after: float) -> AsyncIterator[tuple[AsyncEngine, int]]:
    """A pool of one connection on a scratch database, whose connection the server has just
    dropped; yields the engine and the dropped connection's server pid."""
    monkeypatch.setattr(database, "PING_AFTER_IDLE", ping_after)
    admin = postgres_admin_url()
    assert admin is not None
    async with scratch_postgres(admin) as url:
        engine = create_engine(url, pool_size=1)
        try:
            dropped = await backend_pid(engine)
            await terminate(url, dropped)
            yield engine, dropped
        finally:
            await engine.dispose()


async def test_an_idle_connection_the_server_dropped_is_replaced_before_use(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # a connection idle for any time is pinged: nothing waits for it to have idled long enough
    async with dropped_connection(monkeypatch, ping_after=0.0) as (engine, dropped):
        assert await backend_pid(engine) != dropped  # no error reached the caller


async def test_a_connection_in_steady_use_is_not_pinged(monkeypatch: pytest.MonkeyPatch) -> None:
    async with dropped_connection(monkeypatch, ping_after=3600.0) as (engine, dropped):
        with pytest.raises(DBAPIError):  # used as is: the drop shows, once
            await backend_pid(engine)
        assert await backend_pid(engine) != dropped  # the pool replaced it
