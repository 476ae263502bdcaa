"""Migration 0011 (the encounters): its three tables come and go, and the index that keeps one
open encounter per channel is unique and partial on every database."""

from __future__ import annotations

from alembic import command
from sqlalchemy import Connection, inspect

from nazh.adapters.storage.database import create_engine
from nazh.adapters.storage.migrations import (
    alembic_config,
    current_revision,
    head_revision,
    upgrade_database,
)
from nazh.application.shared.json_types import JsonObject

TABLES = {"encounters", "encounter_log", "encounter_changes_once"}


def downgrade(connection: Connection, revision: str) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    command.downgrade(config, revision)


def table_names(connection: Connection) -> set[str]:
    return set(inspect(connection).get_table_names())


def open_channel_index(connection: Connection) -> JsonObject:
    """The index keeping one open encounter per channel, as the database describes it."""
    indexes = inspect(connection).get_indexes("encounters")
    return next(dict(i) for i in indexes if i["name"] == "ux_encounters_open_channel")


async def test_the_encounters_tables_go_down_and_up_again(database_url: str) -> None:
    engine = create_engine(database_url)
    try:
        await upgrade_database(engine)
        async with engine.begin() as connection:
            await connection.run_sync(downgrade, "0010")
        async with engine.connect() as connection:
            assert TABLES & await connection.run_sync(table_names) == set()
        assert await current_revision(engine) == "0010"
        assert await upgrade_database(engine) == head_revision()
        async with engine.connect() as connection:
            assert await connection.run_sync(table_names) >= TABLES
    finally:
        await engine.dispose()


async def test_one_open_encounter_per_channel_is_a_unique_partial_index(
        database_url: str) -> None:
    engine = create_engine(database_url)
    try:
        await upgrade_database(engine)
        async with engine.connect() as connection:
            index = await connection.run_sync(open_channel_index)
        assert index["unique"]
        assert index["column_names"] == ["channel_id"]
        where = " ".join(str(value) for value in index["dialect_options"].values())
        assert "ended_at IS NULL" in where
    finally:
        await engine.dispose()
