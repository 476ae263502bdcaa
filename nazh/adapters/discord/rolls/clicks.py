"""What a click on a roll's result tells: whether the message was the clicker's, whose roll."""

from __future__ import annotations

import hikari

from nazh.adapters.discord.runtime.embeds import Author

SIGNED = " · "
"""What parts a result's footer: the roller's name first (:func:`.result.signature`)."""


def ephemeral(message: hikari.Message) -> bool:
    """Whether ``message`` was shown only to its reader (not the channel's)."""
    return bool(message.flags & hikari.MessageFlag.EPHEMERAL)


def message_author(interaction: hikari.ComponentInteraction) -> Author:
    """The roller as the clicked result shows them (whoever clicks): the name its footer
    begins with, beside their avatar (a result posted before, in its author line)."""
    for embed in interaction.message.embeds:
        if embed.author is not None and embed.author.name:
            icon = embed.author.icon.url if embed.author.icon else None
            return Author(embed.author.name, icon)
        footer = embed.footer
        if footer is not None and footer.icon is not None and footer.text:
            return Author(footer.text.split(SIGNED, 1)[0], footer.icon.url)
    return Author.of(interaction)
