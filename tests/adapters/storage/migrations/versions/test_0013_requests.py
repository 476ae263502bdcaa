"""Migration 0013 (requests and endeavors): its three tables come and go, nothing else kept
before it changes, and a request kept after it reads back."""

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
from nazh.adapters.storage.requests import SqlRequestStore
from nazh.application.requests.model import RequestEntry, RequestRecord
from nazh.domain.request import new_request
from tests.app_fakes import T0

NEW = {"requests", "request_log", "endeavors"}
LATER = {"sessions", "session_settings", "carried_dice"}
"""What later migrations add (going down to 0012 drops them too)."""


def downgrade(connection: Connection, revision: str) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    command.downgrade(config, revision)


def tables(connection: Connection) -> set[str]:
    return set(inspect(connection).get_table_names())


async def test_the_tables_go_down_and_up_again_and_keep_a_request(database_url: str) -> None:
    engine = create_engine(database_url)
    try:
        await upgrade_database(engine)
        async with engine.connect() as connection:
            before = await connection.run_sync(tables)
        assert before >= NEW
        async with engine.begin() as connection:
            await connection.run_sync(downgrade, "0012")
        assert await current_revision(engine) == "0012"
        async with engine.connect() as connection:
            assert await connection.run_sync(tables) == before - NEW - LATER
        assert await upgrade_database(engine) == head_revision()
        record = RequestRecord("req0000001", 1, 2, 3, new_request("insight", dc=12), T0, T0)
        store = SqlRequestStore(engine)
        await store.create(record, [RequestEntry(record.request_id, 3, T0, "asked")])
        assert await store.get(record.request_id) == record
    finally:
        await engine.dispose()
