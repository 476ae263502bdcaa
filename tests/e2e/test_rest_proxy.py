"""The shared REST rate-limit proxy in front of Discord, on both transports: the bot's REST
requests go through it while it answers; once it dies they go straight to Discord (the
fallback URL), each process limited by hikari's own buckets, which the log says once and the
metrics show. The proxy is a stand-in forwarding to the fake Discord
(``tests/e2e/rest_proxy_kit.py``)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from tests.e2e.fake_discord import FakeDiscord, assert_healthy
from tests.e2e.harness import TRANSPORTS, NazhUnderTest, grant_manage_server, running
from tests.e2e.rest_proxy_kit import StandInProxy
from tests.e2e.roll_kit import GM

CARD_POSTED = r"^/channels/\d+/messages$"


def proxy_metrics(bot: NazhUnderTest) -> dict[str, float]:
    assert bot.container is not None
    return {sample.name: sample.value for metric in bot.container.registry().collect()
            for sample in metric.samples if sample.name.startswith("nazh_discord_rest_")}


def cards_posted(fake: FakeDiscord) -> int:
    return sum(1 for request in fake.requests_to("POST", CARD_POSTED)
               if request.status is not None and 200 <= request.status < 300)


@pytest.mark.parametrize("transport", TRANSPORTS)
async def test_rest_goes_through_the_proxy_and_straight_to_discord_once_it_dies(
        transport: str, fake_discord: FakeDiscord, tmp_path: Path,
        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING)
    grant_manage_server(fake_discord, GM)
    async with StandInProxy(fake_discord.attachment_origin) as proxy, running(
            fake_discord, tmp_path, transport, NAZH_DISCORD_API_URL=proxy.rest_url,
            NAZH_DISCORD_API_FALLBACK_URL=fake_discord.rest_url) as bot:
        assert any(sent.startswith("PUT /api/v10/applications/") for sent in proxy.forwarded)
        await bot.slash("request", skill="Perception", _user=GM)
        assert cards_posted(fake_discord) == 1
        assert any(sent.startswith("POST /api/v10/channels/") for sent in proxy.forwarded)
        assert proxy_metrics(bot) == {"nazh_discord_rest_proxy_up": 1.0,
                                      "nazh_discord_rest_direct_requests_total": 0.0}

        await proxy.close()
        forwarded = len(proxy.forwarded)
        await bot.slash("request", skill="Insight", _user=GM)
        assert cards_posted(fake_discord) == 2
        assert len(proxy.forwarded) == forwarded
        metrics = proxy_metrics(bot)
        assert metrics["nazh_discord_rest_proxy_up"] == 0.0
        assert metrics["nazh_discord_rest_direct_requests_total"] >= 1.0
    said = [r.getMessage() for r in caplog.records if "REST proxy" in r.getMessage()]
    assert said == [f"the Discord REST proxy at {proxy.rest_url} cannot be reached "
                    f"(ClientConnectorError): REST requests go straight to "
                    f"{fake_discord.rest_url}, rate-limited by this process alone, until it "
                    "answers again"]
    assert_healthy(fake_discord)


async def test_without_a_fallback_no_proxy_metric_is_exported(
        fake_discord: FakeDiscord, tmp_path: Path) -> None:
    async with running(fake_discord, tmp_path, "http") as bot:
        assert proxy_metrics(bot) == {}
