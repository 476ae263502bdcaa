"""The table's language end to end, on both transports: every command registered in each
language Nazh speaks, the server's ``language`` setting and a channel's override set by a
manager (audited, shown), refused to a player, and ``auto`` following the server's locale."""

from __future__ import annotations

import sqlite3

from nazh.application.shared.json_types import JsonObject
from tests.e2e.fake_discord import FakeDiscord, make_user, slash_command
from tests.e2e.fake_discord.payloads import DEFAULT_CHANNEL_ID
from tests.e2e.harness import NazhUnderTest, embed_of

MANAGE_GUILD = 1 << 5
ADMIN = make_user("711111111111111111", "admin")
PLAYER = make_user("722222222222222222", "player")
OTHER_CHANNEL = "755555555555555555"


def as_member(interaction: JsonObject, *, manages: bool) -> JsonObject:
    member = interaction["member"]
    permissions = int(member["permissions"])
    member["permissions"] = str(permissions | MANAGE_GUILD if manages
                                else permissions & ~MANAGE_GUILD)
    return interaction


async def send(fake: FakeDiscord, interaction: JsonObject) -> JsonObject:
    await fake.dispatch("INTERACTION_CREATE", interaction)
    return await fake.wait_for_interaction_response(interaction)


def channel_option(channel_id: str) -> tuple[JsonObject, JsonObject]:
    channel = {"id": channel_id, "name": "table", "type": 0, "permissions": "0"}
    return ({"name": "channel", "type": 7, "value": channel_id},
            {"channels": {channel_id: channel}})


def audit_rows(nazh: NazhUnderTest) -> list[tuple[object, ...]]:
    with sqlite3.connect(nazh.data_dir / "nazh.sqlite3") as connection:
        return connection.execute(
            "SELECT setting, old, new FROM guild_settings_audit ORDER BY at, setting").fetchall()


async def test_every_command_is_registered_in_each_language(
        nazh: NazhUnderTest, fake_discord: FakeDiscord) -> None:
    commands = {command["name"]: command for scope in fake_discord.state.commands.values()
                for command in scope}
    roll = commands["roll"]
    assert {locale: roll["name_localizations"][locale]
            for locale in ("es-ES", "es-419", "pt-BR", "fr")} == {
        "es-ES": "tirada", "es-419": "tirada", "pt-BR": "rolagem", "fr": "jet"}
    pool = roll["options"][0]
    assert pool["name"] == "pool"
    assert pool["description_localizations"]["pt-BR"].startswith("Grupos separados por vírgulas")
    assert commands["settings"]["name_localizations"]["fr"] == "réglages"
    assert fake_discord.spec_violations == []


async def test_a_manager_sets_the_servers_language_and_a_channels_own(
        nazh: NazhUnderTest, fake_discord: FakeDiscord) -> None:
    answer = await send(fake_discord, as_member(slash_command(
        "settings set", {"language": "pt-BR"}, user=ADMIN), manages=True))
    assert answer["data"]["content"] == "Changed `language`."
    assert "**language**: Português (Brasil)" in embed_of(answer)["description"]

    option, resolved = channel_option(OTHER_CHANNEL)
    answer = await send(fake_discord, as_member(slash_command(
        "settings channel-language", [{"name": "language", "type": 3, "value": "fr"}, option],
        user=ADMIN, resolved=resolved), manages=True))
    assert answer["data"]["content"] == "Changed `channel-languages`."
    assert f"**channel-languages**: <#{OTHER_CHANNEL}> Français" in embed_of(
        answer)["description"]
    answer = await send(fake_discord, as_member(slash_command(
        "settings channel-language", {"language": "es-419"}, user=ADMIN), manages=True))
    assert (f"<#{DEFAULT_CHANNEL_ID}> Español (Latinoamérica), <#{OTHER_CHANNEL}> Français"
            in embed_of(answer)["description"])

    answer = await send(fake_discord, as_member(slash_command(
        "settings channel-language", {"language": "auto"}, user=ADMIN), manages=True))
    assert f"**channel-languages**: <#{OTHER_CHANNEL}> Français" in embed_of(
        answer)["description"]
    answer = await send(fake_discord, as_member(slash_command(
        "settings reset", {"setting": "language"}, user=ADMIN), manages=True))
    assert "**language**: auto (the server's locale" in embed_of(answer)["description"]
    assert audit_rows(nazh) == [
        ("language", "unset", "pt-BR"),
        ("channel-languages", "unset", f"<#{OTHER_CHANNEL}> fr"),
        ("channel-languages", f"<#{OTHER_CHANNEL}> fr",
         f"<#{DEFAULT_CHANNEL_ID}> es-419, <#{OTHER_CHANNEL}> fr"),
        ("channel-languages", f"<#{DEFAULT_CHANNEL_ID}> es-419, <#{OTHER_CHANNEL}> fr",
         f"<#{OTHER_CHANNEL}> fr"),
        ("language", "pt-BR", "unset"),
    ]


async def test_a_player_may_not_set_a_language(
        nazh: NazhUnderTest, fake_discord: FakeDiscord) -> None:
    answer = await send(fake_discord, as_member(slash_command(
        "settings channel-language", {"language": "fr"}, user=PLAYER), manages=False))
    assert answer["data"]["flags"] & (1 << 6)
    assert "Manage Server" in str(answer["data"])
    assert audit_rows(nazh) == []


async def test_auto_follows_the_servers_locale_as_discord_sends_it(
        nazh: NazhUnderTest, fake_discord: FakeDiscord) -> None:
    show = slash_command("settings show", user=PLAYER)
    show["guild_locale"] = "es-ES"
    answer = await send(fake_discord, show)
    assert "**language**: auto (the server's locale: Español (España))" in embed_of(
        answer)["description"]


async def test_the_settings_answer_speaks_the_pressers_language(
        nazh: NazhUnderTest, fake_discord: FakeDiscord) -> None:
    """Only the presser sees it: their client's language, whatever the table's."""
    show = slash_command("settings show", user=PLAYER, locale="fr")
    show["guild_locale"] = "es-ES"
    answer = await send(fake_discord, show)
    embed = embed_of(answer)
    assert embed["title"] == "⚙️ Réglages de Nazh"
    assert "**language**: auto (la langue du serveur : Español (España))" in embed["description"]
    assert "**allow-reroll**: non" in embed["description"]
