"""Migration 0014 (sessions): its two tables come and go, nothing else kept before it changes,
and a session kept after it reads back."""

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
from nazh.adapters.storage.sessions import SqlSessionStore
from nazh.application.sessions.model import SessionRecord
from nazh.domain.session import Session
from tests.app_fakes import T0

NEW = {"sessions", "session_settings"}
LATER = {"carried_dice"}  # migration 0016's


def downgrade(connection: Connection, revision: str) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    command.downgrade(config, revision)


def tables(connection: Connection) -> set[str]:
    return set(inspect(connection).get_table_names())


async def test_the_tables_go_down_and_up_again_and_keep_a_session(database_url: str) -> None:
    engine = create_engine(database_url)
    try:
        await upgrade_database(engine)
        async with engine.connect() as connection:
            before = await connection.run_sync(tables)
        assert before >= NEW
        async with engine.begin() as connection:
            await connection.run_sync(downgrade, "0013")
        assert await current_revision(engine) == "0013"
        async with engine.connect() as connection:
            assert await connection.run_sync(tables) == before - NEW - LATER
        assert await upgrade_database(engine) == head_revision()
        record = SessionRecord("session001", 1, 2, 3, Session("Night one", T0), first_seq=7)
        store = SqlSessionStore(engine)
        assert await store.create(record)
        assert await store.get(record.session_id) == record
    finally:
        await engine.dispose()
