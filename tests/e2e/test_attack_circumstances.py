"""/attack's declared circumstances end to end on both transports (scripted dice), as the
starter rules have them (part 3, "Attacking": Ranged Attacks and Reach; "Targeting and Range":
Long and Short Range, Locating and Sensing Targets)."""

from __future__ import annotations

import json

from nazh.application.shared.json_types import JsonObject
from tests.e2e.fake_discord.payloads import slash_command
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


async def test_a_charge_with_a_momentum_weapon_gains_an_advantage(nazh: NazhUnderTest) -> None:
    """Part 6, Weapon Traits, Momentum: "When you attack using this weapon, if you already
    moved at least 10 feet in a straight line toward your target on this turn, you gain an
    advantage on the attack" (an expert's Hammer: Expert Traits, Momentum)."""
    await nazh.slash("character new", name="Veyla Tarn", strength=2, speed=2, _user=ROLLER)
    await nazh.slash("character weapon", name="Hammer", skill="heavy-weaponry", damage="1d10",
                     type="impact", traits="two-handed, momentum", _user=ROLLER)
    nazh.dice.script(20, 4, 15).script(10, 6)
    _, body = await nazh.slash("attack", weapon="Hammer", defense=12, charged=True,
                               _user=ROLLER)
    shown = lines(body)
    assert shown[0] == "## 17 · Hit, 8 damage"
    assert "-# 📐 Declared: charged with a Momentum weapon: advantage" in shown
    assert "-# **17** | `a1d20+2` | [15↑(4)] · DC 12" in shown
    assert nazh.dice.unused == {}


async def test_a_charge_without_the_trait_momentum_is_refused_and_spends_nothing(
        nazh: NazhUnderTest) -> None:
    await nazh.slash("character new", name="Veyla Tarn", speed=2, _user=ROLLER)
    await nazh.slash("character weapon", name="Sidesword", skill="light-weaponry",
                     damage="1d6", _user=ROLLER)
    _, refused = await nazh.slash("attack", weapon="Sidesword", defense=12, charged=True,
                                  _user=ROLLER)
    assert refused["data"]["flags"] & EPHEMERAL
    said = json.dumps(refused["data"])
    assert "charged: the Sidesword does not have the trait Momentum" in said
    assert "an expert's Mace or Hammer has it: add it with /character weapon traits:" in said
    _, raw = await nazh.slash("attack", test="1d20+5", damage="2d6", defense=12, charged=True,
                              _user=ROLLER)
    assert raw["data"]["flags"] & EPHEMERAL
    assert "charged: the advantage is a weapon's, of the trait Momentum" in json.dumps(
        raw["data"])
    assert nazh.dice.unused == {}


async def test_an_unarmed_expert_charges_with_momentum_in_the_table_s_language(
        nazh: NazhUnderTest) -> None:
    """Part 6, Special Weapons: the Unarmed Attack's expert traits are Momentum and Offhand; a
    French table reads what was declared, and a refusal names its option as the command reads
    in French."""
    await nazh.slash("character new", name="Kaladin", strength=3, speed=2, _user=ROLLER)
    await nazh.slash("character set", field="expertises", value="Unarmed Strike", _user=ROLLER)

    async def attack(options: JsonObject) -> JsonObject:
        async def sent() -> JsonObject:
            interaction = slash_command("attack", options, user=ROLLER, locale="fr")
            interaction["guild_locale"] = "fr"
            await nazh.fake.dispatch("INTERACTION_CREATE", interaction)
            return interaction

        return (await nazh.asked(sent))[1]

    nazh.dice.script(20, 18, 3).script(4, 2)
    shown = lines(await attack({"weapon": "Unarmed", "defense": 12, "charged": True}))
    assert "-# 📐 Déclaré : charge avec une arme à Élan : avantage" in shown
    assert "-# **21** | `a1d20+3` | [18↑(3)] · DD 12" in shown
    refused = await attack({"weapon": "Unarmed", "defense": 12, "long-range": True})
    assert ("longue-portee : Unarmed est une arme de mêlée ; cette règle est celle d'une "
            "attaque à distance") in json.dumps(refused["data"], ensure_ascii=False)
    assert nazh.dice.unused == {}
