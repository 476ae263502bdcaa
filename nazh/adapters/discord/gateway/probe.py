"""The gateway's state as the application sees it (readiness, latency, guilds, shards)."""

from __future__ import annotations

import math

import hikari

from nazh.application.status import GatewaySnapshot


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
        """The state now."""
        shards = dict(self._ready)
        latency = self._bot.heartbeat_latency if self._bot.is_alive else math.nan
        guilds = len(self._bot.cache.get_guilds_view()) if self._bot.is_alive else 0
        return GatewaySnapshot(
            ready=bool(shards) and all(shards.values()) and self._bot.is_alive,
            latency=None if math.isnan(latency) else latency,
            guilds=guilds,
            shards=shards,
        )
