"""The REST client's way around the shared rate-limit proxy: hikari's real client against two
local servers, one standing for the proxy and one for Discord, each answering who it is."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager

import hikari
import pytest
from aiohttp import web

from nazh.adapters.discord.runtime.rest_proxy import RETRY_SECONDS, RestProxy
from tests.local_http import free_port, local_server

TOKEN = "MTAw.proxy.token"


def answering_as(name: str, seen: list[str]) -> web.RouteDef:
    async def me(request: web.Request) -> web.Response:
        seen.append(f"{request.method} {request.path}")
        return web.json_response({"id": "100", "username": name, "discriminator": "0000",
                                  "avatar": None, "bot": True, "mfa_enabled": False,
                                  "verified": True, "flags": 0, "locale": "en-US"})
    return web.get("/api/v10/users/@me", me)


@asynccontextmanager
async def proxy_on(port: int, seen: list[str]) -> AsyncIterator[None]:
    """The stand-in proxy on ``port`` (so it can come back at the same address)."""
    app = web.Application()
    app.add_routes([answering_as("via-proxy", seen)])
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        yield
    finally:
        await runner.cleanup()


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@asynccontextmanager
async def client_through(proxy: RestProxy) -> AsyncIterator[hikari.impl.RESTClientImpl]:
    app = hikari.RESTApp(url=proxy.url)
    await app.start()
    try:
        async with app.acquire(TOKEN, hikari.TokenType.BOT) as client:
            proxy.install(client)
            yield client
    finally:
        await app.close()


async def who(client: hikari.impl.RESTClientImpl) -> str:
    return (await client.fetch_my_user()).username


async def test_requests_go_through_the_proxy_while_it_answers() -> None:
    seen: list[str] = []
    port = free_port()
    async with local_server(answering_as("direct", [])) as discord, proxy_on(port, seen):
        proxy = RestProxy(f"http://127.0.0.1:{port}/api/v10", f"{discord}/api/v10")
        async with client_through(proxy) as client:
            assert [await who(client), await who(client)] == ["via-proxy", "via-proxy"]
    assert seen == ["GET /api/v10/users/@me"] * 2
    assert (proxy.up, proxy.direct_requests) == (True, 0)


async def test_a_proxy_down_sends_requests_straight_to_discord_and_says_so_once(
        caplog: pytest.LogCaptureFixture) -> None:
    direct: list[str] = []
    port = free_port()
    async with AsyncExitStack() as stack:
        discord = await stack.enter_async_context(local_server(answering_as("direct", direct)))
        proxy = RestProxy(f"http://127.0.0.1:{port}/api/v10/", f"{discord}/api/v10",
                          clock=Clock())
        client = await stack.enter_async_context(client_through(proxy))
        async with proxy_on(port, []):
            assert await who(client) == "via-proxy"
        with caplog.at_level(logging.WARNING):
            answers = [await who(client) for _ in range(3)]
    assert answers == ["direct"] * 3  # the first at once, without hikari's back-off
    assert direct == ["GET /api/v10/users/@me"] * 3
    assert (proxy.up, proxy.direct_requests) == (False, 3)
    [line] = [r.getMessage() for r in caplog.records if "REST proxy" in r.getMessage()]
    assert line == (f"the Discord REST proxy at http://127.0.0.1:{port}/api/v10 cannot be "
                    f"reached (ClientConnectorError): REST requests go straight to "
                    f"{discord}/api/v10, rate-limited by this process alone, until it answers "
                    "again")


async def test_one_request_tries_the_proxy_again_after_a_while_and_it_is_used_once_back(
        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING)
    clock = Clock()
    port = free_port()
    seen: list[str] = []
    async with local_server(answering_as("direct", [])) as discord:
        proxy = RestProxy(f"http://127.0.0.1:{port}/api/v10", f"{discord}/api/v10",
                          clock=clock)
        async with client_through(proxy) as client:
            assert await who(client) == "direct"  # never up: lost at the first request
            clock.now += RETRY_SECONDS - 1
            assert await who(client) == "direct"  # not tried again yet
            clock.now += 1
            assert await who(client) == "direct"  # tried, still down: straight on
            assert proxy.direct_requests == 3
            clock.now += RETRY_SECONDS
            async with proxy_on(port, seen):
                assert [await who(client), await who(client)] == ["via-proxy"] * 2
    assert (proxy.up, proxy.direct_requests, len(seen)) == (True, 3, 2)
    said = [r.getMessage() for r in caplog.records if "REST proxy" in r.getMessage()]
    assert len(said) == 2  # lost once, back once
    assert said[1] == (f"the Discord REST proxy at http://127.0.0.1:{port}/api/v10 answers "
                       "again: REST requests go through it")


async def test_without_a_fallback_nothing_is_rerouted() -> None:
    port = free_port()
    proxy = RestProxy(f"http://127.0.0.1:{port}/api/v10", None)
    same = RestProxy("http://127.0.0.1:9/api/v10", "http://127.0.0.1:9/api/v10/")
    assert (proxy.enabled, same.enabled) == (False, False)
    assert proxy.direct_url == f"http://127.0.0.1:{port}/api/v10"
    app = hikari.RESTApp(url=proxy.url, max_retries=0)
    await app.start()
    try:
        async with app.acquire(TOKEN, hikari.TokenType.BOT) as client:
            proxy.install(client)
            with pytest.raises(hikari.HTTPError):
                await client.fetch_my_user()
    finally:
        await app.close()
    assert (proxy.up, proxy.direct_requests) == (True, 0)


def test_a_url_outside_the_proxy_is_left_alone() -> None:
    proxy = RestProxy("http://proxy:8080/api/v10", "https://discord.com/api/v10")
    proxy.lost(ConnectionRefusedError())
    assert proxy.target("https://cdn.example/file.png") == "https://cdn.example/file.png"
    assert proxy.target("http://proxy:8080/api/v10/users/@me") == (
        "https://discord.com/api/v10/users/@me")
