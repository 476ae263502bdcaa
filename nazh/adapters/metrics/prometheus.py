"""Prometheus metrics (prometheus_client); the names are a public contract (docs/metrics.md)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
)
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.gc_collector import GCCollector
from prometheus_client.platform_collector import PlatformCollector
from prometheus_client.process_collector import ProcessCollector
from prometheus_client.registry import Collector

from nazh.application.log.chain import QueueStats
from nazh.application.rolls.metrics import FailureReason, RollSource
from nazh.application.status.health import BuildInfo, GatewayProbe
from nazh.domain.results import RollResult

# Labels carry only these fixed values (and shard, version, commit): never a token, an id or free
# text.
INTERACTION_KINDS = ("command", "component", "modal")
INTERACTION_OUTCOMES = ("ok", "rejected", "refused", "busy", "error")
DURATION_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1.0, 2.5, 5.0)
JOURNAL_BUCKETS = (0.00025, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 1.0)


def new_registry() -> CollectorRegistry:
    """A registry with the default process, platform and GC collectors."""
    registry = CollectorRegistry()
    ProcessCollector(registry=registry)
    PlatformCollector(registry=registry)
    GCCollector(registry=registry)
    return registry


class PrometheusMetrics:
    """Roll and interaction counters, the roll latency histogram."""

    def __init__(self, registry: CollectorRegistry) -> None:
        self.registry = registry
        self._success = Counter("nazh_roll_success", "Rolls answered successfully",
                                ["source"], registry=registry)
        self._failed = Counter("nazh_roll_failed", "Rolls refused or failed",
                               ["source", "reason"], registry=registry)
        self._duration = Histogram(
            "nazh_roll_duration_seconds",
            "From the interaction's arrival to the response sent",
            ["source"], buckets=DURATION_BUCKETS, registry=registry)
        self._interactions = Counter("nazh_interactions", "Interactions handled",
                                     ["kind", "outcome"], registry=registry)
        self._builders = Counter("nazh_builder_sessions", "Builders opened", registry=registry)
        self._plot = Counter("nazh_plot_die", "Plot die outcomes kept", ["outcome"],
                             registry=registry)
        self._kept = Histogram(
            "nazh_roll_journal_seconds",
            "How long a roll waited to be durable (its group commit to the roll journal)",
            buckets=JOURNAL_BUCKETS, registry=registry)
        self._audit_p = Gauge("nazh_audit_min_p_value",
                              "The last dice audit's smallest p-value (1 before the first)",
                              registry=registry)
        self._audit_p.set(1.0)
        self._audit_failing = Gauge("nazh_audit_failing",
                                    "1 when the last dice audit found a die size not "
                                    "consistent with fair dice", registry=registry)
        self._audit_alpha = Gauge("nazh_audit_alpha_per_die",
                                  "The significance each die size must meet (Bonferroni)",
                                  registry=registry)
        # Each labelled child is looked up once here: ``labels()`` takes a lock and checks
        # its arguments on every call, on every roll's path.
        self._duration_of = {source: self._duration.labels(source.value)
                             for source in RollSource}
        # A source's success count and duration in one lookup (an enum hashes in Python).
        self._rolled_of = {source: (self._success.labels(source.value).inc,
                                    self._duration_of[source].observe)
                           for source in RollSource}
        self._failed_of = {(source, reason): self._failed.labels(source.value, reason.value)
                           for source in RollSource for reason in FailureReason}
        self._plot_of = {outcome: self._plot.labels(outcome)
                         for outcome in ("complication", "blank", "opportunity")}
        self._interactions_of = {(kind, result): self._interactions.labels(kind, result)
                                 for kind in INTERACTION_KINDS
                                 for result in INTERACTION_OUTCOMES}

    def rolled(self, source: RollSource, result: RollResult, seconds: float) -> None:
        """Count the roll, its latency and its settled plot die outcome."""
        count, observe = self._rolled_of[source]
        count()
        observe(seconds)
        outcome = None if result.plot is None else result.plot.outcome
        if outcome is not None:
            self._plot_of[outcome.value].inc()

    def roll_failed(self, source: RollSource, reason: FailureReason, seconds: float) -> None:
        """Count the failure and its latency."""
        self._failed_of[source, reason].inc()
        self._duration_of[source].observe(seconds)

    def kept(self, seconds: float) -> None:
        """Time a roll's wait for durability."""
        self._kept.observe(seconds)

    def interaction(self, kind: str, outcome: str) -> None:
        """Count an interaction."""
        child = self._interactions_of.get((kind, outcome))
        if child is None:  # a kind or outcome outside the fixed ones: labelled as before
            child = self._interactions.labels(kind, outcome)
        child.inc()

    def audited(self, min_p_value: float, failing: bool, alpha_per_die: float) -> None:
        """The last dice audit."""
        self._audit_p.set(min_p_value)
        self._audit_failing.set(1 if failing else 0)
        self._audit_alpha.set(alpha_per_die)

    def builder_opened(self) -> None:
        """Count a builder session."""
        self._builders.inc()


class GatewayCollector(Collector):
    """Gauges read from the gateway at scrape time, and the build info."""

    def __init__(self, probe: GatewayProbe, build: BuildInfo) -> None:
        self._probe = probe
        self._build = build

    def describe(self) -> Iterable[Metric]:
        """The families, without samples: what a scrape restricted by name (``name[]``) finds."""
        return _gateway_families()

    def collect(self) -> Iterable[Metric]:
        """The gauges."""
        snapshot = self._probe.snapshot()
        latency, guilds, ready, shards, shard_latency, info = _gateway_families()
        if snapshot.latency is not None:
            latency.add_metric([], snapshot.latency)
        guilds.add_metric([], snapshot.guilds)
        ready.add_metric([], 1 if snapshot.ready else 0)
        for shard, up in sorted(snapshot.shards.items()):
            shards.add_metric([str(shard)], 1 if up else 0)
        for shard, seconds in sorted(snapshot.shard_latency.items()):
            if seconds is not None:
                shard_latency.add_metric([str(shard)], seconds)
        info.add_metric([self._build.version, self._build.commit], 1)
        return latency, guilds, ready, shards, shard_latency, info


def _gateway_families() -> tuple[GaugeMetricFamily, ...]:
    return (GaugeMetricFamily("nazh_gateway_latency_seconds", "Gateway heartbeat latency"),
            GaugeMetricFamily("nazh_guilds", "Guilds the bot is in"),
            GaugeMetricFamily("nazh_ready", "1 while the gateway is connected and ready"),
            GaugeMetricFamily("nazh_shard_connected", "1 while the shard is connected",
                              labels=["shard"]),
            GaugeMetricFamily("nazh_shard_latency_seconds", "Heartbeat latency of each shard",
                              labels=["shard"]),
            GaugeMetricFamily("nazh_build_info", "The running version and commit",
                              labels=["version", "commit"]))


_ROLL_LOG: tuple[tuple[type[GaugeMetricFamily | CounterMetricFamily], str, str,
                       Callable[[QueueStats], int]], ...] = (
    (GaugeMetricFamily, "nazh_roll_log_waiting",
     "Records durable in the journal, not yet in the database", lambda stats: stats.waiting),
    (CounterMetricFamily, "nazh_roll_log_written", "Records appended to the database",
     lambda stats: stats.written),
    (CounterMetricFamily, "nazh_roll_log_write_failures",
     "Failed appends to the database (each retried)", lambda stats: stats.failures),
    (CounterMetricFamily, "nazh_roll_log_refused",
     "Rolls refused because the write queue was full", lambda stats: stats.dropped),
    (CounterMetricFamily, "nazh_roll_journal_records",
     "Records made durable in the roll journal", lambda stats: stats.journaled),
    (CounterMetricFamily, "nazh_roll_journal_failures",
     "Journal writes the disk refused (their rolls not shown)",
     lambda stats: stats.journal_failures),
    (CounterMetricFamily, "nazh_roll_journal_slow_writes",
     "Journal writes on the event loop slower than allowed (the next ones go to a worker "
     "thread for a while)", lambda stats: stats.slow_journal_writes),
    (GaugeMetricFamily, "nazh_roll_journal_recovered",
     "Records an earlier run left in the journal, appended at start",
     lambda stats: stats.recovered),
)
"""The roll log's families: (kind, name, help, what it reads of :class:`QueueStats`)."""


class RollLogCollector(Collector):
    """The roll journal and the roll log's write queue, read at scrape time."""

    def __init__(self, stats: QueueStats) -> None:
        self._stats = stats

    def describe(self) -> Iterable[Metric]:
        """The families, without samples: what a scrape restricted by name (``name[]``) finds."""
        return [family(name, text) for family, name, text, _ in _ROLL_LOG]

    def collect(self) -> Iterable[Metric]:
        """The gauges and counters."""
        stats = self._stats
        return [family(name, text, value=read(stats)) for family, name, text, read in _ROLL_LOG]


def register_roll_log(registry: CollectorRegistry, stats: QueueStats) -> None:
    """Add the roll journal and write queue metrics to ``registry``."""
    registry.register(RollLogCollector(stats))


def register_gateway(registry: CollectorRegistry, probe: GatewayProbe,
                     build: BuildInfo) -> None:
    """Add the gateway gauges and the build info to ``registry``."""
    registry.register(GatewayCollector(probe, build))
