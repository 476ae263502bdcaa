"""Interaction ids claimed in SQL (``handled_interactions``): ``nazh serve``'s shared ledger."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import TypeVar

from sqlalchemy import Executable, bindparam, delete, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from nazh.adapters.storage.database import FAILURES, SINGLE_STATEMENTS, upsert
from nazh.adapters.storage.tables import handled_interactions as table
from nazh.application.admission.once import Claim, KeptAnswer, LedgerUnavailableError
from nazh.application.shared.json_types import JsonObject

# A claim is one statement (an insert taking over an expired row), each bounded: a database silent
# this long counts as unavailable, and the application claims in process.
TIMEOUT_SECONDS = 1.0

T = TypeVar("T")


class SqlInteractionLedger:
    """Claims, kept answers and their expiry in ``handled_interactions`` (SQLite or PostgreSQL)."""

    def __init__(self, engine: AsyncEngine, timeout: float = TIMEOUT_SECONDS) -> None:
        self._postgres = engine.dialect.name == "postgresql"
        self._engine = engine.execution_options(isolation_level="AUTOCOMMIT") \
            if self._postgres else engine.execution_options(**{SINGLE_STATEMENTS: True})
        self._timeout = timeout
        self._claim = _claim_statement(self._postgres)
        self._held = select(table.c.status, table.c.content_type, table.c.body).where(
            table.c.interaction_id == bindparam("interaction_id"))
        self._keep = update(table).where(
            table.c.interaction_id == bindparam("kept_id")).values(
            status=bindparam("kept_status"), content_type=bindparam("kept_type"),
            body=bindparam("kept_body"))

    async def claim(self, interaction_id: int, now: datetime,
                    until: datetime) -> Claim | KeptAnswer:
        """Claim a free or expired id, or say what its claim holds (see the port)."""
        values = {"interaction_id": interaction_id, "until": until, "now": now}

        async def run() -> Claim | KeptAnswer:
            async with self._engine.connect() as connection:
                if (await connection.execute(self._claim, values)).first() is not None:
                    return Claim.CLAIMED
                row = (await connection.execute(self._held, values)).first()
            if row is None or row.status is None:  # released meanwhile: asked again soon
                return Claim.PENDING
            return KeptAnswer(int(row.status), str(row.content_type), bytes(row.body))

        return await self._bounded("claim", run)

    async def keep(self, interaction_id: int, answer: KeptAnswer) -> None:
        """Keep the answer with the claim."""
        await self._execute("keep", self._keep, {
            "kept_id": interaction_id, "kept_status": answer.status,
            "kept_type": answer.content_type, "kept_body": answer.body})

    async def release(self, interaction_id: int) -> None:
        """Forget a claim without a kept answer."""
        await self._execute("release", delete(table).where(
            table.c.interaction_id == interaction_id, table.c.status.is_(None)))

    async def prune(self, now: datetime) -> int:
        """Forget the claims over by ``now``."""
        return await self._execute("prune", delete(table).where(table.c.expires_at <= now))

    async def close(self) -> None:
        """Nothing to release (the engine is the storage's)."""

    async def _execute(self, what: str, statement: Executable,
                       values: JsonObject | None = None) -> int:
        async def run() -> int:
            async with self._engine.connect() as connection:
                return int((await connection.execute(statement, values)).rowcount)

        return await self._bounded(what, run)

    async def _bounded(self, what: str, run: Callable[[], Awaitable[T]]) -> T:
        try:
            async with asyncio.timeout(self._timeout):
                return await run()
        except FAILURES as error:
            raise LedgerUnavailableError(
                f"{what} in the database failed: {type(error).__name__}") from None


def _claim_statement(postgres: bool) -> Executable:
    """``INSERT ... ON CONFLICT DO UPDATE`` (a fresh claim) ``WHERE`` the claim held is over."""
    insert = upsert(table, postgres).values(interaction_id=bindparam("interaction_id"),
                                            expires_at=bindparam("until"))
    return insert.on_conflict_do_update(
        index_elements=[table.c.interaction_id],
        set_={"expires_at": insert.excluded.expires_at, "status": None, "content_type": None,
              "body": None},
        where=table.c.expires_at <= bindparam("now", type_=table.c.expires_at.type),
    ).returning(table.c.interaction_id)
