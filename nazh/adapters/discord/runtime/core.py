"""The Discord core both transports feed: lightbulb's command client for slash commands and
autocomplete, and one router for every component click and form submission.

A transport (``gateway/`` or ``http/``) turns what Discord sends into hikari interactions and
calls :meth:`DiscordCore.handle`; the features answer through the wrapper, the way the
interaction arrived (see :class:`~nazh.adapters.discord.runtime.responder.InitialResponses`).
"""

from __future__ import annotations

from types import ModuleType

import hikari
import lightbulb
import linkd

from nazh.adapters.discord.runtime.feature import Controlled, Features
from nazh.adapters.discord.runtime.rest import RestRef
from nazh.adapters.discord.runtime.snowflakes import created_seconds
from nazh.adapters.discord.runtime.wrapper import Answering, InteractionWrapper, tell_privately
from nazh.application.admission.gate import (
    BUSY,
    Admission,
    AnswerTooLateError,
    Outcome,
    ServiceBusyError,
)
from nazh.application.rate_limits.limits import RateLimits
from nazh.domain.errors import NazhError

HTTP_SETTINGS = hikari.impl.HTTPSettings(force_close_transports=False)
"""Connections to Discord are kept alive between requests (hikari's default closes each one
after its request: a new TCP and TLS handshake for every answer)."""

OUTDATED = "This control is no longer valid; run /roll again."


class Router:
    """Decodes every custom id once and hands the control to the feature that owns it (the
    feature table's codecs); anything else is answered as outdated."""

    def __init__(self, features: Features, wrapper: InteractionWrapper) -> None:
        self._features = features
        self._wrapper = wrapper

    async def dispatch(self, interaction: Controlled) -> None:
        """Route a click or a form submission."""
        owned = self._features.owner_of(interaction.custom_id)
        form = isinstance(interaction, hikari.ModalInteraction)
        if owned is not None and owned[0].controls is not None and (
                owned[0].controls.forms or not form):
            feature, control = owned
            await self._features.handler(feature)(interaction, control)
            return
        kind = "modal" if form else "component"
        async with self._wrapper.answering(interaction,
                                           Answering(f"{kind}:unknown", kind)) as responder:
            await responder.message(OUTDATED, ephemeral=True)



class DiscordCore:
    """Commands through lightbulb, controls through the router, for any transport."""

    def __init__(self, router: Router, features: Features, admission: Admission,
                 wrapper: InteractionWrapper, limits: RateLimits,
                 rest: RestRef | None = None) -> None:
        self._router = router
        self._rest = rest or RestRef()
        self._features = features
        self._admission = admission
        self._wrapper = wrapper
        self._limits = limits
        self._client: lightbulb.Client | None = None

    async def attach(self, client: lightbulb.Client) -> None:
        """Give ``client`` the features (lightbulb's DI) and every command."""
        registry = client.di.registry_for(lightbulb.di.Contexts.DEFAULT)
        for feature in self._features.table:
            registry.register_value(feature.serves, self._features.built[feature.serves])
            if feature.commands is not None:
                await feature.commands.loader.add_to_client(client)
                prime_injection(feature.commands)
        client.error_handler(self._refuse)
        self._client = client
        self._rest.set(client.rest)

    async def close(self) -> None:
        """Before disconnecting: the features finish what they kept for later."""
        await self._features.close()

    async def _refuse(self, failure: lightbulb.exceptions.ExecutionPipelineFailedException,
                      ) -> bool:
        """A :class:`NazhError` a command raised before its feature took over (an option
        outside its choices) is answered by the wrapper; anything else is lightbulb's to log."""
        error = failure.invocation_failure
        if not isinstance(error, NazhError):
            return False
        name = failure.context.command_data.qualified_name
        await self._wrapper.refuse(failure.context.interaction,
                                   Answering(name, "command", ephemeral=True), error)
        return True

    async def handle(self, interaction: hikari.PartialInteraction) -> None:
        """Handle one interaction, whatever the transport it came by, in its turn: unless
        admission sheds it (too old to answer in time, or too many waiting: dropped or busy),
        the service is stopping (told to try again), or its user or guild is over a rate limit
        (told how long to wait; autocomplete exempt). This is the one place admission is
        decided; the feature then answers in the wrapper's block."""
        kind = _kind(interaction)
        try:
            await self._admit(interaction, kind)
        except ServiceBusyError as stopping:
            if kind != "autocomplete":
                await tell_privately(self._wrapper.responder(interaction), stopping.summary)

    async def _admit(self, interaction: hikari.PartialInteraction, kind: str) -> None:
        async with self._admission.gate(kind, created_seconds(interaction.id)) as shed:
            if shed is Outcome.BUSY:
                if kind != "autocomplete" and not await tell_privately(
                        self._wrapper.responder(interaction), BUSY):
                    raise AnswerTooLateError
            elif shed is not None:
                return
            elif kind != "autocomplete" and (refusal := await self._limits.refusal(
                    interaction.user.id, interaction.guild_id)):
                sent = await tell_privately(self._wrapper.responder(interaction), refusal)
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

    Each wrapper is then held in a :class:`CycleFreeInjecting`: linkd's bound copy refers to
    itself (its ``__call__`` is its own bound method), a cycle left for the garbage collector
    with the command object behind it, three objects a command.
    """
    for command in vars(module).values():
        if not (isinstance(command, type) and issubclass(command, lightbulb.commands.CommandBase)):
            continue
        for name, method in list(vars(command).items()):
            if isinstance(method, linkd.AutoInjecting):
                if method._dependency_func is None:
                    method._dependency_func = method._codegen_dependency_func()
                setattr(command, name, CycleFreeInjecting(method))


class CycleFreeInjecting:
    """A command's injecting method (linkd's wrapper) whose copy bound to a command object
    lets go of itself once called: what lightbulb calls is freed by reference counting."""

    __slots__ = ("_wrapper",)

    def __init__(self, wrapper: linkd.AutoInjecting) -> None:
        self._wrapper = wrapper

    @property
    def wrapped(self) -> linkd.AutoInjecting:
        """linkd's wrapper."""
        return self._wrapper

    def __getattr__(self, item: str) -> object:
        return getattr(self._wrapper, item)  # the method's own attributes (lightbulb's marker)

    def __get__(self, instance: object, owner: type[object] | None = None) -> object:
        if instance is None:
            return self
        bound = self._wrapper.__get__(instance, type(instance))

        async def call(*args: object, **kwargs: object) -> object:
            try:
                return await bound(*args, **kwargs)
            finally:
                setattr(bound, "__call__", None)  # noqa: B010  # its slot: cuts the cycle

        return call
