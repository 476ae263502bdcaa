"""Weapon traits that change an attack's result, end to end on both transports (the starter
rules, part 6, Weapon Traits): Cumbersome [X]'s disadvantage below its Strength, and what a
Complication (Dangerous, Fragile: an Improvised weapon's) or a hit's Opportunity (Deadly) lets
the table spend, said on the result in the table's language."""

from __future__ import annotations

import json

import pytest

from nazh.application.shared.json_types import JsonObject
from tests.e2e.fake_discord.payloads import slash_command
from tests.e2e.harness import NazhUnderTest, embed_of
from tests.e2e.roll_kit import (
    EPHEMERAL,
    GM,
    ROLLER,
    click,
    on_gm_panel,
    roll_id_of,
    shared_result,
)


def lines(body: JsonObject) -> list[str]:
    return str(embed_of(body)["description"]).split("\n")


async def armed(nazh: NazhUnderTest, name: str, traits: str, strength: int = 3) -> None:
    await nazh.slash("character new", name="Veyla Tarn", strength=strength, speed=2,
                     _user=ROLLER)
    await nazh.slash("character weapon", name=name, skill="heavy-weaponry", damage="1d10",
                     type="keen", traits=traits, _user=ROLLER)


async def test_a_cumbersome_weapon_above_the_wielders_strength_gives_a_disadvantage(
        nazh: NazhUnderTest) -> None:
    """Cumbersome [X]: "If your Strength is lower than that number, you gain a disadvantage on
    all attacks using this weapon and are Slowed while wielding it"."""
    await armed(nazh, "Poleaxe", "two-handed, cumbersome [4]")
    nazh.dice.script(20, 17, 6).script(10, 5)
    _, body = await nazh.slash("attack", weapon="Poleaxe", defense=12, _user=ROLLER)
    shown = lines(body)
    assert shown[0] == "## 9 · Miss"
    assert ("-# 🗡️ Cumbersome [4], Strength 3: disadvantage, and Slowed while wielding it"
            in shown)
    assert "-# **9** | `d1d20+3` | [6↓(17)] · DC 12" in shown
    await nazh.slash("character set", field="strength", value="4", _user=ROLLER)
    nazh.dice.script(20, 17).script(10, 5)
    _, strong = await nazh.slash("attack", weapon="Poleaxe", defense=12, _user=ROLLER)
    assert not any("Cumbersome" in line for line in lines(strong))
    assert nazh.dice.unused == {}


async def test_cumbersome_without_its_strength_is_refused_when_typed(nazh: NazhUnderTest) -> None:
    await nazh.slash("character new", name="Veyla Tarn", _user=ROLLER)
    _, refused = await nazh.slash("character weapon", name="Poleaxe", skill="heavy-weaponry",
                                  damage="1d10", traits="cumbersome", _user=ROLLER)
    assert refused["data"]["flags"] & EPHEMERAL
    said = json.dumps(refused["data"])
    assert "Poleaxe: the trait Cumbersome names the Strength it asks" in said
    assert "e.g. cumbersome [5]" in said


@pytest.mark.usefixtures("gm_manages_the_server")
async def test_a_fragile_weapon_s_complication_may_break_it(nazh: NazhUnderTest) -> None:
    """Fragile (the Improvised weapons'): "When you attack with this weapon, the GM can spend a
    Complication to cause it to break after the attack is resolved"; Dangerous: "to cause you
    to also accidentally graze an ally within the weapon's reach or range"."""
    await armed(nazh, "Improvised", "fragile, dangerous")
    nazh.dice.script(20, 15).script(10, 4).script(6, 2)
    _, body = await nazh.slash("attack", weapon="Improvised", defense=12, plot=True,
                               _user=ROLLER)
    shown = lines(body)
    assert shown[0] == "## 22 · Hit, 7 damage, 1 Complication"  # the plot die adds 4
    assert ("⚠️ A Complication lets the GM use the Improvised's Dangerous (**4** damage to an "
            "ally) and Fragile (it breaks)") in shown
    assert nazh.dice.unused == {}
    _, spent = await on_gm_panel(nazh, shared_result(nazh, roll_id_of(body)),
                                 "Spend a Complication (GM) on…", values=["dangerous"])
    shown = lines(spent)
    assert f"⚠️ Complication spent: Dangerous: an ally is grazed too (<@{GM['id']}>)" in shown
    assert ("⚠️ Dangerous: an ally within the Improvised's reach or range is grazed too: **4** "
            "damage (a graze)") in shown
    # its one Complication spent: Fragile is no longer the GM's to spend
    assert not any(line.startswith("⚠️ A Complication lets") for line in shown)


async def test_a_deadly_hit_with_an_opportunity_says_the_injury_in_the_table_s_language(
        nazh: NazhUnderTest) -> None:
    """Deadly: "When you hit a target with this weapon, you can spend an Opportunity to cause
    the target to immediately suffer an injury"."""
    await armed(nazh, "Halberd", "deadly, cumbersome [5]")

    async def sent() -> JsonObject:
        interaction = slash_command("attack", {"weapon": "Halberd", "defense": 12, "plot": True},
                                    user=ROLLER, locale="fr")
        interaction["guild_locale"] = "fr"
        await nazh.fake.dispatch("INTERACTION_CREATE", interaction)
        return interaction

    nazh.dice.script(20, 16, 18).script(10, 7).script(6, 6)
    shown = lines((await nazh.asked(sent))[1])
    assert ("-# 🗡️ Encombrant [5], Force 3 : désavantage, et Ralenti tant qu'elle est maniée"
            in shown)
    assert "💀 Mortel : dépensez une Opportunité et la cible subit aussitôt une blessure" in shown
    assert nazh.dice.unused == {}


async def test_a_deadly_hit_s_opportunity_spent_outside_a_fight_says_how_to_roll_the_injury(
        nazh: NazhUnderTest) -> None:
    await armed(nazh, "Halberd", "deadly")
    nazh.dice.script(20, 20).script(10, 7)  # a natural 20: an Opportunity
    _, body = await nazh.slash("attack", weapon="Halberd", defense=12, _user=ROLLER)
    assert "💀 Deadly: spend an Opportunity and the target suffers an injury at once" in (
        lines(body))
    menu = next(c for row in body["data"]["components"] for c in row["components"]
                if c.get("placeholder") == "Spend an Opportunity (roller) on…")
    spent = await click(nazh, str(menu["custom_id"]), ROLLER, ["deadly"])
    shown = lines(spent)
    assert f"🌟 Opportunity spent: Deadly: the target suffers an injury (<@{ROLLER['id']}>)" in (
        shown)
    assert "💀 Deadly: roll the target's injury with /injury" in shown
    assert not any(line.startswith("💀 Deadly: spend") for line in shown)
