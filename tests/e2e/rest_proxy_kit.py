"""A stand-in for the shared REST rate-limit proxy (discord-api-proxy in the deployments): it
forwards every ``/api/...`` request to the fake Discord unchanged and answers with Discord's
reply, counting what it forwarded, and answers its health check (``GET /health``) as
discord-api-proxy does; closing it is the proxy dying. :class:`DiscordRest` is the shipped
HAProxy in front of it (``deploy/kubernetes/rest-proxy/discord-rest.cfg``), Discord its
backup."""

from __future__ import annotations

from pathlib import Path
from types import TracebackType
from typing import Self
from urllib.parse import urlsplit

import aiohttp
from aiohttp import web

from tests.e2e.balancer_kit import HAProxy
from tests.local_http import free_port

SHIPPED = Path(__file__).resolve().parents[2] / "deploy/kubernetes/rest-proxy/discord-rest.cfg"

PASSED_ON = ("Authorization", "Content-Type", "User-Agent", "X-Audit-Log-Reason")
ANSWERED_WITH = ("Content-Type", "X-RateLimit-Bucket", "X-RateLimit-Limit",
                 "X-RateLimit-Remaining", "X-RateLimit-Reset", "X-RateLimit-Reset-After",
                 "Retry-After")


class StandInProxy:
    """Forwards ``http://127.0.0.1:PORT/api/...`` to ``discord`` (a ``.../api/v10`` URL's
    origin); ``forwarded`` lists ``METHOD /path`` of each request."""

    def __init__(self, discord_origin: str, port: int | None = None) -> None:
        self._discord = discord_origin.rstrip("/")
        self.port = free_port() if port is None else port
        self.forwarded: list[str] = []
        self._runner: web.AppRunner | None = None
        self._session: aiohttp.ClientSession | None = None

    @property
    def rest_url(self) -> str:
        """What a bot's ``NAZH_DISCORD_API_URL`` names to go through it."""
        return f"http://127.0.0.1:{self.port}/api/v10"

    async def __aenter__(self) -> Self:
        self._session = aiohttp.ClientSession()
        app = web.Application()
        app.router.add_route("*", "/api/{tail:.*}", self._forward)
        app.router.add_get("/health", self._health)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()
        return self

    async def __aexit__(self, kind: type[BaseException] | None, error: BaseException | None,
                        traceback: TracebackType | None) -> None:
        await self.close()

    async def close(self) -> None:
        """Stop answering (its port refuses connections from now on)."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def _health(self, _: web.Request) -> web.Response:
        return web.Response(text="OK")

    async def _forward(self, request: web.Request) -> web.Response:
        assert self._session is not None
        self.forwarded.append(f"{request.method} {request.path}")
        headers = {name: request.headers[name] for name in PASSED_ON if name in request.headers}
        async with self._session.request(request.method, self._discord + request.path_qs,
                                         headers=headers, data=await request.read()) as reply:
            body = await reply.read()
            kept = {name: reply.headers[name] for name in ANSWERED_WITH if name in reply.headers}
            return web.Response(status=reply.status, body=body, headers=kept)


def discord_rest_config(port: int, metrics_port: int, proxy_port: int,
                        discord_origin: str) -> str:
    """The shipped configuration on loopback: the proxy at ``proxy_port``, Discord (the fake,
    plain HTTP) at ``discord_origin``'s port, health checks every 500 ms."""
    discord_port = urlsplit(discord_origin).port
    text = SHIPPED.read_text()
    changes = {
        "bind :8080": f"bind 127.0.0.1:{port}",
        "bind :8405": f"bind 127.0.0.1:{metrics_port}",
        '"${DISCORD_API_PROXY_HOST-discord-api-proxy}:8080"': f"127.0.0.1:{proxy_port}",
        "discord.com:443 backup ssl verify required ca-file @system-ca sni str(discord.com)":
            f"127.0.0.1:{discord_port} backup",
        "inter 2s": "inter 500ms",
    }
    for shipped, local in changes.items():
        assert shipped in text, f"{SHIPPED.name} no longer has {shipped!r}"
        text = text.replace(shipped, local)
    return text


class DiscordRest(HAProxy):
    """The shipped HAProxy in front of ``proxy`` with ``discord_origin`` as its backup."""

    READY = "HAProxy sending REST to the proxy"

    def __init__(self, directory: Path, proxy: StandInProxy, discord_origin: str) -> None:
        self.port, self.metrics_port = free_port(), free_port()
        super().__init__(directory / "discord-rest.cfg", discord_rest_config(
            self.port, self.metrics_port, proxy.port, discord_origin))

    @property
    def rest_url(self) -> str:
        """What a bot's ``NAZH_DISCORD_API_URL`` names."""
        return f"http://127.0.0.1:{self.port}/api/v10"

    async def metrics(self) -> dict[str, float]:
        """HAProxy's own figures for the ``discord_rest`` backend, by metric name."""
        async with aiohttp.ClientSession() as session, session.get(
                f"http://127.0.0.1:{self.metrics_port}/metrics") as response:
            text = await response.text()
        found: dict[str, float] = {}
        for line in text.splitlines():
            if line.startswith("haproxy_backend_") and 'proxy="discord_rest"' in line:
                name, value = line.split("{", 1)[0], line.rsplit(" ", 1)[1]
                found[name] = float(value)
        return found

    async def active_servers(self, count: int) -> bool:
        """The backend has ``count`` servers in rotation (the proxy up: 1)."""
        self._running()
        try:
            return (await self.metrics()).get("haproxy_backend_active_servers") == count
        except aiohttp.ClientError:
            return False

    async def _ready(self) -> bool:
        return await self.active_servers(1)
