"""/history, /verify, /save, /saved and /roll pool:@name end to end (SQLite log)."""

from __future__ import annotations

import sqlite3

from nazh.adapters.discord.log.history import history_control
from nazh.adapters.discord.runtime.controls import base36
from nazh.application.shared.json_types import JsonObject
from tests.e2e.fake_discord import FakeDiscord, autocomplete, make_user
from tests.e2e.harness import NazhUnderTest, custom_id_of, embed_of, grant_manage_server
from tests.e2e.roll_kit import on_gm_panel, pressed_anyway

EPHEMERAL = 1 << 6
OTHER = make_user("999999999999999999", "other")


def roll_id_of(body: dict[str, object]) -> str:
    footer = str(embed_of(body)["footer"]["text"])
    return footer.rsplit("roll ", 1)[1]


async def flush(nazh: NazhUnderTest) -> None:
    assert nazh.container is not None
    assert await nazh.container.storage.writer().flush(5)


async def test_history_lists_public_rolls_and_own_private_ones(nazh: NazhUnderTest) -> None:
    _, first = await nazh.slash(pool="a1d20+5")
    _, secret = await nazh.slash(pool="2d6", private=True)
    await nazh.slash(pool="1d8", _user=OTHER)
    await flush(nazh)
    _, mine = await nazh.slash("history")
    assert mine["data"]["flags"] & EPHEMERAL
    lines = embed_of(mine)["description"].split("\n")
    assert len(lines) == 3
    assert lines[0].startswith("1. <t:")
    assert "`1d8`" in lines[0]
    assert "`2d6`" in lines[1]
    assert "🔒" in lines[1]
    assert not any(roll_id_of(first) in line for line in lines)  # names, not ids
    picks = verify_picks(mine)  # the rolls' ids serve /verify: the page's select
    assert [value for _, value in picks] == [picks[0][1], roll_id_of(secret), roll_id_of(first)]
    assert picks[2][0].startswith("3. a1d20+5 → ")
    _, verified = await nazh.click("nz1:hv:pick", [roll_id_of(first)])
    assert verified["data"]["flags"] & EPHEMERAL
    assert embed_of(verified)["title"] == f"🔎 Roll {roll_id_of(first)}"
    _, theirs = await nazh.slash("history", _user=OTHER)
    their_lines = embed_of(theirs)["description"].split("\n")
    assert len(their_lines) == 2  # not the other user's private roll
    assert roll_id_of(secret) not in [value for _, value in verify_picks(theirs)]


def verify_picks(answer: JsonObject) -> list[tuple[str, str]]:
    """The labels and values of a /history page's Verify select."""
    [menu] = [c for row in answer["data"]["components"] for c in row["components"]
              if c.get("custom_id") == "nz1:hv:pick"]
    return [(str(o["label"]), str(o["value"])) for o in menu["options"]]


async def test_history_pages_with_buttons(nazh: NazhUnderTest) -> None:
    for sides in (4, 6, 8):
        await nazh.slash(pool=f"1d{sides}")
    await flush(nazh)
    _, page = await nazh.slash("history", limit=2)
    assert len(embed_of(page)["description"].split("\n")) == 2
    assert "`1d8`" in embed_of(page)["description"]
    _, older = await nazh.click(custom_id_of(page["data"], "Older"))
    assert older["type"] == 7
    assert embed_of(older)["description"].count("\n") == 0
    assert "`1d4`" in embed_of(older)["description"]
    buttons = {c.get("label"): c for row in older["data"]["components"]
               for c in row["components"]}
    assert buttons["Older ▶"].get("disabled") is True


async def test_a_history_page_of_a_roller_past_discords_ids_is_refused(
        nazh: NazhUnderTest) -> None:
    await nazh.slash(pool="1d20+5")
    await flush(nazh)
    _, asked = await nazh.slash("history")
    found = nazh.fake.state.find_component(custom_id_of(asked["data"], "Older ▶"))
    assert found is not None
    page, _ = found
    # 13 base-36 digits reach ~1.7e20: past 2**63 - 1, SQLite's INTEGER
    for custom_id in ("nz1:h:zzzzzzzzzzzzz:10:0", f"nz1:h:{base36(2**63)}:10:0"):
        refused = await pressed_anyway(nazh, custom_id, page)
        assert refused["type"] == 4, custom_id
        assert refused["data"]["flags"] & EPHEMERAL
        assert "This control is no longer valid" in refused["data"]["content"]
    largest = await pressed_anyway(nazh, history_control(2**63 - 1, 10, 0), page)
    assert largest["type"] == 7  # the largest id a roller has: a page, of none of their rolls
    assert "No rolls yet." in embed_of(largest)["description"]


async def test_verify_shows_the_roll_its_amendments_and_an_intact_chain(
        nazh: NazhUnderTest, fake_discord: FakeDiscord) -> None:
    interaction, body = await nazh.slash(pool="1d20+3, 2d6")
    roll_id = roll_id_of(body)
    gm = make_user()
    grant_manage_server(fake_discord, gm)  # the GM's call, after the roll: on the GM panel
    _, shared = await on_gm_panel(nazh, fake_discord.original_message(interaction),
                                  "Add Plot Die", user=gm)
    assert "| `p` |" in embed_of(shared)["description"]  # the shared result, drawn
    await flush(nazh)
    _, verified = await nazh.slash("verify", roll_id=roll_id)
    embed = embed_of(verified)
    assert embed["title"] == f"🔎 Roll {roll_id}"
    fields = {field["name"]: field["value"] for field in embed["fields"]}
    assert "rolled" in fields["Records"]
    assert "plot die added" in fields["Records"]
    assert fields["Chain"].startswith("✅ intact")
    assert embed["color"] == 0x2ECC71


async def test_verify_detects_a_tampered_record(nazh: NazhUnderTest) -> None:
    _, body = await nazh.slash(pool="1d20")
    await nazh.slash(pool="1d20+1")
    await flush(nazh)
    database = nazh.data_dir / "nazh.sqlite3"
    with sqlite3.connect(database) as connection:
        connection.execute("UPDATE roll_log SET notation = '1d20+10' WHERE roll_id = ?",
                           (roll_id_of(body),))
    _, verified = await nazh.slash("verify", roll_id=roll_id_of(body))
    fields = {field["name"]: field["value"] for field in embed_of(verified)["fields"]}
    assert fields["Chain"].startswith("❌ broken")
    assert "altered" in fields["Chain"]


async def test_verify_an_unknown_roll(nazh: NazhUnderTest) -> None:
    _, body = await nazh.slash("verify", roll_id="nope")
    assert body["data"]["flags"] & EPHEMERAL
    assert "no roll 'nope' in the log" in body["data"]["content"]


async def test_saved_rolls(nazh: NazhUnderTest, fake_discord: FakeDiscord) -> None:
    _, saved = await nazh.slash("save", name="Stealth", pool="a1d20+6")
    assert saved["data"]["flags"] & EPHEMERAL
    assert "Saved `@stealth` = `a1d20+6`" in saved["data"]["content"]
    _, bad = await nazh.slash("save", name="x y", pool="1d20")
    assert "' ' is not allowed in a name" in bad["data"]["content"]
    _, invalid = await nazh.slash("save", name="ok", pool="21d6")
    assert "at most 20 dice per pool" in invalid["data"]["content"]
    _, rolled = await nazh.slash(pool="@stealth", label="Sneak")
    assert "`a1d20+6`" in embed_of(rolled)["description"]
    _, missing = await nazh.slash(pool="@nothing")
    assert "no saved roll named @nothing" in missing["data"]["content"]
    suggest = autocomplete("roll", {"pool": ""}, "pool")
    await fake_discord.dispatch("INTERACTION_CREATE", suggest)
    choices = await fake_discord.wait_for_interaction_response(suggest)
    values = [choice["value"] for choice in choices["data"]["choices"]]
    assert values[0] == "@stealth"
    _, listed = await nazh.slash("saved list")
    assert "`@stealth` → `a1d20+6`" in embed_of(listed)["description"]
    _, deleted = await nazh.slash("saved delete", name="stealth")
    assert "Deleted `@stealth`" in deleted["data"]["content"]
    assert "None yet" in embed_of(deleted)["description"]
