"""/stats and ``nazh audit``: are the dice fair, and how is a player's luck?
Counted from the tally (:mod:`.tally`): faces drawn, pool totals, and each roll's luck."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import timedelta
from enum import Enum
from typing import Protocol

from nazh.application.shared.clock import Clock
from nazh.application.shared.json_types import JsonObject
from nazh.application.shared.periodic import Periodic
from nazh.application.stats.tally import PLOT, ROLLS
from nazh.application.stats.tally import PRIVATE as PRIVATE  # noqa: PLC0414 - still importable from here
from nazh.application.stats.tally import PUBLIC as PUBLIC  # noqa: PLC0414 - still importable from here
from nazh.application.stats.tally import SECRET as SECRET  # noqa: PLC0414 - still importable from here
from nazh.application.stats.tally import Cell as Cell  # noqa: PLC0414 - still importable from here
from nazh.application.stats.tally import RollLuck as RollLuck  # noqa: PLC0414 - still importable from here
from nazh.application.stats.tally import Tallier as Tallier  # noqa: PLC0414 - still importable from here
from nazh.application.stats.tally import hour_of as hour_of  # noqa: PLC0414 - still importable from here
from nazh.application.stats.tally import pool_key as pool_key  # noqa: PLC0414 - still importable from here
from nazh.application.stats.tally import spec_of_key as spec_of_key  # noqa: PLC0414 - still importable from here
from nazh.domain.fairness import FitTest, bonferroni, chi_square, in_words

log = logging.getLogger(__name__)

SESSION_GAP_HOURS = 6
SESSION_HOURS_LOOKED_AT = 24 * 60
DEFAULT_ALPHA = 0.01
LUCK_SHOWN = 3
PASS, FAIL, NOTHING_TO_JUDGE = "pass", "fail", "nothing to judge"
"""An audit's verdicts: every die size judged is fair, one is not, none could be judged."""


# -- asking ----------------------------------------------------------------------------------


class Period(Enum):
    """Which rolls: this session, the last 7 or 30 days, or all of them."""

    SESSION = "session"
    WEEK = "7d"
    MONTH = "30d"
    ALL = "all"


@dataclass(frozen=True, slots=True)
class StatsScope:
    """Which rolls: a server's (0: DMs), maybe one channel and roller, by visibility, since."""

    guild_id: int | None
    channel_id: int | None = None
    user_id: int | None = None
    # private rolls count only in their roller's own stats; secret ones only in nazh audit
    visibilities: tuple[int, ...] = (PUBLIC,)
    since_hour: int | None = None

    def reached_by(self, asker_id: int, channel_id: int) -> StatsScope:
        """This scope as far as an asker in ``channel_id`` reaches it."""
        # A server's rolls are its members'; every roll made outside a server (0: DMs, channels
        # where Nazh is only user-installed) is counted together, so there an asker reaches only
        # their own rolls, or those made in the channel they ask in.
        if self.guild_id or self.user_id == asker_id:
            return self
        return replace(self, channel_id=channel_id)


@dataclass(frozen=True, slots=True)
class PoolUse:
    """A pool: how often it was rolled and the sum of its totals."""

    pool: str
    rolls: int
    total: int


class StatsStore(Protocol):
    """The stats' aggregates, queried in the database."""

    async def faces(self, scope: StatsScope) -> dict[str, dict[int, int]]:
        """Face counts by die (``rolls`` face 0: the number of rolls)."""
        ...

    async def pools(self, scope: StatsScope, limit: int) -> list[PoolUse]:
        """The most-rolled pools, most first."""
        ...

    async def extremes(self, scope: StatsScope, limit: int) -> tuple[list[RollLuck],
                                                                      list[RollLuck]]:
        """The luckiest and the unluckiest rolls (by percentile)."""
        ...

    async def active_hours(self, scope: StatsScope, limit: int) -> list[int]:
        """The latest hours with a roll, newest first."""
        ...


@dataclass(frozen=True, slots=True)
class DieFairness:
    """One die size: its face counts against uniform."""

    die: str
    sides: int
    counts: tuple[int, ...]
    test: FitTest

    @property
    def rolled(self) -> int:
        return sum(self.counts)

    def rate(self, face: int) -> float:
        return self.counts[face - 1] / self.rolled if self.rolled else 0.0

    def rate_test(self, face: int) -> FitTest:
        """The share of ``face`` against 1/sides (a two-cell test)."""
        hits = self.counts[face - 1]
        return chi_square([hits, self.rolled - hits], [1 / self.sides, 1 - 1 / self.sides])


@dataclass(frozen=True, slots=True)
class PoolAverage:
    """The most-rolled pool's average total against its exact expected value."""

    pool: str
    rolls: int
    average: float
    expected: float


@dataclass(frozen=True, slots=True)
class StatsReport:
    """Everything /stats shows."""

    scope: StatsScope
    period: Period
    rolls: int
    dice: tuple[DieFairness, ...]
    plot: tuple[int, int, int]
    """Plot die faces drawn: Complications, blanks, Opportunities."""
    plot_test: FitTest
    pool: PoolAverage | None
    luckiest: tuple[RollLuck, ...]
    unluckiest: tuple[RollLuck, ...]
    alpha: float = DEFAULT_ALPHA

    @classmethod
    def empty(cls, scope: StatsScope, period: Period,
              alpha: float = DEFAULT_ALPHA) -> StatsReport:
        """The report of no rolls at all (where there is no log yet)."""
        return cls(scope, period, 0, (), (0, 0, 0), chi_square([0, 0, 0], [1 / 3] * 3), None,
                   (), (), alpha)

    def die(self, name: str) -> DieFairness | None:
        """One die size's fairness, if it was rolled."""
        return next((die for die in self.dice if die.die == name), None)

    @property
    def judged(self) -> bool:
        """Whether a die size (or the plot die) had rolls enough to be tested."""
        return self.plot_test.enough or any(die.test.enough for die in self.dice)

    @property
    def verdict(self) -> str:
        """``fail`` if a die size fails, ``nothing to judge`` if none could be, else ``pass``."""
        if self.failing:
            return FAIL
        return PASS if self.judged else NOTHING_TO_JUDGE

    @property
    def family_alpha(self) -> float:
        """The significance each die size must meet (Bonferroni over the sizes and the plot die)."""
        return bonferroni(self.alpha, len(self.dice) + (1 if sum(self.plot) else 0))

    @property
    def failing(self) -> list[str]:
        """The die sizes (and ``plot``) whose counts fail at the corrected significance."""
        alpha = self.family_alpha
        failed = [d.die for d in self.dice if d.test.enough and d.test.p_value < alpha]
        if self.plot_test.enough and self.plot_test.p_value < alpha:
            failed.append(PLOT)
        return failed

    @property
    def min_p_value(self) -> float:
        """The smallest p-value among the dice judged (1 when none could be)."""
        values = [d.test.p_value for d in self.dice if d.test.enough]
        if self.plot_test.enough:
            values.append(self.plot_test.p_value)
        return min(values, default=1.0)

    def words(self, test: FitTest) -> str:
        """A test's verdict in words, at the corrected significance."""
        return in_words(test, self.family_alpha)


class DiceStats:
    """Builds :class:`StatsReport` from the aggregates (``tallier``: exact expected values)."""

    def __init__(self, store: StatsStore, tallier: Tallier, clock: Clock) -> None:
        self._store = store
        self._tallier = tallier
        self._clock = clock

    async def report(self, scope: StatsScope, period: Period,
                     alpha: float = DEFAULT_ALPHA) -> StatsReport:
        scope = StatsScope(scope.guild_id, scope.channel_id, scope.user_id, scope.visibilities,
                           await self._since(scope, period))
        faces = await self._store.faces(scope)
        pools = await self._store.pools(scope, 1)
        luckiest, unluckiest = await self._store.extremes(scope, LUCK_SHOWN)
        plot_faces = faces.get(PLOT, {})
        plot = (sum(plot_faces.get(f, 0) for f in (1, 2)),
                sum(plot_faces.get(f, 0) for f in (3, 4)),
                sum(plot_faces.get(f, 0) for f in (5, 6)))
        return StatsReport(scope, period, faces.get(ROLLS, {}).get(0, 0), dice_of(faces),
                           plot, chi_square(list(plot), [1 / 3] * 3), self._average(pools),
                           tuple(luckiest), tuple(unluckiest), alpha)

    def _average(self, pools: Sequence[PoolUse]) -> PoolAverage | None:
        for use in pools:
            distribution = self._tallier.distribution(use.pool)
            if distribution is not None and use.rolls:
                expected = sum(value * p for value, p in distribution.items())
                return PoolAverage(use.pool, use.rolls, use.total / use.rolls, expected)
        return None

    async def _since(self, scope: StatsScope, period: Period) -> int | None:
        now = self._clock.now()
        if period is Period.ALL:
            return None
        if period is Period.WEEK:
            return hour_of(now - timedelta(days=7))
        if period is Period.MONTH:
            return hour_of(now - timedelta(days=30))
        hours = await self._store.active_hours(scope, SESSION_HOURS_LOOKED_AT)
        return session_start(hours, hour_of(now))


def session_start(hours: Sequence[int], now_hour: int) -> int:
    """The first hour of the latest session: back to a break of ``SESSION_GAP_HOURS`` or more."""
    start = now_hour
    for hour in hours:
        if start - hour > SESSION_GAP_HOURS:
            break
        start = hour
    return start


def dice_of(faces: Mapping[str, Mapping[int, int]]) -> tuple[DieFairness, ...]:
    """Each die size's counts and test, by size."""
    found: list[DieFairness] = []
    for die, counts in faces.items():
        if not die.startswith("d") or not die[1:].isdigit():
            continue
        sides = int(die[1:])
        if sides < 2:
            continue
        row = tuple(int(counts.get(face, 0)) for face in range(1, sides + 1))
        found.append(DieFairness(die, sides, row, chi_square(list(row), [1 / sides] * sides)))
    return tuple(sorted(found, key=lambda d: d.sides))


def report_dict(report: StatsReport) -> JsonObject:
    """The report as JSON-ready data (``nazh audit --json``)."""
    return {
        "rolls": report.rolls, "period": report.period.value, "alpha": report.alpha,
        "alpha_per_die": report.family_alpha, "min_p_value": report.min_p_value,
        "verdict": report.verdict, "passed": report.verdict == PASS,
        "failing": report.failing,
        "dice": [{"die": d.die, "rolled": d.rolled, "counts": list(d.counts),
                  "chi_square": d.test.statistic, "degrees": d.test.degrees,
                  "p_value": d.test.p_value, "enough": d.test.enough,
                  "verdict": report.words(d.test)} for d in report.dice],
        "plot": {"complications": report.plot[0], "blanks": report.plot[1],
                 "opportunities": report.plot[2], "p_value": report.plot_test.p_value,
                 "enough": report.plot_test.enough,
                 "verdict": report.words(report.plot_test)},
        "pool": None if report.pool is None else {
            "pool": report.pool.pool, "rolls": report.pool.rolls,
            "average": report.pool.average, "expected": report.pool.expected},
    }


class AuditMetrics(Protocol):
    """Where the periodic audit's result goes (Prometheus gauges)."""

    def audited(self, min_p_value: float, failing: bool, alpha_per_die: float) -> None:
        """The last audit: its smallest p-value, whether a die size failed, the threshold."""
        ...


class AuditJob:
    """Audits the whole log every ``minutes`` and reports it, so an alert fires on unfair dice."""

    def __init__(self, stats: DiceStats, metrics: AuditMetrics, minutes: float = 60.0,
                 alpha: float = DEFAULT_ALPHA) -> None:
        self._stats = stats
        self._metrics = metrics
        self._alpha = alpha
        self._periodic = Periodic("dice-audit", self.run_once, minutes * 60,
                                  "the dice audit failed")

    async def run_once(self) -> StatsReport:
        report = await self._stats.report(StatsScope(None, visibilities=(PUBLIC, PRIVATE,
                                                                         SECRET)),
                                          Period.ALL, self._alpha)
        self._metrics.audited(report.min_p_value, bool(report.failing), report.family_alpha)
        return report

    def start(self) -> None:
        """Audit every ``minutes`` on the running loop (the first one at once)."""
        self._periodic.start()

    async def stop(self) -> None:
        await self._periodic.stop()
