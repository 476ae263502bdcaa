"""The gateway transport: a hikari GatewayBot with a lightbulb client, and its lifecycle."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

import hikari

from nazh.adapters.discord.gateway.probe import HikariGatewayProbe
from nazh.adapters.discord.runtime.commands_client import command_client
from nazh.adapters.discord.runtime.core import HTTP_SETTINGS, DiscordCore
from nazh.adapters.discord.runtime.forms import read_forms
from nazh.adapters.discord.runtime.startup import DiscordUnavailableError, check_token, explained
from nazh.application.admission.gate import Admission
from nazh.application.admission.once import HandledOnce
from nazh.application.sharding.plan import ShardPlan, ShardPlanError, describe

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
    shards: ShardPlan = field(default_factory=ShardPlan)


class GatewayApp:
    """The bot over the gateway: connect, hand each interaction to the core once (RESUME), stop."""

    def __init__(self, config: DiscordConfig, core: DiscordCore, admission: Admission,
                 once: HandledOnce) -> None:
        self.config = config
        self._core = core
        self._admission = admission
        self._once = once
        self._attached = False
        self._client_failure: DiscordUnavailableError | None = None
        self.bot = hikari.GatewayBot(
            config.token, rest_url=config.api_url, intents=INTENTS, cache_settings=CACHE,
            logs=None, banner=None, suppress_optimization_warning=True,
            http_settings=HTTP_SETTINGS,
        )
        read_forms(self.bot.entity_factory)  # a submit's Labels, uploads and checkboxes
        self.client = command_client(self.bot, config.dev_guilds)
        # The core decides who handles what: lightbulb's own listener would handle commands a
        # second time.
        for listener in self.bot.get_listeners(hikari.InteractionCreateEvent):
            self.bot.unsubscribe(hikari.InteractionCreateEvent, listener)
        self.bot.subscribe(hikari.InteractionCreateEvent, self._on_interaction)
        self.probe = HikariGatewayProbe(self.bot)
        self.bot.subscribe(hikari.StartingEvent, self._start_client)
        self.bot.subscribe(hikari.StoppingEvent, self._stop_client)

    async def _on_interaction(self, event: hikari.InteractionCreateEvent) -> None:
        interaction = event.interaction
        if isinstance(interaction, hikari.AutocompleteInteraction):  # changes nothing
            await self._core.handle(interaction)
            return
        await self._once.delivered(int(interaction.id), lambda: self._core.handle(interaction))

    async def _start_client(self, _: hikari.StartingEvent) -> None:
        # Registering the commands can fail (a guild of NAZH_DEV_GUILDS without the bot):
        # start() reports it rather than hikari's listener logging a traceback.
        try:
            await self.client.start()
        except hikari.HTTPError as error:
            self._client_failure = explained(error, self.config.api_url)

    async def _stop_client(self, _: hikari.StoppingEvent) -> None:
        await self.client.stop()

    async def start(self) -> None:
        """Connect (returns once the shards are up); :class:`DiscordUnavailableError` if refused."""
        if not self._attached:
            await self._core.attach(self.client)
            self._attached = True
        plan = self.config.shards
        recommended = await check_token(self.config.token, self.config.api_url,
                                        shard_count=plan.needs_recommendation)
        try:
            count, ids = plan.resolve(recommended)
        except ShardPlanError as error:
            raise DiscordUnavailableError(f"cannot run the gateway shards: {error}") from None
        log.info("running shard(s) %s of %d", describe(ids), count)
        try:
            await self.bot.start(check_for_updates=False, shard_count=count,
                                 shard_ids=None if plan.is_default else ids)
        except hikari.HTTPError as error:
            await self._close_bot()
            raise explained(error, self.config.api_url) from None
        if self._client_failure is not None:
            await self._close_bot()
            raise self._client_failure

    async def _close_bot(self) -> None:
        if self.bot.is_alive:
            await self.bot.close()

    async def stop(self) -> None:
        """Refuse new interactions, let those in flight finish (bounded), then disconnect."""
        self._admission.close()
        if not await self._admission.drain(self.config.drain_timeout):
            log.warning("stopping with %d interaction(s) still in flight",
                        self._admission.in_flight)
        await self._core.close()
        if self.bot.is_alive:
            await self.bot.close()

    async def join(self) -> None:
        """Until the gateway connection closes for good."""
        await self.bot.join()

    async def abandon(self) -> None:
        """Close what a start-up cut short left open."""
        await self._close_bot()
