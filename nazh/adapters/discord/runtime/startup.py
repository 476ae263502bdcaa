"""Talking to Discord at start: a refusal or outage stops the bot in one line (never the token)."""

from __future__ import annotations

import hikari

from nazh.adapters.discord.runtime.core import HTTP_SETTINGS


class DiscordUnavailableError(Exception):
    """Discord refused or could not be reached when the bot started; the message says why."""


def explained(error: hikari.HTTPError, api_url: str) -> DiscordUnavailableError:
    """What ``error``, raised by a request to Discord at start, means for whoever runs the bot."""
    if isinstance(error, hikari.UnauthorizedError):
        return DiscordUnavailableError(
            "Discord refused the bot token (401 Unauthorized): set DISCORD_TOKEN to the token "
            "on the Bot page of the application in Discord's Developer Portal")
    if isinstance(error, hikari.ForbiddenError):
        return DiscordUnavailableError(
            f"Discord refused access (403 Forbidden: {error.message or 'no reason given'}): "
            "is the bot a member of every server of NAZH_DEV_GUILDS?")
    if isinstance(error, hikari.HTTPResponseError):
        return DiscordUnavailableError(
            f"Discord answered {int(error.status)} at {api_url} "
            f"({error.message or 'no reason given'}); try again later")
    return DiscordUnavailableError(
        f"Discord could not be reached at {api_url} ({error.message}); check the network "
        "and NAZH_DISCORD_API_URL")


async def check_token(token: str, api_url: str, *, shard_count: bool = False) -> int:
    """Ask who the bot is (and with ``shard_count`` its recommended shards); else unavailable."""
    rest = hikari.RESTApp(http_settings=HTTP_SETTINGS, url=api_url)
    await rest.start()
    try:
        async with rest.acquire(token, hikari.TokenType.BOT) as client:
            await client.fetch_my_user()
            if shard_count:
                return (await client.fetch_gateway_bot_info()).shard_count
            return 1
    except hikari.HTTPError as error:
        raise explained(error, api_url) from None
    finally:
        await rest.close()
