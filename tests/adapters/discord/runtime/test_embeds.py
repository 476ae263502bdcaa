"""The author line of a result: the avatar the user shows, exactly as hikari makes its URL,
kept by everything the URL is made from (a new avatar or server avatar is a new URL); a
result's embed made and written to JSON as hikari makes and writes it."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

import hikari
import pytest

from nazh.adapters.discord.runtime import embeds
from nazh.adapters.discord.runtime.embeds import Author, avatar_url, embed_json, embed_of

GUILD = 5000
FACTORY = hikari.impl.EntityFactoryImpl(SimpleNamespace())


def member(user_id: int, *, avatar: str | None = None, guild_avatar: str | None = None,
           discriminator: str = "0") -> Any:
    app = SimpleNamespace()
    factory = hikari.impl.EntityFactoryImpl(app)
    return factory.deserialize_member(
        {"user": {"id": str(user_id), "username": f"user{user_id}", "avatar": avatar,
                  "discriminator": discriminator, "global_name": None},
         "avatar": guild_avatar, "roles": [], "joined_at": "2025-01-01T00:00:00+00:00",
         "deaf": False, "mute": False, "flags": 0},
        guild_id=hikari.Snowflake(GUILD))


@pytest.mark.parametrize(("avatar", "guild_avatar", "discriminator"), [
    (None, None, "0"), (None, None, "1234"), ("abc123", None, "0"),
    ("a_animated", None, "0"), ("abc123", "def456", "0"), (None, "a_server", "0")])
def test_the_url_is_hikari_s_own(avatar: str | None, guild_avatar: str | None,
                                 discriminator: str) -> None:
    shown = member(1001, avatar=avatar, guild_avatar=guild_avatar, discriminator=discriminator)
    assert avatar_url(shown) == str(shown.display_avatar_url)
    assert avatar_url(shown.user) == str(shown.user.display_avatar_url)


def test_a_changed_avatar_is_a_new_url_and_the_old_one_is_not_served() -> None:
    before, after = member(1002, avatar="old"), member(1002, avatar="new")
    assert avatar_url(before) == str(before.display_avatar_url)
    assert avatar_url(after) == str(after.display_avatar_url) != avatar_url(before)
    server = member(1002, avatar="new", guild_avatar="srv")
    assert avatar_url(server) == str(server.display_avatar_url) != avatar_url(after)


def test_the_kept_urls_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(embeds, "AVATARS_KEPT", 3)
    monkeypatch.setattr(embeds, "_avatars", {})
    for user_id in range(2000, 2010):
        shown = member(user_id, avatar=f"h{user_id}")
        assert avatar_url(shown) == str(shown.display_avatar_url)
    assert len(embeds._avatars) == 3


def test_the_author_is_the_member_as_the_server_shows_them() -> None:
    shown = member(1003, avatar="abc", guild_avatar="srv")
    interaction = SimpleNamespace(member=shown, user=shown.user)
    author = Author.of(interaction)  # type: ignore[arg-type]
    assert author == Author("user1003", str(shown.display_avatar_url))
    assert "/guilds/5000/users/1003/avatars/srv" in str(author.avatar_url)


URL_ICONS = ["https://cdn.discordapp.com/avatars/1/abc.png", "http://example.com/a.png", None]
DATA_ICON = "data:image/png;base64,iVBORw0KGgo="
ICONS = [*URL_ICONS, DATA_ICON]


def both_embeds(icon: str | None) -> tuple[hikari.Embed, hikari.Embed]:
    """A result's embed made by :func:`embed_of` and by hikari's constructor and setters."""
    ours = embed_of("🎲 Roll", hikari.Color(0x5865F2), "**19** | `a1d20+5`", "roll k3v9x0q2md",
                    author="player", icon=icon)
    theirs = hikari.Embed(title="🎲 Roll", description="**19** | `a1d20+5`",
                          color=hikari.Color(0x5865F2))
    theirs.set_author(name="player", icon=icon)
    theirs.set_footer("roll k3v9x0q2md")
    return ours, theirs


@pytest.mark.parametrize("icon", URL_ICONS)
def test_an_embed_made_in_one_call_is_hikari_s(icon: str | None) -> None:
    ours, theirs = both_embeds(icon)
    assert ours == theirs
    assert FACTORY.serialize_embed(ours) == (FACTORY.serialize_embed(theirs)[0], [])


def test_an_embed_made_in_one_call_with_an_icon_of_data_is_hikari_s() -> None:
    """A file made of a data URI gets a name of its own each time: the same data."""
    ours, theirs = both_embeds(DATA_ICON)
    (payload, files), (expected, expected_files) = (FACTORY.serialize_embed(ours),
                                                    FACTORY.serialize_embed(theirs))
    assert len(files) == len(expected_files) == 1
    assert [f.data for f in files] == [f.data for f in expected_files]  # type: ignore[attr-defined]
    payload["author"]["icon_url"] = expected["author"]["icon_url"]
    assert payload == expected


def written() -> list[hikari.Embed]:
    """Embeds of the shapes a result holds: :func:`embed_json` writes them."""
    made = [hikari.Embed(), hikari.Embed(title="t"), hikari.Embed(description="d", color=1),
            hikari.Embed(title="t", url="https://example.com", colour=0xFFFFFF)]
    for icon in URL_ICONS:
        made.append(hikari.Embed(title="t").set_author(name="a", icon=icon))
        made.append(hikari.Embed(title="t").set_author(url="https://example.com/me", icon=icon))
    made.append(hikari.Embed().set_footer("f"))
    made.append(hikari.Embed().set_footer(None))
    return made


def left() -> list[hikari.Embed]:
    """Embeds of shapes a result never holds: :func:`embed_json` leaves them to hikari."""
    made = [hikari.Embed(title="t").set_author(name="a", icon=DATA_ICON),
            hikari.Embed(title="t").set_author(url="https://example.com/me", icon=DATA_ICON)]
    for icon in [*URL_ICONS[:2], DATA_ICON]:  # a footer's icon, of any kind
        made.append(hikari.Embed().set_footer("f", icon=icon))
    made.append(hikari.Embed(title="t").add_field("n", "v", inline=True))
    made.append(hikari.Embed(title="t").set_image("https://example.com/i.png"))
    made.append(hikari.Embed(title="t").set_thumbnail(hikari.Bytes(b"x", "x.png")))
    made.append(hikari.Embed(title="t", timestamp=datetime(2026, 1, 1, tzinfo=UTC)))
    return made


@pytest.mark.parametrize("embed", written())
def test_an_embed_s_json_is_hikari_s(embed: hikari.Embed) -> None:
    payload, files = FACTORY.serialize_embed(embed)
    ours = embed_json(embed)
    assert ours == payload
    assert list(ours) == list(payload)
    assert files == []


@pytest.mark.parametrize("embed", left())
def test_an_embed_of_another_shape_is_left_to_hikari(embed: hikari.Embed) -> None:
    assert embed_json(embed) is None
