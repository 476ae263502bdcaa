"""The Discord application: a hikari GatewayBot with a lightbulb client, and its lifecycle."""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Sequence
from dataclasses import dataclass

import hikari
import lightbulb

from nazh.adapters.discord.commands import loader
from nazh.adapters.discord.gate import InteractionGate
from nazh.adapters.discord.gateway import HikariGatewayProbe
from nazh.adapters.discord.handlers import RollHandlers
from nazh.adapters.discord.log_commands import loader as log_loader
from nazh.adapters.discord.log_handlers import LogHandlers
from nazh.adapters.discord.odds import loader as odds_loader

log = logging.getLogger(__name__)

# A slash-command bot needs no privileged intent; GUILDS keeps the guild count.
INTENTS = hikari.Intents.GUILDS
CACHE = hikari.impl.CacheSettings(components=hikari.api.CacheComponents.GUILDS)


@dataclass(frozen=True, slots=True)
class DiscordConfig:
    """What the Discord adapter needs to connect."""

    token: str
    api_url: str
    dev_guilds: Sequence[int] = ()
    drain_timeout: float = 10.0


class DiscordApp:
    """The bot: gateway, lightbulb client, listeners; start, stop, serve until signalled."""

    def __init__(self, config: DiscordConfig, handlers: RollHandlers,
                 gate: InteractionGate, log_handlers: LogHandlers | None = None,
                 with_odds: bool = False) -> None:
        self.config = config
        self.gate = gate
        self._loaders = [loader]
        if log_handlers is not None:
            self._loaders.append(log_loader)
        if with_odds:
            self._loaders.append(odds_loader)
        self._loaded = False
        self.bot = hikari.GatewayBot(
            config.token, rest_url=config.api_url, intents=INTENTS, cache_settings=CACHE,
            logs=None, banner=None, suppress_optimization_warning=True,
        )
        self.client = lightbulb.client_from_app(
            self.bot, default_enabled_guilds=tuple(config.dev_guilds)
        )
        self.probe = HikariGatewayProbe(self.bot)
        self.bot.subscribe(hikari.StartingEvent, self._start_client)
        self.bot.subscribe(hikari.StoppingEvent, self._stop_client)
        self.bot.subscribe(hikari.ComponentInteractionCreateEvent, handlers.on_component)
        self.bot.subscribe(hikari.ModalInteractionCreateEvent, handlers.on_modal)
        if log_handlers is not None:
            self.bot.subscribe(hikari.ComponentInteractionCreateEvent, log_handlers.on_component)

    async def _start_client(self, _: hikari.StartingEvent) -> None:
        await self.client.start()

    async def _stop_client(self, _: hikari.StoppingEvent) -> None:
        await self.client.stop()

    async def start(self) -> None:
        """Connect to the gateway (returns once the shards are up)."""
        if not self._loaded:
            for feature in self._loaders:
                await feature.add_to_client(self.client)
            self._loaded = True
        await self.bot.start(check_for_updates=False)

    async def stop(self) -> None:
        """Refuse new interactions, let those in flight finish (bounded), then disconnect."""
        self.gate.close()
        if not await self.gate.drain(self.config.drain_timeout):
            log.warning("stopping with %d interaction(s) still in flight", self.gate.in_flight)
        if self.bot.is_alive:
            await self.bot.close()

    async def serve(self) -> None:
        """Run until SIGINT or SIGTERM (or the gateway closes), then stop gracefully."""
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        await self.start()
        log.info("Nazh is running")
        closed = asyncio.ensure_future(self.bot.join())
        signalled = asyncio.ensure_future(stop.wait())
        await asyncio.wait({closed, signalled}, return_when=asyncio.FIRST_COMPLETED)
        log.info("shutting down")
        await self.stop()
        signalled.cancel()
        await asyncio.gather(closed, return_exceptions=True)
        log.info("stopped")
