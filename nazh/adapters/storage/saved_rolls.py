"""Saved rolls in SQL: :class:`SqlSavedRollStore`, the application's ``SavedRollStore``."""

from __future__ import annotations

import builtins
from collections.abc import Sequence

from sqlalchemy import ColumnElement, Executable, delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from nazh.adapters.storage.database import Upsert, upsert
from nazh.adapters.storage.tables import saved_rolls, shared_rolls
from nazh.application.saved.shelves import SavedRoll, Scope, Shelf
from nazh.application.shared.clock import Clock


class SqlSavedRollStore:
    """A user's named rolls in ``saved_rolls`` (names as given: the use case lower-cases them)."""

    def __init__(self, engine: AsyncEngine, clock: Clock) -> None:
        self._engine = engine
        self._clock = clock
        self._postgres = engine.dialect.name == "postgresql"

    async def list(self, user_id: int) -> builtins.list[SavedRoll]:
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

    async def on_shelf(self, shelf: Shelf) -> builtins.list[SavedRoll]:
        """A channel's or server's saved rolls, by name (a player's: :meth:`list`)."""
        if shelf.scope is Scope.ME:
            return await self.list(shelf.owner_id)
        async with self._engine.connect() as connection:
            result = await connection.execute(
                select(shared_rolls).where(shared_rolls.c.scope == shelf.scope.value,
                                           shared_rolls.c.owner_id == shelf.owner_id)
                .order_by(shared_rolls.c.name))
            return [SavedRoll(int(row.created_by), str(row.name), str(row.notation),
                              Shelf(shelf.scope, shelf.owner_id, int(row.guild_id)))
                    for row in result]

    async def put_all(self, rolls: Sequence[SavedRoll]) -> None:
        """Create or replace every one, in one transaction."""
        async with self._engine.begin() as connection:
            for roll in rolls:
                await connection.execute(self._upsert(roll))

    async def remove(self, shelf: Shelf, name: str) -> bool:
        """Remove one from a shelf."""
        if shelf.scope is Scope.ME:
            return await self.delete(shelf.owner_id, name)
        async with self._engine.begin() as connection:
            result = await connection.execute(delete(shared_rolls).where(
                *self._on(shelf), shared_rolls.c.name == name))
            return bool(result.rowcount)

    async def rename(self, shelf: Shelf, name: str, new_name: str) -> bool:
        """Rename one, replacing ``new_name`` there, in one transaction."""
        table = saved_rolls if shelf.scope is Scope.ME else shared_rolls
        where = ([saved_rolls.c.user_id == shelf.owner_id] if shelf.scope is Scope.ME
                 else self._on(shelf))
        async with self._engine.begin() as connection:
            if name != new_name:
                await connection.execute(delete(table).where(*where, table.c.name == new_name))
            result = await connection.execute(update(table).where(
                *where, table.c.name == name).values(name=new_name))
            return bool(result.rowcount)

    async def count_in_guild(self, guild_id: int) -> int:
        """Saved rolls on a server's shelf and its channels'."""
        async with self._engine.connect() as connection:
            return int((await connection.execute(
                select(func.count()).select_from(shared_rolls)
                .where(shared_rolls.c.guild_id == guild_id))).scalar_one())

    @staticmethod
    def _on(shelf: Shelf) -> builtins.list[ColumnElement[bool]]:
        return [shared_rolls.c.scope == shelf.scope.value,
                shared_rolls.c.owner_id == shelf.owner_id]

    def _upsert(self, roll: SavedRoll) -> Executable:
        shelf = roll.where
        if shelf.scope is Scope.ME:
            statement = self._insert().values(user_id=roll.user_id, name=roll.name,
                                              notation=roll.notation,
                                              created_at=self._clock.now())
            return statement.on_conflict_do_update(
                index_elements=[saved_rolls.c.user_id, saved_rolls.c.name],
                set_={"notation": statement.excluded.notation,
                      "created_at": statement.excluded.created_at})
        statement = upsert(shared_rolls, self._postgres).values(
            scope=shelf.scope.value, owner_id=shelf.owner_id, name=roll.name,
            notation=roll.notation, guild_id=shelf.guild_id or 0, created_by=roll.user_id,
            created_at=self._clock.now())
        return statement.on_conflict_do_update(
            index_elements=[shared_rolls.c.scope, shared_rolls.c.owner_id, shared_rolls.c.name],
            set_={"notation": statement.excluded.notation,
                  "created_by": statement.excluded.created_by,
                  "created_at": statement.excluded.created_at})

    def _insert(self) -> Upsert:
        return upsert(saved_rolls, self._postgres)
