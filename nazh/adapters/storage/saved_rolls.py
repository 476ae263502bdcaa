"""Saved rolls in SQL: :class:`SqlSavedRollStore` implements the application's
:class:`~nazh.application.saved_rolls.SavedRollStore`."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncEngine

from nazh.adapters.storage.tables import saved_rolls
from nazh.application.ports import Clock
from nazh.application.saved_rolls import SavedRoll


class SqlSavedRollStore:
    """A user's named rolls in the ``saved_rolls`` table (names as given: the use case
    lower-cases them)."""

    def __init__(self, engine: AsyncEngine, clock: Clock) -> None:
        self._engine = engine
        self._clock = clock
        self._postgres = engine.dialect.name == "postgresql"

    async def list(self, user_id: int) -> list[SavedRoll]:
        """The user's saved rolls, by name."""
        async with self._engine.connect() as connection:
            result = await connection.execute(
                select(saved_rolls.c.name, saved_rolls.c.notation)
                .where(saved_rolls.c.user_id == user_id).order_by(saved_rolls.c.name))
            return [SavedRoll(user_id, str(row.name), str(row.notation)) for row in result]

    async def put(self, roll: SavedRoll) -> None:
        """Create or replace (a replaced roll gets the new notation and time)."""
        statement = self._insert().values(user_id=roll.user_id, name=roll.name,
                                          notation=roll.notation, created_at=self._clock.now())
        async with self._engine.begin() as connection:
            await connection.execute(statement.on_conflict_do_update(
                index_elements=[saved_rolls.c.user_id, saved_rolls.c.name],
                set_={"notation": statement.excluded.notation,
                      "created_at": statement.excluded.created_at}))

    async def delete(self, user_id: int, name: str) -> bool:
        """Remove one; ``False`` when there was none."""
        async with self._engine.begin() as connection:
            result = await connection.execute(delete(saved_rolls).where(
                saved_rolls.c.user_id == user_id, saved_rolls.c.name == name))
            return bool(result.rowcount)

    def _insert(self) -> Any:
        return postgresql.insert(saved_rolls) if self._postgres else sqlite.insert(saved_rolls)
