"""The stats' aggregates in SQL: written with the records, queried by :class:`SqlStats`."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from functools import cache
from typing import Any

from sqlalchemy import Connection, Executable, Table, desc, func, select
from sqlalchemy.engine import Row as SqlRow
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from nazh.adapters.storage.database import execute_rows, upsert
from nazh.adapters.storage.tables import (
    chained_of,
    roll_log,
    stat_faces,
    stat_faces_all,
    stat_hours,
    stat_pools,
    stat_pools_all,
    stat_rolls,
)
from nazh.application.log.chain import EntryKind, LogEntry
from nazh.application.shared.json_types import JsonObject
from nazh.application.stats.dice_stats import PoolUse, StatsScope
from nazh.application.stats.tally import (
    HOUR,
    ROLLS,
    Cell,
    RollLuck,
    Tallier,
    Tally,
    hour_of,
)

BACKFILL_PAGE = 5_000
_CELL = ("guild_id", "channel_id", "user_id", "visibility")


Row = tuple[object, ...]
"""A row's values in its table's column order (see :data:`COLUMNS`)."""
COLUMNS: dict[Table, tuple[str, ...]] = {
    stat_faces: (*_CELL, "hour", "die", "face", "n"),
    stat_faces_all: (*_CELL, "die", "face", "n"),
    stat_pools: (*_CELL, "hour", "pool", "n", "total"),
    stat_rolls: ("roll_id", *_CELL, "at", "pool", "total", "percentile"),
    stat_hours: (*_CELL, "hour", "n"),
    stat_pools_all: (*_CELL, "pool", "n", "total"),
}
"""The columns each table's rows from :func:`tally_rows` give values for, in order."""


def tally_rows(tally: Tally) -> Iterator[tuple[Table, list[Row]]]:
    """The rows a tally adds to each table, table by table, in :data:`COLUMNS`' order."""
    hourly: list[Row] = []
    # A caller writing a table before asking for the next lets the loop go on (all six at once held
    # it 2-4 ms at 1,000 /roll a second).
    hours: list[Row] = []
    lifetime: dict[Row, int] = {}
    for (cell, die, face), n in tally.faces.items():
        guild_id, channel_id, user_id, visibility, hour = cell
        hourly.append((guild_id, channel_id, user_id, visibility, hour, die, face, n))
        face_key = (guild_id, channel_id, user_id, visibility, die, face)
        lifetime[face_key] = lifetime.get(face_key, 0) + n
        if die == ROLLS:
            hours.append((guild_id, channel_id, user_id, visibility, hour, n))
    yield stat_faces, hourly
    yield stat_faces_all, [(*key, n) for key, n in lifetime.items()]
    pools: list[Row] = []
    pool_totals: dict[Row, list[int]] = {}
    for (cell, pool), (n, total) in tally.pools.items():
        guild_id, channel_id, user_id, visibility, hour = cell
        pools.append((guild_id, channel_id, user_id, visibility, hour, pool, n, total))
        pool_key = (guild_id, channel_id, user_id, visibility, pool)
        summed = pool_totals.get(pool_key)
        if summed is None:
            pool_totals[pool_key] = [n, total]
        else:
            summed[0] += n
            summed[1] += total
    yield stat_pools, pools
    yield stat_rolls, [(luck.roll_id, *luck.cell[:4], luck.at, luck.pool, luck.total,
                        luck.percentile) for luck in tally.rolls]
    yield stat_hours, hours
    yield stat_pools_all, [(*key, n, total) for key, (n, total) in pool_totals.items()]


def row_dicts(table: Table, rows: list[Row]) -> list[JsonObject]:
    """The rows as SQLAlchemy's parameter sets (column name -> value)."""
    columns = COLUMNS[table]
    return [dict(zip(columns, row, strict=True)) for row in rows]


@cache
def _upsert(table: Table, postgres: bool) -> Executable:
    """The statement adding rows to ``table``'s counts (built once: building costs more)."""
    statement = upsert(table, postgres)
    if table is stat_rolls:
        return statement.on_conflict_do_nothing()
    keys = list(table.primary_key.columns)
    added = {"n": table.c.n + statement.excluded.n}
    if table is stat_pools or table is stat_pools_all:
        added["total"] = table.c.total + statement.excluded.total
    return statement.on_conflict_do_update(index_elements=keys, set_=added)


async def write_tally(connection: AsyncConnection, tally: Tally, postgres: bool) -> None:
    """Add a tally in the connection's transaction, so the stats always match the log."""
    for table, rows in tally_rows(tally):
        if not rows:
            continue
        await execute_rows(connection, _upsert(table, postgres), COLUMNS[table], rows)


BACKFILLED = frozenset({"stat_faces", "stat_faces_all", "stat_pools", "stat_rolls"})
"""The tables migration 0004 creates and fills (0006 derives the others from them)."""


def backfill_stats(bind: Connection, tallier: Tallier | None = None) -> int:
    """Count every roll of a log into migration 0004's tables (0006 derives the others); records."""

    tallier = tallier or Tallier()
    postgres = bind.dialect.name == "postgresql"
    read = 0
    for page in _pages(bind):
        entries: list[LogEntry] = [chained_of(row).entry for row in page]
        read += len(entries)
        for table, rows in tally_rows(tallier.tally(entries)):
            if rows and table.name in BACKFILLED:
                bind.execute(_upsert(table, postgres), row_dicts(table, rows))
    return read


def _pages(bind: Connection) -> Iterator[list[SqlRow[object]]]:
    kinds = [EntryKind.ROLL.value, EntryKind.PLOT_ADDED.value]
    after = (-1, -1)
    while True:
        rows = list(bind.execute(
            select(roll_log).where(roll_log.c.kind.in_(kinds),
                                   (roll_log.c.channel_id > after[0])
                                   | ((roll_log.c.channel_id == after[0])
                                      & (roll_log.c.seq > after[1])))
            .order_by(roll_log.c.channel_id, roll_log.c.seq).limit(BACKFILL_PAGE)))
        if not rows:
            return
        yield rows
        after = (int(rows[-1].channel_id), int(rows[-1].seq))


class SqlStats:
    """:class:`~nazh.application.stats.StatsStore`: each question one aggregate query."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine.execution_options(isolation_level="AUTOCOMMIT") \
            if engine.dialect.name == "postgresql" else engine

    async def faces(self, scope: StatsScope) -> dict[str, dict[int, int]]:
        """Face counts by die."""
        table = stat_faces_all if scope.since_hour is None else stat_faces
        query = _scoped(select(table.c.die, table.c.face, func.sum(table.c.n)), table, scope)
        found: dict[str, dict[int, int]] = {}
        for die, face, n in await self._all(query.group_by(table.c.die, table.c.face)):
            found.setdefault(str(die), {})[int(face)] = int(n)
        return found

    async def pools(self, scope: StatsScope, limit: int) -> list[PoolUse]:
        """The most-rolled pools."""
        table = stat_pools_all if scope.since_hour is None else stat_pools
        rolls = func.sum(table.c.n).label("rolls")
        query = _scoped(select(table.c.pool, rolls, func.sum(table.c.total)), table, scope)
        rows = await self._all(query.group_by(table.c.pool)
                               .order_by(desc(rolls), table.c.pool).limit(limit))
        return [PoolUse(str(pool), int(n), int(total)) for pool, n, total in rows]

    async def extremes(self, scope: StatsScope,
                       limit: int) -> tuple[list[RollLuck], list[RollLuck]]:
        """The luckiest and unluckiest rolls."""
        base = _scoped(select(stat_rolls), stat_rolls, scope, hourly=False)
        if scope.since_hour is not None:
            base = base.where(stat_rolls.c.at >= datetime.fromtimestamp(
                scope.since_hour * HOUR, UTC))
        best = await self._all(base.order_by(stat_rolls.c.percentile.desc(),
                                             stat_rolls.c.roll_id).limit(limit))
        worst = await self._all(base.order_by(stat_rolls.c.percentile.asc(),
                                              stat_rolls.c.roll_id).limit(limit))
        return [_luck(row) for row in best], [_luck(row) for row in worst]

    async def active_hours(self, scope: StatsScope, limit: int) -> list[int]:
        """The latest hours with a roll."""
        query = _scoped(select(stat_hours.c.hour), stat_hours, scope, hourly=False)
        rows = await self._all(query.distinct().order_by(stat_hours.c.hour.desc())
                               .limit(limit))
        return [int(hour) for (hour,) in rows]

    async def _all(self, query: Executable) -> list[Any]:
        async with self._engine.connect() as connection:
            return list(await connection.execute(query))


def _scoped(query: Any, table: Table, scope: StatsScope, *, hourly: bool = True) -> Any:
    if scope.guild_id is not None:
        query = query.where(table.c.guild_id == scope.guild_id)
    if scope.channel_id is not None:
        query = query.where(table.c.channel_id == scope.channel_id)
    if scope.user_id is not None:
        query = query.where(table.c.user_id == scope.user_id)
    query = query.where(table.c.visibility.in_(scope.visibilities))
    if hourly and scope.since_hour is not None and "hour" in table.c:
        query = query.where(table.c.hour >= scope.since_hour)
    return query


def _luck(row: SqlRow[object]) -> RollLuck:
    at: datetime = row.at
    cell = Cell(int(row.guild_id), int(row.channel_id), int(row.user_id), int(row.visibility),
                hour_of(at))
    return RollLuck(str(row.roll_id), cell, at, str(row.pool), int(row.total),
                    float(row.percentile))
