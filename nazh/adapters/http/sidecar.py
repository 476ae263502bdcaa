"""The health and dashboard sidecar: aiohttp on the bot's own event loop (no thread).

``/metrics`` (Prometheus), ``/healthz`` (the process serves), ``/readyz`` (200 only while the
service is ready: the gateway connected, or the HTTP transport taking interactions),
``/api/status`` (JSON), ``/`` (a self-refreshing page), and the routes the composition root
adds (``POST /interactions`` in ``nazh serve``), all on one port.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from importlib import resources
from typing import Any

from aiohttp import web
from prometheus_client import CollectorRegistry
from prometheus_client.aiohttp import make_aiohttp_handler

from nazh.application.ports import GatewayProbe

log = logging.getLogger(__name__)

StatusSource = Callable[[], dict[str, Any]]
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
Route = tuple[str, str, Handler]
"""An extra route served on the same port: (method, path, handler)."""


class Sidecar:
    """The HTTP sidecar; ``start`` binds, ``stop`` closes. ``port`` 0 picks a free port."""

    def __init__(self, host: str, port: int, registry: CollectorRegistry,
                 probe: GatewayProbe, status: StatusSource, routes: Sequence[Route] = ()) -> None:
        self.host = host
        self.port = port
        self._probe = probe
        self._status = status
        self._page = resources.files(__package__).joinpath("static/dashboard.html").read_text(
            encoding="utf-8")
        app = web.Application()
        app.router.add_get("/", self._dashboard)
        app.router.add_get("/healthz", self._healthz)
        app.router.add_get("/readyz", self._readyz)
        app.router.add_get("/api/status", self._api_status)
        app.router.add_get("/metrics", make_aiohttp_handler(registry))
        for method, path, handler in routes:
            app.router.add_route(method, path, handler)
        self._runner = web.AppRunner(app, access_log=None)

    @property
    def url(self) -> str:
        """The base URL, once started."""
        return f"http://{self.host}:{self.port}"

    async def start(self) -> None:
        """Listen."""
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        if self.port == 0:
            self.port = int(self._runner.addresses[0][1])
        log.info("sidecar listening on %s", self.url)

    async def stop(self) -> None:
        """Stop listening."""
        await self._runner.cleanup()

    async def _dashboard(self, _: web.Request) -> web.Response:
        return web.Response(text=self._page, content_type="text/html")

    async def _healthz(self, _: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})

    async def _readyz(self, _: web.Request) -> web.Response:
        ready = self._probe.snapshot().ready
        return web.json_response({"ready": ready}, status=200 if ready else 503)

    async def _api_status(self, _: web.Request) -> web.Response:
        return web.json_response(self._status(), headers={"Cache-Control": "no-store"})
