"""Interaction callbacks over the gateway, POSTed to Discord through aiohttp's client session."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
from collections.abc import Sequence
from http import HTTPStatus
from typing import Any, Protocol
from urllib.parse import quote

import aiohttp
import hikari
import orjson
import yarl

from nazh.adapters.discord.runtime.snowflakes import created_seconds
from nazh.application.admission.gate import check_in_time

log = logging.getLogger(__name__)

ATTEMPTS = 3
"""A callback refused with 429 is tried again at most this many times in all."""
TIMEOUT_SECONDS = 10.0
JSON = {"Content-Type": "application/json"}
OCTET_STREAM = "application/octet-stream"
Attachments = Sequence[hikari.files.Resource[hikari.files.AsyncReader]]
URL_SAFE = re.compile(r"[A-Za-z0-9_.~-]*")
"""What a path segment holds unquoted (an interaction's token is made of these)."""


class InteractionCallbacks(Protocol):
    """Sends an interaction's initial response, built by hikari's response builder."""

    async def send(self, interaction: object,
                   builder: hikari.api.InteractionResponseBuilder) -> None:
        """POST the response; raises :class:`hikari.HTTPError` when Discord refuses it."""
        ...


# hikari's create_interaction_response asks for the created message back, parses it, and retries a
# 429 or 5xx on its own schedule however late. A callback needs none of it: the body is hikari's
# builder's (as the HTTP transport sends), a refusal raises hikari's own HTTPError subclass, and a
# 429 is retried only while the answer can still arrive in time.
class DiscordCallbacks:
    """The ``InteractionCallbacks`` of a running bot: one aiohttp session, opened on first use."""

    def __init__(self, api_url: str, *, user_agent: str = "DiscordBot (nazh)",
                 timeout: float = TIMEOUT_SECONDS) -> None:
        self._api_url = api_url.rstrip("/")
        self._form_headers = {"User-Agent": user_agent}
        self._json_headers = {**JSON, "User-Agent": user_agent}
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._session: aiohttp.ClientSession | None = None

    async def send(self, interaction: Any, builder: hikari.api.InteractionResponseBuilder) -> None:
        """POST the builder's body (a multipart form with its files, if any) as the callback."""
        payload, attachments = builder.build(interaction.app.entity_factory)
        token = interaction.token
        if not URL_SAFE.fullmatch(token):
            token = quote(token, safe="")
        # quoted here: yarl need not encode it again
        url = yarl.URL(f"{self._api_url}/interactions/{int(interaction.id)}/{token}/callback",
                       encoded=True)
        body = orjson.dumps(payload)
        for attempt in range(1, ATTEMPTS + 1):
            wait = await self._post(url, body, attachments, last=attempt == ATTEMPTS)
            if wait is None:
                return
            log.warning("interaction callback rate-limited: retrying in %.2f s", wait)
            await asyncio.sleep(wait)
            check_in_time(created_seconds(interaction.id))

    async def _post(self, url: yarl.URL, body: bytes, attachments: Attachments, *,
                    last: bool) -> float | None:
        """One POST: ``None`` once taken, else the seconds to wait before the next (a 429)."""
        if not attachments:  # most callbacks: no files to open and close
            return await self._sent(url, body, self._json_headers, last=last)
        async with contextlib.AsyncExitStack() as stack:
            form = await _form(body, attachments, stack)
            return await self._sent(url, form, self._form_headers, last=last)

    async def _sent(self, url: yarl.URL, data: object, headers: dict[str, str], *,
                    last: bool) -> float | None:
        async with self._open().post(url, data=data, headers=headers) as response:
            if response.status < HTTPStatus.MULTIPLE_CHOICES:
                await response.read()
                return None
            if response.status != HTTPStatus.TOO_MANY_REQUESTS or last:
                raise await _refusal(response)
            return await _retry_after(response)

    def _open(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            # Discord's answers set Cloudflare's cookies, which a bot never needs back: kept in
            # the default jar, each would be parsed, stored and matched against every callback
            self._session = aiohttp.ClientSession(timeout=self._timeout,
                                                  cookie_jar=aiohttp.DummyCookieJar())
        return self._session

    async def close(self) -> None:
        """Close the session (a later callback opens a new one)."""
        if self._session is not None:
            await self._session.close()
            self._session = None


async def _form(body: bytes, attachments: Attachments,
                stack: contextlib.AsyncExitStack) -> aiohttp.FormData:
    """The multipart form of a callback with files: ``payload_json``, then ``files[n]``."""
    form = aiohttp.FormData()
    form.add_field("payload_json", aiohttp.BytesPayload(body),
                   content_type=JSON["Content-Type"])
    for index, attachment in enumerate(attachments):
        resource = hikari.files.ensure_resource(attachment)
        stream = await stack.enter_async_context(resource.stream())
        form.add_field(f"files[{index}]", stream, filename=stream.filename,
                       content_type=stream.mimetype or OCTET_STREAM)
    return form


async def _refusal(response: aiohttp.ClientResponse) -> hikari.HTTPResponseError:
    """hikari's own error for a refused request, as its REST client raises it."""
    url, headers, raw = str(response.real_url), response.headers, await response.read()
    message, code, errors = "", 0, None
    try:
        body = orjson.loads(raw)
    except orjson.JSONDecodeError:
        body = None
    if isinstance(body, dict):
        message = str(body.get("message", ""))
        # a proxy in front of Discord may answer with a code of its own that is not a number
        code = body["code"] if type(body.get("code")) is int else 0
        errors = body.get("errors") if isinstance(body.get("errors"), dict) else None
    match response.status:
        case HTTPStatus.BAD_REQUEST:
            return hikari.BadRequestError(url, headers, raw, message, code, errors=errors)
        case HTTPStatus.UNAUTHORIZED:
            return hikari.UnauthorizedError(url, headers, raw, message, code)
        case HTTPStatus.FORBIDDEN:
            return hikari.ForbiddenError(url, headers, raw, message, code)
        case HTTPStatus.NOT_FOUND:
            return hikari.NotFoundError(url, headers, raw, message, code)
    try:
        status: HTTPStatus | int = HTTPStatus(response.status)
    except ValueError:
        status = response.status
    kind: type[hikari.HTTPResponseError] = hikari.HTTPResponseError
    if 400 <= status < 500:
        kind = hikari.ClientHTTPResponseError
    elif 500 <= status < 600:
        kind = hikari.InternalServerError
    return kind(url, status, headers, raw, message, code)


async def _retry_after(response: aiohttp.ClientResponse) -> float:
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
