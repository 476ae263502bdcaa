"""What every feature's messages share: colours, the author line, button styles."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import hikari

InteractiveStyle = Literal[
    hikari.ButtonStyle.PRIMARY, hikari.ButtonStyle.SECONDARY,
    hikari.ButtonStyle.SUCCESS, hikari.ButtonStyle.DANGER,
]
GOLD = hikari.Color(0xF1C40F)
BLURPLE = hikari.Color(0x5865F2)
GREEN = hikari.Color(0x2ECC71)
RED = hikari.Color(0xE74C3C)
GREY = hikari.Color(0x95A5A6)


@dataclass(frozen=True, slots=True)
class Author:
    """Who the result is shown as: display name and avatar."""

    name: str
    avatar_url: str | None = None

    @classmethod
    def of(cls, interaction: hikari.PartialInteraction) -> Author:
        """The user of an interaction, as the guild shows them."""
        member = getattr(interaction, "member", None)
        user: hikari.User = member if member is not None else interaction.user
        return cls(user.display_name or user.username, str(user.display_avatar_url))
