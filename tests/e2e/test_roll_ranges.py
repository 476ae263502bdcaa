"""Widened Opportunity and Complication ranges on /roll, end to end on both transports
(scripted dice): marked and shown on the result, kept through an amendment, stored in the roll
log, and refused when they overlap."""

from __future__ import annotations

import json
import sqlite3

from nazh.application.shared.json_types import JsonObject
from tests.e2e.fake_discord import FakeDiscord, make_user
from tests.e2e.harness import NazhUnderTest, embed_of

EPHEMERAL = 1 << 6
ROLLER = make_user("771111111111111111", "roller")


def buttons(message: JsonObject) -> dict[str, JsonObject]:
    return {str(c.get("label") or c.get("placeholder")): c
            for row in message["components"] for c in row["components"]}


def roll_id_of(body: JsonObject) -> str:
    return str(embed_of(body)["footer"]["text"]).rsplit("roll ", 1)[1]


def stored_results(nazh: NazhUnderTest, roll_id: str) -> list[JsonObject]:
    with sqlite3.connect(nazh.data_dir / "nazh.sqlite3") as connection:
        rows = connection.execute(
            "SELECT result FROM roll_log WHERE roll_id = ? ORDER BY version",
            (roll_id,)).fetchall()
    return [json.loads(result) for (result,) in rows]


async def test_opportunity_19_makes_a_natural_19_an_opportunity(nazh: NazhUnderTest) -> None:
    nazh.dice.script(20, 19)
    _, body = await nazh.slash(pool="1d20+3", opportunity=19, _user=ROLLER)
    assert body["type"] == 4
    assert not body["data"].get("flags", 0) & EPHEMERAL
    embed = embed_of(body)
    assert embed["description"].split("\n") == ["## 22 · 1 Opportunity",
                                                "-# **22** | `1d20+3` | [19] (O)",
                                                "-# Opportunity on 19-20",
                                                "-# (O) Opportunity",
                                                "To spend: 1 Opportunity"]
    assert nazh.container is not None
    assert await nazh.container.storage.writer().flush(5)
    [stored] = stored_results(nazh, roll_id_of(body))
    assert stored["ranges"] == {"opportunity": 19, "complication": 1}


async def test_a_roll_without_ranges_is_stored_as_before(nazh: NazhUnderTest) -> None:
    nazh.dice.script(20, 19)
    _, body = await nazh.slash(pool="1d20+3", _user=ROLLER)
    assert embed_of(body)["description"] == "## 22\n-# **22** | `1d20+3` | [19]"
    assert nazh.container is not None
    assert await nazh.container.storage.writer().flush(5)
    [stored] = stored_results(nazh, roll_id_of(body))
    assert set(stored) == {"format", "notation", "dc", "dice", "plot"}


async def test_advantage_after_the_roll_keeps_the_ranges(nazh: NazhUnderTest) -> None:
    nazh.dice.script(20, 7)
    _, body = await nazh.slash(pool="1d20", opportunity=19, complication=2, _user=ROLLER)
    assert embed_of(body)["description"].split("\n")[1] == "-# **7** | `1d20` | [7]"
    _, chooser = await nazh.click(buttons(body["data"])["Advantage"]["custom_id"], user=ROLLER)
    menu = chooser["data"]["components"][0]["components"][0]
    nazh.dice.script(20, 19)
    _, rerolled = await nazh.click(menu["custom_id"], ["0.0"], user=ROLLER)
    _, kept = await nazh.click(buttons(rerolled["data"])["Keep 19"]["custom_id"], user=ROLLER)
    lines = kept["data"]["embeds"][0]["description"].split("\n")
    assert lines[:3] == ["## 19 · 1 Opportunity", "-# **19** | `1d20` | [19↑(7)] (O)",
                         "-# Opportunity on 19-20 · Complication on 1-2"]
    assert nazh.container is not None
    assert await nazh.container.storage.writer().flush(5)
    assert [stored["ranges"] for stored in stored_results(nazh, roll_id_of(body))] == [
        {"opportunity": 19, "complication": 2}] * 3


async def test_overlapping_ranges_get_an_ephemeral_error_and_nothing_is_rolled(
        nazh: NazhUnderTest, fake_discord: FakeDiscord) -> None:
    interaction, body = await nazh.slash(pool="1d20", opportunity=10, complication=12,
                                         _user=ROLLER)
    assert body["type"] == 4
    assert body["data"]["flags"] & EPHEMERAL
    content = body["data"]["content"]
    assert content.startswith("**Can't roll that.** opportunity 10 and complication 12 overlap")
    assert "Hint: the complication must be below the opportunity: at most 9" in content
    assert "embeds" not in body["data"] or not body["data"]["embeds"]
    assert fake_discord.followup_messages(interaction) == []
