"""Amendments decided by the database (``roll_claims``): :class:`SqlRollClaims`."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import TypeVar

from sqlalchemy import Executable, Row, bindparam, delete, exists, select
from sqlalchemy.ext.asyncio import AsyncEngine

from nazh.adapters.storage.database import FAILURES, SINGLE_STATEMENTS, upsert
from nazh.adapters.storage.roll_log import storable
from nazh.adapters.storage.tables import entry_of, roll_claims, roll_log
from nazh.application.log.chain import LogEntry
from nazh.application.log.writer import RollNotKeptError
from nazh.application.shared.clock import Clock
from nazh.application.shared.json_types import JsonObject

log = logging.getLogger(__name__)

# Claims are made after the deferral that keeps Discord's 3 seconds: a slow database costs a moment
# of "thinking"; only one silent this long refuses the change.
TIMEOUT_SECONDS = 5.0
SETTLED = timedelta(minutes=10)
"""How long a claim whose record the log holds is kept (readers that looked before are done)."""
# ABANDONED: a process that died between its claim and its journal.
ABANDONED = timedelta(days=1)
"""A claim is forgotten after this long, its record in the log or not."""
COLUMNS = ("roll_id", "version", "claimed_at", "channel_id", "kind", "at", "guild_id",
           "user_id", "notation", "label", "dc", "private", "result")

T = TypeVar("T")


class SqlRollClaims:
    """Claims of roll versions in ``roll_claims`` (SQLite or PostgreSQL)."""

    def __init__(self, engine: AsyncEngine, clock: Clock,
                 timeout: float = TIMEOUT_SECONDS) -> None:
        self._clock = clock
        self._postgres = engine.dialect.name == "postgresql"
        self._engine = engine.execution_options(isolation_level="AUTOCOMMIT") \
            if self._postgres else engine.execution_options(**{SINGLE_STATEMENTS: True})
        self._timeout = timeout
        # One statement: the primary key (roll_id, version) makes one of two concurrent changes win,
        # unless the log already holds that version.
        self._claim = _claim_statement(self._postgres)

    async def claim(self, entry: LogEntry) -> bool:
        """Claim the entry's version, holding it; ``False`` if claimed or in the log already."""
        values = {**_values(storable(entry)), "claimed_at": self._clock.now(),
                  "entry_id": entry.entry_id}

        async def run() -> bool:
            async with self._engine.connect() as connection:
                return (await connection.execute(self._claim, values)).first() is not None

        return await self._bounded(run)

    async def release(self, entry: LogEntry) -> None:
        """Forget the claim of the entry's version (its record could not be kept)."""
        await self._execute(delete(roll_claims).where(
            roll_claims.c.roll_id == entry.roll_id, roll_claims.c.version == entry.version))

    async def latest(self, roll_id: str) -> LogEntry | None:
        """The roll's newest claimed entry (``None``: none claimed, or all pruned)."""
        async def run() -> Row[object] | None:
            async with self._engine.connect() as connection:
                return (await connection.execute(
                    select(roll_claims).where(roll_claims.c.roll_id == roll_id)
                    .order_by(roll_claims.c.version.desc()).limit(1))).first()

        row = await self._bounded(run)
        return None if row is None else entry_of(row)

    async def prune(self) -> int:
        """Forget the claims the log has held for :data:`SETTLED`, and all :data:`ABANDONED`."""
        now = self._clock.now()
        logged = exists().where(roll_log.c.roll_id == roll_claims.c.roll_id,
                                roll_log.c.version == roll_claims.c.version)
        settled = await self._execute(delete(roll_claims).where(
            roll_claims.c.claimed_at < now - SETTLED, logged))
        return settled + await self._execute(delete(roll_claims).where(
            roll_claims.c.claimed_at < now - ABANDONED))

    async def _execute(self, statement: Executable) -> int:
        async def run() -> int:
            async with self._engine.connect() as connection:
                return int((await connection.execute(statement)).rowcount)

        return await self._bounded(run)

    async def _bounded(self, run: Callable[[], Awaitable[T]]) -> T:
        try:
            async with asyncio.timeout(self._timeout):
                return await run()
        except FAILURES as error:
            log.warning("roll claims: the database failed (%s)", type(error).__name__)
            raise RollNotKeptError(
                "this change could not be checked against other changes of the roll, so it "
                "was not made", hint="try again in a moment") from None


def _claim_statement(postgres: bool) -> Executable:
    """``INSERT INTO roll_claims SELECT ... WHERE NOT EXISTS`` (in the log) ``ON CONFLICT``."""
    in_log = exists().where(roll_log.c.entry_id == bindparam("entry_id",
                                                             type_=roll_log.c.entry_id.type))
    values = select(*(bindparam(name, type_=roll_claims.c[name].type) for name in COLUMNS))
    return (upsert(roll_claims, postgres)
            .from_select(list(COLUMNS), values.where(~in_log))
            .on_conflict_do_nothing()
            .returning(roll_claims.c.roll_id))


def _values(entry: LogEntry) -> JsonObject:
    return {"roll_id": entry.roll_id, "version": entry.version, "channel_id": entry.channel_id,
            "kind": entry.kind.value, "at": entry.at, "guild_id": entry.guild_id,
            "user_id": entry.user_id, "notation": entry.notation, "label": entry.label,
            "dc": entry.dc, "private": entry.private, "result": entry.result}
