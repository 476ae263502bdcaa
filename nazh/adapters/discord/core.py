"""The Discord core both transports feed: lightbulb's command client for slash commands and
autocomplete, and one router for every component click and form submission.

A transport (``gateway/`` or ``http/``) turns what Discord sends into hikari interactions and
calls :meth:`DiscordCore.handle`; the features answer through the wrapper, the way the
interaction arrived (see :class:`~nazh.adapters.discord.responder.Replies`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import hikari
import lightbulb

from nazh.adapters.discord import history, odds, roll, saved
from nazh.adapters.discord.builder import BuilderFeature
from nazh.adapters.discord.custom_ids import BuilderControl, HistoryControl, RollControl, decode
from nazh.adapters.discord.history import HistoryFeature
from nazh.adapters.discord.responder import Responder
from nazh.adapters.discord.roll import RollFeature
from nazh.adapters.discord.wrapper import Handling, InteractionWrapper

LOADERS: Sequence[lightbulb.Loader] = (roll.loader, odds.loader, history.loader, saved.loader)
"""One lightbulb loader per feature with commands (the builder opens from ``/roll``)."""

OUTDATED = "This control is no longer valid; run /roll again."

Controlled = hikari.ComponentInteraction | hikari.ModalInteraction


class Router:
    """Decodes every custom id once and hands the control to the feature that owns it."""

    def __init__(self, rolls: RollFeature, builders: BuilderFeature, history: HistoryFeature,
                 wrapper: InteractionWrapper) -> None:
        self._rolls = rolls
        self._builders = builders
        self._history = history
        self._wrapper = wrapper

    async def dispatch(self, interaction: Controlled) -> None:
        """Route a click or a form submission."""
        control = decode(interaction.custom_id)
        if isinstance(control, RollControl):
            await self._rolls.on_control(interaction, control)
        elif isinstance(control, BuilderControl) and isinstance(interaction,
                                                                hikari.ComponentInteraction):
            await self._builders.on_control(interaction, control)
        elif isinstance(control, HistoryControl) and isinstance(interaction,
                                                                hikari.ComponentInteraction):
            await self._history.on_control(interaction, control)
        else:
            kind = "modal" if isinstance(interaction, hikari.ModalInteraction) else "component"
            await self._wrapper.run(interaction, Handling(f"{kind}:unknown", kind), _outdated)


async def _outdated(responder: Responder) -> None:
    await responder.message(OUTDATED, ephemeral=True)


FeatureFactories = dict[type[Any], Callable[[], Any]]


class DiscordCore:
    """Commands through lightbulb, controls through the router, for any transport."""

    def __init__(self, router: Router, features: FeatureFactories) -> None:
        self._router = router
        self._features = features
        self._client: lightbulb.Client | None = None

    async def attach(self, client: lightbulb.Client) -> None:
        """Give ``client`` the features (lightbulb's DI) and every command."""
        registry = client.di.registry_for(lightbulb.di.Contexts.DEFAULT)
        for kind, factory in self._features.items():
            registry.register_factory(kind, _plain(factory))
        for loader in LOADERS:
            await loader.add_to_client(client)
        self._client = client

    async def handle(self, interaction: hikari.PartialInteraction) -> None:
        """Handle one interaction, whatever the transport it came by."""
        if isinstance(interaction, hikari.ComponentInteraction | hikari.ModalInteraction):
            await self._router.dispatch(interaction)
        elif self._client is not None:
            await self._client.handle_interaction_create(interaction)


def _plain(factory: Callable[[], Any]) -> Callable[[], Any]:
    """A plain function: lightbulb inspects a factory's signature, which providers lack."""
    return lambda: factory()  # noqa: PLW0108

