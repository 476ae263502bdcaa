"""/stats for a server with 1,000,000 rolls, on PostgreSQL and SQLite (``python -m
benchmarks.storage --only stats``).

The server: 20 channels, each with a weekly four-hour session for a year, six regulars per
table out of 150 players (some play at several tables), 15% private rolls, 10% of rolls later
take a plot die. The records are real rolls (seeded), counted by the bot's own ``Tallier`` and
written with its own ``write_tally``: the aggregates are exactly what the bot would hold after
logging them.

Timed: what a player waits for after ``/stats``, the database's part and the chart: the report
(``DiceStats.report``: faces, the most-used pool, luckiest and unluckiest rolls, the session's
start), the embed, and the PNG chart of the d20, for every scope (``me`` of the busiest player,
``channel``, ``server``) and period (``session``, ``7d``, ``30d``, ``all``). Each of the 12
cases is judged on its own p99 (target 500 ms), and the geometric mean of the p99s is printed.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from benchmarks.report import Verdict
from nazh.adapters.chart.stats_chart import render_fairness_png
from nazh.adapters.discord.stats.commands import stats_embed
from nazh.adapters.numeric.numpy_convolution import NumpyConvolution
from nazh.adapters.storage.stats import SqlStats, write_tally
from nazh.application.log.chain import EntryKind, LogEntry
from nazh.application.odds.use_cases import OddsOf
from nazh.application.stats.dice_stats import (
    PRIVATE,
    PUBLIC,
    DiceStats,
    Period,
    StatsScope,
    Tallier,
)

STATS_P99_TARGET_MS = 500.0
"""99th percentile of /stats (report and chart) for a server of 1,000,000 rolls."""
GUILD = 777_000
CHANNELS = 20
PLAYERS = 150
REGULARS = 6
SESSION_HOURS = 4
WEEKS = 52
PRIVATE_SHARE = 0.15
AMEND_SHARE = 0.10
TALLY_CHUNK = 20_000
END = datetime(2026, 11, 20, 23, 0, tzinfo=UTC)
"""The last session ends here; /stats is asked half an hour later."""


class FixedClock:
    """Now, for the periods: just after the last session."""

    def now(self) -> datetime:
        return END + timedelta(minutes=30)


@dataclass(frozen=True, slots=True)
class StatsServer:
    """Who is in the loaded server: the channels (the first played last) and the busiest
    player of the first."""

    channels: list[int]
    busiest: int
    rolls: int


def tables(choice: random.Random) -> dict[int, list[int]]:
    """Each channel's regulars (a few players sit at several tables)."""
    return {channel: choice.sample(range(1, PLAYERS + 1), REGULARS)
            for channel in range(8_000_000, 8_000_000 + CHANNELS)}


def entries(rolls: int, pool: Sequence[tuple[LogEntry, LogEntry | None]],
            seats: dict[int, list[int]], seed: int = 5) -> Iterator[LogEntry]:
    """``rolls`` rolls (and their plot-die amendments), session by session, oldest first."""
    choice = random.Random(seed)
    sessions = [(END - timedelta(weeks=week, days=n % 7) - timedelta(hours=SESSION_HOURS),
                 channel) for week in range(WEEKS) for n, channel in enumerate(seats)]
    sessions.sort()
    per_session, extra = divmod(rolls, len(sessions))
    made = 0
    for index, (start, channel) in enumerate(sessions):
        count = per_session + (index < extra)
        step = timedelta(hours=SESSION_HOURS) / max(count, 1)
        for n in range(count):
            template, amended = choice.choice(pool)
            user = choice.choice(seats[channel])
            private = choice.random() < PRIVATE_SHARE
            at = start + n * step
            roll_id = f"s{made:09d}"
            made += 1
            yield _moved(template, roll_id, channel, user, at, private)
            if amended is not None and choice.random() < AMEND_SHARE:
                yield _moved(amended, roll_id, channel, user, at + step / 2, private)


def _moved(entry: LogEntry, roll_id: str, channel: int, user: int, at: datetime,
           private: bool) -> LogEntry:
    return LogEntry(roll_id, entry.version, entry.kind, at, channel, user, entry.notation,
                    entry.result, GUILD, entry.label, entry.dc, private)


async def load_stats(engines: dict[str, Any], rolls: int,
                     pool: Sequence[tuple[LogEntry, LogEntry | None]]) -> StatsServer:
    """Count ``rolls`` rolls with the bot's tallier and write the counts to every engine."""
    seats = tables(random.Random(6))
    tallier = Tallier(OddsOf(NumpyConvolution()))
    per_user: dict[int, int] = {}
    chunk: list[LogEntry] = []
    for entry in entries(rolls, pool, seats):
        chunk.append(entry)
        if entry.kind is EntryKind.ROLL:
            per_user[entry.user_id] = per_user.get(entry.user_id, 0) + 1
        if len(chunk) >= TALLY_CHUNK:
            await _write(engines, tallier, chunk)
            chunk = []
    await _write(engines, tallier, chunk)
    for engine in engines.values():
        if engine.dialect.name == "postgresql":
            async with engine.connect() as connection:
                raw = await connection.get_raw_connection()
                await raw.driver_connection.execute("VACUUM ANALYZE")
        else:
            async with engine.begin() as connection:
                await connection.exec_driver_sql("ANALYZE")
    channels = sorted(seats)  # the first one played last, just before /stats is asked
    busiest = max(seats[channels[0]], key=lambda user: per_user.get(user, 0))
    return StatsServer(channels, busiest, rolls)


async def _write(engines: dict[str, Any], tallier: Tallier, chunk: list[LogEntry]) -> None:
    tally = tallier.tally(chunk)
    for engine in engines.values():
        async with engine.begin() as connection:
            await write_tally(connection, tally, engine.dialect.name == "postgresql")


@dataclass(frozen=True, slots=True)
class StatsCase:
    """One /stats question."""

    name: str
    scope: StatsScope
    whose: str
    period: Period


def cases(server: StatsServer) -> list[StatsCase]:
    """Every scope and period."""
    scopes = [("me", StatsScope(GUILD, user_id=server.busiest, visibilities=(PUBLIC, PRIVATE)),
               "your rolls"),
              ("channel", StatsScope(GUILD, channel_id=server.channels[0]), "this channel"),
              ("server", StatsScope(GUILD), "this server")]
    return [StatsCase(f"{name} {period.value}", scope, whose, period)
            for name, scope, whose in scopes for period in Period]


async def answer(stats: DiceStats, case: StatsCase) -> int:
    """What ``/stats`` does before it answers: the report, the embed, the chart; the rolls
    counted."""
    report = await stats.report(case.scope, case.period)
    stats_embed(report, case.whose)
    die = report.die("d20")
    if die is not None and die.rolled:
        render_fairness_png(die, f"d20 faces, {case.whose}: {report.words(die.test)}")
    return report.rolls


@dataclass(frozen=True, slots=True)
class StatsFigures:
    """Each case's latencies (ms) and rolls counted, on one database."""

    database: str
    latencies: dict[str, list[float]]
    counted: dict[str, int]


async def stats_figures(database: str, engine: Any, server: StatsServer,
                        repeats: int) -> StatsFigures:
    """Ask every case ``repeats`` times (after one warm-up round), interleaved."""
    stats = DiceStats(SqlStats(engine), Tallier(OddsOf(NumpyConvolution())), FixedClock())
    asked = cases(server)
    counted = {case.name: await answer(stats, case) for case in asked}
    latencies: dict[str, list[float]] = {case.name: [] for case in asked}
    for _ in range(repeats):
        for case in asked:
            started = time.perf_counter()
            await answer(stats, case)
            latencies[case.name].append((time.perf_counter() - started) * 1000)
    return StatsFigures(database, latencies, counted)


def stats_report(figures: list[StatsFigures], server: StatsServer,
                 percentile: Any) -> list[Verdict]:
    """The table (each case's p50 / p99 per database) and a verdict per case and database."""
    print(f"\n/stats (report, embed and d20 chart) for a server of {server.rolls:,} rolls, "
          f"{CHANNELS} channels, {PLAYERS} players:")
    header = "".join(f"{f.database + ' p50':>16}{'p99':>10}" for f in figures)
    print(f"{'case':<16}{'rolls counted':>14}{header}")
    verdicts: list[Verdict] = []
    names = list(figures[0].latencies)
    for name in names:
        row = "".join(f"{percentile(f.latencies[name], 50):>13.1f} ms"
                      f"{percentile(f.latencies[name], 99):>7.1f} ms" for f in figures)
        print(f"{name:<16}{figures[0].counted[name]:>14,}{row}")
    for f in figures:
        p99s = [percentile(f.latencies[name], 99) for name in names]
        mean = math.exp(sum(math.log(p) for p in p99s) / len(p99s))
        print(f"{f.database}: geometric mean of the p99s {mean:.1f} ms, worst "
              f"{max(p99s):.1f} ms")
        for name, p99 in zip(names, p99s, strict=True):
            verdicts.append(Verdict(
                f"{f.database}: /stats {name} p99 <= {STATS_P99_TARGET_MS:g} ms at "
                f"{server.rolls:,} rolls", p99 <= STATS_P99_TARGET_MS,
                f"{p99:.1f} ms over {len(f.latencies[name])} asks"))
        if f is not figures[0]:
            same = all(f.counted[name] == figures[0].counted[name] for name in names)
            verdicts.append(Verdict(f"{f.database}: counts the same rolls as "
                                    f"{figures[0].database} in every case", same,
                                    "same" if same else "DIFFERENT"))
    return verdicts
