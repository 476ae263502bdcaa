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
        return cls(user.display_name or user.username, avatar_url(user))


AVATARS_KEPT = 10_000
"""Avatar URLs kept (about 200 bytes each); past it the oldest is forgotten."""
_avatars: dict[tuple[int, int | None, str | None, str | None, str], str] = {}


def avatar_url(user: hikari.User) -> str:
    """The avatar the user shows (a member's server avatar first), its URL kept by what makes it."""
    # hikari builds the URL through its route compiler and quoting each time: a twentieth of a
    # /roll's own work.
    key = (int(user.id), getattr(user, "guild_id", None), user.avatar_hash,
           getattr(user, "guild_avatar_hash", None), user.discriminator)
    url = _avatars.get(key)
    if url is None:
        url = str(user.display_avatar_url)
        if len(_avatars) >= AVATARS_KEPT:
            del _avatars[next(iter(_avatars))]
        _avatars[key] = url
    return url
