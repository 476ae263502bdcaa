"""Interaction callbacks (the initial response to an interaction received over the gateway),
POSTed straight to Discord's ``/interactions/{id}/{token}/callback``.

hikari's ``create_interaction_response`` asks Discord for the message it created
(``with_response=true``), parses it into entities and goes through its general REST client
(route buckets, global rate limit). A callback needs none of it: Nazh never reads the created
message, the endpoint needs no authorisation and is not in the global rate limit. The body is
the one hikari's own response builder makes (the HTTP transport sends the same); it is encoded
with orjson and sent on kept-alive connections (:mod:`.kept_alive`: the bytes of the request
written, the response parsed by httptools; a callback with files, a multipart form, goes through
aiohttp's client). On the load benchmark going around hikari's client took the bot's CPU per
answered /roll down by about a fifth and the 99th percentile at 300 rolls a second from
80-160 ms to about 50 ms; going around aiohttp's client session too, another 110 µs or so of CPU
per callback. A refusal raises the same :class:`hikari.HTTPError` subclasses
hikari's client would (``NotFoundError`` for an interaction Discord no longer knows, ...); a
429 is waited out and retried while the answer can still arrive in time.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Sequence
from http import HTTPStatus
from typing import Any, Protocol
from urllib.parse import quote

import aiohttp
import hikari
import orjson
from hikari.internal import data_binding, net

from nazh.adapters.discord.runtime.kept_alive import KeptAliveConnections, Reply
from nazh.adapters.discord.runtime.snowflakes import created_seconds
from nazh.application.admission.gate import check_in_time

log = logging.getLogger(__name__)

ATTEMPTS = 3
"""A callback refused with 429 is tried again at most this many times in all."""
TIMEOUT_SECONDS = 10.0
JSON = {"Content-Type": "application/json"}


class InteractionCallbacks(Protocol):
    """Sends an interaction's initial response, built by hikari's response builder."""

    async def send(self, interaction: object,
                   builder: hikari.api.InteractionResponseBuilder) -> None:
        """POST the response; raises :class:`hikari.HTTPError` when Discord refuses it."""
        ...


class DiscordCallbacks:
    """The ``InteractionCallbacks`` of a running bot: kept-alive connections to ``api_url``
    (opened on the first callback, in the bot's event loop; :meth:`close` at the end), and an
    aiohttp session for the callbacks with files."""

    def __init__(self, api_url: str, *, user_agent: str = "DiscordBot (nazh)",
                 timeout: float = TIMEOUT_SECONDS) -> None:
        self._api_url = api_url.rstrip("/")
        self._form_headers = {"User-Agent": user_agent}
        self._json = KeptAliveConnections(self._api_url, [*JSON.items(),
                                                          ("User-Agent", user_agent)],
                                          timeout=timeout)
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._session: aiohttp.ClientSession | None = None

    async def send(self, interaction: Any, builder: hikari.api.InteractionResponseBuilder) -> None:
        """POST the builder's body as the interaction's callback (with its files, if any: an
        embed's image, as a multipart form like hikari's).

        Raises:
            hikari.HTTPError: Discord refused it (the subclass hikari would raise).
            AnswerTooLateError: rate-limited until past the interaction's deadline.
        """
        payload, attachments = builder.build(interaction.app.entity_factory)
        path = f"/interactions/{int(interaction.id)}/{quote(interaction.token, safe='')}/callback"
        body = orjson.dumps(payload)
        for attempt in range(1, ATTEMPTS + 1):
            if attachments:
                answer = await self._post_form(path, body, attachments)
            else:
                answer = await self._json.post(path, body)
            if answer.status < HTTPStatus.MULTIPLE_CHOICES:
                return
            if answer.status != HTTPStatus.TOO_MANY_REQUESTS or attempt == ATTEMPTS:
                # hikari's mapping reads the status, headers, URL and body, which both have
                raise await net.generate_error_response(answer)  # type: ignore[arg-type]
            wait = await _retry_after(answer)
            log.warning("interaction callback rate-limited: retrying in %.2f s", wait)
            await asyncio.sleep(wait)
            check_in_time(created_seconds(interaction.id))

    async def _post_form(self, path: str, body: bytes,
                         attachments: Sequence[Any]) -> Reply:
        """The callback as a multipart form, with its files, through aiohttp."""
        async with contextlib.AsyncExitStack() as stack:
            form = await _form(body, attachments, stack)
            async with self._open().post(self._api_url + path, data=form,
                                         headers=self._form_headers) as response:
                return Reply(response.status, response.headers, await response.read(),
                             str(response.real_url))
        raise AssertionError("unreachable")  # the block above returns or raises

    def _open(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(timeout=self._timeout)
        return self._session

    async def close(self) -> None:
        """Close the connections (a later callback opens new ones)."""
        self._json.close()
        if self._session is not None:
            await self._session.close()
            self._session = None


async def _form(body: bytes, attachments: Sequence[Any],
                stack: contextlib.AsyncExitStack) -> aiohttp.FormData:
    """The multipart form of a callback with files: ``payload_json``, then ``files[n]``."""
    form = data_binding.URLEncodedFormBuilder()
    form.add_field("payload_json", body, content_type=JSON["Content-Type"])
    for index, attachment in enumerate(attachments):
        form.add_resource(f"files[{index}]", hikari.files.ensure_resource(attachment))
    return await form.build(stack)


async def _retry_after(response: Reply) -> float:
    """Seconds to wait, from a 429's JSON body or its ``Retry-After`` header (at most 5 s)."""
    try:
        body = orjson.loads(await response.read())
        seconds = float(body["retry_after"])
    except (ValueError, KeyError, TypeError):
        try:
            seconds = float(response.headers.get("Retry-After", "1"))
        except ValueError:
            seconds = 1.0
    return min(max(seconds, 0.0), 5.0)
