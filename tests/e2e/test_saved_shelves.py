"""Saved rolls for a table, end to end on both transports: a player's, a channel's and a
server's shelves (who may change them, the resolution order, autocomplete with the shelf),
rename, and export/import of the versioned JSON file (all or nothing, with a report)."""

from __future__ import annotations

import json

import pytest
from aiohttp import web

from nazh.application.shared.json_types import JsonObject
from tests.e2e.fake_discord import FakeDiscord, autocomplete, make_user
from tests.e2e.harness import NazhUnderTest, embed_of, grant_manage_server
from tests.e2e.import_kit import import_file
from tests.local_http import local_server
from tests.waiting import until

EPHEMERAL = 1 << 6
GM = make_user("781111111111111111", "gm")
PLAYER = make_user("782222222222222222", "player")


@pytest.fixture(autouse=True)
def gm_manages_the_server(fake_discord: FakeDiscord) -> None:
    grant_manage_server(fake_discord, GM)


def text(answer: JsonObject) -> str:
    return json.dumps(answer["data"], ensure_ascii=False)


async def test_shelves_resolve_yours_then_the_channels_then_the_servers(
        nazh: NazhUnderTest) -> None:
    _, on_server = await nazh.slash("save", name="attack", pool="1d20+3", scope="server",
                                    _user=GM)
    assert "on this server's shelf" in on_server["data"]["content"]
    await nazh.slash("save", name="attack", pool="1d20+5", scope="channel", _user=GM)
    await nazh.slash("save", name="heal", pool="2d8", scope="server", _user=GM)
    _, rolled = await nazh.slash(pool="@attack", _user=PLAYER)
    assert "`1d20+5`" in embed_of(rolled)["description"]  # the channel's, before the server's
    _, healed = await nazh.slash(pool="@heal", _user=PLAYER)
    assert "`2d8`" in embed_of(healed)["description"]
    await nazh.slash("save", name="attack", pool="a1d20+7", _user=PLAYER)
    _, mine = await nazh.slash(pool="@attack", _user=PLAYER)
    assert "`a1d20+7`" in embed_of(mine)["description"]  # the player's own first
    _, listed = await nazh.slash("saved list", _user=PLAYER)
    lines = embed_of(listed)["description"].split("\n")
    assert lines == ["`@attack` → `a1d20+7`", "`@attack` → `1d20+5` · channel",
                     "`@attack` → `1d20+3` · server", "`@heal` → `2d8` · server"]


async def test_only_gms_and_managers_change_a_shared_shelf(nazh: NazhUnderTest) -> None:
    _, refused = await nazh.slash("save", name="x", pool="1d6", scope="channel", _user=PLAYER)
    assert refused["data"]["flags"] & EPHEMERAL
    assert "only GMs and Manage Server holders change the channel's saved rolls" in text(
        refused)
    await nazh.slash("save", name="x", pool="1d6", scope="server", _user=GM)
    _, not_theirs = await nazh.slash("saved delete", name="x", scope="server", _user=PLAYER)
    assert "only GMs and Manage Server holders" in text(not_theirs)
    _, deleted = await nazh.slash("saved delete", name="x", scope="server", _user=GM)
    assert "Deleted `@x`" in deleted["data"]["content"]


async def test_autocomplete_shows_each_name_with_its_shelf(
        nazh: NazhUnderTest, fake_discord: FakeDiscord) -> None:
    await nazh.slash("save", name="sneak", pool="a1d20+6", _user=PLAYER)
    await nazh.slash("save", name="smite", pool="2d8", scope="server", _user=GM)
    suggest = autocomplete("saved delete", {"name": "s"}, "name", user=PLAYER)
    await fake_discord.dispatch("INTERACTION_CREATE", suggest)
    choices = (await fake_discord.wait_for_interaction_response(suggest))["data"]["choices"]
    assert [(c["name"], c["value"]) for c in choices] == [("sneak (me)", "sneak"),
                                                          ("smite (server)", "smite")]


async def test_rename(nazh: NazhUnderTest) -> None:
    await nazh.slash("save", name="old", pool="1d12", _user=PLAYER)
    _, renamed = await nazh.slash("saved rename", name="old", **{"new-name": "Greataxe"},
                                  _user=PLAYER)
    assert renamed["data"]["content"] == "Renamed `@old` to `@greataxe`."
    _, rolled = await nazh.slash(pool="@greataxe", _user=PLAYER)
    assert "`1d12`" in embed_of(rolled)["description"]
    _, gone = await nazh.slash(pool="@old", _user=PLAYER)
    assert "no saved roll named @old" in text(gone)


async def test_export_attaches_the_versioned_file(nazh: NazhUnderTest,
                                                  fake_discord: FakeDiscord) -> None:
    await nazh.slash("save", name="sneak", pool="a1d20+6", _user=PLAYER)
    await nazh.slash("save", name="smite", pool="2d8", scope="server", _user=GM)
    interaction, answer = await nazh.slash("saved export", _user=PLAYER)
    assert answer["data"]["content"].startswith("Your saved rolls here (2)")
    upload = await fake_discord.wait_for_request(
        lambda r: r.method == "POST" and interaction["token"] in r.path and bool(r.files), 5)
    [file] = upload.files
    assert file.filename == "nazh-saved-rolls.json"
    assert json.loads(file.data) == {
        "format": "nazh-saved-rolls", "version": 1,
        "rolls": [{"name": "sneak", "notation": "a1d20+6", "scope": "me"},
                  {"name": "smite", "notation": "2d8", "scope": "server"}]}
    assert upload.body["flags"] & EPHEMERAL


def document(*rolls: JsonObject) -> bytes:
    return json.dumps({"format": "nazh-saved-rolls", "version": 1,
                       "rolls": list(rolls)}).encode()


async def test_import_saves_every_entry_with_a_report(nazh: NazhUnderTest,
                                                      fake_discord: FakeDiscord) -> None:
    answer = await import_file(nazh, fake_discord, document(
        {"name": "Sneak", "notation": "a1d20+6", "scope": "me"},
        {"name": "smite", "notation": "2d8"}), GM, scope="server")
    assert answer["data"]["content"] == "Imported 2 saved roll(s) onto this server's shelf."
    assert embed_of(answer)["description"] == "✅ `@sneak`\n✅ `@smite`"
    _, rolled = await nazh.slash(pool="@sneak", _user=PLAYER)
    assert "`a1d20+6`" in embed_of(rolled)["description"]


async def test_an_import_with_a_bad_entry_imports_nothing(nazh: NazhUnderTest,
                                                          fake_discord: FakeDiscord) -> None:
    answer = await import_file(nazh, fake_discord, document(
        {"name": "good", "notation": "1d20"},
        {"name": "bad name", "notation": "1d20"},
        {"name": "huge", "notation": "21d6"},
        {"name": "good", "notation": "1d8"}), PLAYER)
    assert answer["data"]["content"] == (
        "Nothing was imported: 3 of 4 entries cannot be saved, so nothing was imported.")
    lines = embed_of(answer)["description"].split("\n")
    assert lines[0] == "✅ `@good`"
    assert lines[1] == "❌ `bad name`: ' ' is not allowed in a name"
    assert lines[2].startswith("❌ `huge`: ")
    assert "at most 20 dice per pool" in lines[2]
    assert lines[3] == "❌ `good`: @good is in the file twice"
    _, listed = await nazh.slash("saved list", _user=PLAYER)
    assert "None yet" in embed_of(listed)["description"]


NESTED = (b'{"format": "nazh-saved-rolls", "version": 1, "rolls": ' + b"[" * 100_000
          + b"]" * 100_000 + b"}")


@pytest.mark.parametrize(("data", "problem"), [
    (b"not json", 'file \\"rolls.json\\": not valid JSON (line 1, column 1: Expecting value)'),
    (b'{"rolls": []}', 'file \\"rolls.json\\": not a \\"nazh-saved-rolls\\" export'),
    (b'{"format": "nazh-saved-rolls", "version": 9, "rolls": []}',
     "version 9 of the format is not known"),
    (b" " * (256 * 1024 + 1),
     'file \\"rolls.json\\" (257 KiB) is over the 256 KiB limit'),
    (NESTED, 'file \\"rolls.json\\": not valid JSON (nested more than 16 levels deep)'),
], ids=["not-json", "not-an-export", "unknown-version", "too-large", "nested-too-deeply"])
async def test_a_file_that_is_not_an_export_is_refused(
        nazh: NazhUnderTest, fake_discord: FakeDiscord, data: bytes, problem: str) -> None:
    answer = await import_file(nazh, fake_discord, data, PLAYER)
    assert answer["data"]["flags"] & EPHEMERAL
    assert problem in text(answer)


async def test_a_file_on_another_host_is_never_fetched(
        nazh: NazhUnderTest, fake_discord: FakeDiscord) -> None:
    asked: list[str] = []

    async def serve(request: web.Request) -> web.Response:
        asked.append(request.path)
        return web.Response(body=document({"name": "x", "notation": "1d6"}))

    async with local_server(web.get("/{tail:.*}", serve)) as elsewhere:
        attachment = fake_discord.attachment(b"", "rolls.json")
        attachment["url"] = attachment["proxy_url"] = f"{elsewhere}/internal/rolls.json"
        answer = await import_file(nazh, fake_discord, b"", PLAYER, attachment=attachment)
    assert answer["data"]["flags"] & EPHEMERAL
    assert ('file \\"rolls.json\\" cannot be fetched: it is not on Discord\'s attachment '
            "hosts") in text(answer)
    assert asked == []
    _, listed = await nazh.slash("saved list", _user=PLAYER)
    assert "None yet" in embed_of(listed)["description"]


async def test_a_file_larger_than_it_claims_is_cut_off_at_the_limit(
        nazh: NazhUnderTest, fake_discord: FakeDiscord) -> None:
    data = b" " * (32 << 20)
    attachment = fake_discord.attachment(data, "rolls.json", size=100, streamed=True)
    answer = await import_file(nazh, fake_discord, data, PLAYER, attachment=attachment)
    assert answer["data"]["flags"] & EPHEMERAL
    assert 'file \\"rolls.json\\" is over the 256 KiB limit' in text(answer)
    sent = await written(fake_discord, attachment["id"])
    assert sent < len(data) // 2  # the bot hung up: the rest was never sent


async def test_a_file_whose_size_header_is_over_the_limit_is_not_read(
        nazh: NazhUnderTest, fake_discord: FakeDiscord) -> None:
    data = b" " * (4 << 20)
    attachment = fake_discord.attachment(data, "big.json", size=100)
    answer = await import_file(nazh, fake_discord, data, PLAYER, attachment=attachment)
    assert 'file \\"big.json\\" (4096 KiB) is over the 256 KiB limit' in text(answer)


async def written(fake: FakeDiscord, attachment_id: str, timeout: float = 5.0) -> int:
    """How many bytes of a streamed attachment the fake wrote before the reader hung up."""
    await until(lambda: fake.streamed[attachment_id] is not None, timeout=timeout,
                what=f"attachment {attachment_id} served to its end")
    sent = fake.streamed[attachment_id]
    assert sent is not None
    return sent
