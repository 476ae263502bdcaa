"""The service's status: the gateway as a port, and the report the status page shows."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from nazh.application.rolls.metrics import RollSource


import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

from nazh.application.log.chain import QueueStats
from nazh.application.rolls.metrics import RollSource, RollStats
from nazh.application.shared.clock import Clock
from nazh.application.shared.json_types import JsonObject


@dataclass(frozen=True, slots=True)
class GatewaySnapshot:
    """The connection to the chat platform right now."""

    ready: bool = False
    latency: float | None = None
    guilds: int = 0
    shards: Mapping[int, bool] = field(default_factory=dict)
    shard_latency: Mapping[int, float | None] = field(default_factory=dict)
    storage_writable: bool = True


STORAGE_DOWN_AFTER_SECONDS = 30.0
"""How long the roll log may fail to be written before the service stops being ready."""


class ServiceProbe:
    """Readiness of the whole service: the transport's, and a roll log that can be written."""

    def __init__(self, transport: GatewayProbe, writes: QueueStats,
                 bound: float = STORAGE_DOWN_AFTER_SECONDS,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self._transport = transport
        self._writes = writes
        self._bound = bound
        self._monotonic = monotonic

    def snapshot(self) -> GatewaySnapshot:
        """The transport's state, not ready while the roll log has long been unwritable."""
        state = self._transport.snapshot()
        since = self._writes.failing_since
        writable = since is None or self._monotonic() - since <= self._bound
        return replace(state, ready=state.ready and writable, storage_writable=writable)


@dataclass(frozen=True, slots=True)
class BuildInfo:
    """What is running: the package version and the git commit (``unknown`` when not set)."""

    version: str
    commit: str = "unknown"


class StatusReport:
    """Builds the JSON status (``/api/status``) from the probe, the roll stats and the clock."""

    def __init__(self, probe: GatewayProbe, stats: RollStats, clock: Clock,
                 build: BuildInfo) -> None:
        self._probe = probe
        self._stats = stats
        self._clock = clock
        self._build = build
        self._started = clock.now()

    @property
    def started_at(self) -> datetime:
        return self._started

    def __call__(self) -> JsonObject:
        """The status as JSON-ready data."""
        gateway = self._probe.snapshot()
        stats = self._stats
        return {
            "version": self._build.version,
            "commit": self._build.commit,
            "started_at": self._started.isoformat(),
            "uptime_seconds": round((self._clock.now() - self._started).total_seconds(), 1),
            "ready": gateway.ready,
            "storage_writable": gateway.storage_writable,
            "gateway_latency_ms": None if gateway.latency is None
            else round(gateway.latency * 1000, 1),
            "guilds": gateway.guilds,
            "shards": {str(shard): up for shard, up in gateway.shards.items()},
            "shard_latency_ms": {
                str(shard): None if latency is None else round(latency * 1000, 1)
                for shard, latency in gateway.shard_latency.items()},
            "rolls": {
                source.value: {"success": stats.successes[source],
                               "failed": stats.failures[source]}
                for source in RollSource
            },
            "success_ratio": stats.success_ratio,
            "recent_failures": [
                {"at": failure.at.isoformat(), "source": failure.source.value,
                 "reason": failure.reason.value}
                for failure in stats.recent
            ],
        }


class GatewayProbe(Protocol):
    """Reads the state of the connection to the chat platform."""

    def snapshot(self) -> GatewaySnapshot:
        ...
