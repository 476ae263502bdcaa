"""HTTP/1.1 POSTs to one origin on kept-alive connections, each response parsed by httptools
(the llhttp parser): the transport of the interaction callbacks, one per answered interaction.

aiohttp's client session does far more per request than a callback needs (a request and a
response object with their URL, cookie jar, tracing hooks, timer and connection-key
bookkeeping): measured on one machine against a local server answering 204, 196-226 µs of the
client's CPU per POST, against about 80-90 µs for the same bytes sent on an asyncio protocol
(most of it the system calls); at 1,000 answers a second that difference is a tenth of a core.
Here a request is the bytes of its head and body written to an idle connection, and its
response what the parser hands back (status, headers, body; chunked bodies and
``Connection: close`` included). Multipart forms (a callback with a file) still go through
aiohttp (:mod:`~nazh.adapters.discord.runtime.callbacks`).

A connection idle for longer than :data:`IDLE_SECONDS` is closed rather than reused (servers
close idle connections, and a request written to one the server is closing is lost). A
request on a reused connection that the server closed before sending any of its response is
sent once more on a new one (that race is a server closing an idle connection as the request
was written): the callback endpoint takes an interaction's answer once, so a request that did
arrive is refused the second time (an error), never shown twice.
"""

from __future__ import annotations

import asyncio
import ssl
import time
from collections.abc import Sequence
from typing import cast
from urllib.parse import urlsplit

import httptools
from multidict import CIMultiDict, CIMultiDictProxy

IDLE_SECONDS = 15.0
"""A kept-alive connection idle for longer is closed, not reused (aiohttp's default too)."""
MAX_IDLE = 64
"""Connections kept idle at most; more are closed when their request ends."""


class ConnectionClosedError(ConnectionError):
    """The server closed the connection before its response was complete."""


class Reply:
    """A response, as hikari's error mapping reads one (``status``, ``headers``, ``real_url``
    and ``read()``, like aiohttp's)."""

    __slots__ = ("body", "headers", "real_url", "status")

    def __init__(self, status: int, headers: CIMultiDictProxy[str], body: bytes,
                 url: str) -> None:
        self.status = status
        self.headers = headers
        self.body = body
        self.real_url = url

    async def read(self) -> bytes:
        """The body."""
        return self.body


class _Exchange(asyncio.Protocol):
    """One connection, one request at a time: the response's parts gathered by the parser's
    callbacks until the message is complete."""

    def __init__(self) -> None:
        self._parser = httptools.HttpResponseParser(self)
        self._transport: asyncio.Transport | None = None
        self._waiter: asyncio.Future[Reply] | None = None
        self._url = ""
        self._headers: list[tuple[str, str]] = []
        self._body: list[bytes] = []
        self._started = False
        self.closed = False
        self.idle_since = 0.0
        self.generation = 0

    # asyncio.Protocol

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # a stream's transport (uvloop's are not asyncio.Transport subclasses)
        self._transport = cast("asyncio.Transport", transport)

    def data_received(self, data: bytes) -> None:
        self._started = True
        try:
            self._parser.feed_data(data)
        except httptools.HttpParserError as error:
            self._fail(ConnectionClosedError(f"malformed HTTP response: {error}"))
            self.close()

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        self._fail(ConnectionClosedError(
            "the server closed the connection before its response was complete"))

    # httptools' callbacks

    def on_header(self, name: bytes, value: bytes) -> None:
        """A header of the response."""
        self._headers.append((name.decode("latin-1"), value.decode("latin-1")))

    def on_body(self, body: bytes) -> None:
        """A part of the response's body."""
        self._body.append(body)

    def on_message_complete(self) -> None:
        """The response is whole: hand it to the request waiting for it."""
        reply = Reply(self._parser.get_status_code(),
                      CIMultiDictProxy(CIMultiDict(self._headers)), b"".join(self._body),
                      self._url)
        self._headers, self._body, self._started = [], [], False
        if not self._parser.should_keep_alive():
            self.close()
        waiter, self._waiter = self._waiter, None
        if waiter is not None and not waiter.done():
            waiter.set_result(reply)

    # the pool's side

    @property
    def started(self) -> bool:
        """Some of the response has arrived (the server took the request)."""
        return self._started

    async def request(self, data: bytes, url: str) -> Reply:
        """Write ``data`` (a whole request) and wait for its response."""
        if self.closed or self._transport is None:
            raise ConnectionClosedError("the connection is closed")
        self._url = url
        self._waiter = asyncio.get_running_loop().create_future()
        self._transport.write(data)
        return await self._waiter

    def close(self) -> None:
        """Close the connection (a request waiting on it fails)."""
        self.closed = True
        if self._transport is not None:
            self._transport.close()

    def _fail(self, error: Exception) -> None:
        waiter, self._waiter = self._waiter, None
        if waiter is not None and not waiter.done():
            waiter.set_exception(error)


class KeptAliveConnections:
    """POSTs to the origin of ``base_url`` (``http`` or ``https``), the paths given relative
    to its path, on connections kept alive between requests.

    Args:
        base_url: e.g. ``https://discord.com/api/v10``.
        headers: sent with every request (besides ``Host`` and ``Content-Length``).
        timeout: seconds a request may take, connecting included (``TimeoutError`` after).
        tls: the TLS context of ``https`` connections (default: the system's certificate
            authorities, host names checked).
    """

    def __init__(self, base_url: str, headers: Sequence[tuple[str, str]], *,
                 timeout: float, tls: ssl.SSLContext | None = None) -> None:
        parts = urlsplit(base_url.rstrip("/"))
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise ValueError(f"not an http(s) URL: {base_url!r}")
        self._host = parts.hostname
        self._tls = parts.scheme == "https"
        self._port = parts.port or (443 if self._tls else 80)
        default = (self._tls and self._port == 443) or (not self._tls and self._port == 80)
        named = f"[{self._host}]" if ":" in self._host else self._host  # an IPv6 address
        host = named if default else f"{named}:{self._port}"
        self._origin = f"{parts.scheme}://{host}"
        self._base_path = parts.path
        fields = [("Host", host), *headers]
        self._head = "".join(f"{name}: {value}\r\n" for name, value in fields).encode("latin-1")
        self._timeout = timeout
        self._context = tls
        self._idle: list[_Exchange] = []
        self._generation = 0  # connections opened before the last close() are not kept

    async def post(self, path: str, body: bytes) -> Reply:
        """POST ``body`` to ``path`` (under the base URL's path, already quoted).

        Raises:
            TimeoutError: no whole response within the timeout.
            OSError: no connection could be made, or it was lost.
        """
        target = self._base_path + path
        data = b"".join((b"POST ", target.encode("ascii"), b" HTTP/1.1\r\n", self._head,
                         b"Content-Length: ", str(len(body)).encode("ascii"), b"\r\n\r\n",
                         body))
        url = self._origin + target
        async with asyncio.timeout(self._timeout):
            exchange = self._reusable()
            if exchange is not None:
                try:
                    return self._done(exchange, await exchange.request(data, url))
                except ConnectionClosedError:
                    if exchange.started:
                        raise
                    # closed by the server before it took the request: a new connection
                except BaseException:
                    exchange.close()
                    raise
            exchange = await self._connect()
            try:
                return self._done(exchange, await exchange.request(data, url))
            except BaseException:
                exchange.close()
                raise

    def close(self) -> None:
        """Close the idle connections (one in use is closed when its request ends)."""
        self._generation += 1
        idle, self._idle = self._idle, []
        for exchange in idle:
            exchange.close()

    def _reusable(self) -> _Exchange | None:
        now = time.monotonic()
        while self._idle:
            exchange = self._idle.pop()
            if not exchange.closed and now - exchange.idle_since < IDLE_SECONDS:
                return exchange
            exchange.close()
        return None

    def _done(self, exchange: _Exchange, reply: Reply) -> Reply:
        if not exchange.closed:
            if exchange.generation == self._generation and len(self._idle) < MAX_IDLE:
                exchange.idle_since = time.monotonic()
                self._idle.append(exchange)
            else:
                exchange.close()
        return reply

    async def _connect(self) -> _Exchange:
        loop = asyncio.get_running_loop()
        if self._tls and self._context is None:
            self._context = ssl.create_default_context()
        _, exchange = await loop.create_connection(
            _Exchange, self._host, self._port, ssl=self._context if self._tls else None,
            server_hostname=self._host if self._tls else None)
        exchange.generation = self._generation
        return exchange
