"""A player character in a fight has one health and one focus, end to end on both transports
(scripted dice): a graze made in the fight lowers the Focus on the card and on the sheet, and
the claws of a GM's adversary lower the Health on both; /character show says what the card
says."""

from __future__ import annotations

import pytest

from nazh.application.shared.json_types import JsonObject
from tests.e2e.encounter_kit import card_showing, command, press
from tests.e2e.harness import NazhUnderTest, embed_of
from tests.e2e.roll_kit import GM, PLAYER, buttons, click

pytestmark = pytest.mark.usefixtures("gm_manages_the_server")


def description(body: JsonObject) -> str:
    return str(embed_of(body)["description"])


async def armed_kaladin(nazh: NazhUnderTest) -> None:
    """Kaladin (health 12, focus 2; Light Weaponry +3) with a keen Spear in the GM's
    encounter, which shows the enemies' health; a Bandit (health 20, Physical 12, deflect 2)."""
    await command(nazh, "character new", PLAYER, name="Kaladin", strength=2, speed=3)
    await command(nazh, "character weapon", PLAYER, name="Spear", skill="light-weaponry",
                  damage="1d8", type="keen")
    await command(nazh, "encounter start", GM, name="Chasm")
    await command(nazh, "encounter settings", GM, **{"show-health": True})
    await command(nazh, "encounter add", GM, name="Bandit", health=20, defense=12, deflect=2)
    await command(nazh, "encounter join", PLAYER)


async def attack(nazh: NazhUnderTest, weapon: str, target: str, user: JsonObject = PLAYER,
                 **options: object) -> JsonObject:
    _, answer = await nazh.slash("attack", weapon=weapon, target=target, _user=user, **options)
    return answer


async def kaladin_s_sheet(nazh: NazhUnderTest) -> str:
    """The first line of numbers of Kaladin's sheet, as /character show says it."""
    _, shown = await nazh.slash("character show", name="Kaladin", _user=PLAYER)
    text = str(embed_of(shown)["description"])
    return next(line for line in text.split("\n") if line.startswith("**Health**"))


async def test_a_graze_and_a_hit_in_the_fight_move_the_card_and_the_sheet_alike(
        nazh: NazhUnderTest) -> None:
    await armed_kaladin(nazh)  # Kaladin: health 12, focus 2
    await command(nazh, "character new", GM, name="Chasmfiend", kind="adversary", strength=4)
    await command(nazh, "character weapon", GM, name="Claws", skill="athletics", damage="2d6",
                  type="keen", character="Chasmfiend")
    await command(nazh, "encounter add", GM, character="Chasmfiend")
    assert await kaladin_s_sheet(nazh) == "**Health** 12/12 · **Focus** 2/2 · " \
                                          "**Investiture** 0/0"
    nazh.dice.script(20, 2, 15).script(8, 5).script(6, 2, 2)
    missed: JsonObject = await attack(nazh, "Spear", "Bandit")
    grazed = await click(nazh, buttons(missed["data"])["Graze (1 focus)"]["custom_id"], PLAYER)
    assert "Kaladin: focus 2 → 1" in description(grazed)
    await card_showing(nazh.fake, "Health 12/12 · Focus 1")
    assert (await kaladin_s_sheet(nazh)).startswith("**Health** 12/12 · **Focus** 1/2")
    clawed = await attack(nazh, "Claws", "Kaladin", GM, character="Chasmfiend")
    assert "hit: 8 keen -> Kaladin: 12 -> 4" in description(clawed)
    await card_showing(nazh.fake, "Health 4/12 · Focus 1")
    assert (await kaladin_s_sheet(nazh)).startswith("**Health** 4/12 · **Focus** 1/2")
    await command(nazh, "encounter undo", GM, combatant="Kaladin")
    await card_showing(nazh.fake, "Health 12/12 · Focus 1")
    assert (await kaladin_s_sheet(nazh)).startswith("**Health** 12/12 · **Focus** 1/2")


async def test_an_empowered_characters_turn_refills_its_sheets_investiture(
        nazh: NazhUnderTest) -> None:
    """Starter rules, part 2, "Conditions" (Empowered: "your Investiture refills to your maximum
    at the start of each of your turns"): the sheet's Investiture, once its turn begins, and the
    encounter's log says so."""
    await armed_kaladin(nazh)
    await command(nazh, "character set", PLAYER, field="investiture-max", value="3")
    await command(nazh, "character set", PLAYER, field="investiture", value="1")
    await command(nazh, "encounter condition", GM, combatant="Kaladin", condition="empowered")
    assert await kaladin_s_sheet(nazh) == "**Health** 12/12 · **Focus** 2/2 · " \
                                          "**Investiture** 1/3"
    await press(nazh, "Fast", PLAYER)  # the fast players' one turn: it begins at once
    await card_showing(nazh.fake, "▶️ **Kaladin** · fast")
    assert await kaladin_s_sheet(nazh) == "**Health** 12/12 · **Focus** 2/2 · " \
                                          "**Investiture** 3/3"
    assert "Kaladin's Investiture refilled to its maximum (Empowered)" in await command(
        nazh, "encounter log", PLAYER)
