"""Named actions once a turn, end to end on both transports: a second Strike in a turn is the
offhand's and spends 2 focus (said on the result, in the log and on the card), a third is
refused before any die is rolled, and giving back the offhand Strike's action gives its focus
back; a Gain Advantage is refused the second time in a turn (part 3, Combat, Actions: "each
named action can only be used once per turn unless stated otherwise"; the basic actions,
``src/packs/actions/basic/strike.json``: "You can use the Strike action more than once per
turn, but each attack must use a different hand. If you attack using your offhand, you must
spend 2 focus")."""

from __future__ import annotations

import pytest

from nazh.application.shared.json_types import JsonObject
from tests.e2e.encounter_kit import card_showing, command, log_lines, press, refused
from tests.e2e.harness import NazhUnderTest, custom_id_of, embed_of
from tests.e2e.roll_kit import GM, PLAYER

pytestmark = pytest.mark.usefixtures("gm_manages_the_server")


def description(body: JsonObject) -> str:
    return str(embed_of(body)["description"])


async def strike(nazh: NazhUnderTest) -> JsonObject:
    _, answer = await nazh.slash("attack", weapon="Spear", target="Bandit", _user=PLAYER)
    return answer


async def sheet(nazh: NazhUnderTest) -> str:
    _, shown = await nazh.slash("character show", _user=PLAYER)
    return description(shown)


async def kaladin_in_his_slow_turn(nazh: NazhUnderTest, *, focus: int | None = None) -> None:
    """Kaladin (Willpower 2: focus 4, a Spear) in his slow turn (3 actions) against a Bandit."""
    await command(nazh, "character new", PLAYER, name="Kaladin", strength=2, willpower=2)
    await command(nazh, "character weapon", PLAYER, name="Spear", skill="light-weaponry",
                  damage="1d8")
    if focus is not None:
        await command(nazh, "character set", PLAYER, field="focus", value=str(focus))
    await command(nazh, "encounter start", GM, name="Ambush")
    await command(nazh, "encounter add", GM, name="Bandit", health=60, defense=12,
                  cognitive=13)
    await command(nazh, "encounter join", PLAYER)
    await press(nazh, "Done", PLAYER)  # a slow player waits for the slow players phase
    await card_showing(nazh.fake, "3 actions")


async def test_the_second_strike_is_the_offhands_for_2_focus_and_a_third_is_refused(
        nazh: NazhUnderTest) -> None:
    await kaladin_in_his_slow_turn(nazh)
    first = description(await strike(nazh))
    assert "1 action spent" in first
    assert "offhand" not in first
    await card_showing(nazh.fake, "2 actions", "Focus 4")
    second = await strike(nazh)
    assert "offhand Strike: Kaladin spends 2 focus (2 left)" in description(second)
    await card_showing(nazh.fake, "1 action", "Focus 2")
    assert "**Focus** 2/4" in await sheet(nazh)  # the sheet follows the card
    assert refused(await strike(nazh)) == (
        "**Can't do that.** Kaladin has struck with both hands this turn: each Strike uses a "
        "different hand")
    assert nazh.dice.unused == {}
    await card_showing(nazh.fake, "1 action", "Focus 2")
    _, undone = await nazh.click(custom_id_of(second["data"], "Give back the action"),
                                 user=PLAYER)
    assert undone["data"]["content"] == "↩️ **Kaladin**'s action is given back (2 left)."
    await card_showing(nazh.fake, "2 actions", "Focus 4")
    assert "**Focus** 4/4" in await sheet(nazh)
    again = description(await strike(nazh))
    assert "offhand Strike: Kaladin spends 2 focus (2 left)" in again
    lines = await log_lines(nazh)
    assert sum(line.endswith("Kaladin struck with the offhand for 2 focus (2 left)")
               for line in lines) == 2
    assert any(line.endswith("Kaladin's offhand Strike was undone: 2 focus back (4 left)")
               for line in lines)


async def test_an_offhand_strike_without_2_focus_is_refused_before_the_d20(
        nazh: NazhUnderTest) -> None:
    await kaladin_in_his_slow_turn(nazh, focus=1)
    await strike(nazh)
    assert refused(await strike(nazh)) == (
        "**Can't do that.** Kaladin's second Strike this turn is with the offhand and costs 2 "
        "focus; Kaladin has 1")
    await card_showing(nazh.fake, "2 actions", "Focus 1")


async def test_gain_advantage_is_used_once_a_turn(nazh: NazhUnderTest) -> None:
    await kaladin_in_his_slow_turn(nazh)
    _, gained = await nazh.slash("check", skill="deduction", target="Bandit",
                                 action="gain-advantage", _user=PLAYER)
    assert "🤼 Gain Advantage (1 action)" in description(gained)
    _, again = await nazh.slash("check", skill="insight", target="Bandit",
                                action="gain-advantage", _user=PLAYER)
    assert refused(again) == (
        "**Can't do that.** Kaladin has used Gain Advantage this turn already: each action is "
        "used once a turn")
    await card_showing(nazh.fake, "2 actions")


async def test_an_offhand_strike_with_a_weapon_of_the_trait_offhand_costs_1_focus(
        nazh: NazhUnderTest) -> None:
    """Part 6, weapon traits, Offhand: "While wielding this weapon in your offhand, it only costs
    you 1 focus (instead of 2) to Strike with it": with 1 focus the Spear's offhand Strike is
    refused, the Knife's spends the 1; given back, the 1 comes back."""
    await kaladin_in_his_slow_turn(nazh, focus=1)
    await command(nazh, "character weapon", PLAYER, name="Knife", skill="light-weaponry",
                  damage="1d4", type="keen", traits="discreet, offhand, thrown")
    await strike(nazh)
    assert "costs 2 focus; Kaladin has 1" in refused(await strike(nazh))
    _, knife = await nazh.slash("attack", weapon="Knife", target="Bandit", _user=PLAYER)
    assert "offhand Strike: Kaladin spends 1 focus (0 left)" in description(knife)
    await card_showing(nazh.fake, "1 action", "Focus 0")
    await nazh.click(custom_id_of(knife["data"], "Give back the action"), user=PLAYER)
    await card_showing(nazh.fake, "2 actions", "Focus 1")
    assert any(line.endswith("Kaladin struck with the offhand for 1 focus (0 left)")
               for line in await log_lines(nazh))
