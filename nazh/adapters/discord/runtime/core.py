"""The Discord core both transports feed: lightbulb for commands, one router for controls."""

from __future__ import annotations

import functools
import inspect
import types
import typing
from collections.abc import Callable, Mapping
from types import ModuleType
from typing import Any, cast

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
"""Keep connections to Discord alive (hikari's default: a new TCP and TLS handshake per answer)."""

OUTDATED = "This control is no longer valid; run /roll again."


class Router:
    """Hands each decoded custom id to its feature; anything else is answered as outdated."""

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
        """Give ``client`` every command, each bound to the features it asks for."""
        for feature in self._features.table:
            if feature.commands is not None:
                await feature.commands.loader.add_to_client(client)
                bind_features(feature.commands, client, self._features.built)
        client.error_handler(self._refuse)
        self._client = client
        self._rest.set(client.rest)

    async def close(self) -> None:
        """Before disconnecting: the features finish what they kept for later, and the client's
        commands are served them no more."""
        try:
            await self._features.close()
        finally:
            if self._client is not None:
                unbind_features(self._client)

    async def _refuse(self, failure: lightbulb.exceptions.ExecutionPipelineFailedException,
                      ) -> bool:
        """A NazhError raised before a feature took over: the wrapper answers it, else lightbulb."""
        error = failure.invocation_failure
        if not isinstance(error, NazhError):
            return False
        name = failure.context.command_data.qualified_name
        await self._wrapper.refuse(failure.context.interaction,
                                   Answering(name, "command", ephemeral=True), error)
        return True

    async def handle(self, interaction: hikari.PartialInteraction) -> None:
        """Handle one interaction from any transport: admitted, then answered by its feature."""
        # The one place admission is decided: shed (too old, or too many waiting), stopping (try
        # again), or over a rate limit (autocomplete exempt); the feature then answers in the
        # wrapper's block.
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
            elif kind in _ROUTED:  # a click or a submit
                await self._router.dispatch(cast("Controlled", interaction))
            elif self._client is not None:
                await self._client.handle_interaction_create(interaction)


_KINDS: dict[type, str] = {hikari.CommandInteraction: "command",
                           hikari.ComponentInteraction: "component",
                           hikari.ModalInteraction: "modal",
                           hikari.AutocompleteInteraction: "autocomplete"}
"""hikari's interaction classes' kinds (hikari's are ABCs: an ``isinstance`` is a Python call)."""
_ROUTED = frozenset({"component", "modal"})
"""The kinds the router dispatches (the rest go to lightbulb)."""


def _kind(interaction: hikari.PartialInteraction) -> str:
    kind = _KINDS.get(type(interaction))
    if kind is not None:
        return kind
    if isinstance(interaction, hikari.ComponentInteraction):
        return "component"
    if isinstance(interaction, hikari.ModalInteraction):
        return "modal"
    if isinstance(interaction, hikari.AutocompleteInteraction):
        return "autocomplete"
    return "command"


def bind_features(module: ModuleType, client: lightbulb.Client,
                  built: Mapping[type, object]) -> None:
    """Give each command of ``module`` the features its parameters' annotations name (``built``)."""
    # Instead of linkd resolving them again per interaction (60-70 µs a command, an eighth of a bare
    # one): worked out once per command class, each call taking its own client's features (two bots
    # in one process keep theirs). Rebinding changes nothing; a linkd-wrapped function is rebuilt
    # plain first.
    SERVED[id(client)] = built
    for command in vars(module).values():
        if not (isinstance(command, type) and issubclass(command, lightbulb.commands.CommandBase)):
            continue
        data = lightbulb.utils.get_command_data(command)
        method = next(vars(kind)[data.invoke_method] for kind in command.__mro__
                      if data.invoke_method in vars(kind))
        setattr(command, data.invoke_method, _with_features(method, built, context=1))
        for option in data.options.values():
            if option.autocomplete_provider is not hikari.UNDEFINED:
                option.autocomplete_provider = _with_features(option.autocomplete_provider,
                                                              built, context=0)


def unbind_features(client: lightbulb.Client) -> None:
    """Forget ``client``'s features (kept for its commands since :func:`bind_features`)."""
    SERVED.pop(id(client), None)


SERVED: dict[int, Mapping[type, object]] = {}
"""Each attached client's features, by the client's id (lightbulb's client takes no weak ref):
held until :func:`unbind_features`, so each client that stops must be unbound."""
WANTED = "__nazh_features__"
"""The attribute of a function :func:`bind_features` made: the features it asks for."""


def _with_features(function: Callable[..., Any], built: Mapping[type, object], *,
                   context: int) -> Callable[..., Any]:
    """``function`` (plain, even if linkd wrapped it), called with the features its later
    parameters want."""
    if hasattr(function, WANTED):
        _check(function, getattr(function, WANTED), built)
        return function
    if isinstance(function, linkd.AutoInjecting):
        function = _plain(function)
    hints = typing.get_type_hints(function)
    names = list(inspect.signature(function).parameters)[context + 1:]
    wanted: tuple[tuple[str, Any], ...] = tuple((name, hints.get(name)) for name in names)
    _check(function, wanted, built)
    if not wanted:
        return function

    @functools.wraps(function)
    async def call(*args: Any) -> object:
        served = SERVED[id(args[context].client)]
        return await function(*args, **{name: served[kind] for name, kind in wanted})

    setattr(call, WANTED, wanted)
    return call


def _plain(wrapped: linkd.AutoInjecting) -> Callable[..., Any]:
    # With the operator's LINKD_DI_DISABLED=false, lightbulb.invoke wraps each method for linkd,
    # whose wrapper hands every attribute read on to the function: the same function is rebuilt
    # from those (nothing is then resolved through linkd).
    function = types.FunctionType(wrapped.__code__, wrapped.__globals__, wrapped.__name__,
                                  wrapped.__defaults__, wrapped.__closure__)
    function.__kwdefaults__ = wrapped.__kwdefaults__
    function.__annotations__ = wrapped.__annotations__
    function.__qualname__ = wrapped.__qualname__
    function.__module__ = wrapped.__module__
    function.__dict__.update(wrapped.__dict__)
    return function


def _check(function: Callable[..., Any], wanted: tuple[tuple[str, Any], ...],
           built: Mapping[type, object]) -> None:
    for name, kind in wanted:
        if kind not in built:
            raise LookupError(f"{function.__qualname__}: its parameter {name!r} ({kind!r}) "
                              "is no feature of this bot")
