"""Checkpoints posted to each server's anchor channel (``/settings set anchor-channel``)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

import hikari

from nazh.application.checkpoints.mirrors import ChannelGuilds, MirrorUnavailableError
from nazh.application.checkpoints.signed import PURGE, SignedCheckpoint
from nazh.application.settings.server import GuildSettings
from nazh.presentation.chat import DiscordLimits

log = logging.getLogger(__name__)

HEADER = ("🔏 **Signed checkpoints** of this server's dice (check the log against them: "
          "copy the lines into a file, `nazh log verify --anchors FILE`)")


class AnchorChannels:
    """Posts each checkpoint in its chain's server's anchor channel (none: not posted)."""

    # Once posted, a message is out of the database owner's reach: rewriting history would have to
    # rewrite Discord too. ``rest`` gives a not-running client until Discord connects: the
    # checkpoints wait.
    name = "discord"

    def __init__(self, rest: Callable[[], hikari.api.RESTClient], settings: GuildSettings,
                 guilds: ChannelGuilds) -> None:
        self._rest = rest
        self._settings = settings
        self._guilds = guilds

    async def send(self, checkpoints: Sequence[SignedCheckpoint]) -> None:
        """Post them by anchor channel, oldest first (MirrorUnavailableError: posted again)."""
        guild_of = await self._guilds.guilds_of({point.checkpoint.channel_id
                                                 for point in checkpoints})
        targets: dict[int, list[SignedCheckpoint]] = {}
        for point in checkpoints:
            guild = guild_of.get(point.checkpoint.channel_id)
            if guild is None:
                continue
            anchor = (await self._settings.of(guild)).anchor_channel_id
            if anchor is not None:
                targets.setdefault(anchor, []).append(point)
        for channel, points in targets.items():
            await self._post(channel, points)

    async def _post(self, channel: int, points: list[SignedCheckpoint]) -> None:
        try:
            rest = self._rest()
            for content in anchor_messages(points):
                await rest.create_message(channel, content, user_mentions=False,
                                          role_mentions=False, mentions_everyone=False)
        except (hikari.ForbiddenError, hikari.NotFoundError) as error:
            log.warning("cannot post checkpoints in the anchor channel %s (%s); skipped",
                        channel, error.message or type(error).__name__)
        except hikari.ComponentStateConflictError:
            raise MirrorUnavailableError("Discord is not connected yet") from None
        except hikari.HTTPError as error:
            raise MirrorUnavailableError(
                f"Discord did not take the message ({type(error).__name__})") from None


def anchor_messages(points: Sequence[SignedCheckpoint],
                    limit: int = DiscordLimits.CONTENT) -> list[str]:
    """The messages that post ``points`` (as many per message as fit)."""
    messages: list[str] = []
    described: list[str] = []
    lines: list[str] = []
    for point in points:
        summary = describe(point)
        line = point.line()
        if described and len(_message([*described, summary], [*lines, line])) > limit:
            messages.append(_message(described, lines))
            described, lines = [], []
        described.append(summary)
        lines.append(line)
    if described:
        messages.append(_message(described, lines))
    return messages


def describe(point: SignedCheckpoint) -> str:
    """One checkpoint for people."""
    checkpoint = point.checkpoint
    what = "purge anchor" if checkpoint.kind == PURGE else "head"
    return (f"• <#{checkpoint.channel_id}> record #{checkpoint.seq} ({what}), "
            f"<t:{int(checkpoint.at.timestamp())}:f>")


def _message(described: list[str], lines: list[str]) -> str:
    return "\n".join([HEADER, *described, "```json", *lines, "```"])
