"""POSTs on kept-alive connections: against an aiohttp server (what a real server sends), and
against a scripted one over raw sockets (what servers do at the edges: chunked bodies, closing
idle connections, closing mid-response, never answering, malformed responses)."""

from __future__ import annotations

import asyncio
import contextlib
import ssl
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field

import pytest
import trustme
from aiohttp import web

from nazh.adapters.discord.runtime import kept_alive
from nazh.adapters.discord.runtime.kept_alive import (
    ConnectionClosedError,
    KeptAliveConnections,
)
from tests.local_http import local_server
from tests.waiting import until

HEADERS = [("Content-Type", "application/json"), ("User-Agent", "DiscordBot (test)")]

Script = Callable[[int, bytes], bytes | None]
"""What the scripted server sends for the n-th request it reads on a connection (its whole
bytes): the response's bytes, or ``None`` to close the connection without answering."""


@dataclass
class Scripted:
    """A raw HTTP server: reads each request (head and ``Content-Length`` body), answers by
    ``script``; counts connections and keeps each request."""

    script: Script
    hold: asyncio.Event | None = None
    """When set, each answer waits for it."""
    close_after: bool = False
    """Close each connection once its first answer is written."""
    connections: int = 0
    requests: list[bytes] = field(default_factory=list)
    writers: list[asyncio.StreamWriter] = field(default_factory=list)

    async def serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        self.writers.append(writer)
        number = 0
        with contextlib.suppress(ConnectionError, asyncio.IncompleteReadError):
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = next((int(line.split(b":")[1]) for line in head.split(b"\r\n")
                               if line.lower().startswith(b"content-length:")), 0)
                request = head + await reader.readexactly(length)
                self.requests.append(request)
                number += 1
                answer = self.script(number, request)
                if answer is None:
                    break
                if self.hold is not None:
                    await self.hold.wait()
                writer.write(answer)
                await writer.drain()
                if self.close_after:
                    break
        writer.close()


@contextlib.asynccontextmanager
async def scripted(script: Script) -> AsyncIterator[tuple[Scripted, str]]:
    server = Scripted(script)
    listening = await asyncio.start_server(server.serve, "127.0.0.1", 0)
    port = listening.sockets[0].getsockname()[1]
    try:
        yield server, f"http://127.0.0.1:{port}/api/v10"
    finally:
        for writer in server.writers:
            writer.close()
        listening.close()
        await listening.wait_closed()


NO_CONTENT = b"HTTP/1.1 204 No Content\r\n\r\n"


def always(answer: bytes) -> Script:
    return lambda _number, _request: answer


async def test_a_post_reaches_the_path_under_the_base_url_with_its_headers() -> None:
    seen: list[tuple[str, dict[str, str], bytes]] = []

    async def handler(request: web.Request) -> web.Response:
        seen.append((request.path, dict(request.headers), await request.read()))
        return web.json_response({"ok": True}, status=201, headers={"X-Test": "yes"})

    async with local_server(web.post("/api/v10/interactions/1/t/callback", handler)) as base:
        connections = KeptAliveConnections(f"{base}/api/v10", HEADERS, timeout=5)
        reply = await connections.post("/interactions/1/t/callback", b'{"type":1}')
        connections.close()
    assert reply.status == 201
    assert reply.headers["x-test"] == "yes"  # case-insensitive, as aiohttp's
    assert await reply.read() == b'{"ok": true}'
    assert reply.real_url == f"{base}/api/v10/interactions/1/t/callback"
    ((path, headers, body),) = seen
    assert path == "/api/v10/interactions/1/t/callback"
    assert headers["User-Agent"] == "DiscordBot (test)"
    assert headers["Content-Type"] == "application/json"
    assert headers["Host"] == base.removeprefix("http://")
    assert body == b'{"type":1}'


async def one_after_the_other(script: Script, times: int) -> Scripted:
    """The scripted server after ``times`` requests sent one after the other, each answered
    204."""
    async with scripted(script) as (server, url):
        connections = KeptAliveConnections(url, HEADERS, timeout=5)
        for _ in range(times):
            assert (await connections.post("/x", b"{}")).status == 204
        connections.close()
    return server


async def test_requests_one_after_the_other_share_one_connection() -> None:
    server = await one_after_the_other(always(NO_CONTENT), 5)
    assert server.connections == 1
    assert len(server.requests) == 5


async def test_requests_at_once_each_get_a_connection_then_reuse_them() -> None:
    async with scripted(always(NO_CONTENT)) as (server, url):
        connections = KeptAliveConnections(url, HEADERS, timeout=5)
        await asyncio.gather(*(connections.post("/x", b"{}") for _ in range(3)))
        await asyncio.gather(*(connections.post("/x", b"{}") for _ in range(3)))
        connections.close()
    assert server.connections == 3
    assert len(server.requests) == 6


async def test_a_chunked_body_is_put_together() -> None:
    chunked = (b"HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\n"
               b"Transfer-Encoding: chunked\r\n\r\n"
               b"5\r\n{\"a\":\r\n3\r\n 1}\r\n0\r\n\r\n")
    async with scripted(always(chunked)) as (_, url):
        connections = KeptAliveConnections(url, HEADERS, timeout=5)
        reply = await connections.post("/x", b"{}")
        connections.close()
    assert reply.status == 400
    assert reply.body == b'{"a": 1}'


async def test_connection_close_is_obeyed() -> None:
    closing = b"HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n"
    server = await one_after_the_other(always(closing), 2)
    assert server.connections == 2


async def test_an_idle_connection_the_server_closed_is_replaced_and_the_request_sent() -> None:
    # the server answers one request per connection, then closes it without saying so
    server = await one_after_the_other(lambda number, _: NO_CONTENT if number == 1 else None,
                                       2)
    assert server.connections == 2


async def test_a_connection_idle_too_long_is_not_reused(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kept_alive, "IDLE_SECONDS", 0.0)
    server = await one_after_the_other(always(NO_CONTENT), 3)
    assert server.connections == 3


async def test_a_response_cut_short_is_an_error_and_not_sent_again() -> None:
    cut = b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"partial"
    state = {"sent": 0}

    def script(_number: int, _request: bytes) -> bytes | None:
        state["sent"] += 1
        return cut

    async with scripted(script) as (server, url):
        server.close_after = True  # the answer begun, then the connection closed
        connections = KeptAliveConnections(url, HEADERS, timeout=5)
        with pytest.raises(ConnectionClosedError):
            await connections.post("/x", b"{}")
        connections.close()
    assert state["sent"] == 1  # the server had begun its answer: never sent twice


async def test_a_server_that_never_answers_times_out_and_its_connection_is_dropped() -> None:
    async with scripted(lambda number, _: NO_CONTENT if number == 1 else b"") as (server,
                                                                                   url):
        connections = KeptAliveConnections(url, HEADERS, timeout=0.2)
        await connections.post("/x", b"{}")
        with pytest.raises(TimeoutError):
            await connections.post("/x", b"{}")
        assert await _answered_after_silence(connections, server)


async def _answered_after_silence(connections: KeptAliveConnections, server: Scripted) -> bool:
    server.script = always(NO_CONTENT)
    reply = await connections.post("/x", b"{}")
    connections.close()
    return reply.status == 204 and server.connections == 2  # a new connection, not the mute one


async def test_a_malformed_response_is_an_error() -> None:
    async with scripted(always(b"NOT HTTP AT ALL\r\n\r\n")) as (_, url):
        connections = KeptAliveConnections(url, HEADERS, timeout=5)
        with pytest.raises(ConnectionClosedError, match="malformed HTTP response"):
            await connections.post("/x", b"{}")
        connections.close()


async def test_nothing_listening_is_a_refused_connection() -> None:
    async with scripted(always(NO_CONTENT)) as (_, url):
        pass  # the port is free again
    connections = KeptAliveConnections(url, HEADERS, timeout=5)
    with pytest.raises(ConnectionRefusedError):
        await connections.post("/x", b"{}")


async def test_after_close_new_connections_are_opened_and_one_in_flight_is_not_kept() -> None:
    async with scripted(always(NO_CONTENT)) as (server, url):
        connections = KeptAliveConnections(url, HEADERS, timeout=5)
        await connections.post("/x", b"{}")
        connections.close()
        await connections.post("/x", b"{}")  # a new connection after close
        server.hold = asyncio.Event()
        in_flight = asyncio.create_task(connections.post("/x", b"{}"))
        await until(lambda: len(server.requests) == 3, what="the third request received")
        connections.close()  # while the third waits for its answer
        server.hold.set()
        assert (await in_flight).status == 204  # answered, on a connection not kept after
        await connections.post("/x", b"{}")
        connections.close()
    assert server.connections == 3


@pytest.mark.parametrize("url", ["ftp://discord.com/api", "discord.com/api", "https:///api"])
def test_only_http_urls_are_taken(url: str) -> None:
    with pytest.raises(ValueError, match="not an http"):
        KeptAliveConnections(url, HEADERS, timeout=5)


def test_the_host_header_names_a_port_only_when_it_is_not_the_default() -> None:
    assert b"Host: discord.com\r\n" in KeptAliveConnections(
        "https://discord.com/api/v10", HEADERS, timeout=5)._head
    assert b"Host: 127.0.0.1:8080\r\n" in KeptAliveConnections(
        "http://127.0.0.1:8080/api", HEADERS, timeout=5)._head
    assert b"Host: [::1]:8080\r\n" in KeptAliveConnections(
        "http://[::1]:8080/api", HEADERS, timeout=5)._head


async def test_https_is_spoken_with_the_certificate_checked() -> None:
    authority = trustme.CA()
    served = authority.issue_cert("127.0.0.1")
    server_side = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    served.configure_cert(server_side)
    server = Scripted(always(NO_CONTENT))
    listening = await asyncio.start_server(server.serve, "127.0.0.1", 0, ssl=server_side)
    port = listening.sockets[0].getsockname()[1]
    trusting = ssl.create_default_context()
    authority.configure_trust(trusting)
    try:
        connections = KeptAliveConnections(f"https://127.0.0.1:{port}/api/v10", HEADERS,
                                           timeout=5, tls=trusting)
        for _ in range(2):
            assert (await connections.post("/interactions/1/t/callback", b"{}")).status == 204
        connections.close()
        assert server.connections == 1  # kept alive over TLS too
        assert server.requests[0].startswith(
            b"POST /api/v10/interactions/1/t/callback HTTP/1.1\r\n"
            + f"Host: 127.0.0.1:{port}\r\n".encode())
        untrusting = KeptAliveConnections(f"https://127.0.0.1:{port}/api/v10", HEADERS,
                                          timeout=5)  # the system's authorities only
        with pytest.raises(ssl.SSLCertVerificationError):
            await untrusting.post("/x", b"{}")
    finally:
        for writer in server.writers:
            writer.close()
        listening.close()
        await listening.wait_closed()
