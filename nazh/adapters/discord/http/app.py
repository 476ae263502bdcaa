"""The HTTP transport: Discord POSTs each interaction to ``/interactions``, hikari reads it."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncGenerator, Sequence
from dataclasses import dataclass
from typing import Any, cast

import hikari
from aiohttp import BytesPayload, MultipartWriter, web

from nazh.adapters.discord.http.endpoint import Delivered
from nazh.adapters.discord.runtime.commands_client import command_client
from nazh.adapters.discord.runtime.core import HTTP_SETTINGS, DiscordCore
from nazh.adapters.discord.runtime.forms import SubmittedForm, read_forms
from nazh.adapters.discord.runtime.responder import InitialResponses
from nazh.adapters.discord.runtime.snowflakes import created_seconds
from nazh.adapters.discord.runtime.startup import explained
from nazh.application.admission.gate import BUSY, SEND_MARGIN_SECONDS, Admission, time_left
from nazh.application.admission.once import HandledOnce, KeptAnswer
from nazh.application.status.health import GatewaySnapshot

log = logging.getLogger(__name__)

ANSWER_WITHIN_SECONDS = 2.7
"""How long a POST's reply waits for the answer (Discord allows 3 s; the wrapper defers at 2 s)."""
INTERACTION_TYPES = (hikari.CommandInteraction, hikari.AutocompleteInteraction,
                     hikari.ComponentInteraction, hikari.ModalInteraction, SubmittedForm)
"""hikari's listeners go by the exact type: a submit read by ``read_forms`` is a SubmittedForm."""


@dataclass(frozen=True, slots=True)
class HttpConfig:
    """What the HTTP transport needs."""

    token: str
    public_key: str
    api_url: str
    dev_guilds: Sequence[int] = ()
    drain_timeout: float = 10.0
    answer_within: float = ANSWER_WITHIN_SECONDS


class HttpApp:
    """The bot over HTTP: register the commands, answer each POSTed interaction, stop cleanly."""

    def __init__(self, config: HttpConfig, core: DiscordCore, replies: InitialResponses,
                 admission: Admission, once: HandledOnce) -> None:
        self.config = config
        self._core = core
        self._replies = replies
        self._admission = admission
        self._once = once
        self._answer_within = config.answer_within
        self._started = False
        self.application_id: int | None = None
        """Nazh's application id, fetched at start: interactions for another are refused."""
        self.bot = hikari.RESTBot(config.token, "Bot", public_key=config.public_key,
                                  rest_url=config.api_url, logs=None, banner=None,
                                  http_settings=HTTP_SETTINGS,
                                  suppress_optimization_warning=True)
        read_forms(self.bot.entity_factory)  # a submit's Labels, uploads and checkboxes
        self.client = command_client(self.bot, config.dev_guilds)
        server = self.bot.interaction_server
        for kind in INTERACTION_TYPES:  # the core decides who handles what
            server.set_listener(kind, self._answer, replace=True)  # type: ignore[arg-type]

    @property
    def _rest(self) -> hikari.impl.RESTClientImpl:
        return cast("hikari.impl.RESTClientImpl", self.bot.rest)

    @property
    def ready(self) -> bool:
        """The commands are registered and interactions are taken."""
        return self._started and self._admission.open

    @property
    def probe(self) -> HttpApp:
        """What ``/readyz`` and the status page read in this mode: the app itself."""
        return self

    def snapshot(self) -> GatewaySnapshot:
        """Readiness for ``/readyz`` (no gateway, no shards, no latency in this mode)."""
        return GatewaySnapshot(ready=self.ready)

    async def start(self) -> None:
        """Start the REST client and register the commands (else DiscordUnavailableError)."""
        self._rest.start()  # the REST client only: the sidecar takes the POSTs
        await self._core.attach(self.client)
        try:
            application = await self._rest.fetch_application()
            await self.client.start()
        except hikari.HTTPError as error:
            await self._rest.close()
            raise explained(error, self.config.api_url) from None
        except asyncio.CancelledError:  # stopped while Discord was retried
            await self._rest.close()
            raise
        self.application_id = int(application.id)
        self._started = True

    async def stop(self) -> None:
        """Refuse new interactions, let those in flight finish (bounded), close the client."""
        self._admission.close()
        if not await self._admission.drain(self.config.drain_timeout):
            log.warning("stopping with %d interaction(s) still in flight",
                        self._admission.in_flight)
        await self._core.close()
        if self._started:
            await self.client.stop()
            await self._rest.close()
            self._started = False

    async def dispatch(self, body: bytes, signature: str, timestamp: str,
                       delivered: Delivered) -> web.Response:
        """Answer one verified POST, once; a later POST of it gets the same reply (or 409)."""
        async def answer() -> KeptAnswer:
            return await kept_answer(await self.bot.interaction_server.on_interaction(
                body, bytes.fromhex(signature), timestamp.encode()))

        if delivered.autocomplete:
            kept: KeptAnswer | None = await answer()
        else:
            # Each id is handled once: the first reply is kept 15 minutes and resent byte for byte
            # to a replay or Discord's retry, which runs nothing; one arriving meanwhile waits for
            # it (409 if none comes in time); a failed first handling (500) releases the id.
            # Autocomplete changes nothing and is answered every time.
            interaction_id = delivered.interaction_id
            created = created_seconds(interaction_id)
            wait = min(self._answer_within, time_left(created) - SEND_MARGIN_SECONDS)
            kept = await self._once.answered(interaction_id, answer, wait=wait)
        if kept is None:
            return web.Response(status=409, text="interaction already being handled")
        return web.Response(status=kept.status, body=kept.body,
                            headers={"Content-Type": kept.content_type})

    async def _answer(self, interaction: hikari.PartialInteraction,
                      ) -> AsyncGenerator[hikari.api.InteractionResponseBuilder, None]:
        initial = self._replies.expect_http(interaction.id)
        work = asyncio.ensure_future(self._core.handle(interaction))
        try:
            waiting = asyncio.shield(initial.builder)
            pending: set[asyncio.Future[Any]] = {waiting, work}
            await asyncio.wait(pending, timeout=self._answer_within,
                               return_when=asyncio.FIRST_COMPLETED)
            # the answer itself, not its shield: a shield completes a loop turn after what it
            # guards, so an answer set just as the wait timed out would be deferred over
            if initial.builder.done():
                reply = initial.builder.result()
            elif work.done():  # handled without an answer: admission shed it, or it failed
                work.result()  # a failure raises: no reply (500), and the id is released
                reply = initial.shed(interaction, BUSY)
            else:
                log.warning("no answer within %.1f s; deferring", self._answer_within)
                reply = initial.expire(interaction)
        finally:
            self._replies.release(interaction.id)
        yield reply
        await work


async def kept_answer(response: hikari.api.Response) -> KeptAnswer:
    """hikari's description of the reply, as sent (multipart with files)."""
    if not response.files:
        content_type = response.content_type or "text/plain"
        if response.charset:
            content_type += f"; charset={response.charset}"
        return KeptAnswer(response.status_code, content_type, response.payload or b"")
    multipart = MultipartWriter("form-data")
    if response.payload:
        part = BytesPayload(response.payload, content_type="application/json")
        part.set_content_disposition("form-data", name="payload_json")
        multipart.append_payload(part)
    for index, resource in enumerate(response.files):
        data = await resource.read()
        part = BytesPayload(data, content_type=_mimetype(resource))
        part.set_content_disposition("form-data", name=f"files[{index}]",
                                     filename=resource.filename)
        multipart.append_payload(part)
    return KeptAnswer(response.status_code, multipart.content_type, await multipart.as_bytes())


def _mimetype(resource: hikari.files.Resource[hikari.files.AsyncReader]) -> str:
    return getattr(resource, "mimetype", None) or "application/octet-stream"
