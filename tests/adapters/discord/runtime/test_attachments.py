"""Files users attach, downloaded only from the allowed origins and never past the limit:
against local HTTP servers that serve files, lie about their size, redirect, compress or stall."""

from __future__ import annotations

import asyncio
import gzip
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import pytest
from aiohttp import web

from nazh.adapters.discord.runtime.attachments import AttachmentReader
from nazh.application.saved.attachments import FileUnavailableError, parse_origin
from nazh.application.shared.files import FileTooLargeError
from tests.local_http import local_server

LIMIT = 256 * 1024
BIG = 64 << 20
"""More than loopback's socket buffers hold: a server that wrote it all was read to the end."""
CHUNK = 64 * 1024
PACKED = gzip.compress(b" " * BIG, mtime=0)
"""64 KiB that unpack to 64 MiB."""


@dataclass
class Host:
    """A local file host: the paths it was asked for, and how many bytes each streamed body
    had written when it ended (or its reader hung up)."""

    asked: list[str] = field(default_factory=list)
    written: list[int] = field(default_factory=list)
    ended: asyncio.Event = field(default_factory=asyncio.Event)
    released: asyncio.Event = field(default_factory=asyncio.Event)
    """Set when the test ends: a stalled answer is sent only then."""

    async def file(self, request: web.Request) -> web.Response:
        self.asked.append(request.path)
        return web.Response(body=b'{"rolls": []}')

    async def stream(self, request: web.Request) -> web.StreamResponse:
        """``BIG`` bytes in chunks, with no Content-Length (or with an honest one)."""
        self.asked.append(request.path)
        response = web.StreamResponse()
        if request.query.get("length"):
            response.content_length = BIG
        else:
            response.enable_chunked_encoding()
        await response.prepare(request)
        sent, chunk = 0, b" " * CHUNK
        try:
            while sent < BIG:
                await response.write(chunk)
                sent += len(chunk)
            await response.write_eof()
        except ConnectionError:
            pass
        finally:
            self.written.append(sent)
            self.ended.set()
        return response

    async def gzipped(self, request: web.Request) -> web.Response:
        self.asked.append(request.path)
        return web.Response(body=PACKED, headers={"Content-Encoding": "gzip"})

    async def redirect(self, request: web.Request) -> web.Response:
        self.asked.append(request.path)
        raise web.HTTPFound(request.query["to"])

    async def missing(self, request: web.Request) -> web.Response:
        self.asked.append(request.path)
        return web.Response(status=404)

    async def stall(self, request: web.Request) -> web.Response:
        self.asked.append(request.path)
        await self.released.wait()
        return web.Response(body=b"late")

    def routes(self) -> list[web.RouteDef]:
        return [web.get("/file.json", self.file), web.get("/stream.json", self.stream),
                web.get("/gzip.json", self.gzipped), web.get("/redirect", self.redirect),
                web.get("/missing.json", self.missing), web.get("/stall.json", self.stall)]


@pytest.fixture
async def host() -> AsyncIterator[tuple[Host, str]]:
    served = Host()
    async with local_server(*served.routes()) as url:
        try:
            yield served, url
        finally:
            served.released.set()


def reader_for(*urls: str, timeout: float = 5.0) -> AttachmentReader:
    return AttachmentReader([parse_origin(url) for url in urls], timeout=timeout)


async def test_a_file_on_an_allowed_origin_is_read(host: tuple[Host, str]) -> None:
    served, url = host
    data = await reader_for(url).fetch(f"{url}/file.json", "rolls.json", 13, LIMIT)
    assert data == b'{"rolls": []}'
    assert served.asked == ["/file.json"]


async def test_by_default_only_discords_hosts_over_https_are_fetched(
        host: tuple[Host, str]) -> None:
    served, url = host
    reader = AttachmentReader()
    with pytest.raises(FileUnavailableError) as refused:
        await reader.fetch(f"{url}/file.json", "rolls.json", 13, LIMIT)
    assert refused.value.reason == ('file "rolls.json" cannot be fetched: it is not on '
                                    "Discord's attachment hosts")
    for elsewhere in ("http://cdn.discordapp.com/attachments/1/2/rolls.json",
                      "https://cdn.discordapp.com:8443/attachments/1/2/rolls.json",
                      "https://cdn.discordapp.com.example.org/rolls.json",
                      "https://evil.example/cdn.discordapp.com/rolls.json"):
        with pytest.raises(FileUnavailableError):
            await reader.fetch(elsewhere, "rolls.json", 13, LIMIT)
    assert served.asked == []


@pytest.mark.parametrize("shape", [
    "{other}/file.json",  # the same host, another port
    "https://cdn.discordapp.com@{hostport}/file.json",  # a user name that looks like a host
    "https://{hostport}/file.json",  # another scheme
    "file:///etc/hostname",
    "{url}/file.json".replace("{url}", "http://localhost:{port}"),  # another name for it
])
async def test_a_url_off_the_allowed_origins_is_refused_without_a_request(
        host: tuple[Host, str], shape: str) -> None:
    served, url = host
    async with local_server(*served.routes()) as other:
        hostport = url.removeprefix("http://")
        target = shape.format(other=other, hostport=hostport, url=url,
                              port=hostport.rsplit(":", 1)[1])
        with pytest.raises(FileUnavailableError, match="cannot be fetched"):
            await reader_for(url).fetch(target, "rolls.json", 13, LIMIT)
    assert served.asked == []


async def test_a_claimed_size_over_the_limit_is_refused_before_any_request(
        host: tuple[Host, str]) -> None:
    served, url = host
    with pytest.raises(FileTooLargeError) as refused:
        await reader_for(url).fetch(f"{url}/file.json", "rolls.json", LIMIT + 1, LIMIT,
                                    hint="split it into parts")
    assert refused.value.reason == 'file "rolls.json" (257 KiB) is over the 256 KiB limit'
    assert refused.value.hint == "split it into parts"
    assert served.asked == []


async def test_a_body_longer_than_it_claims_is_cut_off_at_the_limit(
        host: tuple[Host, str]) -> None:
    served, url = host
    with pytest.raises(FileTooLargeError) as refused:
        await reader_for(url).fetch(f"{url}/stream.json", "rolls.json", 100, LIMIT)
    assert refused.value.reason == 'file "rolls.json" is over the 256 KiB limit'
    await asyncio.wait_for(served.ended.wait(), 5)
    [written] = served.written
    assert written < BIG // 4  # the reader hung up: most of the body was never sent


async def test_a_content_length_over_the_limit_is_refused_before_the_body(
        host: tuple[Host, str]) -> None:
    served, url = host
    with pytest.raises(FileTooLargeError) as refused:
        await reader_for(url).fetch(f"{url}/stream.json?length=1", "rolls.json", 100, LIMIT)
    assert refused.value.reason == 'file "rolls.json" (65536 KiB) is over the 256 KiB limit'
    await asyncio.wait_for(served.ended.wait(), 5)
    assert served.written[0] < BIG // 4


async def test_a_redirect_is_not_followed(host: tuple[Host, str]) -> None:
    served, url = host
    target = Host()
    async with local_server(*target.routes()) as other:
        reader = reader_for(url, other)  # even to another allowed origin
        with pytest.raises(FileUnavailableError) as refused:
            await reader.fetch(f"{url}/redirect?to={other}/file.json", "rolls.json", 13, LIMIT)
    assert refused.value.reason == ('file "rolls.json" cannot be fetched: the host answered '
                                    "HTTP 302")
    assert served.asked == ["/redirect"]
    assert target.asked == []


async def test_a_compressed_body_is_not_unpacked(host: tuple[Host, str]) -> None:
    _, url = host
    data = await reader_for(url).fetch(f"{url}/gzip.json", "rolls.json", 100, LIMIT)
    assert data == PACKED  # as sent, not unpacked to 64 MiB


async def test_a_missing_file_or_a_stalled_host_is_unavailable(host: tuple[Host, str]) -> None:
    _, url = host
    with pytest.raises(FileUnavailableError, match="the host answered HTTP 404"):
        await reader_for(url).fetch(f"{url}/missing.json", "rolls.json", 13, LIMIT)
    with pytest.raises(FileUnavailableError, match="the download timed out"):
        await reader_for(url, timeout=0.2).fetch(f"{url}/stall.json", "rolls.json", 13, LIMIT)
