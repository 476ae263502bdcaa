"""The stats' aggregates on SQLite and PostgreSQL: they match a brute-force count of the log,
an existing log is counted by migration 0004 (and still verifies), a biased source fails the
audit naming its die, dice rolled at the table are left out, and the system's source passes
over 100,000 rolls."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Connection, select
from sqlalchemy.ext.asyncio import AsyncEngine

from nazh.adapters.clock import SystemClock
from nazh.adapters.rng.seeded import SeededRandomSource
from nazh.adapters.rng.system import SystemRandomSource
from nazh.adapters.storage import database as database_module
from nazh.adapters.storage import stats as stats_module
from nazh.adapters.storage.database import create_engine, driver_statement
from nazh.adapters.storage.migrations import alembic_config, head_revision, upgrade_database
from nazh.adapters.storage.roll_log import SqlRollLog
from nazh.adapters.storage.stats import COLUMNS, SqlStats, write_tally
from nazh.adapters.storage.tables import stat_hours, stat_pools_all
from nazh.application.log.chain import LogEntry
from nazh.application.log.format import decode_result
from nazh.application.stats.dice_stats import (
    PRIVATE,
    PUBLIC,
    SECRET,
    DiceStats,
    Period,
    StatsScope,
    Tallier,
)
from nazh.domain.fairness import chi_square
from tests.adapters.storage.stats_kit import NOW, LoadedD20, rolls

EVERYONE = (PUBLIC, PRIVATE, SECRET)


async def append_all(log: SqlRollLog, entries: list[LogEntry], batch: int = 500) -> None:
    for start in range(0, len(entries), batch):
        await log.append(entries[start:start + batch])


def stats_of(engine: AsyncEngine) -> DiceStats:
    return DiceStats(SqlStats(engine), Tallier(), SystemClock())


def brute_faces(entries: list[LogEntry]) -> dict[str, Counter[int]]:
    faces: dict[str, Counter[int]] = {}
    for entry in entries:
        result = decode_result(entry.result)
        for pool in result.pools:
            counter = faces.setdefault(f"d{pool.spec.sides}", Counter())
            for die in pool.dice:
                counter[die.kept] += 1
                if die.dropped is not None:
                    counter[die.dropped] += 1
        if result.plot is not None:
            faces.setdefault("plot", Counter()).update(result.plot.faces)
    return faces


async def test_the_stats_match_a_brute_force_count(engine: AsyncEngine) -> None:
    entries = rolls(SeededRandomSource(5), 600)
    await append_all(SqlRollLog(engine, Tallier()), entries)
    report = await stats_of(engine).report(StatsScope(900, visibilities=EVERYONE), Period.ALL)
    faces = brute_faces(entries)
    assert report.rolls == 600
    assert {d.die for d in report.dice} == {"d6", "d8", "d20"}
    for die in report.dice:
        expected = tuple(faces[die.die][face] for face in range(1, die.sides + 1))
        assert die.counts == expected
        assert die.test == chi_square(list(expected), [1 / die.sides] * die.sides)
    plot = faces["plot"]
    assert report.plot == (plot[1] + plot[2], plot[3] + plot[4], plot[5] + plot[6])
    pools: Counter[str] = Counter()
    sums: Counter[str] = Counter()
    for entry in entries:
        result = decode_result(entry.result)
        with_plot = result.plot is not None and not result.plot.pending
        for pool in result.pools:
            key = pool.spec.notation + (" +plot" if with_plot and pool.skill else "")
            pools[key] += 1
            sums[key] += pool.total
    [(most, used)] = pools.most_common(1)
    assert report.pool is not None
    assert (report.pool.pool, report.pool.rolls) == (most, used)
    assert report.pool.average == pytest.approx(sums[most] / used)
    brute_public = [e for e in entries if not e.private and e.user_id == 3]
    mine = await stats_of(engine).report(StatsScope(900, user_id=3), Period.ALL)
    assert mine.rolls == len(brute_public)


async def test_a_retried_or_replayed_batch_is_counted_once(engine: AsyncEngine) -> None:
    entries = rolls(SeededRandomSource(6), 90)
    log = SqlRollLog(engine, Tallier())
    await log.append(entries[:60])
    await log.append(entries[:60])  # a retry after a lost acknowledgement
    await log.append(entries[30:])  # a journal replayed over what reached the database
    report = await stats_of(engine).report(StatsScope(900, visibilities=EVERYONE), Period.ALL)
    faces = brute_faces(entries)
    assert report.rolls == 90
    for die in report.dice:
        assert die.counts == tuple(faces[die.die][face] for face in range(1, die.sides + 1))


async def test_an_existing_log_is_counted_by_the_migration_and_still_verifies(
        database_url: str) -> None:
    engine = create_engine(database_url)
    try:
        await upgrade_database(engine, "0003")
        entries = rolls(SeededRandomSource(8), 300)
        await append_all(SqlRollLog(engine), entries)  # the release before the stats
        await upgrade_database(engine)
        report = await stats_of(engine).report(StatsScope(900, visibilities=EVERYONE),
                                               Period.ALL)
        assert report.rolls == 300
        d20 = report.die("d20")
        assert d20 is not None
        assert d20.counts == tuple(brute_faces(entries)["d20"][f] for f in range(1, 21))
        log = SqlRollLog(engine)
        for channel in await log.channels():
            head = await log.head(channel)
            assert (await log.scan(channel, head=head)).verdict.intact
    finally:
        await engine.dispose()


def _downgrade(connection: Connection, revision: str) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    command.downgrade(config, revision)


async def summaries(engine: AsyncEngine) -> dict[str, list[tuple[object, ...]]]:
    async with engine.connect() as connection:
        return {table.name: sorted(tuple(row) for row in await connection.execute(
            select(table))) for table in (stat_hours, stat_pools_all)}


async def test_the_summaries_migration_0006_derives_equal_the_live_ones(
        engine: AsyncEngine) -> None:
    entries = rolls(SeededRandomSource(9), 400)
    for n, entry in enumerate(entries):  # spread over a few hours
        entries[n] = replace(entry, at=NOW - timedelta(minutes=7 * (len(entries) - n)))
    await append_all(SqlRollLog(engine, Tallier()), entries, batch=37)
    live = await summaries(engine)
    assert len(live["stat_hours"]) > 10
    assert sum(int(str(row[-1])) for row in live["stat_hours"]) == 400
    async with engine.begin() as connection:
        await connection.run_sync(_downgrade, "0005")
    assert await upgrade_database(engine) == head_revision()
    assert await summaries(engine) == live


async def test_a_biased_d20_fails_the_audit_and_is_named(engine: AsyncEngine) -> None:
    await append_all(SqlRollLog(engine, Tallier()),
                     rolls(LoadedD20(3), 4_000, ("1d20+2, 2d6",)), batch=1000)
    report = await stats_of(engine).report(StatsScope(None, visibilities=EVERYONE),
                                           Period.ALL)
    assert report.failing == ["d20"]
    d20 = report.die("d20")
    assert d20 is not None
    assert d20.test.p_value < 1e-6
    assert report.words(d20.test) == "not consistent with fair dice"


async def test_the_audit_judges_nazh_s_dice_alone_not_dice_rolled_at_the_table(
        engine: AsyncEngine) -> None:
    fair = rolls(SeededRandomSource(8), 400, ("1d20+2, 2d6",))
    table = [replace(entry, roll_id=f"t{n}", rolled=None,
                     result={**entry.result, "physical": {"faces": [20, 6, 6]}})
             for n, entry in enumerate(rolls(LoadedD20(3), 400, ("1d20+2, 2d6",), seed=2))]
    await append_all(SqlRollLog(engine, Tallier()), fair + table)
    report = await stats_of(engine).report(StatsScope(None, visibilities=EVERYONE),
                                           Period.ALL)
    assert report.rolls == len(fair)
    d20 = report.die("d20")
    assert d20 is not None
    assert sum(d20.counts) == len(fair)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_the_system_source_passes_over_100000_rolls(database_url: str,
                                                          tmp_path: Path) -> None:
    engine = create_engine(database_url)
    try:
        await upgrade_database(engine)
        log = SqlRollLog(engine, Tallier())
        for part in range(10):
            await append_all(log, rolls(SystemRandomSource(), 10_000, ("a1d20+5, 2d6+3, p",),
                                        seed=100 + part), batch=5_000)
        # A fair source fails at 1e-6 once in a million runs: this cannot flake in practice.
        report = await stats_of(engine).report(StatsScope(None, visibilities=EVERYONE),
                                               Period.ALL, alpha=1e-6)
        assert report.rolls == 100_000
        assert report.failing == []
        assert {d.die for d in report.dice} == {"d6", "d20"}
        assert all(d.test.enough for d in report.dice)
    finally:
        await engine.dispose()


async def test_the_periodic_audit_sets_the_prometheus_gauges(engine: AsyncEngine) -> None:
    from nazh.adapters.metrics.prometheus import PrometheusMetrics, new_registry
    from nazh.application.stats.dice_stats import AuditJob

    registry = new_registry()
    job = AuditJob(stats_of(engine), PrometheusMetrics(registry))
    assert registry.get_sample_value("nazh_audit_min_p_value") == 1.0
    await append_all(SqlRollLog(engine, Tallier()),
                     rolls(LoadedD20(3), 4_000, ("1d20+2, 2d6",)), batch=1000)
    report = await job.run_once()
    assert registry.get_sample_value("nazh_audit_failing") == 1.0
    assert registry.get_sample_value("nazh_audit_min_p_value") == report.min_p_value
    assert report.min_p_value < 1e-6
    assert registry.get_sample_value("nazh_audit_alpha_per_die") == pytest.approx(0.01 / 2)


async def every_stats_row(engine: AsyncEngine) -> dict[str, list[str]]:
    """Every row as the database gives it back (no conversion by SQLAlchemy), with types."""
    async with engine.connect() as connection:
        return {table.name: sorted(repr([(value, type(value).__name__) for value in row])
                                   for row in await connection.exec_driver_sql(
                                       f"SELECT * FROM {table.name}"))
                for table in COLUMNS}


async def test_the_rows_given_to_the_driver_are_the_rows_sqlalchemy_writes(
        engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every table's rows skip SQLAlchemy's work per row (the converted values, a time and a
    float, converted by SQLAlchemy's own conversions); what is stored is the same (values and
    types, on both databases) as through SQLAlchemy."""
    postgres = engine.dialect.name == "postgresql"
    direct = {table.name for table in COLUMNS if driver_statement(
        stats_module._upsert(table, postgres), engine.dialect, COLUMNS[table]) is not None}
    assert direct == {table.name for table in COLUMNS}
    entries = rolls(SeededRandomSource(12), 240)
    for n, entry in enumerate(entries):  # over a few hours
        entries[n] = replace(entry, at=NOW - timedelta(minutes=11 * (len(entries) - n)))
    await append_all(SqlRollLog(engine, Tallier()), entries, batch=41)
    through_the_driver = await every_stats_row(engine)
    async with engine.begin() as connection:
        for table in COLUMNS:
            await connection.execute(table.delete())
    monkeypatch.setattr(database_module, "driver_statement", lambda *_: None)
    tally = Tallier().tally(entries)
    async with engine.begin() as connection:
        await write_tally(connection, tally, engine.dialect.name == "postgresql")
    assert await every_stats_row(engine) == through_the_driver
    assert len(through_the_driver["stat_rolls"]) == 240
