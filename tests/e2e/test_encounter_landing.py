"""Attacks landing on their target end to end on both transports (scripted dice): /attack
target: takes the target's defense and lands the damage on its health, showing the arithmetic
(deflect on keen, none on spirit, Pierce, an immunity), a graze's when recorded, a critical
hit's difference when spent; 0 health -> Unconscious -> the Injury button -> the injury counted
on the sheet; a minion defeated; a secret attack applied at its reveal; a GM's undo; each
application in the log and the export."""

from __future__ import annotations

import pytest

from nazh.application.shared.json_types import JsonObject
from tests.e2e.encounter_kit import card_showing, command, exported, log_lines, refused
from tests.e2e.harness import NazhUnderTest, custom_id_of, embed_of
from tests.e2e.roll_kit import GM, PLAYER, ROLLER, buttons, click, pressed_from_a_stale_copy

pytestmark = pytest.mark.usefixtures("gm_manages_the_server")


def description(body: JsonObject) -> str:
    return str(embed_of(body)["description"])


def labels(body: JsonObject) -> list[str]:
    return [str(c.get("label", "")) for row in body["data"].get("components") or []
            for c in row.get("components") or []]


async def armed_kaladin(nazh: NazhUnderTest) -> None:
    """Kaladin (Speed 3: Light Weaponry +3) with a keen Spear, an untyped Sling and a Pierce
    spear, in the GM's encounter, which shows the enemies' health; Bandit (health 20,
    Physical 12, deflect 2) and a Golem immune to keen damage (health 10)."""
    await command(nazh, "character new", PLAYER, name="Kaladin", strength=2, speed=3)
    await command(nazh, "character weapon", PLAYER, name="Spear", skill="light-weaponry",
                  damage="1d8", type="keen")
    await command(nazh, "character weapon", PLAYER, name="Sling", skill="light-weaponry",
                  damage="1d4")
    await command(nazh, "character weapon", PLAYER, name="Halberd", skill="light-weaponry",
                  damage="1d8", type="keen", traits="pierce")
    await command(nazh, "encounter start", GM, name="Chasm")
    await command(nazh, "encounter settings", GM, **{"show-health": True})
    assert await command(nazh, "encounter add", GM, name="Bandit", health=20, defense=12,
                         deflect=2) == "Added **Bandit**."
    await command(nazh, "encounter add", GM, name="Golem", health=10, immunities="keen")
    await command(nazh, "encounter join", PLAYER)


async def attack(nazh: NazhUnderTest, weapon: str, target: str, user: JsonObject = PLAYER,
                 **options: object) -> JsonObject:
    _, answer = await nazh.slash("attack", weapon=weapon, target=target, _user=user, **options)
    return answer


async def test_hits_land_through_deflect_spirit_pierce_and_an_immunity_and_undo(
        nazh: NazhUnderTest) -> None:
    await armed_kaladin(nazh)
    nazh.dice.script(20, 9, 9, 9, 9).script(8, 5, 1, 5).script(4, 3)
    keen = await attack(nazh, "Spear", "Bandit")
    assert "🎯 against Bandit · Physical defense 12 · keen" in description(keen)
    assert "hit: 8 keen - 2 deflect = 6 -> Bandit: 20 -> 14" in description(keen)
    spirit = await attack(nazh, "Sling", "Bandit", type="spirit")
    assert "hit: 6 spirit -> Bandit: 14 -> 8" in description(spirit)
    pierced = await attack(nazh, "Halberd", "Bandit")
    assert "hit: 4 keen (Pierce) -> Bandit: 8 -> 4" in description(pierced)
    await card_showing(nazh.fake, "**Bandit** · slow · reaction ✓ · 🟥 Health 4/20")
    immune = await attack(nazh, "Spear", "Golem")
    assert "hit: 8 keen: immune = 0 -> Golem: 10 -> 10" in description(immune)
    undone = await command(nazh, "encounter undo", GM, combatant="Bandit")
    assert undone.startswith("Undone: **Bandit**'s 4 damage (from ")
    assert undone.endswith("): health 8.")
    await card_showing(nazh.fake, "Health 8/20")
    _, player_undo = await nazh.slash("encounter undo", combatant="Bandit", _user=PLAYER)
    assert "may undo damage or healing" in refused(player_undo)
    lines = await log_lines(nazh)
    assert any("Bandit took 6 damage: 8 keen - 2 deflect" in line for line in lines)
    assert any("undid the latest damage or healing of Bandit (health 8)" in line
               for line in lines)
    _, data = await exported(nazh, GM)
    [first, *_] = [e for e in data["log"] if e["kind"] == "damage-taken"]
    assert {k: first[k] for k in ("combatant", "amount", "type", "deflect", "applied",
                                  "health")} == {
        "combatant": "Bandit", "amount": 8, "type": "keen", "deflect": 2, "applied": 6,
        "health": {"before": 20, "after": 14}}
    assert first["roll_id"]


async def test_a_graze_lands_when_recorded_and_a_critical_hit_its_difference_when_spent(
        nazh: NazhUnderTest) -> None:
    await armed_kaladin(nazh)
    nazh.dice.script(20, 2, 20).script(8, 5, 3)
    missed = await attack(nazh, "Spear", "Bandit")
    assert "Bandit: 20" not in description(missed)
    grazed = await click(nazh, buttons(missed["data"])["Graze (1 focus)"]["custom_id"], PLAYER)
    assert "graze: 5 keen - 2 deflect = 3 -> Bandit: 20 -> 17" in description(grazed)
    hit = await attack(nazh, "Spear", "Bandit")
    assert "hit: 6 keen - 2 deflect = 4 -> Bandit: 17 -> 13" in description(hit)
    critical = await click(nazh, buttons(hit["data"])["Critical hit"]["custom_id"], PLAYER)
    assert ("critical: 11 keen - 2 deflect = 9, less 4 already taken = 5 -> Bandit: 13 -> 8"
            in description(critical))
    await card_showing(nazh.fake, "Health 8/20")


async def test_at_0_health_kaladin_falls_and_the_injury_button_counts_his_injury(
        nazh: NazhUnderTest) -> None:
    await armed_kaladin(nazh)
    await command(nazh, "character new", GM, name="Chasmfiend", kind="adversary", strength=4)
    await command(nazh, "character weapon", GM, name="Claws", skill="athletics", damage="2d6",
                  type="keen", character="Chasmfiend")
    await command(nazh, "encounter add", GM, character="Chasmfiend")
    nazh.dice.script(20, 15, 15).script(6, 6, 6, 1, 1)
    felled = await attack(nazh, "Claws", "Kaladin", GM, character="Chasmfiend")
    assert ("hit: 16 keen -> Kaladin: 12 -> 0 · Kaladin falls Unconscious and takes an "
            "injury") in description(felled)
    assert "Injury" in labels(felled)
    await card_showing(nazh.fake, "🟥 Health 0/12", "Unconscious")
    button = custom_id_of(felled["data"], "Injury")
    # its owner or a GM rolls it (who may press it: tests/e2e/test_attack_result_offers.py)
    assert "only Kaladin's player or a GM may roll Kaladin's injury" in refused(
        await click(nazh, button, ROLLER))
    message_id = nazh.fake.message_with_component(button)["id"]
    injury = await click(nazh, button, PLAYER)
    assert "🩸" in str(embed_of(injury)["title"])
    assert "0 injuries taken" in description(injury)
    again = await pressed_from_a_stale_copy(nazh, message_id, button, PLAYER)
    assert "Kaladin's injury from this attack is rolled already" in refused(again)
    further = await attack(nazh, "Claws", "Kaladin", GM, character="Chasmfiend")
    assert "Kaladin is at 0 health and takes an injury" in description(further)
    second = await click(nazh, custom_id_of(further["data"], "Injury"), PLAYER)
    assert "1 injury taken (-5)" in description(second)


async def test_a_minion_at_0_is_defeated_without_an_injury(nazh: NazhUnderTest) -> None:
    await armed_kaladin(nazh)
    await command(nazh, "encounter add", GM, name="Grunt", health=5, role="minion")
    nazh.dice.script(20, 10).script(8, 8)
    felled = await attack(nazh, "Spear", "Grunt")
    assert "hit: 11 keen -> Grunt: 5 -> 0 · Grunt is defeated" in description(felled)
    assert "Injury" not in labels(felled)


async def test_a_secret_attack_lands_at_its_reveal_once(nazh: NazhUnderTest) -> None:
    await armed_kaladin(nazh)
    nazh.dice.script(20, 10).script(8, 5)
    line = await attack(nazh, "Spear", "Bandit", visibility="gm")
    assert "Bandit: 20" not in str(line)
    await card_showing(nazh.fake, "Health 20/20")
    revealed = await click(nazh, custom_id_of(line["data"], "Reveal"), GM)
    assert "hit: 8 keen - 2 deflect = 6 -> Bandit: 20 -> 14" in description(revealed)
    await card_showing(nazh.fake, "Health 14/20")


async def test_after_a_restart_the_critical_hit_lands_only_its_difference(
        nazh: NazhUnderTest) -> None:
    await armed_kaladin(nazh)
    nazh.dice.script(20, 20).script(8, 3)
    hit = await attack(nazh, "Spear", "Bandit")
    assert "hit: 6 keen - 2 deflect = 4 -> Bandit: 20 -> 16" in description(hit)
    await nazh.restart()
    critical = await click(nazh, buttons(hit["data"])["Critical hit"]["custom_id"], PLAYER)
    assert ("critical: 11 keen - 2 deflect = 9, less 4 already taken = 5 -> Bandit: 16 -> 11"
            in description(critical))
    await card_showing(nazh.fake, "Health 11/20")


async def test_damage_of_no_type_lands_through_deflect_as_the_odds_count_it(
        nazh: NazhUnderTest) -> None:
    """Part 1 "Deflect": deflect reduces impact, keen and energy damage; the untyped Sling's
    hit lands deflected, as /odds counts it, by an attack and by hand."""
    await armed_kaladin(nazh)
    nazh.dice.script(20, 9).script(4, 3)
    sling = await attack(nazh, "Sling", "Bandit")
    assert "hit: 6 - 2 deflect = 4 -> Bandit: 20 -> 16" in description(sling)
    by_hand = await command(nazh, "encounter damage", GM, combatant="Bandit", amount=5)
    assert "5 - 2 deflect = 3 -> Bandit: 16 -> 13" in by_hand
    await card_showing(nazh.fake, "Health 13/20")


OPPORTUNITY = "Spend an Opportunity (roller) on…"


async def deadly_hit(nazh: NazhUnderTest, target: str,
                     *faces: int) -> tuple[JsonObject, JsonObject]:
    """Kaladin's hit with his Deadly Warhammer (impact, no deflect on the Golem) on a natural
    20 (an Opportunity), its d8 ``faces``; then the Opportunity spent on the trait: both
    results."""
    await command(nazh, "character weapon", PLAYER, name="Warhammer", skill="light-weaponry",
                  damage="1d8", type="impact", traits="deadly")
    nazh.dice.script(20, 20).script(8, *faces)
    hit = await attack(nazh, "Warhammer", target)
    choices = [str(option["value"]) for option in buttons(hit["data"])[OPPORTUNITY]["options"]]
    assert choices == ["critical", "focus", "ally", "narrative", "deadly"]
    return hit, await click(nazh, buttons(hit["data"])[OPPORTUNITY]["custom_id"], PLAYER,
                            ["deadly"])


async def test_a_deadly_weapon_s_opportunity_injures_a_target_still_standing(
        nazh: NazhUnderTest) -> None:
    """Part 6, Weapon Traits, Deadly: "When you hit a target with this weapon, you can spend an
    Opportunity to cause the target to immediately suffer an injury", whatever its health."""
    await armed_kaladin(nazh)
    hit, spent = await deadly_hit(nazh, "Bandit", 3)
    assert "-> Bandit: 20 -> 16" in description(hit)
    assert "Injury" not in labels(hit)
    assert "🌟 Opportunity spent: Deadly: the target suffers an injury" in description(spent)
    assert "💀 Deadly" not in description(spent)  # the hint gone once spent
    button = custom_id_of(spent["data"], "Injury")
    assert "only Bandit's player or a GM may roll Bandit's injury" in refused(
        await click(nazh, button, PLAYER))
    injury = await click(nazh, button, GM)
    assert "🩸" in str(embed_of(injury)["title"])
    assert "Bandit's injury from this attack is rolled already" in refused(
        await click(nazh, button, GM))


async def test_a_deadly_hit_to_0_health_calls_for_two_injuries_each_rolled_once(
        nazh: NazhUnderTest) -> None:
    """The injury 0 health calls for (part 3, Injuries), and the Deadly trait's beside it."""
    await armed_kaladin(nazh)
    await command(nazh, "character new", GM, name="Chasmfiend", kind="adversary", strength=4)
    await command(nazh, "character weapon", GM, name="Claws", skill="athletics", damage="2d6",
                  type="keen", traits="deadly", character="Chasmfiend")
    await command(nazh, "encounter add", GM, character="Chasmfiend")
    nazh.dice.script(20, 20).script(6, 6, 6)
    felled = await attack(nazh, "Claws", "Kaladin", GM, character="Chasmfiend")
    assert "Kaladin falls Unconscious and takes an injury" in description(felled)
    spent = await click(nazh, buttons(felled["data"])[OPPORTUNITY]["custom_id"], GM, ["deadly"])
    button = custom_id_of(spent["data"], "Injury")
    first = await click(nazh, button, PLAYER)
    assert "0 injuries taken" in description(first)
    second = await click(nazh, button, PLAYER)
    assert "1 injury taken (-5)" in description(second)
    assert "Kaladin's injury from this attack is rolled already" in refused(
        await click(nazh, button, PLAYER))


async def test_a_deadly_weapon_s_injury_defeats_a_minion_at_once(nazh: NazhUnderTest) -> None:
    """Part 7, Using Adversaries, the Minion feature: "they're immediately defeated when they
    suffer an injury": no injury to roll."""
    await armed_kaladin(nazh)
    await command(nazh, "encounter add", GM, name="Grunt", health=15, role="minion")
    hit, spent = await deadly_hit(nazh, "Grunt", 3)
    assert "-> Grunt: 15 -> 9" in description(hit)
    assert "ℹ️ Grunt is a minion: the injury defeats it" in description(spent)
    assert "Injury" not in labels(spent)
    await card_showing(nazh.fake, "Grunt", "defeated")
    assert (await log_lines(nazh))[0].endswith(": Grunt was defeated")
