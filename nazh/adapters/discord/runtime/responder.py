"""One interaction's responses: the initial one exactly once (deferred when slow), then the rest."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from typing import Any, Protocol, TypedDict

import hikari

from nazh.adapters.discord.runtime.callbacks import InteractionCallbacks
from nazh.adapters.discord.runtime.snowflakes import created_seconds
from nazh.application.admission.gate import check_in_time

DEFER_AFTER_SECONDS = 2.0


class _Mentions(TypedDict):
    mentions_everyone: bool
    user_mentions: bool
    role_mentions: bool


QUIET: _Mentions = {"mentions_everyone": False, "user_mentions": False, "role_mentions": False}
"""No message of Nazh's pings anyone, whatever the user typed."""

Components = Sequence[hikari.api.ComponentBuilder]
Choice = tuple[str, str]

V2 = hikari.MessageFlag.IS_COMPONENTS_V2
"""The flag of a card (a Components V2 message)."""


class InitialResponse(Protocol):
    """Sends an interaction's initial response, the way the interaction arrived."""

    async def create(self, interaction: object, response_type: hikari.ResponseType, *,
                     content: hikari.UndefinedOr[str] = hikari.UNDEFINED,
                     embed: hikari.UndefinedOr[hikari.Embed] = hikari.UNDEFINED,
                     components: Components = (), flags: hikari.MessageFlag) -> None:
        """A message, an update of the clicked message, or a deferral."""
        ...

    async def modal(self, interaction: object, title: str, custom_id: str,
                    components: Components) -> None:
        """A modal form."""
        ...

    async def choices(self, interaction: hikari.AutocompleteInteraction,
                      choices: Sequence[Choice]) -> None:
        """Autocomplete choices."""
        ...


# Over the gateway the initial response is a POST to its callback endpoint, over HTTP the body of
# the reply to Discord's POST; both send what response_builder builds, and all later edits and
# followups go through hikari's REST client.
class RestInitialResponse:
    """The initial response as a REST call (gateway); none once it could arrive too late."""

    def __init__(self, callbacks: InteractionCallbacks) -> None:
        self._callbacks = callbacks

    async def create(self, interaction: Any, response_type: hikari.ResponseType, *,
                     content: hikari.UndefinedOr[str] = hikari.UNDEFINED,
                     embed: hikari.UndefinedOr[hikari.Embed] = hikari.UNDEFINED,
                     components: Components = (), flags: hikari.MessageFlag) -> None:
        """POST the callback."""
        check_in_time(created_seconds(interaction.id))
        await self._callbacks.send(interaction, response_builder(
            response_type, content=content, embed=embed, components=components, flags=flags))

    async def modal(self, interaction: Any, title: str, custom_id: str,
                    components: Components) -> None:
        """POST the modal callback."""
        check_in_time(created_seconds(interaction.id))
        await self._callbacks.send(interaction, modal_builder(title, custom_id, components))

    async def choices(self, interaction: hikari.AutocompleteInteraction,
                      choices: Sequence[Choice]) -> None:
        """POST the autocomplete callback."""
        check_in_time(created_seconds(interaction.id))
        await self._callbacks.send(interaction, interaction.build_response(_choices(choices)))


_DEFERRALS = frozenset({hikari.ResponseType.DEFERRED_MESSAGE_CREATE,
                        hikari.ResponseType.DEFERRED_MESSAGE_UPDATE})


class HttpInitialResponse:
    """The initial response as the body of the reply to Discord's POST (:attr:`builder`)."""

    def __init__(self) -> None:
        self.builder: asyncio.Future[hikari.api.InteractionResponseBuilder] = (
            asyncio.get_running_loop().create_future())
        self._expired = False

    def expire(self, interaction: Any) -> hikari.api.InteractionResponseBuilder:
        """The POST must be answered now: a deferral (a late answer then edits it over REST)."""
        self._expired = True
        if isinstance(interaction, hikari.AutocompleteInteraction):
            builder: hikari.api.InteractionResponseBuilder = interaction.build_response([])
        elif isinstance(interaction, hikari.ComponentInteraction):
            builder = interaction.build_deferred_response(
                hikari.ResponseType.DEFERRED_MESSAGE_UPDATE)
        else:
            builder = interaction.build_deferred_response()
        self._resolve(builder)
        return builder

    def shed(self, interaction: Any, text: str) -> hikari.api.InteractionResponseBuilder:
        """Shed unanswered (overload): the reply to the POST, which is free, says ``text``."""
        self._expired = True
        if isinstance(interaction, hikari.AutocompleteInteraction):
            builder: hikari.api.InteractionResponseBuilder = interaction.build_response([])
        else:
            message = (interaction.build_response() if isinstance(
                interaction, hikari.CommandInteraction) else interaction.build_response(
                hikari.ResponseType.MESSAGE_CREATE))
            builder = message.set_content(text).set_flags(hikari.MessageFlag.EPHEMERAL)
        self._resolve(builder)
        return builder

    async def create(self, interaction: Any, response_type: hikari.ResponseType, *,
                     content: hikari.UndefinedOr[str] = hikari.UNDEFINED,
                     embed: hikari.UndefinedOr[hikari.Embed] = hikari.UNDEFINED,
                     components: Components = (), flags: hikari.MessageFlag) -> None:
        """Resolve the reply with a message, an update or a deferral."""
        if self._expired:
            if response_type not in _DEFERRALS:
                await interaction.edit_initial_response(content, embed=embed,
                                                        components=components, **QUIET)
            return
        self._resolve(response_builder(response_type, content=content, embed=embed,
                                       components=components, flags=flags))

    async def modal(self, interaction: object, title: str, custom_id: str,
                    components: Components) -> None:
        """Resolve the reply with a modal."""
        if self._expired:
            raise RuntimeError("too late to open a form")
        self._resolve(modal_builder(title, custom_id, components))

    async def choices(self, interaction: hikari.AutocompleteInteraction,
                      choices: Sequence[Choice]) -> None:
        """Resolve the reply with autocomplete choices."""
        if self._expired:
            return
        self._resolve(interaction.build_response(_choices(choices)))

    def _resolve(self, builder: hikari.api.InteractionResponseBuilder) -> None:
        if self.builder.done():
            raise RuntimeError("the interaction was already answered")
        self.builder.set_result(builder)


class ModalBuilder(hikari.impl.InteractionModalBuilder):
    """A modal whose rows serialise as Discord expects (hikari 2.6 puts each row's pair in)."""

    def build(self, entity_factory: Any, /) -> tuple[Any, Sequence[Any]]:
        """The payload, with every row's own payload."""
        payload, attachments = super().build(entity_factory)
        rows = payload["data"]["components"]
        payload["data"]["components"] = [row[0] if isinstance(row, tuple) else row
                                         for row in rows]
        return payload, attachments


def response_builder(response_type: hikari.ResponseType, *,
                     content: hikari.UndefinedOr[str] = hikari.UNDEFINED,
                     embed: hikari.UndefinedOr[hikari.Embed] = hikari.UNDEFINED,
                     components: Components = (),
                     flags: hikari.MessageFlag) -> hikari.api.InteractionResponseBuilder:
    """The builder of an initial response: a message that pings no one, an update, or a deferral."""
    if response_type in _DEFERRALS:
        return hikari.impl.InteractionDeferredBuilder(response_type).set_flags(flags)
    builder = hikari.impl.InteractionMessageBuilder(response_type)
    builder.set_flags(flags).set_mentions_everyone(False)
    builder.set_user_mentions(False).set_role_mentions(False)
    if content is not hikari.UNDEFINED:
        builder.set_content(content)
    if embed is not hikari.UNDEFINED:
        builder.add_embed(embed)
    for component in components:
        builder.add_component(component)
    if response_type is hikari.ResponseType.MESSAGE_UPDATE and not components:
        builder.clear_components()  # the update removes the message's buttons
    return builder


def modal_builder(title: str, custom_id: str, components: Components) -> ModalBuilder:
    """The builder of a modal form."""
    builder = ModalBuilder(title, custom_id)
    for component in components:
        builder.add_component(component)
    return builder


def _choices(choices: Sequence[Choice]) -> list[hikari.api.AutocompleteChoiceBuilder]:
    return [hikari.impl.AutocompleteChoiceBuilder(name, value) for name, value in choices]


class InitialResponses:
    """Which way each initial response goes: over HTTP if the transport registered it, else REST."""

    def __init__(self, callbacks: InteractionCallbacks) -> None:
        self._rest = RestInitialResponse(callbacks)
        self._http: dict[int, HttpInitialResponse] = {}

    def expect_http(self, interaction_id: int) -> HttpInitialResponse:
        """Answer this interaction in the reply to its POST (until :meth:`release`)."""
        initial = self._http[interaction_id] = HttpInitialResponse()
        return initial

    def release(self, interaction_id: int) -> None:
        """The POST was answered: the interaction is no longer registered."""
        self._http.pop(interaction_id, None)

    def initial_for(self, interaction: hikari.PartialInteraction) -> InitialResponse:
        """The way this interaction's initial response goes."""
        return self._http.get(interaction.id, self._rest)


# A message is classic (content, an embed, rows of buttons) or a card, a Components V2 message
# (flagged IS_COMPONENTS_V2 for good: no content, no embed).
class Responder:
    """Answers one interaction; safe to use from the work and from the deadline watchdog."""

    def __init__(self, interaction: Any, initial: InitialResponse) -> None:
        self.interaction = interaction
        self.received = time.perf_counter()
        """When the interaction arrived, as :func:`time.perf_counter` read it."""
        self._initial = initial
        self._lock = asyncio.Lock()
        self.responded = False
        self.deferred: hikari.ResponseType | None = None
        self.deferred_ephemeral = False

    async def message(
        self,
        content: hikari.UndefinedOr[str] = hikari.UNDEFINED,
        *,
        embed: hikari.UndefinedOr[hikari.Embed] = hikari.UNDEFINED,
        components: Components = (),
        ephemeral: bool = False,
    ) -> None:
        """A new message answering the interaction (or a followup when already answered)."""
        await self._new(content, embed, components, _flags(ephemeral))

    async def card(self, components: Components, *, ephemeral: bool = False) -> None:
        """A new card answering the interaction (a followup if answered already); pings no one."""
        await self._new(hikari.UNDEFINED, hikari.UNDEFINED, require_v2(components),
                        _flags(ephemeral) | V2)

    async def update(
        self,
        content: hikari.UndefinedNoneOr[str] = hikari.UNDEFINED,
        *,
        embed: hikari.UndefinedNoneOr[hikari.Embed] = hikari.UNDEFINED,
        components: Components = (),
    ) -> None:
        """Edit the message the component is on (the initial response of a click)."""
        async with self._lock:
            if self.responded:
                await self.interaction.edit_initial_response(content, embed=embed,
                                                             components=components, **QUIET)
            else:
                await self._initial.create(
                    self.interaction, hikari.ResponseType.MESSAGE_UPDATE,
                    content=hikari.UNDEFINED if content is None else content,
                    embed=hikari.UNDEFINED if embed is None else embed,
                    components=components, flags=hikari.MessageFlag.NONE)
            self.responded = True

    async def update_card(self, components: Components) -> None:
        """Edit the card a component is on (a click's initial response) to show ``components``."""
        # The message must be a card already: a classic message's content or embed would stay.
        require_v2(components)
        async with self._lock:
            if self.responded:
                await self.interaction.edit_initial_response(components=components, **QUIET)
            else:
                await self._initial.create(self.interaction, hikari.ResponseType.MESSAGE_UPDATE,
                                           components=components, flags=V2)
            self.responded = True

    async def followup(self, content: hikari.UndefinedOr[str] = hikari.UNDEFINED, *,
                       embed: hikari.UndefinedOr[hikari.Embed] = hikari.UNDEFINED,
                       components: Components = ()) -> None:
        """A new public message after the initial response."""
        await self.interaction.execute(content, embed=embed, components=components, **QUIET)

    async def file(self, data: bytes, filename: str, *, ephemeral: bool = False,
                   mimetype: str = "application/json") -> None:
        """A followup carrying one file (an export), once the interaction is answered."""
        async with self._lock:
            await self.interaction.execute(
                attachment=hikari.Bytes(data, filename, mimetype=mimetype),
                flags=_flags(ephemeral))

    async def modal(self, title: str, custom_id: str, components: Components) -> None:
        """Open a modal form (the initial response of a click)."""
        async with self._lock:
            await self._initial.modal(self.interaction, title, custom_id, components)
            self.responded = True

    async def choices(self, choices: Sequence[Choice]) -> None:
        """Answer an autocomplete interaction."""
        async with self._lock:
            await self._initial.choices(self.interaction, choices)
            self.responded = True

    async def defer(self, response_type: hikari.ResponseType, *, ephemeral: bool = False) -> None:
        """Acknowledge now and answer later (no-op once answered)."""
        async with self._lock:
            if self.responded:
                return
            await self._initial.create(self.interaction, response_type, flags=_flags(ephemeral))
            self.responded = True
            self.deferred = response_type
            self.deferred_ephemeral = ephemeral

    async def _new(self, content: hikari.UndefinedOr[str],
                   embed: hikari.UndefinedOr[hikari.Embed], components: Components,
                   flags: hikari.MessageFlag) -> None:
        async with self._lock:
            if self.deferred is hikari.ResponseType.DEFERRED_MESSAGE_CREATE:
                self.deferred = None
                await self._replace_deferred(content, embed, components, flags)
            elif self.responded:
                await self.interaction.execute(content, embed=embed, components=components,
                                               flags=flags, **QUIET)
            else:
                await self._initial.create(self.interaction, hikari.ResponseType.MESSAGE_CREATE,
                                           content=content, embed=embed, components=components,
                                           flags=flags)
            self.responded = True

    async def _replace_deferred(self, content: hikari.UndefinedOr[str],
                                embed: hikari.UndefinedOr[hikari.Embed],
                                components: Components, flags: hikari.MessageFlag) -> None:
        if bool(flags & hikari.MessageFlag.EPHEMERAL) == self.deferred_ephemeral:
            await self.interaction.edit_initial_response(content, embed=embed,
                                                         components=components, **QUIET)
            return
        await self.interaction.delete_initial_response()
        await self.interaction.execute(content, embed=embed, components=components,
                                       flags=flags, **QUIET)


def require_v2(components: Components) -> Components:
    """``components`` if one is a V2 component (hikari flags the edit from it); else ValueError."""
    if not any(component.type in hikari.components.COMPONENT_V2_TYPES
               for component in components):
        raise ValueError("a card needs a V2 component (a container, a section, a text display)")
    return components


def _flags(ephemeral: bool) -> hikari.MessageFlag:
    return hikari.MessageFlag.EPHEMERAL if ephemeral else hikari.MessageFlag.NONE
