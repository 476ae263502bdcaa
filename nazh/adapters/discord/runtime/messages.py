"""Messages Nazh posts by itself: cards (Components V2) and their edits, and a member's mention."""

from __future__ import annotations

import hikari

from nazh.adapters.discord.runtime.responder import QUIET, V2, Components, require_v2
from nazh.presentation.chat import DiscordLimits, clip


class ChannelMessages:
    """Posts and edits Nazh's own messages in channels, through hikari's REST client."""

    def __init__(self, rest: hikari.api.RESTClient) -> None:
        self._rest = rest

    async def post_card(self, channel_id: int, components: Components) -> int:
        """Post a card showing ``components`` in the channel; its message id."""
        message = await self._rest.create_message(channel_id, components=require_v2(components),
                                                  flags=V2, **QUIET)
        return int(message.id)

    async def edit_card(self, channel_id: int, message_id: int, components: Components) -> None:
        """Show ``components`` on the card ``message_id`` (everything it showed is replaced)."""
        await self._rest.edit_message(channel_id, message_id,
                                      components=require_v2(components), flags=V2, **QUIET)

    async def ping(self, channel_id: int, user_id: int, text: str) -> int:
        """Post ``text`` after a mention of ``user_id``, pinging them alone; its message id."""
        # Never @everyone, @here or a role, whatever the text says (every other message pings no
        # one).
        message = await self._rest.create_message(
            channel_id, clip(f"<@{user_id}> {text}", DiscordLimits.CONTENT),
            user_mentions=[hikari.Snowflake(user_id)], mentions_everyone=False,
            role_mentions=False)
        return int(message.id)
