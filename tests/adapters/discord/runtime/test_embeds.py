"""The author line of a result: the avatar the user shows, exactly as hikari makes its URL,
kept by everything the URL is made from (a new avatar or server avatar is a new URL)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import hikari
import pytest

from nazh.adapters.discord.runtime import embeds
from nazh.adapters.discord.runtime.embeds import Author, avatar_url

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
