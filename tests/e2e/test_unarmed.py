"""Unarmed attacks end to end, on both transports (basic actions, Unarmed Strike): every character
attacks Unarmed with Athletics, its damage by Strength (1 with no die at 0-2, 1d4 at 3-4), the
hit landing on its target as impact; offered by ``weapon``'s autocomplete and read in the
member's language."""

from __future__ import annotations

import pytest

from nazh.application.shared.json_types import JsonObject
from tests.e2e.encounter_kit import refused
from tests.e2e.fake_discord.payloads import autocomplete, slash_command
from tests.e2e.harness import NazhUnderTest, embed_of
from tests.e2e.roll_kit import GM, PLAYER, buttons, click

pytestmark = pytest.mark.usefixtures("gm_manages_the_server")


def description(body: JsonObject) -> str:
    return str(embed_of(body)["description"])


async def kaladin_against_a_bandit(nazh: NazhUnderTest, strength: int) -> None:
    await nazh.slash("character new", name="Kaladin", strength=strength, _user=PLAYER)
    await nazh.slash("encounter start", name="Ambush", _user=GM)
    await nazh.slash("encounter join", _user=PLAYER)
    await nazh.slash("encounter add", name="Bandit", health=10, _user=GM)


async def test_an_unarmed_attack_at_strength_2_rolls_no_damage_die(nazh: NazhUnderTest) -> None:
    """Unarmed Strike, Strength Training: "0-2: 1 (no die roll) impact"; part 3 "Attacking",
    Hit: the damage + the modifier of the skill used (Athletics): 1 + 2 lands on the Bandit."""
    await kaladin_against_a_bandit(nazh, strength=2)
    nazh.dice.script(20, 15)
    _, attacked = await nazh.slash("attack", weapon="Unarmed", target="Bandit", _user=PLAYER)
    assert embed_of(attacked)["title"] == "⚔️ Unarmed attack"
    lines = description(attacked).split("\n")
    assert lines[:2] == ["## 17 · Hit, 3 damage",
                         "-# 📜 **Kaladin** — Unarmed (Athletics) +2: Strength 2 + 0 ranks"]
    assert "-# **17** | `1d20+2` | [15] · DC 10" in lines  # the test alone: no damage die
    assert "-# 🎯 **Hit** (vs defense 10): **3** damage (1 + 2)" in lines
    assert "ℹ️ hit: 3 impact -> Bandit" in lines
    assert nazh.dice.unused == {}


async def test_an_unarmed_attack_at_strength_3_rolls_a_d4_and_grazes_for_its_die(
        nazh: NazhUnderTest) -> None:
    """Unarmed Strike, Strength Training: "3-4: 1d4 impact"; a miss grazes for the die alone."""
    await kaladin_against_a_bandit(nazh, strength=3)
    nazh.dice.script(20, 2).script(4, 3)
    _, attacked = await nazh.slash("attack", weapon="unarmed", target="Bandit", _user=PLAYER)
    lines = description(attacked).split("\n")
    assert lines[1] == "-# 📜 **Kaladin** — Unarmed (Athletics) +3: Strength 3 + 0 ranks"
    assert "-# **3** | `1d4` | [3]" in lines
    assert ("-# ❌ **Miss** (vs defense 10): a graze would deal **3** damage (3; costs 1 focus)"
            in lines)
    assert nazh.dice.unused == {}


async def test_weapon_offers_unarmed_in_the_members_language(nazh: NazhUnderTest) -> None:
    await nazh.slash("character new", name="Kaladin", strength=5, _user=PLAYER)
    await nazh.slash("character weapon", name="Spear", skill="light-weaponry", damage="1d8",
                     _user=PLAYER)

    async def offered(locale: str) -> list[tuple[str, str]]:
        suggest = autocomplete("attack", {"weapon": ""}, "weapon", user=PLAYER, locale=locale)
        await nazh.fake.dispatch("INTERACTION_CREATE", suggest)
        answer = await nazh.fake.wait_for_interaction_response(suggest)
        return [(choice["name"], choice["value"]) for choice in answer["data"]["choices"]]

    assert await offered("en-US") == [("Spear: 1d8", "Spear"), ("Unarmed: 1d8", "Unarmed")]
    assert ("Frappe à mains nues: 1d8", "Unarmed") in await offered("fr")


async def test_a_french_tables_unarmed_critical_hit_reads_in_french(nazh: NazhUnderTest) -> None:
    """A critical hit with no die to maximize deals what the hit does (1 + Athletics)."""
    await kaladin_against_a_bandit(nazh, strength=1)

    async def sent() -> JsonObject:
        interaction = slash_command("attack", {"weapon": "Unarmed", "target": "Bandit"},
                                    user=PLAYER, locale="fr")
        interaction["guild_locale"] = "fr"
        await nazh.fake.dispatch("INTERACTION_CREATE", interaction)
        return interaction

    nazh.dice.script(20, 20)
    _, attacked = await nazh.asked(sent)
    assert embed_of(attacked)["title"] == "⚔️ Attaque à mains nues"
    lines = description(attacked).split("\n")
    assert lines[1] == ("-# 📜 **Kaladin** — Frappe à mains nues (Athlétisme) +1: Force 1 + "
                        "0 rang")
    assert "-# 🎯 **Touché** (contre défense 10) : **2** dégâts (1 + 1)" in lines
    critical = await click(nazh, buttons(attacked["data"])["Coup critique"]["custom_id"], PLAYER)
    lines = description(critical).split("\n")
    assert "-# 💥 **Coup critique** (contre défense 10) : **2** dégâts (1 + 1)" in lines
    assert "ℹ️ critique : 2 impact, moins 2 déjà subi = 0 -> Bandit" in lines


async def test_a_sheets_own_unarmed_weapon_wins_and_the_built_in_one_is_not_removed(
        nazh: NazhUnderTest) -> None:
    """Unarmed Strike: "intrinsic to each character": removing it is refused, yet a sheet may
    write its own (an expertise's Momentum), used instead until it is removed."""
    await nazh.slash("character new", name="Kaladin", strength=2, _user=PLAYER)
    _, kept = await nazh.slash("character weapon", name="unarmed", remove=True, _user=PLAYER)
    assert "every character has its unarmed attack: it is not removed" in refused(kept)
    await nazh.slash("character weapon", name="Unarmed", skill="athletics", damage="1d4",
                     type="impact", traits="momentum", _user=PLAYER)
    nazh.dice.script(20, 12).script(4, 3)
    _, own = await nazh.slash("attack", weapon="Unarmed", defense=10, _user=PLAYER)
    assert "-# 🎯 **Hit** (vs defense 10): **5** damage (3 + 2)" in description(own).split("\n")
    assert nazh.dice.unused == {}
    await nazh.slash("character weapon", name="Unarmed", remove=True, _user=PLAYER)
    nazh.dice.script(20, 12)
    _, built_in = await nazh.slash("attack", weapon="Unarmed", defense=10, _user=PLAYER)
    assert "-# 🎯 **Hit** (vs defense 10): **3** damage (1 + 2)" in description(
        built_in).split("\n")
