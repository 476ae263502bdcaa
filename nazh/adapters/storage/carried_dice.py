"""Dice carried to a character's next test, in SQL (``CarriedDice``)."""

from __future__ import annotations

import builtins

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from nazh.adapters.storage.database import IMMEDIATE, SINGLE_STATEMENTS, upsert
from nazh.adapters.storage.tables import carried_dice as table
from nazh.application.carried.model import CarriedDie
from nazh.application.shared.clock import Clock
from nazh.domain.spec import DieMode


class SqlCarriedDice:
    """Carried dice (SQLite or PostgreSQL): each row carried once, taken once."""

    def __init__(self, engine: AsyncEngine, clock: Clock) -> None:
        self._clock = clock
        self._postgres = engine.dialect.name == "postgresql"
        self._writer = engine.execution_options(**{IMMEDIATE: True})
        self._reader = engine.execution_options(isolation_level="AUTOCOMMIT") \
            if self._postgres else engine.execution_options(**{SINGLE_STATEMENTS: True})

    async def carry(self, die: CarriedDie) -> bool:
        """Keep ``die`` until taken (``False``: its key was carried already)."""
        async with self._writer.begin() as connection:
            done = await connection.execute(
                upsert(table, self._postgres).values(
                    once_key=die.once, character_id=die.character_id, name=die.name,
                    mode=die.mode.value, why=die.why, channel_id=die.channel_id,
                    carried_at=self._clock.now(), taken_by=None)
                .on_conflict_do_nothing())
        return bool(done.rowcount)

    async def waiting(self, character_id: str) -> builtins.list[CarriedDie]:
        """The dice waiting for the character's next test, oldest first."""
        async with self._reader.connect() as connection:
            rows = (await connection.execute(
                select(table).where(table.c.character_id == character_id,
                                    table.c.taken_by.is_(None))
                .order_by(table.c.carried_at, table.c.once_key))).all()
        return [CarriedDie(str(row.once_key), str(row.character_id), str(row.name),
                           DieMode(row.mode), str(row.why),
                           None if row.channel_id is None else int(row.channel_id))
                for row in rows]

    async def take(self, once: str, roll_id: str) -> bool:
        """Take the die for ``roll_id`` (``False``: another test took it; the same test: True)."""
        async with self._writer.begin() as connection:
            done = await connection.execute(
                update(table).where(table.c.once_key == once, table.c.taken_by.is_(None))
                .values(taken_by=roll_id))
            if done.rowcount:
                return True
            taken = (await connection.execute(
                select(table.c.taken_by).where(table.c.once_key == once))).scalar()
        # a reveal reported again, on another replica: the same test took it
        return taken == roll_id

    async def carried(self, once: str) -> bool:
        """Whether a die of key ``once`` was ever carried."""
        async with self._reader.connect() as connection:
            return (await connection.execute(
                select(table.c.once_key).where(table.c.once_key == once))).first() is not None
