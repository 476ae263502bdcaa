"""/settings show|set|reset end to end, on both transports: who may change what, the audit
trail, the defaults outside a server, and the registration (Manage Server by default)."""

from __future__ import annotations

import sqlite3

from nazh.application.shared.json_types import JsonObject
from tests.e2e.answer_kit import MANAGE_GUILD, as_member, send
from tests.e2e.fake_discord import FakeDiscord, make_user, slash_command
from tests.e2e.fake_discord.payloads import DEFAULT_GUILD_ID
from tests.e2e.harness import (
    NazhUnderTest,
    embed_of,
)

EPHEMERAL = 1 << 6
ADMIN = make_user("711111111111111111", "admin")
PLAYER = make_user("722222222222222222", "player")
GM_ROLE = "733333333333333333"
GM_CHANNEL = "744444444444444444"




def role_option() -> tuple[JsonObject, JsonObject]:
    role = {"id": GM_ROLE, "name": "GM", "color": 0, "colors": {"primary_color": 0},
            "hoist": False, "position": 1, "permissions": "0", "managed": False,
            "mentionable": True, "flags": 0, "icon": None, "unicode_emoji": None}
    return {"name": "gm-role", "type": 8, "value": GM_ROLE}, {"roles": {GM_ROLE: role}}




def audit_rows(nazh: NazhUnderTest) -> list[tuple[object, ...]]:
    with sqlite3.connect(nazh.data_dir / "nazh.sqlite3") as connection:
        return connection.execute(
            "SELECT guild_id, user_id, setting, old, new FROM guild_settings_audit "
            "ORDER BY at, setting").fetchall()


async def test_a_manager_changes_settings_and_each_change_is_audited(
        nazh: NazhUnderTest, fake_discord: FakeDiscord) -> None:
    option, resolved = role_option()
    change = as_member(slash_command(
        "settings set", [option, {"name": "default-visibility", "type": 3, "value": "private"},
                         {"name": "history-days", "type": 4, "value": 30}],
        user=ADMIN, resolved=resolved), manages=True)
    answer = await send(fake_discord, change)
    assert answer["data"]["flags"] & EPHEMERAL
    assert answer["data"]["content"] == (
        "Changed `gm-role`, `default-visibility`, `history-days`.")
    description = embed_of(answer)["description"]
    assert f"**gm-role**: <@&{GM_ROLE}>" in description
    assert "**default-visibility**: private" in description
    assert "**history-days**: 30" in description
    assert "**allow-reroll**: off" in description

    reset = as_member(slash_command("settings reset", {"setting": "history-days"}, user=ADMIN),
                      manages=True)
    answer = await send(fake_discord, reset)
    assert answer["data"]["content"] == "Changed `history-days`."
    assert "**history-days**: unset" in embed_of(answer)["description"]
    audited = str(embed_of(answer)["fields"])
    assert "**history-days**: 30 → unset" in audited
    assert f"**gm-role**: unset → <@&{GM_ROLE}>" in audited  # the role, never its id

    guild, admin = int(DEFAULT_GUILD_ID), int(ADMIN["id"])
    assert audit_rows(nazh) == [
        (guild, admin, "default-visibility", "public", "private"),
        (guild, admin, "gm-role", "unset", GM_ROLE),
        (guild, admin, "history-days", "unset", "30"),
        (guild, admin, "history-days", "30", "unset"),
    ]
    # setting what is already set records nothing
    same = as_member(slash_command(
        "settings set", {"default-visibility": "private"}, user=ADMIN), manages=True)
    assert (await send(fake_discord, same))["data"]["content"] == (
        "Nothing changed: those are the current values.")
    assert len(audit_rows(nazh)) == 4


async def test_without_manage_server_settings_are_shown_but_not_changed(
        nazh: NazhUnderTest, fake_discord: FakeDiscord) -> None:
    refused = as_member(slash_command("settings set", {"history-days": 7}, user=PLAYER),
                        manages=False, roles=(GM_ROLE,))
    answer = await send(fake_discord, refused)
    assert answer["data"]["flags"] & EPHEMERAL
    text = str(answer["data"])
    assert "changing Nazh's settings needs the Manage Server permission" in text
    assert audit_rows(nazh) == []
    shown = await send(fake_discord, as_member(slash_command("settings show", user=PLAYER),
                                               manages=False))
    assert "**history-days**: unset" in embed_of(shown)["description"]
    assert "**gm-role**: members with Manage Server" in embed_of(shown)["description"]


async def test_out_of_range_history_days_is_refused_with_the_range(
        nazh: NazhUnderTest, fake_discord: FakeDiscord) -> None:
    refused = as_member(slash_command("settings set", {"history-days": 0}, user=ADMIN),
                        manages=True)
    answer = await send(fake_discord, refused)
    assert "history-days must be from 1 to 3650 (got 0)" in str(answer["data"])


async def test_the_command_is_registered_for_managers_by_default(
        nazh: NazhUnderTest, fake_discord: FakeDiscord) -> None:
    commands = {command["name"]: command for scope in fake_discord.state.commands.values()
                for command in scope}
    settings = commands["settings"]
    assert int(settings["default_member_permissions"]) == MANAGE_GUILD
    assert {option["name"] for option in settings["options"]} == {
        "show", "set", "reset", "channel-language"}
    assert fake_discord.spec_violations == []


async def test_gm_role_at_everyone_is_refused_with_the_reason(
        nazh: NazhUnderTest, fake_discord: FakeDiscord) -> None:
    option, resolved = role_option()
    everyone = DEFAULT_GUILD_ID  # the @everyone role's id is the server's
    role = {**resolved["roles"][GM_ROLE], "id": everyone, "name": "@everyone"}
    change = as_member(slash_command(
        "settings set", [{**option, "value": everyone}], user=ADMIN,
        resolved={"roles": {everyone: role}}), manages=True)
    answer = await send(fake_discord, change)
    assert answer["data"]["flags"] & EPHEMERAL
    assert "gm-role can't be @everyone" in answer["data"]["content"]
    assert audit_rows(nazh) == []
