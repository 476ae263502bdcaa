"""What every feature's messages share: colours, the author line, button styles."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import hikari
from hikari.embeds import EmbedAuthor, EmbedFooter, EmbedResourceWithProxy

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
    """The avatar the user shows (a member's server avatar first), as hikari makes its URL:
    kept by everything the URL is made from (id, server, avatar hashes, discriminator), since
    hikari builds it through its route compiler and URL quoting each time (about a twentieth
    of what the bot spends on a ``/roll``'s own work)."""
    key = (int(user.id), getattr(user, "guild_id", None), user.avatar_hash,
           getattr(user, "guild_avatar_hash", None), user.discriminator)
    url = _avatars.get(key)
    if url is None:
        url = str(user.display_avatar_url)
        if len(_avatars) >= AVATARS_KEPT:
            del _avatars[next(iter(_avatars))]
        _avatars[key] = url
    return url


_new = object.__new__


def embed_of(title: str, color: hikari.Color, description: str, footer: str, *,
             author: str, icon: str | None) -> hikari.Embed:
    """The embed ``hikari.Embed(title=title, description=description, color=color)`` with
    its author (``icon``: the avatar's URL) and its footer set, each of its parts made as
    hikari's constructors make them but without their calls (half the cost of its own
    ``from_received_embed``, a third of its constructor's and setters')."""
    avatar = None
    if icon is not None:
        if icon.startswith(("https://", "http://")):  # hikari's ensure_resource: a URL
            url = _new(hikari.URL)
            url._url, url._filename = icon, None
            resource: hikari.files.Resource[Any] = url
        else:
            resource = hikari.files.ensure_resource(icon)
        avatar = _new(EmbedResourceWithProxy)
        avatar.resource, avatar.proxy_resource = resource, None
    shown = _new(EmbedAuthor)
    shown.name, shown.url, shown.icon = author, None, avatar
    end = _new(EmbedFooter)
    end.text, end.icon = footer, None
    embed = _new(hikari.Embed)
    embed._title, embed._description, embed._url, embed._color = title, description, None, color
    embed._timestamp = embed._image = embed._thumbnail = embed._video = None
    embed._provider = embed._fields = None
    embed._author, embed._footer = shown, end
    return embed


def embed_json(embed: hikari.Embed) -> dict[str, Any] | None:
    """The JSON hikari's entity factory makes of ``embed`` (``serialize_embed``), read from
    its fields in one call (the factory reads about thirty properties); ``None`` for an embed
    holding what Nazh's results never hold (a timestamp, an image, a thumbnail, fields, a
    footer's icon, an author's icon that is not a URL), which the factory serializes.
    ``tests/adapters/discord/runtime/test_embeds.py`` holds the two equal."""
    if (embed._timestamp is not None or embed._image is not None
            or embed._thumbnail is not None or embed._fields):
        return None
    payload: dict[str, Any] = {}
    title, description, url, color = embed._title, embed._description, embed._url, embed._color
    if title is not None:
        payload["title"] = title
    if description is not None:
        payload["description"] = description
    if url is not None:
        payload["url"] = url
    if color is not None:
        payload["color"] = int(color)
    footer = embed._footer
    if footer is not None:
        if footer.icon is not None:
            return None
        payload["footer"] = {} if footer.text is None else {"text": footer.text}
    author = embed._author
    if author is not None:
        shown: dict[str, Any] = {}
        if author.name is not None:
            shown["name"] = author.name
        if author.url is not None:
            shown["url"] = author.url
        if author.icon is not None:
            resource = author.icon.resource
            if type(resource) is not hikari.URL:
                return None
            shown["icon_url"] = resource.url
        payload["author"] = shown
    return payload
