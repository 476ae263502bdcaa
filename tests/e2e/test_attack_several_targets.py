"""An attack on several targets end to end on both transports (scripted dice), as the starter
rules have it (part 3, "Attacking": Attacks With Multiple Targets): one test and one roll of the
damage dice, compared with each target's defense; each target's outcome on the result and its
damage landing on it; bad requests answered privately."""

from __future__ import annotations

import json

import pytest

from nazh.application.shared.json_types import JsonObject
from tests.e2e.encounter_kit import command
from tests.e2e.harness import NazhUnderTest, embed_of
from tests.e2e.roll_kit import (
    EPHEMERAL,
    GM,
    PLAYER,
    buttons,
    click,
)

pytestmark = pytest.mark.usefixtures("gm_manages_the_server")


def lines(body: JsonObject) -> list[str]:
    return str(embed_of(body)["description"]).split("\n")


async def three_foes(nazh: NazhUnderTest) -> None:
    """Kaladin (Speed 3: Light Weaponry +3) with a keen Sling (ranged) in the GM's encounter,
    against the Near (Physical 10), the Mid (12) and the Far (16), 20 health each."""
    await command(nazh, "character new", PLAYER, name="Kaladin", speed=3)
    await command(nazh, "character weapon", PLAYER, name="Sling", skill="light-weaponry",
                  damage="1d6", type="keen", traits="ranged")
    await command(nazh, "encounter start", GM, name="Chasm")
    await command(nazh, "encounter join", PLAYER)
    for name, defense in (("Near", 10), ("Mid", 12), ("Far", 16)):
        await command(nazh, "encounter add", GM, name=name, health=20, defense=defense)


async def test_one_roll_meets_each_target_s_defense_and_lands_on_each(
        nazh: NazhUnderTest) -> None:
    """ "Roll your attack test and damage dice once ... then compare the results to the
    corresponding defense of each target, determining the result for each target
    individually"."""
    await three_foes(nazh)
    nazh.dice.script(20, 10).script(6, 4)
    _, body = await nazh.slash("attack", weapon="Sling", target="Near", target2="Mid",
                               target3="Far", _user=PLAYER)
    shown = lines(body)
    assert shown[0] == "## 13 · Hit, 7 damage"  # the first target's outcome first
    assert "-# 🎯 also against Mid (Physical defense 12) · Far (Physical defense 16)" in shown
    assert "-# 🎯 **Hit** (vs defense 10): **7** damage (4 + 3)" in shown
    assert "Mid: 🎯 **Hit** (vs defense 12): **7** damage (4 + 3)" in shown
    assert ("Far: ❌ **Miss** (vs defense 16): a graze would deal **4** damage (4; costs 1 "
            "focus)") in shown
    # the enemies' health is the GM's to show: each landing names its target
    assert shown[-2:] == ["ℹ️ hit: 7 keen -> Near", "ℹ️ hit: 7 keen -> Mid"]
    assert nazh.dice.unused == {}


async def test_several_targets_are_refused_without_a_first_or_named_twice(
        nazh: NazhUnderTest) -> None:
    await three_foes(nazh)
    for options, refusal in (
            ({"target2": "Mid"}, "target2 and target3 go with target: the first target"),
            ({"target": "Near", "target2": "near"}, "near is named twice as a target"),
            ({"target": "Near", "target2": "Ghost"}, 'no combatant \\"Ghost\\" in this '
                                                     "encounter"),
            ({"target": "Near", "target2": "Mid", "defense": 12},
             "defense: with several targets, each target's own defense counts")):
        _, refused = await nazh.slash("attack", weapon="Sling", **options, _user=PLAYER)
        assert refused["data"]["flags"] & EPHEMERAL
        assert refusal in json.dumps(refused["data"]), options
    _, raw = await nazh.slash("attack", damage="1d6", target2="Mid", _user=PLAYER)
    assert "go with a weapon" in json.dumps(raw["data"])
    assert nazh.dice.unused == {}


async def test_each_target_missed_is_grazed_for_its_own_focus(nazh: NazhUnderTest) -> None:
    """ "To graze multiple characters who you missed, you must spend 1 focus per target you
    want to graze"."""
    await three_foes(nazh)
    nazh.dice.script(20, 6).script(6, 4)
    _, body = await nazh.slash("attack", weapon="Sling", target="Mid", target2="Far",
                               _user=PLAYER)
    assert "Far: ❌ **Miss** (vs defense 16): a graze would deal **4** damage (4; costs 1 " \
           "focus)" in lines(body)
    graze_far = buttons(body["data"])["Graze Far (1 focus)"]["custom_id"]
    refused = await click(nazh, graze_far, GM)
    assert refused["data"]["flags"] & EPHEMERAL
    message_id = str(nazh.fake.message_with_component(graze_far)["id"])
    grazed = await click(nazh, graze_far, PLAYER)
    shown = lines(grazed)
    assert "Far: 🩹 **Graze** (vs defense 16): **4** damage (4; costs 1 focus)" in shown
    assert "ℹ️ graze: 4 keen -> Far" in shown
    assert "✏️ Kaladin: focus 2 → 1" in shown
    assert "Graze Far (1 focus)" not in buttons(grazed["data"])
    main = await click(nazh, buttons(grazed["data"])["Graze (1 focus)"]["custom_id"], PLAYER)
    assert "✏️ Kaladin: focus 1 → 0" in lines(main)
    assert "ℹ️ graze: 4 keen -> Mid" in lines(main)
    # a press from a copy still showing the button (put back on the stored message)
    nazh.fake.state.messages[message_id]["components"][0]["components"][0]["custom_id"] = (
        graze_far)
    again = await click(nazh, graze_far, PLAYER)
    assert again["data"]["flags"] & EPHEMERAL
    assert "Far was already grazed by this attack" in json.dumps(again["data"])
