"""The Discord core both transports feed: lightbulb's command client for slash commands and
autocomplete, and one router for every component click and form submission.

A transport (``gateway/`` or ``http/``) turns what Discord sends into hikari interactions and
calls :meth:`DiscordCore.handle`; the features answer through the wrapper, the way the
interaction arrived (see :class:`~nazh.adapters.discord.responder.Replies`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from types import ModuleType
from typing import Any

import hikari
import lightbulb
import linkd

from nazh.adapters.discord import about, history, odds, roll, saved, settings, stats
from nazh.adapters.discord.builder import BuilderFeature
from nazh.adapters.discord.custom_ids import BuilderControl, HistoryControl, RollControl, decode
from nazh.adapters.discord.history import HistoryFeature
from nazh.adapters.discord.responder import Responder
from nazh.adapters.discord.roll import RollFeature
from nazh.adapters.discord.wrapper import Handling, InteractionWrapper, answer
from nazh.application.admission.gate import BUSY, Admission, AnswerTooLateError, Outcome
from nazh.application.rate_limits.limits import RateLimits
from nazh.domain.errors import NazhError

LOADERS: Sequence[lightbulb.Loader] = (roll.loader, odds.loader, history.loader, saved.loader,
                                        settings.loader, stats.loader, about.loader)
"""One lightbulb loader per feature with commands (the builder opens from ``/roll``)."""

HTTP_SETTINGS = hikari.impl.HTTPSettings(force_close_transports=False)
"""Connections to Discord are kept alive between requests (hikari's default closes each one
after its request: a new TCP and TLS handshake for every answer)."""

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

    def __init__(self, router: Router, features: FeatureFactories, admission: Admission,
                 wrapper: InteractionWrapper, limits: RateLimits) -> None:
        self._router = router
        self._features = features
        self._admission = admission
        self._wrapper = wrapper
        self._limits = limits
        self._client: lightbulb.Client | None = None

    async def attach(self, client: lightbulb.Client) -> None:
        """Give ``client`` the features (lightbulb's DI) and every command."""
        registry = client.di.registry_for(lightbulb.di.Contexts.DEFAULT)
        for kind, factory in self._features.items():
            registry.register_factory(kind, _plain(factory))
        for loader in LOADERS:
            await loader.add_to_client(client)
        for module in (roll, odds, history, saved, settings, stats, about):
            prime_injection(module)
        client.error_handler(self._refuse)
        self._client = client

    async def _refuse(self, failure: lightbulb.exceptions.ExecutionPipelineFailedException,
                      ) -> bool:
        """A :class:`NazhError` a command raised before its feature took over (an option
        outside its choices) is answered by the wrapper; anything else is lightbulb's to log."""
        error = failure.invocation_failure
        if not isinstance(error, NazhError):
            return False
        name = failure.context.command_data.qualified_name
        await self._wrapper.refuse(failure.context.interaction,
                                   Handling(name, "command", ephemeral=True), error)
        return True

    async def handle(self, interaction: hikari.PartialInteraction) -> None:
        """Handle one interaction, whatever the transport it came by, in its turn: unless
        admission sheds it (too old to answer in time, or too many waiting: dropped or busy) or
        its user or guild is over a rate limit (told how long to wait; autocomplete exempt)."""
        kind = _kind(interaction)
        async with self._admission.gate(kind, interaction.created_at.timestamp()) as shed:
            if shed is Outcome.BUSY:
                if kind != "autocomplete" and not await answer(
                        self._wrapper.responder(interaction), BUSY):
                    raise AnswerTooLateError
            elif shed is not None:
                return
            elif kind != "autocomplete" and (refusal := await self._limits.refusal(
                    interaction.user.id, interaction.guild_id)):
                sent = await answer(self._wrapper.responder(interaction), refusal)
                self._admission.count(kind, Outcome.LIMITED if sent else Outcome.EXPIRED)
            elif isinstance(interaction, hikari.ComponentInteraction | hikari.ModalInteraction):
                await self._router.dispatch(interaction)
            elif self._client is not None:
                await self._client.handle_interaction_create(interaction)


def _kind(interaction: hikari.PartialInteraction) -> str:
    if isinstance(interaction, hikari.ComponentInteraction):
        return "component"
    if isinstance(interaction, hikari.ModalInteraction):
        return "modal"
    if isinstance(interaction, hikari.AutocompleteInteraction):
        return "autocomplete"
    return "command"


def prime_injection(module: ModuleType) -> None:
    """Resolve once which dependencies each command of ``module`` has injected.

    lightbulb makes a command object per interaction, and linkd's injecting wrapper, bound to
    that new object, works out its dependencies again (inspecting the signature, generating and
    compiling a resolver: a quarter of a /roll's CPU). Working them out on the class once lets
    every bound copy reuse the resolver.
    """
    for command in vars(module).values():
        if not (isinstance(command, type) and issubclass(command, lightbulb.commands.CommandBase)):
            continue
        for method in vars(command).values():
            if isinstance(method, linkd.AutoInjecting) and method._dependency_func is None:
                method._dependency_func = method._codegen_dependency_func()


def _plain(factory: Callable[[], Any]) -> Callable[[], Any]:
    """A plain function: lightbulb inspects a factory's signature, which providers lack."""
    return lambda: factory()  # noqa: PLW0108

