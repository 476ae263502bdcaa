"""``nazh serve``'s ``POST /interactions`` under attack: every request is verified before
anything is parsed, and no refusal runs anything, logs an error or counts a failed roll; an
interaction for another application is refused; a replayed POST is answered as the first time
and rolls nothing; a POST whose first handling failed before answering is handled again."""

from __future__ import annotations

import asyncio
import json
import logging
import sqlite3
import time
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from dependency_injector import providers
from nacl.signing import SigningKey

from nazh.adapters.ratelimit.local import LocalRateLimiter
from nazh.application.shared.json_types import JsonObject
from nazh.composition.containers import Container
from tests.e2e.fake_discord import FakeDiscord, HttpReply, HttpTarget, assert_healthy, slash_command
from tests.e2e.harness import NazhUnderTest, embed_of
from tests.e2e.transport_kit import http_only

ONE_MIB = 1 << 20


def roll_body() -> bytes:
    return json.dumps(slash_command("roll", {"pool": "1d20"})).encode()


async def post_raw(target: HttpTarget, body: bytes | AsyncIterator[bytes],
                   headers: dict[str, str]) -> tuple[int, str]:
    async with aiohttp.ClientSession() as session, \
            session.post(target.url, data=body, headers=headers) as response:
        return response.status, await response.text()


async def roll_metrics(nazh: NazhUnderTest) -> str:
    assert nazh.sidecar is not None
    async with aiohttp.ClientSession() as session, \
            session.get(f"{nazh.sidecar.url}/metrics") as response:
        text = await response.text()
    return "\n".join(line for line in text.splitlines()
                     if line.startswith(("nazh_roll_", "nazh_interactions_total")))


@pytest.fixture
def quiet(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.DEBUG)
    return caplog


def assert_nothing_ran(fake: FakeDiscord, caplog: pytest.LogCaptureFixture) -> None:
    assert not fake.requests_to("POST", r"/interactions/.*/callback")
    assert not fake.requests_to("POST", r"/webhooks/")
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []
    assert not [r for r in caplog.records if r.exc_info]


@http_only
async def test_a_signed_roll_is_answered_in_the_reply_to_the_post(
        nazh: NazhUnderTest, fake_discord: FakeDiscord) -> None:
    interaction = slash_command("roll", {"pool": "a1d20+5"})
    await fake_discord.dispatch("INTERACTION_CREATE", interaction)
    reply = fake_discord.http_replies[-1]
    assert reply.status == 200
    assert reply.body["type"] == 4
    assert "`a1d20+5`" in embed_of(reply.body)["description"]
    callbacks = fake_discord.requests_to("POST", r"/interactions/\d+/.*/callback")
    assert [request.query for request in callbacks] == [{}]  # no REST callback (?with_response)


@http_only
async def test_ping_is_answered_with_pong(nazh: NazhUnderTest,
                                          fake_discord: FakeDiscord) -> None:
    reply = await fake_discord.post_interaction(
        {"type": 1, "id": "1", "token": "t", "application_id": fake_discord.application_id})
    assert (reply.status, reply.body) == (200, {"type": 1})


@http_only
@pytest.mark.parametrize("case", [
    "missing headers", "malformed signature", "another key", "tampered body",
    "timestamp 301 s old", "timestamp 301 s ahead", "malformed timestamp",
])
async def test_a_bad_signature_gets_401_and_nothing_runs(
        nazh: NazhUnderTest, fake_discord: FakeDiscord, case: str,
        quiet: pytest.LogCaptureFixture) -> None:
    before = await roll_metrics(nazh)
    body = roll_body()
    target = nazh.target
    now = int(time.time())
    headers = {
        "missing headers": {"Content-Type": "application/json"},
        "malformed signature": {**target.signed_headers(body), "X-Signature-Ed25519": "zz" * 64},
        "another key": HttpTarget(target.url, SigningKey.generate()).signed_headers(body),
        "tampered body": target.signed_headers(body.replace(b"1d20", b"1d21")),
        "timestamp 301 s old": target.signed_headers(body, now - 301),
        "timestamp 301 s ahead": target.signed_headers(body, now + 301),
        "malformed timestamp": {**target.signed_headers(body), "X-Signature-Timestamp": "soon"},
    }[case]
    status, _ = await post_raw(target, body, headers)
    assert status == 401
    assert await roll_metrics(nazh) == before
    assert_nothing_ran(fake_discord, quiet)


@http_only
async def test_a_body_over_one_mib_is_refused_unread(
        nazh: NazhUnderTest, fake_discord: FakeDiscord,
        quiet: pytest.LogCaptureFixture) -> None:
    before = await roll_metrics(nazh)
    big = b"{" + b" " * ONE_MIB + b"}"
    status, _ = await post_raw(nazh.target, big, nazh.target.signed_headers(big))

    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(17):
            yield b" " * (64 * 1024)

    chunked, _ = await post_raw(nazh.target, chunks(), nazh.target.signed_headers(b""))
    assert (status, chunked) == (413, 413)
    assert await roll_metrics(nazh) == before
    assert_nothing_ran(fake_discord, quiet)


@http_only
@pytest.mark.parametrize(("body", "content_type", "status"), [
    (b"this is not json", "application/json", 400),
    (b'{"type": 99, "id": "1", "token": "t"}', "application/json", 400),
    (b'{"type": "2"}', "application/json", 400),
    (b"[2]", "application/json", 400),
    (b"[" * 100_000 + b"]" * 100_000, "application/json", 400),  # nested too deeply
    (b'{"type": 2}', "text/plain", 415),
])
async def test_malformed_signed_requests_get_4xx_and_nothing_runs(
        nazh: NazhUnderTest, fake_discord: FakeDiscord, body: bytes, content_type: str,
        status: int, quiet: pytest.LogCaptureFixture) -> None:
    before = await roll_metrics(nazh)
    headers = {**nazh.target.signed_headers(body), "Content-Type": content_type}
    got, _ = await post_raw(nazh.target, body, headers)
    assert got == status
    assert await roll_metrics(nazh) == before
    assert_nothing_ran(fake_discord, quiet)


@http_only
async def test_readyz_is_ready_while_serving_and_not_once_stopping(
        nazh: NazhUnderTest) -> None:
    assert nazh.sidecar is not None
    assert nazh.container is not None
    url = f"{nazh.sidecar.url}/readyz"
    async with aiohttp.ClientSession() as session:
        async with session.get(url) as response:
            assert response.status == 200
        nazh.container.service.admission().close()
        async with session.get(url) as response:
            assert response.status == 503


@http_only
async def test_the_interactions_endpoint_shares_the_sidecar_port(nazh: NazhUnderTest) -> None:
    assert nazh.sidecar is not None
    assert nazh.target.url == f"{nazh.sidecar.url}/interactions"
    async with aiohttp.ClientSession() as session, \
            session.get(f"{nazh.sidecar.url}/healthz") as response:
        assert response.status == 200


# -- each interaction handled once -------------------------------------------------------------


def signed(fake: FakeDiscord, target: HttpTarget,
           payload: JsonObject) -> tuple[bytes, dict[str, str]]:
    """One signed POST of ``payload``, as Discord sends it (the fake knows the interaction, so
    the reply to it is recorded, and checked against the spec, as its callback)."""
    fake.state.resolve_command(payload)
    fake.state.register_interaction(payload)
    body = json.dumps(payload).encode()
    return body, target.signed_headers(body)


async def logged_rolls(nazh: NazhUnderTest) -> list[tuple[str, int]]:
    """Every record in the bot's roll log: (roll id, version)."""
    assert nazh.container is not None
    assert await nazh.container.storage.writer().flush(5)
    with sqlite3.connect(nazh.data_dir / "nazh.sqlite3") as connection:
        return connection.execute(
            "SELECT roll_id, version FROM roll_log ORDER BY channel_id, seq").fetchall()


def same_reply(first: HttpReply, again: HttpReply) -> None:
    assert (again.status, again.content_type, again.text) == \
        (first.status, first.content_type, first.text)


@http_only
async def test_a_replayed_post_gets_the_same_answer_and_rolls_nothing(
        nazh: NazhUnderTest, fake_discord: FakeDiscord) -> None:
    payload = slash_command("roll", {"pool": "a1d20+5, 2d6"})
    body, headers = signed(fake_discord, nazh.target, payload)
    first = await fake_discord.post_interaction(payload, body=body, headers=headers)
    assert first.status == 200
    assert "`a1d20+5`" in embed_of(first.body)["description"]
    replays = [await nazh.target.post(payload, body=body, headers=headers) for _ in range(3)]
    for replay in replays:
        same_reply(first, replay)
    rolls = await logged_rolls(nazh)
    assert len(rolls) == 1
    assert rolls[0][1] == 1


@http_only
async def test_posts_of_one_interaction_at_once_are_handled_once(
        nazh: NazhUnderTest, fake_discord: FakeDiscord) -> None:
    """Those that arrive while the first is handled wait for its answer."""
    payload = slash_command("roll", {"pool": "3d6"})
    body, headers = signed(fake_discord, nazh.target, payload)
    replies = await asyncio.gather(
        fake_discord.post_interaction(payload, body=body, headers=headers),
        *(nazh.target.post(payload, body=body, headers=headers) for _ in range(4)))
    assert replies[0].status == 200
    for reply in replies[1:]:
        same_reply(replies[0], reply)
    assert len(await logged_rolls(nazh)) == 1


@http_only
async def test_an_interaction_for_another_application_is_refused(
        nazh: NazhUnderTest, fake_discord: FakeDiscord,
        quiet: pytest.LogCaptureFixture) -> None:
    before = await roll_metrics(nazh)
    payload = slash_command("roll", {"pool": "1d20"}, application_id="223456789012345678")
    status, text = await post_raw(nazh.target, json.dumps(payload).encode(),
                                  nazh.target.signed_headers(json.dumps(payload).encode()))
    assert (status, text) == (401, "interaction for another application")
    assert await roll_metrics(nazh) == before
    assert_nothing_ran(fake_discord, quiet)
    assert await logged_rolls(nazh) == []


class FailingOnce(LocalRateLimiter):
    """A rate limiter whose first call fails (a bug before the interaction is answered)."""

    def __init__(self) -> None:
        super().__init__()
        self.failed = False

    async def take(self, key: str, rate: float, burst: int) -> float:
        if not self.failed:
            self.failed = True
            raise RuntimeError("the limiter broke")
        return await super().take(key, rate, burst)


async def test_a_post_whose_first_handling_failed_unanswered_is_handled_on_retry(
        fake_discord: FakeDiscord, tmp_path: Path) -> None:
    def failing_first(container: Container) -> None:
        container.service.rate_limiter.override(providers.Object(FailingOnce()))

    nazh = NazhUnderTest(fake_discord, tmp_path, failing_first, transport="http")
    await nazh.start()
    try:
        payload = slash_command("roll", {"pool": "1d20+3"})
        body, headers = signed(fake_discord, nazh.target, payload)
        failed = await nazh.target.post(payload, body=body, headers=headers)
        assert failed.status == 500  # no answer: the claim is released
        assert await logged_rolls(nazh) == []
        retried = await fake_discord.post_interaction(payload, body=body, headers=headers)
        assert retried.status == 200
        assert "`1d20+3`" in embed_of(retried.body)["description"]
        same_reply(retried, await nazh.target.post(payload, body=body, headers=headers))
        assert len(await logged_rolls(nazh)) == 1
    finally:
        await nazh.stop()
    assert_healthy(fake_discord)
