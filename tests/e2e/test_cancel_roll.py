"""Advantage and disadvantage cancel one for one, end to end on both transports (scripted
dice), on a roll with ONE die (`1d20+3 dc:15`): the controls are offered whenever a
cancellation is possible, in both directions, for a change applied after posting and for a
typed tag; the message, /verify and /history name the cancellation."""

from __future__ import annotations

import json

import pytest

from nazh.application.shared.json_types import JsonObject
from tests.e2e.harness import NazhUnderTest, embed_of
from tests.e2e.roll_kit import (
    GM,
    ROLLER,
    buttons,
    click,
    on_gm_panel,
    opened_panel,
    panel_pressed,
    records,
    roll_id_of,
    shared_result,
)

pytestmark = pytest.mark.usefixtures("gm_manages_the_server")


async def one_die(nazh: NazhUnderTest, pool: str, *faces: int) -> JsonObject:
    """``/roll pool dc:15`` by the roller, its d20 drawing ``faces``."""
    nazh.dice.script(20, *faces)
    _, body = await nazh.slash(pool=pool, dc=15, _user=ROLLER)
    return body


async def menu_of(nazh: NazhUnderTest, message: JsonObject, label: str,
                  user: JsonObject) -> JsonObject:
    """Press Advantage or Disadvantage; the select of dice it opens."""
    chooser = await click(nazh, buttons(message)[label]["custom_id"], user)
    menu: JsonObject = chooser["data"]["components"][0]["components"][0]
    return menu


def options(menu: JsonObject) -> list[tuple[str, str]]:
    return [(o["label"], o["value"]) for o in menu["options"]]


async def offered(nazh: NazhUnderTest, body: JsonObject) -> set[str]:
    """Advantage and Disadvantage as offered on the roll's shared result (the roller's) and
    its 👑 GM panel (a GM's)."""
    message = shared_result(nazh, roll_id_of(body))
    shown = set(buttons(message))
    if "GM" in shown:
        shown |= set(buttons(await opened_panel(nazh, message)))
    return shown & {"Advantage", "Disadvantage"}


async def gm_menu(nazh: NazhUnderTest, body: JsonObject) -> tuple[JsonObject, JsonObject]:
    """Disadvantage pressed on the roll's GM panel: the shared result and the panel's select."""
    message = shared_result(nazh, roll_id_of(body))
    chooser, _ = await on_gm_panel(nazh, message, "Disadvantage")
    menu: JsonObject = chooser["components"][0]["components"][0]
    return message, menu


async def gm_chose(nazh: NazhUnderTest, message: JsonObject, menu: JsonObject,
                   value: str) -> JsonObject:
    """The die ``value`` chosen in a GM panel's select: the shared result as it then stands."""
    _, shared = await panel_pressed(nazh, message, {"components": [{"components": [menu]}]},
                                    str(menu["placeholder"]), values=[value])
    return shared


async def verified_steps(nazh: NazhUnderTest, body: JsonObject) -> list[str]:
    assert nazh.container is not None
    assert await nazh.container.storage.writer().flush(5)
    _, verified = await nazh.slash("verify", roll_id=roll_id_of(body), _user=GM)
    fields = {f["name"]: f["value"] for f in embed_of(verified)["fields"]}
    assert fields["Chain"].startswith("✅")
    return [line.split("> ", 1)[1].rsplit(" (record", 1)[0]
            for line in fields["Records"].split("\n")]


async def test_a_gm_cancels_the_advantage_the_roller_applied_and_kept(
        nazh: NazhUnderTest) -> None:
    body = await one_die(nazh, "1d20+3", 8)
    assert "\n-# **11** | `1d20+3` | [8]" in embed_of(body)["description"]
    assert await offered(nazh, body) == {"Advantage", "Disadvantage"}
    menu = await menu_of(nazh, body["data"], "Advantage", ROLLER)
    assert options(menu) == [("pool 1 d20: 8", "0.0")]
    nazh.dice.script(20, 14)
    rerolled = await click(nazh, menu["custom_id"], ROLLER, ["0.0"])
    kept = await click(nazh, buttons(rerolled["data"])["Keep 14"]["custom_id"], ROLLER)
    assert "\n-# **17** | `1d20+3` | [14↑(8)]" in kept["data"]["embeds"][0]["description"]
    # the d20 holds its advantage: only a cancelling disadvantage is offered
    assert await offered(nazh, body) == {"Disadvantage"}
    message, menu = await gm_menu(nazh, body)
    assert options(menu) == [("pool 1 d20: 14 (cancels its advantage)", "0.0")]
    assert menu["placeholder"] == "The die to give disadvantage"
    cancelled = await gm_chose(nazh, message, menu, "0.0")
    description = embed_of(cancelled)["description"]
    assert "\n-# **11** | `1d20+3` | [8]" in description
    assert description.startswith("## 11 · Failure\n")
    assert (f"↔️ pool 1 d20: disadvantage cancelled the advantage, back to 8 (<@{GM['id']}>)"
            in description)
    assert await offered(nazh, body) == {"Advantage", "Disadvantage"}  # a normal die again
    assert await verified_steps(nazh, body) == [
        "rolled", "advantage/disadvantage: die rolled again", "face kept",
        "disadvantage cancelled the advantage on pool 1 d20"]
    assert records(nazh, roll_id_of(body))[-1] == (4, "die_cancelled")
    _, history = await nazh.slash("history", _user=ROLLER)
    assert ("→ **11** · ↔️ disadvantage cancelled the advantage on pool 1 d20"
            in embed_of(history)["description"])


async def test_a_gm_cancels_a_typed_advantage(nazh: NazhUnderTest) -> None:
    body = await one_die(nazh, "a1d20+3", 18, 5)
    assert "\n-# **21** | `a1d20+3` | [18↑(5)]" in embed_of(body)["description"]
    assert await offered(nazh, body) == {"Disadvantage"}
    message, menu = await gm_menu(nazh, body)
    assert options(menu) == [("pool 1 d20: 18 (cancels its advantage)", "0.0")]
    nazh.dice.script(2, 2)  # at random: the face it dropped, 5
    cancelled = await gm_chose(nazh, message, menu, "0.0")
    description = embed_of(cancelled)["description"]
    assert "\n-# **8** | `a1d20+3` | [5]" in description
    assert description.startswith("## 8 · Failure\n")
    assert ("↔️ pool 1 d20: disadvantage cancelled the typed advantage, kept 5 (one of its two "
            f"faces, at random) (<@{GM['id']}>)") in description
    assert await offered(nazh, body) == {"Advantage", "Disadvantage"}
    assert await verified_steps(nazh, body) == [
        "rolled", "disadvantage cancelled the advantage on pool 1 d20"]


async def test_the_roller_s_advantage_cancels_a_gm_s_disadvantage(nazh: NazhUnderTest) -> None:
    body = await one_die(nazh, "1d20+3", 13)
    assert "\n-# **16** | `1d20+3` | [13]" in embed_of(body)["description"]
    message, menu = await gm_menu(nazh, body)
    nazh.dice.script(20, 4)
    # the face is the GM's to keep: on their panel, which shows both
    panel, _ = await panel_pressed(nazh, message, {"components": [{"components": [menu]}]},
                                   str(menu["placeholder"]), values=["0.0"])
    _, kept = await panel_pressed(nazh, message, panel, "Keep 4")
    assert "\n-# **7** | `1d20+3` | [4↓(13)]" in embed_of(kept)["description"]
    assert await offered(nazh, body) == {"Advantage"}
    refused = await click(nazh, buttons(kept)["Advantage"]["custom_id"], GM)
    assert "only the roller can give this roll advantage" in json.dumps(refused["data"])
    menu = await menu_of(nazh, kept, "Advantage", ROLLER)
    assert options(menu) == [("pool 1 d20: 4 (cancels its disadvantage)", "0.0")]
    cancelled = await click(nazh, menu["custom_id"], ROLLER, ["0.0"])
    description = cancelled["data"]["embeds"][0]["description"]
    assert "\n-# **16** | `1d20+3` | [13]" in description
    assert description.startswith("## 16 · Success\n")
    assert (f"↔️ pool 1 d20: advantage cancelled the disadvantage, back to 13 "
            f"(<@{ROLLER['id']}>)") in description
    assert (await verified_steps(nazh, body))[-1] == (
        "advantage cancelled the disadvantage on pool 1 d20")


async def test_a_typed_disadvantage_is_cancelled_by_the_roller(nazh: NazhUnderTest) -> None:
    body = await one_die(nazh, "d1d20+3", 17, 2)
    assert "\n-# **5** | `d1d20+3` | [2↓(17)]" in embed_of(body)["description"]
    assert await offered(nazh, body) == {"Advantage"}
    menu = await menu_of(nazh, body["data"], "Advantage", ROLLER)
    nazh.dice.script(2, 1)  # at random: the face it kept, 2
    cancelled = await click(nazh, menu["custom_id"], ROLLER, ["0.0"])
    assert "\n-# **5** | `d1d20+3` | [2]" in cancelled["data"]["embeds"][0]["description"]
