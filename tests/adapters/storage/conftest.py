"""Every storage behaviour test runs on SQLite, and on PostgreSQL when
``NAZH_TEST_POSTGRES_URL`` is set (a set variable with no reachable server fails the test)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from nazh.adapters.storage.database import create_engine
from nazh.adapters.storage.migrations import upgrade_database
from nazh.adapters.storage.roll_log import SqlRollLog
from tests.adapters.storage.support import postgres_admin_url, scratch_postgres

POSTGRES_OFF = ("PostgreSQL suite off: set NAZH_TEST_POSTGRES_URL=postgresql://USER@HOST/DB "
                "(.ci/run sets it)")
BACKENDS = [
    "sqlite",
    pytest.param("postgresql",
                 marks=pytest.mark.skipif(postgres_admin_url() is None, reason=POSTGRES_OFF)),
]


@pytest.fixture(params=BACKENDS)
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """An empty database: a SQLite file in ``tmp_path``, or a scratch PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'data' / 'nazh.sqlite3'}"
        return
    admin_url = postgres_admin_url()
    assert admin_url is not None
    async with scratch_postgres(admin_url) as url:
        yield url


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    """An engine on the database, migrated to the newest schema."""
    engine = create_engine(database_url)
    await upgrade_database(engine)
    yield engine
    await engine.dispose()


@pytest.fixture
def log(engine: AsyncEngine) -> SqlRollLog:
    """The roll log on the database."""
    return SqlRollLog(engine)
