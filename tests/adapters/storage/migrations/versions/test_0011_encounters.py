"""Migration 0011 (the encounters): its three tables come and go, and the index that keeps one
open encounter per channel is unique and partial on every database."""

from __future__ import annotations

from sqlalchemy import Connection, inspect

from nazh.application.shared.json_types import JsonObject
from tests.adapters.storage.migrations.kit import added_by, newest, tables, up_to

TABLES = {"encounters", "encounter_log", "encounter_changes_once"}


def open_channel_index(connection: Connection) -> JsonObject:
    """The index keeping one open encounter per channel, as the database describes it."""
    indexes = inspect(connection).get_indexes("encounters")
    return next(dict(i) for i in indexes if i["name"] == "ux_encounters_open_channel")


async def test_the_encounters_tables_go_down_and_up_again(database_url: str) -> None:
    async with newest(database_url) as engine:
        assert await added_by(engine, "0011", before="0010") == TABLES
        await up_to(engine)
        assert await tables(engine) >= TABLES


async def test_one_open_encounter_per_channel_is_a_unique_partial_index(
        database_url: str) -> None:
    async with newest(database_url) as engine, engine.connect() as connection:
        index = await connection.run_sync(open_channel_index)
    assert index["unique"]
    assert index["column_names"] == ["channel_id"]
    where = " ".join(str(value) for value in index["dialect_options"].values())
    assert "ended_at IS NULL" in where
