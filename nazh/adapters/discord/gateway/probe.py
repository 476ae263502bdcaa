"""The gateway's state as the application sees it (readiness, latency, guilds, shards)."""

from __future__ import annotations

import math

import hikari

from nazh.application.status.health import GatewaySnapshot


class HikariGatewayProbe:
    """Follows shard events: a shard is ready from READY (or RESUMED) until it disconnects."""

    def __init__(self, bot: hikari.GatewayBot) -> None:
        self._bot = bot
        self._ready: dict[int, bool] = {}
        bot.subscribe(hikari.ShardReadyEvent, self._on_up)
        bot.subscribe(hikari.ShardResumedEvent, self._on_up)
        bot.subscribe(hikari.ShardDisconnectedEvent, self._on_down)

    async def _on_up(self, event: hikari.ShardReadyEvent | hikari.ShardResumedEvent) -> None:
        self._ready[event.shard.id] = True

    async def _on_down(self, event: hikari.ShardDisconnectedEvent) -> None:
        self._ready[event.shard.id] = False

    def snapshot(self) -> GatewaySnapshot:
        """The state now: every shard this process runs (not ready until its READY), its latency."""
        alive = self._bot.is_alive
        running = self._bot.shards if alive else {}
        shards = {shard: self._ready.get(shard, False) for shard in running} or dict(self._ready)
        latencies = {shard: _seconds(gateway.heartbeat_latency)
                     for shard, gateway in running.items()}
        guilds = len(self._bot.cache.get_guilds_view()) if alive else 0
        return GatewaySnapshot(
            ready=bool(shards) and all(shards.values()) and alive,
            latency=_seconds(self._bot.heartbeat_latency) if alive else None,
            guilds=guilds,
            shards=shards,
            shard_latency=latencies,
        )


def _seconds(latency: float) -> float | None:
    return None if math.isnan(latency) or math.isinf(latency) else latency
