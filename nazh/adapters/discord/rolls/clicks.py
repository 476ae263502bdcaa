"""What a click on a roll's result tells: whether the message was the clicker's, whose roll."""

from __future__ import annotations

import hikari

from nazh.adapters.discord.runtime.embeds import Author


def ephemeral(message: hikari.Message) -> bool:
    """Whether ``message`` was shown only to its reader (not the channel's)."""
    return bool(message.flags & hikari.MessageFlag.EPHEMERAL)


def message_author(interaction: hikari.ComponentInteraction) -> Author:
    """The roller as the clicked result shows them (whoever clicks)."""
    for embed in interaction.message.embeds:
        if embed.author is not None and embed.author.name:
            icon = embed.author.icon.url if embed.author.icon else None
            return Author(embed.author.name, icon)
    return Author.of(interaction)
