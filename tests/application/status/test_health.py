"""Roll metrics (failure reasons, in-process stats, fan-out) and the status report's JSON."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from nazh.application.log.chain import QueueStats
from nazh.application.rolls.metrics import (
    RECENT_FAILURES,
    Failure,
    FailureReason,
    FanOutRollMetrics,
    RollMetrics,
    RollSource,
    RollStats,
)
from nazh.application.status.health import (
    BuildInfo,
    GatewayProbe,
    GatewaySnapshot,
    ServiceProbe,
    StatusReport,
)
from nazh.domain.notation import parse_roll
from nazh.domain.results import RollResult
from nazh.domain.rolling import roll
from tests.app_fakes import T0, FakeClock
from tests.fakes import FakeRng

S, B, BU, M = RollSource.SLASH, RollSource.BUILDER, RollSource.BUTTON, RollSource.MODAL


def a_result() -> RollResult:
    return roll(parse_roll("1d6"), FakeRng((6, 4)))


class FakeRollMetrics:
    """A ``RollMetrics`` that records every call."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, RollSource, object, float]] = []

    def rolled(self, source: RollSource, result: RollResult, seconds: float) -> None:
        """Record a success."""
        self.calls.append(("rolled", source, result, seconds))

    def roll_failed(self, source: RollSource, reason: FailureReason, seconds: float) -> None:
        """Record a failure."""
        self.calls.append(("roll_failed", source, reason, seconds))


class FakeProbe:
    """A ``GatewayProbe`` showing a settable snapshot."""

    def __init__(self, snapshot: GatewaySnapshot | None = None) -> None:
        self.current = snapshot or GatewaySnapshot()

    def snapshot(self) -> GatewaySnapshot:
        """The snapshot set last."""
        return self.current


# -- FailureReason -----------------------------------------------------------------------------


def test_the_sources_and_reasons_as_text() -> None:
    assert [s.value for s in RollSource] == ["slash", "builder", "button", "modal"]
    assert [r.value for r in FailureReason] == ["notation", "limit", "internal"]


# -- RollStats ---------------------------------------------------------------------------------


def test_stats_before_any_roll() -> None:
    stats = RollStats(FakeClock())
    assert stats.success_ratio is None
    assert sum(stats.successes.values()) == 0
    assert sum(stats.failures.values()) == 0
    assert list(stats.recent) == []


def test_stats_count_per_source_and_the_success_ratio() -> None:
    stats = RollStats(FakeClock())
    port: RollMetrics = stats
    for source in (S, S, S, B, BU):
        port.rolled(source, a_result(), 0.01)
    port.roll_failed(S, FailureReason.NOTATION, 0.002)
    port.roll_failed(M, FailureReason.LIMIT, 0.002)
    port.roll_failed(S, FailureReason.INTERNAL, 0.5)
    assert dict(stats.successes) == {S: 3, B: 1, BU: 1}
    assert dict(stats.failures) == {S: 2, M: 1}
    assert stats.success_ratio == 5 / 8


def test_only_failures_give_a_zero_ratio() -> None:
    stats = RollStats(FakeClock())
    stats.roll_failed(S, FailureReason.NOTATION, 0.0)
    assert stats.success_ratio == 0.0


def test_only_successes_give_a_ratio_of_one() -> None:
    stats = RollStats(FakeClock())
    stats.rolled(M, a_result(), 0.0)
    assert stats.success_ratio == 1.0


def test_recent_failures_are_newest_first_with_their_time() -> None:
    clock = FakeClock(T0)
    stats = RollStats(clock)
    stats.roll_failed(S, FailureReason.NOTATION, 0.0)
    clock.advance(timedelta(seconds=5))
    stats.roll_failed(BU, FailureReason.INTERNAL, 0.0)
    assert list(stats.recent) == [
        Failure(T0 + timedelta(seconds=5), BU, FailureReason.INTERNAL),
        Failure(T0, S, FailureReason.NOTATION),
    ]


def test_recent_failures_keep_the_newest_20() -> None:
    clock = FakeClock(T0)
    stats = RollStats(clock)
    for _ in range(25):
        clock.advance(timedelta(seconds=1))
        stats.roll_failed(S, FailureReason.LIMIT, 0.0)
    assert RECENT_FAILURES == 20
    assert len(stats.recent) == 20
    assert [f.at for f in stats.recent] == [T0 + timedelta(seconds=s) for s in range(25, 5, -1)]
    assert stats.failures[S] == 25


# -- FanOutRollMetrics -------------------------------------------------------------------------


def test_fan_out_forwards_every_event_to_every_target() -> None:
    first, second = FakeRollMetrics(), FakeRollMetrics()
    fan_out: RollMetrics = FanOutRollMetrics(first, second)
    result = a_result()
    fan_out.rolled(B, result, 0.25)
    fan_out.roll_failed(M, FailureReason.LIMIT, 0.5)
    expected = [("rolled", B, result, 0.25), ("roll_failed", M, FailureReason.LIMIT, 0.5)]
    assert first.calls == expected
    assert second.calls == expected


def test_fan_out_to_stats_and_a_recorder() -> None:
    stats, recorder = RollStats(FakeClock(T0)), FakeRollMetrics()
    fan_out = FanOutRollMetrics(stats, recorder)
    fan_out.roll_failed(S, FailureReason.NOTATION, 0.1)
    assert stats.failures[S] == 1
    assert len(recorder.calls) == 1


def test_fan_out_to_nobody_is_harmless() -> None:
    FanOutRollMetrics().rolled(S, a_result(), 0.0)


# -- StatusReport ------------------------------------------------------------------------------


def report(probe: FakeProbe, clock: FakeClock, stats: RollStats | None = None,
           build: BuildInfo | None = None) -> StatusReport:
    port: GatewayProbe = probe
    return StatusReport(port, stats or RollStats(clock), clock, build or BuildInfo("1.2.3"))


def test_the_status_at_start() -> None:
    clock = FakeClock(T0)
    status = report(FakeProbe(), clock)
    assert status.started_at == T0
    assert status() == {
        "version": "1.2.3",
        "commit": "unknown",
        "started_at": "2025-03-14T12:00:00+00:00",
        "uptime_seconds": 0.0,
        "ready": False,
        "storage_writable": True,
        "gateway_latency_ms": None,
        "guilds": 0,
        "shards": {},
        "shard_latency_ms": {},
        "rolls": {"slash": {"success": 0, "failed": 0},
                  "builder": {"success": 0, "failed": 0},
                  "button": {"success": 0, "failed": 0},
                  "modal": {"success": 0, "failed": 0}},
        "success_ratio": None,
        "recent_failures": [],
    }


def test_the_status_of_a_running_service() -> None:
    clock = FakeClock(T0)
    stats = RollStats(clock)
    probe = FakeProbe()
    status = report(probe, clock, stats, BuildInfo("0.1.0", "06a01ee"))
    probe.current = GatewaySnapshot(ready=True, latency=0.04567, guilds=12,
                                    shards={0: True, 1: False},
                                    shard_latency={0: 0.04123, 1: None})
    clock.advance(timedelta(hours=1, minutes=2, seconds=3, milliseconds=460))
    stats.rolled(S, a_result(), 0.01)
    stats.rolled(S, a_result(), 0.01)
    stats.rolled(BU, a_result(), 0.01)
    stats.roll_failed(M, FailureReason.LIMIT, 0.0)
    clock.advance(timedelta(seconds=1))
    stats.roll_failed(S, FailureReason.INTERNAL, 0.0)
    assert status() == {
        "version": "0.1.0",
        "commit": "06a01ee",
        "started_at": "2025-03-14T12:00:00+00:00",
        "uptime_seconds": 3724.5,
        "ready": True,
        "storage_writable": True,
        "gateway_latency_ms": 45.7,
        "guilds": 12,
        "shards": {"0": True, "1": False},
        "shard_latency_ms": {"0": 41.2, "1": None},
        "rolls": {"slash": {"success": 2, "failed": 1},
                  "builder": {"success": 0, "failed": 0},
                  "button": {"success": 1, "failed": 0},
                  "modal": {"success": 0, "failed": 1}},
        "success_ratio": 0.6,
        "recent_failures": [
            {"at": "2025-03-14T13:02:04.460000+00:00", "source": "slash",
             "reason": "internal"},
            {"at": "2025-03-14T13:02:03.460000+00:00", "source": "modal", "reason": "limit"},
        ],
    }


@pytest.mark.parametrize(("latency", "ms"), [(0.0, 0.0), (0.0001, 0.1), (0.12345, 123.5),
                                              (1.5, 1500.0)])
def test_the_gateway_latency_is_in_milliseconds_to_one_decimal(latency: float,
                                                                ms: float) -> None:
    status = report(FakeProbe(GatewaySnapshot(latency=latency)), FakeClock())
    assert status()["gateway_latency_ms"] == ms


def test_the_uptime_follows_the_clock_to_a_tenth_of_a_second() -> None:
    clock = FakeClock(T0)
    status = report(FakeProbe(), clock)
    clock.advance(timedelta(seconds=59, milliseconds=940))
    assert status()["uptime_seconds"] == 59.9
    clock.advance(timedelta(days=2))
    assert status()["uptime_seconds"] == 172859.9


def test_the_status_is_json_ready() -> None:
    clock = FakeClock(T0)
    stats = RollStats(clock)
    stats.roll_failed(S, FailureReason.NOTATION, 0.0)
    status = report(FakeProbe(GatewaySnapshot(True, 0.05, 3, {0: True, 2: True})), clock, stats)
    assert json.loads(json.dumps(status())) == status()


def test_a_default_gateway_snapshot_is_not_ready() -> None:
    assert GatewaySnapshot() == GatewaySnapshot(ready=False, latency=None, guilds=0, shards={})
    assert BuildInfo("1.0").commit == "unknown"


class SteadyProbe:
    """A transport that is always ready."""

    def snapshot(self) -> GatewaySnapshot:
        return GatewaySnapshot(ready=True, guilds=3)


def test_the_service_is_ready_while_the_roll_log_is_written() -> None:
    stats = QueueStats()
    probe = ServiceProbe(SteadyProbe(), stats, bound=30, monotonic=lambda: 1000.0)
    assert probe.snapshot() == GatewaySnapshot(ready=True, guilds=3, storage_writable=True)


def test_a_short_write_outage_keeps_the_service_ready() -> None:
    stats = QueueStats(failing_since=990.0)
    probe = ServiceProbe(SteadyProbe(), stats, bound=30, monotonic=lambda: 1000.0)
    assert probe.snapshot().ready


def test_a_roll_log_unwritable_past_the_bound_makes_the_service_not_ready() -> None:
    stats = QueueStats(failing_since=960.0)
    probe = ServiceProbe(SteadyProbe(), stats, bound=30, monotonic=lambda: 1000.0)
    assert probe.snapshot() == GatewaySnapshot(ready=False, guilds=3, storage_writable=False)
    stats.failing_since = None  # a write went through
    assert probe.snapshot().ready
