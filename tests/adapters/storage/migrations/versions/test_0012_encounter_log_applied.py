"""Migration 0012 (what an application of damage or healing did, beside its log entry): the
column comes and goes, and an entry kept before it reads with none."""

from __future__ import annotations

from alembic import command
from sqlalchemy import Connection, inspect, text

from nazh.adapters.storage.database import create_engine
from nazh.adapters.storage.migrations import (
    alembic_config,
    current_revision,
    head_revision,
    upgrade_database,
)


def downgrade(connection: Connection, revision: str) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    command.downgrade(config, revision)


def log_columns(connection: Connection) -> set[str]:
    return {column["name"] for column in inspect(connection).get_columns("encounter_log")}


async def test_the_applied_column_goes_down_and_up_again_keeping_the_entries(
        database_url: str) -> None:
    engine = create_engine(database_url)
    try:
        await upgrade_database(engine)
        async with engine.begin() as connection:
            await connection.run_sync(downgrade, "0011")
        async with engine.connect() as connection:
            assert "applied" not in await connection.run_sync(log_columns)
        assert await current_revision(engine) == "0011"
        async with engine.begin() as connection:
            await connection.execute(text(
                "INSERT INTO encounter_log (encounter_id, user_id, at, round, phase, kind, "
                "combatant, detail) VALUES ('e1', 1, '2026-01-01 00:00:00', 1, 'fast-players', "
                "'damage-taken', 'Bandit', '10')"))
        assert await upgrade_database(engine) == head_revision()
        async with engine.connect() as connection:
            assert "applied" in await connection.run_sync(log_columns)
            kept = (await connection.execute(text(
                "SELECT detail, applied FROM encounter_log"))).one()
        assert tuple(kept) == ("10", None)
    finally:
        await engine.dispose()
