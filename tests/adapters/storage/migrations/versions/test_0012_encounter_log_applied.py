"""Migration 0012 (what an application of damage or healing did, beside its log entry): the
column comes and goes, and an entry kept before it reads with none."""

from __future__ import annotations

from sqlalchemy import text

from tests.adapters.storage.migrations.kit import columns, down_to, newest, up_to


async def test_the_applied_column_goes_down_and_up_again_keeping_the_entries(
        database_url: str) -> None:
    async with newest(database_url) as engine:
        await down_to(engine, "0011")
        assert "applied" not in await columns(engine, "encounter_log")
        async with engine.begin() as connection:
            await connection.execute(text(
                "INSERT INTO encounter_log (encounter_id, user_id, at, round, phase, kind, "
                "combatant, detail) VALUES ('e1', 1, '2026-01-01 00:00:00', 1, 'fast-players', "
                "'damage-taken', 'Bandit', '10')"))
        await up_to(engine)
        assert "applied" in await columns(engine, "encounter_log")
        async with engine.connect() as connection:
            kept = (await connection.execute(text(
                "SELECT detail, applied FROM encounter_log"))).one()
        assert tuple(kept) == ("10", None)
