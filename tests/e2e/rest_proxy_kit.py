"""A stand-in for the shared REST rate-limit proxy (discord-api-proxy in the deployments): it
forwards every ``/api/...`` request to the fake Discord unchanged and answers with Discord's
reply, counting what it forwarded; closing it is the proxy dying."""

from __future__ import annotations

from types import TracebackType
from typing import Self

import aiohttp
from aiohttp import web

from tests.local_http import free_port

PASSED_ON = ("Authorization", "Content-Type", "User-Agent", "X-Audit-Log-Reason")
ANSWERED_WITH = ("Content-Type", "X-RateLimit-Bucket", "X-RateLimit-Limit",
                 "X-RateLimit-Remaining", "X-RateLimit-Reset", "X-RateLimit-Reset-After",
                 "Retry-After")


class StandInProxy:
    """Forwards ``http://127.0.0.1:PORT/api/...`` to ``discord`` (a ``.../api/v10`` URL's
    origin); ``forwarded`` lists ``METHOD /path`` of each request."""

    def __init__(self, discord_origin: str) -> None:
        self._discord = discord_origin.rstrip("/")
        self.port = free_port()
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

    async def _forward(self, request: web.Request) -> web.Response:
        assert self._session is not None
        self.forwarded.append(f"{request.method} {request.path}")
        headers = {name: request.headers[name] for name in PASSED_ON if name in request.headers}
        async with self._session.request(request.method, self._discord + request.path_qs,
                                         headers=headers, data=await request.read()) as reply:
            body = await reply.read()
            kept = {name: reply.headers[name] for name in ANSWERED_WITH if name in reply.headers}
            return web.Response(status=reply.status, body=body, headers=kept)
