"""Helpers of the storage tests: log entries, scratch PostgreSQL databases, the test URLs."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta

import asyncpg
import pytest
from sqlalchemy.engine import make_url

from nazh.application.log.chain import EntryKind, LogEntry
from nazh.application.shared.json_types import JsonObject

POSTGRES_ENV = "NAZH_TEST_POSTGRES_URL"
T0 = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


def entry(roll_id: str, *, channel: int = 100, user: int = 7, version: int = 1,
          private: bool = False, at: datetime | None = None, total: int = 12,
          notation: str = "a1d20+5", label: str | None = None,
          kind: EntryKind | None = None, guild: int | None = 900) -> LogEntry:
    """A realistic record of roll ``roll_id``."""
    return LogEntry(
        roll_id=roll_id, version=version,
        kind=kind or (EntryKind.ROLL if version == 1 else EntryKind.PLOT_ADDED),
        at=at or T0, channel_id=channel, user_id=user, notation=notation,
        result=result_of(total), guild_id=guild, label=label, dc=15, private=private,
    )


def result_of(total: int) -> JsonObject:
    """The shape of ``roll_to_dict`` (one pool), with a given total."""
    return {
        "version": 1, "input": "a1d20+5", "notation": "a1d20+5", "seed": None, "dc": 15,
        "pending": False, "plot": None, "plot_options": [],
        "pools": [{"notation": "a1d20+5", "count": 1, "sides": 20, "modifier": 5,
                   "skill": True, "dice": [{"kept": total - 5, "dropped": 3,
                                            "mode": "advantage"}],
                   "subtotal": total - 5, "plot_bonus": 0, "total": total, "floored": False,
                   "opportunities": 0, "complications": 0, "success": total >= 15}],
    }


def rolls(count: int, *, channel: int = 100, start: datetime = T0,
          step: timedelta = timedelta(minutes=1), prefix: str = "r") -> list[LogEntry]:
    """``count`` rolls in one channel, a minute apart (ids ``r0000``, ``r0001``, ...)."""
    return [entry(f"{prefix}{i:04d}", channel=channel, at=start + i * step, total=i % 30)
            for i in range(count)]


def postgres_admin_url() -> str | None:
    """``NAZH_TEST_POSTGRES_URL`` (``None`` when unset: PostgreSQL tests do not run)."""
    return os.environ.get(POSTGRES_ENV) or None


@asynccontextmanager
async def scratch_postgres(admin_url: str) -> AsyncIterator[str]:
    """A fresh, uniquely named database on the server, dropped afterwards; yields its
    ``postgresql+asyncpg://`` URL. Fails the test (never skips) if the server is unreachable."""
    admin = make_url(admin_url).set(drivername="postgresql")
    name = f"nazh_test_{uuid.uuid4().hex[:12]}"
    connection = await _connect(admin.render_as_string(hide_password=False))
    try:
        await connection.execute(f'CREATE DATABASE "{name}"')
        yield admin.set(drivername="postgresql+asyncpg", database=name).render_as_string(
            hide_password=False)
    finally:
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await connection.close()


async def _connect(dsn: str) -> asyncpg.Connection:
    try:
        return await asyncpg.connect(dsn, timeout=10)
    except (OSError, asyncpg.PostgresError) as error:
        problem = f"{type(error).__name__}: {error}"
    shown = make_url(dsn).render_as_string(hide_password=True)
    pytest.fail(f"{POSTGRES_ENV} is set but PostgreSQL at {shown} cannot be used: {problem}",
                pytrace=False)
