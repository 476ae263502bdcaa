"""Brace end to end on both transports: a button of the player's panel, 1 action of the turn and
once a turn; the card shows the combatant Braced, every attack against it gains a disadvantage
(said on its result), and the Brace ends when the combatant attacks or its player presses Leave
cover, each said in the log (the starter rules' basic actions, ``src/packs/actions/basic/
brace.json``: "All attacks against you gain a disadvantage for as long as you stay behind cover.
If you attack or move, the benefits of this action end")."""

from __future__ import annotations

import pytest

from nazh.application.shared.json_types import JsonObject
from tests.e2e.encounter_kit import card_showing, command, log_lines, press, refused
from tests.e2e.harness import NazhUnderTest, embed_of
from tests.e2e.roll_kit import GM, PLAYER

pytestmark = pytest.mark.usefixtures("gm_manages_the_server")


def description(body: JsonObject) -> str:
    return str(embed_of(body)["description"])


async def kaladin_braces(nazh: NazhUnderTest) -> None:
    """Kaladin (a Spear) in his slow turn against the GM's Chasmfiend (Claws), Braced."""
    await command(nazh, "character new", PLAYER, name="Kaladin", strength=2)
    await command(nazh, "character weapon", PLAYER, name="Spear", skill="light-weaponry",
                  damage="1d8")
    await command(nazh, "character new", GM, name="Chasmfiend", kind="adversary", strength=4)
    await command(nazh, "character weapon", GM, name="Claws", skill="athletics", damage="1d4",
                  type="keen", character="Chasmfiend")
    await command(nazh, "encounter start", GM, name="Chasm")
    await command(nazh, "encounter add", GM, character="Chasmfiend")
    await command(nazh, "encounter join", PLAYER)
    await press(nazh, "Done", PLAYER)  # a slow player waits for the slow players phase
    await card_showing(nazh.fake, "3 actions")
    await press(nazh, "Brace", PLAYER)
    await card_showing(nazh.fake, "2 actions", "Braced 🧱")


async def test_an_attack_on_a_braced_combatant_gains_a_disadvantage_until_it_attacks(
        nazh: NazhUnderTest) -> None:
    await kaladin_braces(nazh)
    _, clawed = await nazh.slash("attack", weapon="Claws", target="Kaladin",
                                 character="Chasmfiend", _user=GM)
    text = description(clawed)
    assert "target Braced: disadvantage" in text
    assert "`d1d20+4`" in text
    await card_showing(nazh.fake, "Braced 🧱")  # the attack on it does not end it
    _, struck = await nazh.slash("attack", weapon="Spear", target="Chasmfiend", _user=PLAYER)
    assert "1 action spent" in description(struck)
    await card_showing(nazh.fake, "1 action", absent=("Braced",))
    assert refused(await press(nazh, "Brace", PLAYER)).startswith(
        "**Can't do that.** you have no combatant that can Brace now")
    lines = await log_lines(nazh)
    assert any(line.endswith("Kaladin Braced behind cover: attacks against it gain a "
                             "disadvantage") for line in lines)
    assert any(line.endswith("Kaladin's Brace ended: it attacked") for line in lines)


async def test_leave_cover_ends_the_brace(nazh: NazhUnderTest) -> None:
    await kaladin_braces(nazh)
    await press(nazh, "Leave cover", PLAYER)
    await card_showing(nazh.fake, "2 actions", absent=("Braced",))
    _, clawed = await nazh.slash("attack", weapon="Claws", target="Kaladin",
                                 character="Chasmfiend", _user=GM)
    assert "Braced" not in description(clawed)
    assert any(line.endswith("Kaladin left its cover: its Brace ended")
               for line in await log_lines(nazh))


async def test_an_indirect_weapon_s_attack_ignores_the_brace(nazh: NazhUnderTest) -> None:
    """Part 6, Weapon Traits, Indirect: "Your target can't benefit from the Brace action against
    attacks made with this weapon": no disadvantage, said on the result; the Brace stays."""
    await kaladin_braces(nazh)
    await command(nazh, "character weapon", GM, name="Hurled stones", skill="athletics",
                  damage="1d4", type="impact", traits="ranged, indirect",
                  character="Chasmfiend")
    _, hurled = await nazh.slash("attack", weapon="Hurled stones", target="Kaladin",
                                 character="Chasmfiend", _user=GM)
    text = description(hurled)
    assert "target Braced: Indirect, no disadvantage" in text
    assert "`1d20+4`" in text
    await card_showing(nazh.fake, "Braced 🧱")
