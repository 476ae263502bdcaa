"""A roll's result is table-ready on a phone: drawn as Discord's client draws it at 390 px
(tests/render_kit.py, headless Chromium), a ``/roll a1d20+5`` against a DC is at most 260 px tall
and an attack whose damage landed on a combatant at most 400 px; each says what happened on its
first line, the total with it, and hides the controls that no longer apply. With
``NAZH_RENDER_OUT`` set, the results are drawn as PNGs into that folder."""

from __future__ import annotations

import pytest

from nazh.application.shared.json_types import JsonObject
from tests.e2e.encounter_kit import command
from tests.e2e.harness import NazhUnderTest, embed_of
from tests.e2e.roll_kit import GM, PLAYER
from tests.render_kit import phone_height

ROLL_MAX = 260
"""Who rolled signs the footer beside the roll id (an author line of its own took 32 px): 253 px
measured, from 281 px, and 329 px before the outcome came first."""
LANDED_MAX = 400


pytestmark = pytest.mark.usefixtures("gm_manages_the_server")


def labels(body: JsonObject) -> list[str]:
    return [str(c.get("label") or c.get("placeholder") or "")
            for row in body["data"].get("components") or []
            for c in row.get("components") or []]


async def test_a_roll_against_a_dc_fits_260_px_and_says_its_outcome_first(
        nazh: NazhUnderTest) -> None:
    nazh.dice.script(20, 11, 7)  # 11 kept with advantage: 16 against DC 12
    _, body = await nazh.slash(pool="a1d20+5", dc=12)
    lines = str(embed_of(body)["description"]).split("\n")
    assert lines[0] == "## 16 · Success"
    assert lines[1] == "-# **16** | `a1d20+5` | [11↑(7)] · DC 12"
    assert lines[2] == "-# ↑ advantage, the other die in ( )"  # only the mark present
    # one row: Copy, and the GM's Add Plot Die and Disadvantage behind 👑 GM
    assert labels(body) == ["Copy Command", "GM"]
    assert phone_height(body, "result-roll-dc") <= ROLL_MAX


async def test_an_attack_that_landed_fits_400_px_and_offers_no_die_to_change(
        nazh: NazhUnderTest) -> None:
    await command(nazh, "character new", PLAYER, name="Kaladin", strength=2, speed=3)
    await command(nazh, "character weapon", PLAYER, name="Spear", skill="light-weaponry",
                  damage="1d8", type="keen")
    await command(nazh, "encounter start", GM, name="Ambush")
    await command(nazh, "encounter add", GM, name="Bandit", health=10, defense=12, count=1,
                  role="minion")
    await command(nazh, "encounter join", PLAYER)
    nazh.dice.script(20, 14).script(8, 6)  # 14 + 3 = 17 against 12: a hit of 6 + 3 = 9 keen
    _, body = await nazh.slash("attack", weapon="Spear", target="Bandit", _user=PLAYER)
    embed = embed_of(body)
    assert embed["title"] == "⚔️ Attack with Spear"
    lines = str(embed["description"]).split("\n")
    assert lines[0] == "## 17 · Hit, 9 damage"
    shown = labels(body)
    # its damage landed: its dice are settled
    for settled in ("Add Plot Die", "Advantage", "Disadvantage"):
        assert settled not in shown
    assert phone_height(body, "result-attack-landed") <= LANDED_MAX


async def test_a_private_roll_offers_its_one_reader_only_what_they_may_do(
        nazh: NazhUnderTest) -> None:
    nazh.dice.script(20, 9)
    _, player = await nazh.slash(pool="1d20+2", private=True, _user=PLAYER)
    # a player cannot raise the stakes nor impose disadvantage: no GM sees their private roll
    assert labels(player) == ["Copy Command", "Advantage"]
    nazh.dice.script(20, 9)
    _, gm = await nazh.slash(pool="1d20+2", private=True, _user=GM)
    assert labels(gm) == ["Add Plot Die", "Copy Command", "Advantage", "Disadvantage"]
    nazh.dice.script(20, 9)
    _, public = await nazh.slash(pool="1d20+2", _user=PLAYER)  # the table's: whoever presses
    # a GM's controls (Add Plot Die, Disadvantage) behind one 👑 GM, opening their own panel
    assert labels(public) == ["Copy Command", "Advantage", "GM"]
