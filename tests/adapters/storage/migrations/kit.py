"""A migration's test: a database at the newest schema, taken down to a revision and up again,
and what its tables and columns are at each step."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from alembic import command
from sqlalchemy import Connection, inspect
from sqlalchemy.ext.asyncio import AsyncEngine

from nazh.adapters.storage.database import create_engine
from nazh.adapters.storage.migrations import (
    alembic_config,
    current_revision,
    head_revision,
    upgrade_database,
)


@asynccontextmanager
async def newest(database_url: str) -> AsyncIterator[AsyncEngine]:
    """An engine on ``database_url``, its schema the newest."""
    engine = create_engine(database_url)
    try:
        await upgrade_database(engine)
        yield engine
    finally:
        await engine.dispose()


async def down_to(engine: AsyncEngine, revision: str) -> None:
    """The schema taken down to ``revision`` (and said to be there)."""

    def downgrade(connection: Connection) -> None:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.downgrade(config, revision)

    async with engine.begin() as connection:
        await connection.run_sync(downgrade)
    assert await current_revision(engine) == revision


async def up_to(engine: AsyncEngine, revision: str = "head") -> None:
    """The schema taken up to ``revision`` (and said to be there)."""
    reached = await upgrade_database(engine, revision)
    assert reached == (head_revision() if revision == "head" else revision)


async def tables(engine: AsyncEngine) -> set[str]:
    """The database's tables."""
    async with engine.connect() as connection:
        return await connection.run_sync(lambda sync: set(inspect(sync).get_table_names()))


async def columns(engine: AsyncEngine, table: str) -> set[str]:
    """``table``'s columns."""
    async with engine.connect() as connection:
        return await connection.run_sync(
            lambda sync: {column["name"] for column in inspect(sync).get_columns(table)})


async def added_by(engine: AsyncEngine, revision: str, before: str) -> set[str]:
    """The tables ``revision`` adds to ``before`` (the database is left at ``revision``)."""
    await down_to(engine, before)
    was = await tables(engine)
    await up_to(engine, revision)
    return await tables(engine) - was
