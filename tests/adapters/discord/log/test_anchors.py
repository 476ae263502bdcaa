"""Anchor-channel messages and /about's text: every checkpoint's own line is in a message that
fits Discord's limit, each checkpoint goes to its server's anchor channel (none outside a
server or without one), a channel the bot may not post in is skipped, and Discord being down
or not connected yet means "later"."""

from __future__ import annotations

import re
from collections.abc import Collection
from datetime import UTC, datetime

import hikari
import pytest

from nazh.adapters.discord.about.commands import about_embed
from nazh.adapters.discord.log.anchors import AnchorChannels, anchor_messages
from nazh.adapters.discord.runtime.dependencies import AboutInfo
from nazh.application.checkpoints.mirrors import MirrorUnavailableError
from nazh.application.checkpoints.signed import PURGE, Checkpoint, SignedCheckpoint
from nazh.application.settings.server import GuildSettings, ServerSettings
from nazh.application.shared.json_types import JsonObject
from nazh.presentation.chat import DiscordLimits
from tests.app_fakes import FakeClock

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def signed(channel: int, seq: int, kind: str = "head") -> SignedCheckpoint:
    return SignedCheckpoint(Checkpoint(channel, seq, f"{seq:064x}", NOW, kind),
                            "ab" * 32, "cd" * 64)


def lines_of(message: str) -> list[str]:
    return message.split("```json\n", 1)[1].split("\n```", 1)[0].splitlines()


def test_every_checkpoint_line_is_posted_once_within_the_limit() -> None:
    points = [signed(7, seq) for seq in range(1, 41)] + [signed(7, 41, PURGE)]
    messages = anchor_messages(points)
    assert len(messages) > 1
    assert all(len(message) <= DiscordLimits.CONTENT for message in messages)
    posted = [line for message in messages for line in lines_of(message)]
    assert posted == [point.line() for point in points]
    assert [SignedCheckpoint.parse(line) for line in posted] == points
    assert "• <#7> record #41 (purge anchor), <t:1795435200:f>" in messages[-1]


class Rest:
    def __init__(self, error: Exception | None = None) -> None:
        self.posted: list[tuple[int, str]] = []
        self.error = error

    async def create_message(self, channel: int, content: str, **_: object) -> None:
        if self.error is not None:
            raise self.error
        self.posted.append((channel, content))


class Store:
    def __init__(self, settings: dict[int, ServerSettings]) -> None:
        self.settings = settings

    async def get(self, guild_id: int) -> ServerSettings | None:
        return self.settings.get(guild_id)


class Guilds:
    async def guilds_of(self, channel_ids: Collection[int]) -> dict[int, int | None]:
        known: dict[int, int | None] = {1: 100, 2: 100, 3: 200, 4: None}
        return {channel: known[channel] for channel in channel_ids if channel in known}


def anchors(rest: Rest) -> AnchorChannels:
    store = Store({100: ServerSettings(anchor_channel_id=555), 200: ServerSettings()})
    return AnchorChannels(lambda: rest, GuildSettings(store, FakeClock(NOW)),  # type: ignore[arg-type, return-value]
                          Guilds())


async def test_each_checkpoint_goes_to_its_servers_anchor_channel_only() -> None:
    rest = Rest()
    await anchors(rest).send([signed(1, 5), signed(3, 5), signed(2, 9), signed(4, 1),
                              signed(99, 1)])
    [(channel, content)] = rest.posted
    assert channel == 555
    assert lines_of(content) == [signed(1, 5).line(), signed(2, 9).line()]


async def test_a_channel_the_bot_may_not_post_in_is_skipped() -> None:
    forbidden = hikari.ForbiddenError("/channels/555/messages", {}, b"", "Missing Access", 50001)
    rest = Rest(forbidden)
    await anchors(rest).send([signed(1, 5)])  # no error: skipped, not retried
    assert rest.posted == []


@pytest.mark.parametrize(("error", "reason"), [
    (hikari.ComponentStateConflictError("client is not running"),
     "Discord is not connected yet"),
    (hikari.InternalServerError("/channels/555/messages", 503, {}, b"", "unavailable"),
     "Discord did not take the message (InternalServerError)"),
])
async def test_discord_down_or_not_connected_means_later(error: Exception, reason: str) -> None:
    with pytest.raises(MirrorUnavailableError, match=re.escape(reason)):
        await anchors(Rest(error)).send([signed(1, 5)])


def info(**changes: object) -> AboutInfo:
    values: JsonObject = {"version": "1.2.3", "commit": "0123456789abcdef", "seeded": False,
                              "public_key": "ef" * 32, "checkpoint_every": 100,
                              "checkpoint_minutes": 10.0, "url_mirror": True}
    return AboutInfo(**{**values, **changes})


def test_about_tells_the_dice_source_key_policy_and_anchor() -> None:
    embed = about_embed(info(), True, 555)
    fields = {field.name: field.value for field in embed.fields}
    assert fields["Dice"].startswith("the operating system's cryptographic random source")
    assert fields["Signed checkpoints"] == (
        "every 100 records or 10 minutes per channel, Nazh signs the head of the channel's "
        "chain (Ed25519) and publishes it outside the database and to the operator's "
        f"checkpoint URL. Public key:\n`{'ef' * 32}`")
    assert fields["This server's anchor channel"].startswith("<#555>:")
    assert embed.title == "🎲 Nazh 1.2.3"
    assert embed.footer is not None
    assert embed.footer.text == "Nazh 1.2.3 · commit 0123456789ab"
    outside = {f.name: f.value for f in about_embed(info(url_mirror=False), False, None).fields}
    assert outside["This server's anchor channel"].startswith("checkpoints are posted in a "
                                                              "server's anchor channel; here")
    assert "checkpoint URL" not in outside["Signed checkpoints"]
