"""Where Nazh's commands can be used: server or user installs, servers, DMs and group DMs."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypedDict

import hikari


class Reach(TypedDict):
    """Where a lightbulb command is available (its class's keyword arguments)."""

    integration_types: Sequence[hikari.ApplicationIntegrationType]
    contexts: Sequence[hikari.ApplicationContextType]


EVERYWHERE: Reach = {
    "integration_types": [hikari.ApplicationIntegrationType.GUILD_INSTALL,
                          hikari.ApplicationIntegrationType.USER_INSTALL],
    "contexts": [hikari.ApplicationContextType.GUILD, hikari.ApplicationContextType.BOT_DM,
                 hikari.ApplicationContextType.PRIVATE_CHANNEL],
}
"""Keyword arguments of a lightbulb command class: available everywhere."""


def installed_in_server(interaction: hikari.PartialInteraction) -> bool:
    """From a server where Nazh itself is installed (not only by the user: else out of reach)."""
    if interaction.guild_id is None:
        return False
    owners = interaction.authorizing_integration_owners or {}
    return not owners or hikari.ApplicationIntegrationType.GUILD_INSTALL in owners
