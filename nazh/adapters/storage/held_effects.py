"""The effects of secret rolls held until their reveal, in SQL (``HeldEffects``)."""

from __future__ import annotations

import builtins

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncEngine

from nazh.adapters.storage.database import IMMEDIATE, SINGLE_STATEMENTS, upsert
from nazh.adapters.storage.tables import character_effects_held as held_table
from nazh.application.characters.model import HeldEffect
from nazh.application.shared.clock import Clock


class SqlHeldEffects:
    """Held effects (SQLite or PostgreSQL)."""

    def __init__(self, engine: AsyncEngine, clock: Clock) -> None:
        self._clock = clock
        self._postgres = engine.dialect.name == "postgresql"
        self._writer = engine.execution_options(**{IMMEDIATE: True})
        self._reader = engine.execution_options(isolation_level="AUTOCOMMIT") \
            if self._postgres else engine.execution_options(**{SINGLE_STATEMENTS: True})

    async def hold(self, held: HeldEffect) -> None:
        """Keep ``held`` until its roll is revealed (a second one of its key, a retry: nothing)."""
        async with self._writer.begin() as connection:
            await connection.execute(
                upsert(held_table, self._postgres).values(
                    once_key=held.once, roll_id=held.roll_id, character_id=held.character_id,
                    kind=held.kind, data=dict(held.data), reason=held.reason,
                    user_id=held.user_id, guild_id=held.guild_id, held_at=self._clock.now())
                .on_conflict_do_nothing())

    async def held(self, roll_id: str) -> builtins.list[HeldEffect]:
        """The effects held for the roll, oldest first."""
        async with self._reader.connect() as connection:
            rows = (await connection.execute(
                select(held_table).where(held_table.c.roll_id == roll_id)
                .order_by(held_table.c.held_at, held_table.c.once_key))).all()
        return [HeldEffect(str(row.roll_id), str(row.character_id), str(row.kind),
                           dict(row.data), str(row.once_key), str(row.reason),
                           int(row.user_id), None if row.guild_id is None else int(row.guild_id))
                for row in rows]

    async def drop(self, once: str) -> None:
        """Forget the held effect of that key."""
        async with self._writer.begin() as connection:
            await connection.execute(delete(held_table).where(held_table.c.once_key == once))
