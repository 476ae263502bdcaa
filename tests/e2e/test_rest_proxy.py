"""The shared REST rate-limit proxy in front of Discord, on both transports, behind the load
balancer the deployments ship (``deploy/kubernetes/rest-proxy/discord-rest.cfg``, HAProxy): the
bot's REST requests go through the proxy while it answers; once it dies they go straight to
Discord (the balancer's backup), each process limited by hikari's own buckets, which the
balancer's metrics show. The proxy is a stand-in forwarding to the fake Discord
(``tests/e2e/rest_proxy_kit.py``); the bot knows one URL and reads no private part of hikari."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.fake_discord import FakeDiscord, assert_healthy
from tests.e2e.harness import TRANSPORTS, grant_manage_server, running
from tests.e2e.rest_proxy_kit import DiscordRest, StandInProxy
from tests.e2e.roll_kit import GM
from tests.waiting import until

CARD_POSTED = r"^/channels/\d+/messages$"


def cards_posted(fake: FakeDiscord) -> int:
    return sum(1 for request in fake.requests_to("POST", CARD_POSTED)
               if request.status is not None and 200 <= request.status < 300)


@pytest.mark.parametrize("transport", TRANSPORTS)
async def test_rest_goes_through_the_proxy_and_straight_to_discord_once_it_dies(
        transport: str, fake_discord: FakeDiscord, tmp_path: Path) -> None:
    grant_manage_server(fake_discord, GM)
    async with StandInProxy(fake_discord.attachment_origin) as proxy, DiscordRest(
            tmp_path, proxy, fake_discord.attachment_origin) as balancer, running(
            fake_discord, tmp_path, transport, NAZH_DISCORD_API_URL=balancer.rest_url,
            NAZH_DISCORD_CALLBACK_URL=fake_discord.rest_url) as bot:
        assert any(sent.startswith("PUT /api/v10/applications/") for sent in proxy.forwarded)
        await bot.slash("request", skill="Perception", _user=GM)
        assert cards_posted(fake_discord) == 1
        assert any(sent.startswith("POST /api/v10/channels/") for sent in proxy.forwarded)
        assert (await balancer.metrics())["haproxy_backend_active_servers"] == 1

        await proxy.close()
        forwarded = len(proxy.forwarded)
        await bot.slash("request", skill="Insight", _user=GM)  # the first request after
        assert cards_posted(fake_discord) == 2
        assert len(proxy.forwarded) == forwarded
        metrics = await balancer.metrics()
        assert metrics["haproxy_backend_active_servers"] == 0
        assert metrics["haproxy_backend_backup_servers"] == 1
    assert_healthy(fake_discord)


async def test_the_proxy_back_takes_rest_again(fake_discord: FakeDiscord,
                                               tmp_path: Path) -> None:
    grant_manage_server(fake_discord, GM)
    async with StandInProxy(fake_discord.attachment_origin) as proxy, DiscordRest(
            tmp_path, proxy, fake_discord.attachment_origin) as balancer, running(
            fake_discord, tmp_path, "http", NAZH_DISCORD_API_URL=balancer.rest_url) as bot:
        await proxy.close()
        await bot.slash("request", skill="Perception", _user=GM)
        assert cards_posted(fake_discord) == 1
        async with StandInProxy(fake_discord.attachment_origin, port=proxy.port) as again:
            await until(lambda: balancer.active_servers(1), timeout=10,
                        what="the balancer's health check finding the proxy back", every=0.1)
            await bot.slash("request", skill="Insight", _user=GM)
            assert cards_posted(fake_discord) == 2
            assert any(sent.startswith("POST /api/v10/channels/") for sent in again.forwarded)
    assert_healthy(fake_discord)
