"""A local HTTP server for adapter tests that talk to a web service (Discord's callbacks, a
checkpoint URL): real requests over 127.0.0.1, answered by the test's own handlers."""

from __future__ import annotations

import contextlib
import socket
from collections.abc import AsyncIterator

from aiohttp import web


@contextlib.asynccontextmanager
async def local_server(*routes: web.RouteDef) -> AsyncIterator[str]:
    """Serve ``routes`` on a free port of 127.0.0.1; yields ``http://127.0.0.1:PORT``."""
    app = web.Application()
    app.add_routes(routes)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    try:
        yield f"http://127.0.0.1:{runner.addresses[0][1]}"
    finally:
        await runner.cleanup()


def free_port() -> int:
    """A free TCP port on loopback (released again for the caller's server to bind)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
