"""Generic fixtures for end-to-end tests against the local fake Discord."""

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.e2e.fake_discord import FakeDiscord, assert_healthy
from tests.e2e.harness import (
    SIGNING_SEED,
    TRANSPORTS,
    NazhUnderTest,
    grant_manage_server,
    running,
)
from tests.e2e.roll_kit import GM


@pytest.fixture
async def fake_discord() -> AsyncIterator[FakeDiscord]:
    """A started FakeDiscord on an ephemeral loopback port, closed after the test."""
    async with FakeDiscord() as fake:
        yield fake


@pytest.fixture(params=TRANSPORTS)
async def nazh(request: pytest.FixtureRequest, fake_discord: FakeDiscord,
               tmp_path: Path) -> AsyncIterator[NazhUnderTest]:
    """The real bot (seeded dice) on each transport, connected to the fake Discord; stopped
    after the test, which then checks that every request was valid for Discord's spec."""
    async with running(fake_discord, tmp_path, request.param) as bot:
        yield bot
    assert_healthy(fake_discord)


@pytest.fixture(params=TRANSPORTS)
async def signed_nazh(request: pytest.FixtureRequest, fake_discord: FakeDiscord,
                      tmp_path: Path) -> AsyncIterator[NazhUnderTest]:
    """The bot on each transport with a signing key and a checkpoint due every record."""
    async with running(fake_discord, tmp_path, request.param,
                       NAZH_SIGNING_KEY=SIGNING_SEED, NAZH_CHECKPOINT_EVERY="1") as bot:
        yield bot


@pytest.fixture(params=TRANSPORTS)
async def pseudo_nazh(request: pytest.FixtureRequest, fake_discord: FakeDiscord,
                      tmp_path: Path) -> AsyncIterator[NazhUnderTest]:
    """The bot with the pseudo-locale on, on each transport; checked as ``nazh`` is."""
    async with running(fake_discord, tmp_path, request.param, NAZH_PSEUDO_LOCALE="true") as bot:
        yield bot
    assert_healthy(fake_discord)


@pytest.fixture
def gm_manages_the_server(fake_discord: FakeDiscord) -> None:
    """The GM's (``roll_kit.GM``'s) guild interactions carry Manage Server: with no GM role
    set, a GM (for a module's ``pytestmark = pytest.mark.usefixtures(...)``)."""
    grant_manage_server(fake_discord, GM)
