"""/attack's declared circumstances end to end on both transports (scripted dice), as the
starter rules have them (part 3, "Attacking": Ranged Attacks and Reach; "Targeting and Range":
Long and Short Range, Locating and Sensing Targets)."""

from __future__ import annotations

import json

from nazh.application.shared.json_types import JsonObject
from tests.e2e.harness import NazhUnderTest, embed_of
from tests.e2e.roll_kit import EPHEMERAL, ROLLER, buttons


def lines(body: JsonObject) -> list[str]:
    return str(embed_of(body)["description"]).split("\n")


async def test_long_range_and_an_enemy_s_reach_each_give_a_disadvantage(
        nazh: NazhUnderTest) -> None:
    """Tests "in the long range gain a disadvantage"; a ranged attack "within reach of any
    enemy ... gains a disadvantage": two disadvantages cancel an advantage and leave one."""
    nazh.dice.script(20, 15, 6).script(6, 4)
    _, body = await nazh.slash("attack", test="a1d20+5", damage="1d6", defense=14,
                               **{"long-range": True, "in-reach": True}, _user=ROLLER)
    assert lines(body)[0] == "## 11 · Miss"
    assert lines(body)[1] == ("-# 📐 Declared: long range: disadvantage · shot within an "
                              "enemy's reach: disadvantage")
    assert lines(body)[2].startswith("-# **11** | `d1d20+5` | [6↓(15)]")
    assert ("-# ❌ **Miss** (vs defense 14): a graze would deal **4** damage (4; costs 1 focus)"
            in lines(body))
    assert nazh.dice.unused == {}


async def test_a_target_not_sensed_gives_a_disadvantage_and_cannot_be_grazed(
        nazh: NazhUnderTest) -> None:
    """ "You gain a disadvantage on attacks ... Attack tests made in this way can't graze"."""
    nazh.dice.script(20, 9, 3).script(8, 5)
    _, body = await nazh.slash("attack", test="1d20+4", damage="1d8", defense=12, unseen=True,
                               _user=ROLLER)
    assert lines(body)[1] == "-# 📐 Declared: target not sensed: disadvantage, cannot graze"
    assert "-# ❌ **Miss** (vs defense 12): this attack cannot graze" in lines(body)
    assert "Graze (1 focus)" not in buttons(body["data"])


async def test_a_target_next_to_an_ally_raises_the_stakes_and_a_complication_grazes_the_ally(
        nazh: NazhUnderTest) -> None:
    """ "Raise the stakes on the attack test. If this attack misses your target and you roll a
    Complication, the GM can spend it to make your attack automatically graze your ally
    (without spending focus)"."""
    nazh.dice.script(20, 5).script(6, 3).script(6, 1)
    _, body = await nazh.slash("attack", test="1d20+2", damage="1d6", defense=15,
                               **{"near-ally": True}, _user=ROLLER)
    shown = lines(body)
    assert shown[0] == "## 9 · Miss, 1 Complication"
    assert shown[1] == "-# 📐 Declared: target next to an ally: the stakes raised"
    assert shown[2].startswith("-# **9** (+2P) | `1d20+2` | [5]")  # the plot die's Complication
    assert ("⚠️ Missed with a Complication: the GM may spend it to graze the ally next to the "
            "target: **3** damage (the damage dice, no focus)") in shown
    assert nazh.dice.unused == {}


async def test_a_hit_next_to_an_ally_grazes_no_one(nazh: NazhUnderTest) -> None:
    nazh.dice.script(20, 14).script(6, 3).script(6, 1)
    _, body = await nazh.slash("attack", test="1d20+2", damage="1d6", defense=15,
                               **{"near-ally": True}, _user=ROLLER)
    assert not any("graze the ally" in line for line in lines(body))


async def test_a_ranged_rule_is_refused_for_a_melee_weapon(nazh: NazhUnderTest) -> None:
    await nazh.slash("character new", name="Veyla Tarn", speed=2, _user=ROLLER)
    await nazh.slash("character weapon", name="Sidesword", skill="light-weaponry",
                     damage="1d6", _user=ROLLER)
    _, refused = await nazh.slash("attack", weapon="Sidesword", defense=12,
                                  **{"long-range": True}, _user=ROLLER)
    assert refused["data"]["flags"] & EPHEMERAL
    assert ("long-range: the Sidesword is a melee weapon; that rule is a ranged attack's" in
            json.dumps(refused["data"]))
    nazh.dice.script(20, 20, 2).script(6, 4)
    _, body = await nazh.slash("attack", weapon="Sidesword", defense=12, unseen=True,
                               _user=ROLLER)
    assert "`d1d20+2`" in lines(body)[3]
