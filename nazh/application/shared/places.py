"""Where a kept thing lives and where an act on it is asked from: every door's first check."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Place:
    """A server (``None``: outside any) and a channel (``None``: not bound to one)."""

    guild_id: int | None
    channel_id: int | None = None


def reaches(asker: Place, home: Place) -> bool:
    """Whether an act asked from ``asker`` reaches a record kept at ``home``."""
    if asker.guild_id != home.guild_id:
        return False
    # A record bound to a channel (a request's card, a roll's message) is reached from that
    # channel only; one bound to a server (a sheet) from any of its channels.
    return asker.channel_id is None or home.channel_id is None \
        or asker.channel_id == home.channel_id
