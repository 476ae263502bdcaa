"""Messages Nazh posts in a channel by itself, not as the answer to an interaction: a card (a
Components V2 message) and its edits, and a mention of one member who asked for it.

Every message pings no one (:data:`~nazh.adapters.discord.runtime.responder.QUIET`) except a
:meth:`ChannelMessages.ping`, which may ping exactly the member it names: never @everyone,
@here or a role, whatever its text says.
"""

from __future__ import annotations

import hikari

from nazh.adapters.discord.runtime.responder import QUIET, V2, Components, require_v2
from nazh.presentation.chat import DiscordLimits, clip


class ChannelMessages:
    """Posts and edits Nazh's own messages in channels, through hikari's REST client.

    Args:
        rest: The bot's REST client (``bot.rest``).
    """

    def __init__(self, rest: hikari.api.RESTClient) -> None:
        self._rest = rest

    async def post_card(self, channel_id: int, components: Components) -> int:
        """Post a card showing ``components`` in the channel; its message id.

        Raises:
            ValueError: No component of ``components`` is a V2 one.
            hikari.HTTPError: Discord refused it (``ForbiddenError``: the bot may not post
                there; ``NotFoundError``: no such channel).
        """
        message = await self._rest.create_message(channel_id, components=require_v2(components),
                                                  flags=V2, **QUIET)
        return int(message.id)

    async def edit_card(self, channel_id: int, message_id: int, components: Components) -> None:
        """Show ``components`` on the card ``message_id`` (everything it showed is replaced).

        Raises:
            ValueError: No component of ``components`` is a V2 one.
            hikari.HTTPError: Discord refused it (``NotFoundError``: the card was deleted).
        """
        await self._rest.edit_message(channel_id, message_id,
                                      components=require_v2(components), flags=V2, **QUIET)

    async def ping(self, channel_id: int, user_id: int, text: str) -> int:
        """Post ``text`` after a mention of the member ``user_id`` (cut to a message's length),
        pinging them and no one else (allowed mentions: that user only); its message id.

        Raises:
            hikari.HTTPError: Discord refused it.
        """
        message = await self._rest.create_message(
            channel_id, clip(f"<@{user_id}> {text}", DiscordLimits.CONTENT),
            user_mentions=[hikari.Snowflake(user_id)], mentions_everyone=False,
            role_mentions=False)
        return int(message.id)
