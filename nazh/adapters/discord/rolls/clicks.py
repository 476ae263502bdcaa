"""What a click on a roll's result tells: whether the message was the clicker's, whose roll."""

from __future__ import annotations

import hikari

from nazh.adapters.discord.runtime.embeds import Author
from nazh.domain.errors import RollStateError
from nazh.domain.spending import COMPLICATION_USES, OPPORTUNITY_USES, Use

SIGNED = " · "
"""What parts a result's footer: the roller's name first (:func:`.result.signature`)."""


def ephemeral(message: hikari.Message) -> bool:
    """Whether ``message`` was shown only to its reader (not the channel's)."""
    return bool(message.flags & hikari.MessageFlag.EPHEMERAL)


def message_author(interaction: hikari.ComponentInteraction) -> Author:
    """The roller as the clicked result shows them (whoever clicks): the name its footer
    begins with, beside their avatar (a result posted before, in its author line)."""
    return author_of(interaction.message) or Author.of(interaction)


def author_of(message: hikari.Message) -> Author | None:
    """The roller as a result shows them (``None``: a one-line result, with no card)."""
    for embed in message.embeds:
        if embed.author is not None and embed.author.name:
            icon = embed.author.icon.url if embed.author.icon else None
            return Author(embed.author.name, icon)
        footer = embed.footer
        if footer is not None and footer.icon is not None and footer.text:
            return Author(footer.text.split(SIGNED, 1)[0], footer.icon.url)
    return None


def use_of(value: str, *, opportunity: bool) -> Use:
    """What a spending select's ``value`` names (else :class:`RollStateError`)."""
    allowed = OPPORTUNITY_USES if opportunity else COMPLICATION_USES
    for use in allowed:
        if use.value == value:
            return use
    word = "an Opportunity" if opportunity else "a Complication"
    raise RollStateError(f"{word} cannot be spent on {value!r}",
                         hint=", ".join(use.label for use in allowed))


def die_value(value: str) -> tuple[int, int]:
    """``"0.1"`` (a die select's value) -> (pool, die); a malformed one names no die."""
    pool, _, die = value.partition(".")
    try:
        return int(pool), int(die)
    except ValueError:
        return -2, -2
