"""The bot's registry answers a scrape restricted by name with only those samples."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.parser import text_string_to_metric_families

from nazh.adapters.metrics.prometheus import (
    GatewayCollector,
    PrometheusMetrics,
    RollLogCollector,
    new_registry,
    register_gateway,
    register_roll_log,
)
from nazh.application.log.chain import QueueStats
from nazh.application.status.health import BuildInfo, GatewaySnapshot


class _Probe:
    def snapshot(self) -> GatewaySnapshot:
        return GatewaySnapshot(ready=True, latency=0.04, guilds=3, shards={0: True},
                               shard_latency={0: 0.04})


def _registry(stats: QueueStats) -> CollectorRegistry:
    registry = new_registry()
    PrometheusMetrics(registry)
    register_roll_log(registry, stats)
    register_gateway(registry, _Probe(), BuildInfo("1.2.3", "abc"))
    return registry


def _samples(text: bytes) -> dict[str, float]:
    return {sample.name: sample.value
            for family in text_string_to_metric_families(text.decode())
            for sample in family.samples}


def test_a_scrape_restricted_to_the_log_queue_reads_only_it() -> None:
    registry = _registry(QueueStats(waiting=7, written=40, journaled=47))
    restricted = registry.restricted_registry(["nazh_roll_log_waiting",
                                               "nazh_roll_journal_records_total"])
    assert _samples(generate_latest(restricted)) == {"nazh_roll_log_waiting": 7.0,
                                                     "nazh_roll_journal_records_total": 47.0}


def test_a_scrape_restricted_to_a_gateway_gauge_reads_only_it() -> None:
    restricted = _registry(QueueStats()).restricted_registry(["nazh_guilds",
                                                              "nazh_shard_connected"])
    samples = _samples(generate_latest(restricted))
    assert samples == {"nazh_guilds": 3.0, "nazh_shard_connected": 1.0}


def test_every_family_collected_is_described() -> None:
    """A family added to a collector's collect and not to its describe would vanish from a
    restricted scrape: both say the same names."""
    collectors = (RollLogCollector(QueueStats(waiting=1)),
                  GatewayCollector(_Probe(), BuildInfo("1.2.3")))
    for collector in collectors:
        assert [m.name for m in collector.describe()] == [m.name for m in collector.collect()]
        assert all(not m.samples for m in collector.describe())


def test_the_full_scrape_still_holds_every_sample() -> None:
    samples = _samples(generate_latest(_registry(QueueStats(waiting=2, recovered=5))))
    assert samples["nazh_roll_log_waiting"] == 2.0
    assert samples["nazh_roll_journal_recovered"] == 5.0
    assert samples["nazh_ready"] == 1.0
    assert samples["nazh_build_info"] == 1.0
    assert samples["nazh_gateway_latency_seconds"] == 0.04
