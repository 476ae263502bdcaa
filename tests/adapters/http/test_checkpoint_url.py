"""Checkpoints POSTed to an external URL, against a real local HTTP server: the body is the
checkpoint file's own JSON lines, the token goes as a bearer header, and a refusal or an
unreachable server is a retryable error that names only the host (the URL may hold a secret)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from aiohttp import web

from nazh.adapters.crypto.ed25519 import Ed25519Signer, new_key, valid_signature
from nazh.adapters.http.checkpoint_url import UrlCheckpointMirror
from nazh.application.checkpoints.mirrors import MirrorUnavailableError
from nazh.application.checkpoints.signed import Checkpoint, SignedCheckpoint
from tests.local_http import local_server

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


class Witness:
    """A checkpoint witness: keeps what it is sent, answers with ``status``."""

    def __init__(self) -> None:
        self.bodies: list[bytes] = []
        self.headers: list[dict[str, str]] = []
        self.status = 204

    async def take(self, request: web.Request) -> web.Response:
        self.bodies.append(await request.read())
        self.headers.append(dict(request.headers))
        return web.Response(status=self.status)


@pytest.fixture
async def witness() -> AsyncIterator[tuple[Witness, str]]:
    taker = Witness()
    async with local_server(web.post("/checkpoints", taker.take)) as base:
        yield taker, f"{base}/checkpoints?key=s3cret"


def points() -> list[SignedCheckpoint]:
    seed, public = new_key()
    signer = Ed25519Signer(seed)
    made = [Checkpoint(42, seq, f"{seq:064x}", NOW) for seq in (100, 200)]
    return [SignedCheckpoint(point, public, signer.sign(point.signed_content()))
            for point in made]


async def test_the_checkpoints_arrive_as_their_own_json_lines(
        witness: tuple[Witness, str]) -> None:
    taker, url = witness
    sent = points()
    await UrlCheckpointMirror(url, token="t0ken").send(sent)
    [body] = taker.bodies
    lines = body.decode().splitlines()
    assert lines == [point.line() for point in sent]
    parsed = [SignedCheckpoint.parse(line) for line in lines]
    assert parsed == sent
    assert all(valid_signature(p.public_key, p.checkpoint.signed_content(), p.signature)
               for p in parsed)
    assert taker.headers[0]["Content-Type"] == "application/x-ndjson"
    assert taker.headers[0]["Authorization"] == "Bearer t0ken"


async def test_a_refusal_is_retryable_and_names_only_the_host(
        witness: tuple[Witness, str]) -> None:
    taker, url = witness
    taker.status = 503
    with pytest.raises(MirrorUnavailableError) as refused:
        await UrlCheckpointMirror(url).send(points())
    assert str(refused.value) == "127.0.0.1 answered HTTP 503"
    assert "Authorization" not in taker.headers[0]


async def test_an_unreachable_witness_is_retryable_and_the_url_stays_secret(
        unused_tcp_port: int) -> None:
    url = f"http://127.0.0.1:{unused_tcp_port}/checkpoints?key=s3cret"
    with pytest.raises(MirrorUnavailableError) as unreachable:
        await UrlCheckpointMirror(url, timeout=2).send(points())
    assert str(unreachable.value).startswith("127.0.0.1 unreachable: ")
    assert "s3cret" not in str(unreachable.value)
    assert unreachable.value.__cause__ is None
