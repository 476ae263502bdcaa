"""Who an interaction comes from: a member (visibility, settings) and a roller (who, where)."""

from __future__ import annotations

from contextvars import ContextVar

import hikari

from nazh.adapters.discord.runtime.reach import installed_in_server
from nazh.application.rolls.model import Roller
from nazh.application.settings.server import Member

MANAGE = hikari.Permissions.MANAGE_GUILD | hikari.Permissions.ADMINISTRATOR
"""The permissions that make a member a manager of their server (Manage Server)."""


# The last interaction read and its member, per task: a roll asks for its roller, its settings
# and its visibility, each read a few µs; a context variable, as interactions answered at once
# take turns on the loop (one slot for the process missed four times in five under load).
_LAST: ContextVar[tuple[hikari.PartialInteraction, Member] | None] = ContextVar(
    "nazh_member", default=None)


def member_of(interaction: hikari.PartialInteraction) -> Member:
    """The interaction's user as settings see them: their server (or None), Manage Server, roles."""
    last = _LAST.get()
    if last is not None and last[0] is interaction:
        return last[1]
    found = _read_member(interaction)
    _LAST.set((interaction, found))
    return found


def _read_member(interaction: hikari.PartialInteraction) -> Member:
    member = getattr(interaction, "member", None)
    guild_id = interaction.guild_id if member is not None else None
    channel_id = int(interaction.channel.id)
    if member is None or guild_id is None or not installed_in_server(interaction):
        return Member(int(interaction.user.id), None, channel_id=channel_id)
    return Member(int(interaction.user.id), int(guild_id),
                  manages_guild=bool(member.permissions & MANAGE),
                  role_ids=frozenset(int(role) for role in member.role_ids),
                  channel_id=channel_id)


def roller_of(interaction: hikari.PartialInteraction) -> Roller:
    """Who is rolling, and where, as plain integers."""
    member = member_of(interaction)  # where Nazh is only user-installed, outside any server
    # Snowflake is an int subclass the garbage collector tracks: three more per kept roll to walk
    # (:mod:`nazh.adapters.heap`).
    return Roller(member.user_id, int(interaction.channel.id), member.guild_id)
