"""The health and dashboard sidecar: aiohttp on the bot's own event loop (no thread), one port."""

from __future__ import annotations

import errno
import logging
import socket
from collections.abc import Awaitable, Callable, Sequence
from importlib import resources

from aiohttp import web
from prometheus_client import CollectorRegistry
from prometheus_client.aiohttp import make_aiohttp_handler

from nazh.application.shared.json_types import JsonObject
from nazh.application.status.health import GatewayProbe

log = logging.getLogger(__name__)

StatusSource = Callable[[], JsonObject]
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
Route = tuple[str, str, Handler]
"""An extra route served on the same port: (method, path, handler)."""


class SidecarAddressError(Exception):
    """The sidecar cannot listen where the settings say; the message names the setting."""


def _why_not(error: OSError, host: str, port: int) -> str:
    where = f"{host}:{port}"
    if isinstance(error, socket.gaierror):
        return (f"the sidecar cannot listen on {where}: NAZH_HTTP_HOST {host!r} is not an "
                "address or a name this machine resolves")
    if error.errno == errno.EADDRINUSE:
        return (f"the sidecar cannot listen on {where}: the port is already in use; set "
                "NAZH_HTTP_PORT (or PORT) to a free port, or 0 for any")
    if error.errno == errno.EADDRNOTAVAIL:
        return (f"the sidecar cannot listen on {where}: NAZH_HTTP_HOST {host!r} is not an "
                "address of this machine")
    if error.errno == errno.EACCES:
        return (f"the sidecar cannot listen on {where}: permission denied (ports below 1024 "
                "need privileges); set NAZH_HTTP_PORT (or PORT)")
    return (f"the sidecar cannot listen on {where} ({error.strerror or error}); check "
            "NAZH_HTTP_HOST and NAZH_HTTP_PORT")


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
        """Listen; :class:`SidecarAddressError` if the address is taken, foreign or unresolved."""
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        try:
            await site.start()
        except OSError as error:
            await self._runner.cleanup()
            raise SidecarAddressError(_why_not(error, self.host, self.port)) from None
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
