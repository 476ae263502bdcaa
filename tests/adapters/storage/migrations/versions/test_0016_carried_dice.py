"""Migration 0016 (carried dice): the table comes and goes, and a die carried after it is
waiting, taken once (by one test, again by the same one), and known as carried."""

from __future__ import annotations

from alembic import command
from sqlalchemy import Connection, inspect

from nazh.adapters.storage.carried_dice import SqlCarriedDice
from nazh.adapters.storage.database import create_engine
from nazh.adapters.storage.migrations import (
    alembic_config,
    current_revision,
    head_revision,
    upgrade_database,
)
from nazh.application.carried.model import CarriedDie
from nazh.domain.spec import DieMode
from tests.app_fakes import FakeClock


def downgrade(connection: Connection, revision: str) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    command.downgrade(config, revision)


def tables(connection: Connection) -> set[str]:
    return set(inspect(connection).get_table_names())


async def test_the_table_goes_down_and_up_and_keeps_a_die_taken_once(database_url: str) -> None:
    engine = create_engine(database_url)
    try:
        await upgrade_database(engine)
        async with engine.connect() as connection:
            before = await connection.run_sync(tables)
        async with engine.begin() as connection:
            await connection.run_sync(downgrade, "0015")
        assert await current_revision(engine) == "0015"
        async with engine.connect() as connection:
            assert await connection.run_sync(tables) == before - {"carried_dice"}
        assert await upgrade_database(engine) == head_revision()
        dice = SqlCarriedDice(engine, FakeClock())
        die = CarriedDie("hinder:0:k3v9x0q2md", "veyla00001", "Veyla", DieMode.DISADVANTAGE,
                         "a Complication (roll k3v9x0q2md)", 42)
        assert await dice.carry(die)
        assert not await dice.carry(die)
        assert await dice.waiting("veyla00001") == [die]
        assert await dice.carried(die.once)
        assert await dice.take(die.once, "first00001")
        assert await dice.take(die.once, "first00001")  # the same test, reported again
        assert not await dice.take(die.once, "other00001")
        assert await dice.waiting("veyla00001") == []
        assert not await dice.carried("ally:0:k3v9x0q2md")
    finally:
        await engine.dispose()
