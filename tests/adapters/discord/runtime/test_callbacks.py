"""Interaction callbacks POSTed to Discord's API through aiohttp: the body, the files, the
errors, the rate limit, the connection kept and the timeout, against a local HTTP server that
answers as Discord does."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any

import aiohttp
import hikari
import pytest
from aiohttp import BodyPartReader, web

from nazh.adapters.discord.runtime.callbacks import ATTEMPTS, DiscordCallbacks
from nazh.adapters.discord.runtime.responder import response_builder
from nazh.application.admission.gate import AnswerTooLateError
from tests.local_http import free_port, local_server

TOKEN = "aW50ZXJhY3Rpb24.token"


@dataclass
class Received:
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    peer: object
    json: Any = None
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)


@dataclass
class Discord:
    """Answers each callback with the next of ``answers`` (status, JSON body or a page's
    text), then 204."""

    answers: list[tuple[int, object]] = field(default_factory=list)
    received: list[Received] = field(default_factory=list)
    hold: asyncio.Event | None = None
    """When given, each answer waits for it."""
    cookie: str | None = None
    """When given, each answer sets it (as Cloudflare, in front of Discord's API, does)."""

    async def callback(self, request: web.Request) -> web.Response:
        transport = request.transport
        seen = Received(request.path, dict(request.query), dict(request.headers),
                        None if transport is None else transport.get_extra_info("peername"))
        if request.content_type == "application/json":
            seen.json = await request.json()
        else:
            async for part in await request.multipart():
                assert isinstance(part, BodyPartReader)
                if part.name == "payload_json":
                    seen.json = json.loads(await part.read())
                else:
                    seen.files[part.name or ""] = (part.filename or "", bytes(await part.read()))
        self.received.append(seen)
        if self.hold is not None:
            await self.hold.wait()
        if not self.answers:
            answer = web.Response(status=204)
        else:
            status, body = self.answers.pop(0)
            answer = (web.Response(text=body, status=status, content_type="text/html")
                      if isinstance(body, str) else web.json_response(body, status=status))
        if self.cookie is not None:
            answer.set_cookie("__cfruid", self.cookie, path="/", httponly=True)
        return answer


@pytest.fixture
async def discord() -> AsyncIterator[tuple[Discord, str]]:
    fake = Discord()
    route = web.post("/api/v10/interactions/{id}/{token}/callback", fake.callback)
    async with local_server(route) as base:
        yield fake, f"{base}/api/v10"


def interaction(age: float = 0.0) -> object:
    app = SimpleNamespace()
    app.entity_factory = hikari.impl.EntityFactoryImpl(app)
    created = datetime.now(UTC) - timedelta(seconds=age)
    return SimpleNamespace(id=hikari.Snowflake.from_datetime(created), token=TOKEN, app=app,
                           created_at=created)


def message(content: str = "hi", **kwargs: Any) -> hikari.api.InteractionResponseBuilder:
    return response_builder(hikari.ResponseType.MESSAGE_CREATE, content=content,
                 flags=hikari.MessageFlag.EPHEMERAL, **kwargs)


async def sent(discord: tuple[Discord, str],
               builder: hikari.api.InteractionResponseBuilder,
               age: float = 0.0) -> list[Received]:
    fake, url = discord
    callbacks = DiscordCallbacks(url, user_agent="DiscordBot (nazh, test)")
    try:
        await callbacks.send(interaction(age), builder)
    finally:
        await callbacks.close()
    return fake.received


async def test_a_message_is_posted_as_json_without_asking_for_the_message_back(
        discord: tuple[Discord, str]) -> None:
    (seen,) = await sent(discord, message("hello"))
    assert seen.path.startswith("/api/v10/interactions/")
    assert seen.path.endswith(f"/{TOKEN}/callback")
    assert seen.query == {}  # no with_response: Discord answers 204 and nothing is parsed
    assert seen.headers["User-Agent"] == "DiscordBot (nazh, test)"
    assert "Authorization" not in seen.headers
    assert seen.json == {"type": 4, "data": {"content": "hello", "flags": 64,
                                             "allowed_mentions": {"parse": []}}}


async def test_a_deferral_and_an_update_carry_their_types(discord: tuple[Discord, str]) -> None:
    fake, _ = discord
    await sent(discord, response_builder(hikari.ResponseType.DEFERRED_MESSAGE_CREATE,
                              flags=hikari.MessageFlag.EPHEMERAL))
    await sent(discord, response_builder(hikari.ResponseType.MESSAGE_UPDATE, content="new",
                              flags=hikari.MessageFlag.NONE))
    deferral, update = (seen.json for seen in fake.received)
    assert deferral == {"type": 5, "data": {"flags": 64}}
    assert update["type"] == 7
    assert update["data"]["content"] == "new"
    assert "components" in update["data"]  # an update without buttons removes them:
    assert update["data"]["components"] is None  # null, as the HTTP transport has always sent


async def test_an_embed_image_goes_as_a_file_of_a_multipart_form(
        discord: tuple[Discord, str]) -> None:
    embed = hikari.Embed(title="odds").set_image(hikari.Bytes(b"\x89PNG chart", "odds.png"))
    (seen,) = await sent(discord, message("chart", embed=embed))
    assert seen.json["data"]["embeds"] == [{"title": "odds",
                                            "image": {"url": "attachment://odds.png"}}]
    assert seen.files == {"files[0]": ("odds.png", b"\x89PNG chart")}


@pytest.mark.parametrize(("status", "error"), [
    (404, hikari.NotFoundError), (400, hikari.BadRequestError), (401, hikari.UnauthorizedError),
    (403, hikari.ForbiddenError), (409, hikari.ClientHTTPResponseError),
    (500, hikari.InternalServerError), (502, hikari.InternalServerError)])
async def test_a_refusal_raises_what_hikari_would(
        discord: tuple[Discord, str], status: int,
        error: type[hikari.HTTPResponseError]) -> None:
    fake, _ = discord
    fake.answers.append((status, {"message": "Unknown interaction", "code": 10062}))
    with pytest.raises(error) as raised:
        await sent(discord, message())
    assert type(raised.value) is error
    assert raised.value.status == status
    assert (raised.value.message, raised.value.code) == ("Unknown interaction", 10062)
    assert raised.value.url.endswith("/callback")
    assert len(fake.received) == 1


async def test_a_refusal_without_json_is_still_hikaris_error(
        discord: tuple[Discord, str]) -> None:
    fake, _ = discord
    fake.answers.append((502, "<html><body>502 Bad Gateway</body></html>"))
    with pytest.raises(hikari.InternalServerError) as raised:
        await sent(discord, message())
    assert (raised.value.status, raised.value.message, raised.value.code) == (502, "", 0)
    assert raised.value.raw_body == b"<html><body>502 Bad Gateway</body></html>"


async def test_a_refusal_with_a_code_that_is_not_discords_is_still_hikaris_error(
        discord: tuple[Discord, str]) -> None:
    fake, _ = discord
    fake.answers.append((503, {"message": "upstream overloaded", "code": "overloaded"}))
    with pytest.raises(hikari.InternalServerError) as raised:
        await sent(discord, message())
    assert (raised.value.status, raised.value.message, raised.value.code) == (
        503, "upstream overloaded", 0)


async def test_a_bad_request_carries_discords_errors_by_field(
        discord: tuple[Discord, str]) -> None:
    fake, _ = discord
    errors = {"data": {"content": {"_errors": [{"code": "BASE_TYPE_MAX_LENGTH",
                                                 "message": "Must be 2000 or fewer in length."}]}}}
    fake.answers.append((400, {"message": "Invalid Form Body", "code": 50035, "errors": errors}))
    with pytest.raises(hikari.BadRequestError) as raised:
        await sent(discord, message())
    assert raised.value.errors == errors
    assert "Must be 2000 or fewer in length." in str(raised.value)


async def test_a_rate_limit_is_waited_out_and_the_callback_sent_again(
        discord: tuple[Discord, str]) -> None:
    fake, _ = discord
    fake.answers.append((429, {"message": "You are being rate limited.", "retry_after": 0.05,
                               "global": False}))
    embed = hikari.Embed(title="odds").set_image(hikari.Bytes(b"png", "odds.png"))
    received = await sent(discord, message("again", embed=embed))
    assert [seen.json["data"]["content"] for seen in received] == ["again", "again"]
    assert [seen.files for seen in received] == [{"files[0]": ("odds.png", b"png")}] * 2


async def test_a_rate_limit_that_does_not_end_is_an_error(discord: tuple[Discord, str]) -> None:
    fake, _ = discord
    fake.answers.extend([(429, {"retry_after": 0.01})] * ATTEMPTS)
    with pytest.raises(hikari.ClientHTTPResponseError) as raised:
        await sent(discord, message())
    assert raised.value.status == 429
    assert len(fake.received) == ATTEMPTS


async def test_no_retry_is_sent_once_it_would_arrive_after_the_deadline(
        discord: tuple[Discord, str]) -> None:
    fake, _ = discord
    fake.answers.append((429, {"retry_after": 0.3}))
    with pytest.raises(AnswerTooLateError):
        await sent(discord, message(), age=2.6)
    assert len(fake.received) == 1


async def test_the_pool_is_reopened_after_close(discord: tuple[Discord, str]) -> None:
    fake, url = discord
    callbacks = DiscordCallbacks(url)
    send: Callable[[], Any] = lambda: callbacks.send(interaction(), message())  # noqa: E731
    await send()
    await callbacks.close()
    await send()
    await callbacks.close()
    await asyncio.sleep(0)
    assert len(fake.received) == 2


async def test_callbacks_one_after_the_other_share_one_connection(
        discord: tuple[Discord, str]) -> None:
    fake, url = discord
    callbacks = DiscordCallbacks(url)
    try:
        for _ in range(3):
            await callbacks.send(interaction(), message())
    finally:
        await callbacks.close()
    assert len({seen.peer for seen in fake.received}) == 1  # kept alive, not one per answer


async def test_the_cookies_discords_answers_set_are_never_sent_back(
        discord: tuple[Discord, str]) -> None:
    fake, url = discord
    fake.cookie = "a1b2c3"
    # by a host's name: a cookie jar keeps no cookie of a bare IP address
    callbacks = DiscordCallbacks(url.replace("127.0.0.1", "localhost"))
    try:
        for _ in range(2):
            await callbacks.send(interaction(), message())
    finally:
        await callbacks.close()
    assert [seen.headers.get("Cookie") for seen in fake.received] == [None, None]


async def test_a_discord_that_never_answers_times_out(discord: tuple[Discord, str]) -> None:
    fake, url = discord
    fake.hold = asyncio.Event()
    callbacks = DiscordCallbacks(url, timeout=0.2)
    try:
        with pytest.raises(TimeoutError):
            await callbacks.send(interaction(), message())
    finally:
        fake.hold.set()
        await callbacks.close()
    assert len(fake.received) == 1  # sent once, not again after the timeout


async def test_nothing_listening_is_a_connection_error() -> None:
    callbacks = DiscordCallbacks(f"http://127.0.0.1:{free_port()}/api/v10")
    try:
        with pytest.raises(aiohttp.ClientConnectorError):  # an OSError
            await callbacks.send(interaction(), message())
    finally:
        await callbacks.close()
