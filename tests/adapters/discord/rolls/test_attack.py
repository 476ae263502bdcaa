"""/attack at the feature level: real interactions, the real roll actions in memory, scripted
dice, the first answer read in memory; Hit, Graze and Critical hit answered by the attack
feature, the rest of its controls by the roll feature."""

from __future__ import annotations

import pytest

from nazh.adapters.discord.features import decode
from nazh.adapters.discord.rolls.attack import AttackFeature, AttackOptions
from nazh.adapters.discord.rolls.attack_controls import AttackAction, AttackControl, attack_control
from nazh.adapters.discord.rolls.result import RollAction, roll_control
from nazh.adapters.discord.rolls.roll import RollFeature
from nazh.application.history.queries import RollLogQueries
from nazh.application.history.suggestions import Suggestions
from nazh.application.shared.json_types import JsonObject
from nazh.domain.spec import DieMode
from tests.adapters.discord.feature_kit import EPHEMERAL, FeatureKit, answers
from tests.adapters.discord.rolls.kit import (
    GM,
    ID_FACES,
    OTHER,
    ROLL_ID,
    ROLLER,
    Sheets,
    as_gm,
    choices,
    control_of,
    sheets,
)
from tests.fakes import FakeRng, d, script
from tests.log_fakes import InMemoryRollLog
from tests.roll_sheets_kit import VEYLA_ID


def features(kit: FeatureKit, rng: FakeRng,
             focus: int = 3) -> tuple[AttackFeature, RollFeature, Sheets]:
    made = sheets(rng, focus)
    log = InMemoryRollLog()
    return (AttackFeature(made.use_cases, made.rolls, kit.wrapper, answers(made.settings)),
            RollFeature(made.use_cases, Suggestions(made.saved, RollLogQueries(log, log)),
                        kit.wrapper, answers(made.settings)), made)


def attack_of(custom_id: str) -> AttackControl:
    control = decode(custom_id)
    assert isinstance(control, AttackControl)
    return control


def labels(answer: JsonObject) -> list[str]:
    return [c.get("label") or c.get("placeholder") for row in answer["data"]["components"]
            for c in row["components"]]


async def test_a_hit_shows_its_damage_with_the_test_s_modifier() -> None:
    kit = FeatureKit()
    attacks, _, _ = features(kit, script(d(20, 12), d(6, 4, 3), ID_FACES))
    interaction = kit.command("attack", {"test": "1d20+5", "damage": "2d6", "defense": 15},
                              user=ROLLER)
    answer = await kit.answer(interaction, attacks.attack(
        interaction, AttackOptions("2d6", "1d20+5", 15)))
    embed = answer["data"]["embeds"][0]
    assert embed["title"] == "⚔️ Attack"
    assert "🎯 **Hit** (vs defense 15): **12** damage (4 + 3 + 5)" in embed["description"]
    assert "Graze (1 focus)" not in labels(answer)


async def test_a_miss_offers_the_graze_to_the_attacker_alone() -> None:
    kit = FeatureKit()
    attacks, _, _ = features(kit, script(d(20, 3), d(8, 6), ID_FACES))
    interaction = kit.command("attack", {"damage": "1d8", "defense": 14}, user=ROLLER)
    answer = await kit.answer(interaction, attacks.attack(
        interaction, AttackOptions("1d8", defense=14)))
    assert "❌ **Miss** (vs defense 14): a graze would deal **6** damage" in (
        answer["data"]["embeds"][0]["description"])
    assert "Graze (1 focus)" in labels(answer)
    other = kit.click(attack_control(AttackAction.GRAZE, ROLL_ID), user=OTHER)
    refused = await kit.answer(other, attacks.on_control(other, attack_of(other.custom_id)))
    assert refused["data"]["flags"] & EPHEMERAL
    assert "only the attacker can record how it went" in refused["data"]["content"]
    mine = kit.click(attack_control(AttackAction.GRAZE, ROLL_ID), user=ROLLER)
    grazed = await kit.answer(mine, attacks.on_control(mine, attack_of(mine.custom_id)))
    assert grazed["type"] == 7  # the message updated
    assert "🩹 **Graze** (vs defense 14): **6** damage" in (
        grazed["data"]["embeds"][0]["description"])
    assert "Graze (1 focus)" not in labels(grazed)


async def test_a_natural_20_hit_offers_a_critical_hit_and_spending() -> None:
    kit = FeatureKit()
    attacks, _, _ = features(kit, script(d(20, 20), d(6, 1, 2), ID_FACES))
    interaction = kit.command("attack", {"test": "1d20+1", "damage": "2d6"}, user=ROLLER)
    answer = await kit.answer(interaction, attacks.attack(
        interaction, AttackOptions("2d6", "1d20+1")))
    # what the attack asks next leads
    assert labels(answer)[:2] == ["Hit", "Graze (1 focus)"]
    assert labels(answer)[-1] == "Spend an Opportunity (roller) on…"
    hit = kit.click(attack_control(AttackAction.HIT, ROLL_ID), user=ROLLER)
    recorded = await kit.answer(hit, attacks.on_control(hit, attack_of(hit.custom_id)))
    assert "Critical hit" in labels(recorded)
    crit = kit.click(attack_control(AttackAction.CRITICAL, ROLL_ID), user=ROLLER)
    critical = await kit.answer(crit, attacks.on_control(crit, attack_of(crit.custom_id)))
    description = critical["data"]["embeds"][0]["description"]
    assert "💥 **Critical hit** (no defense given): **13** damage" in description
    assert "🌟 Opportunity spent: Critical hit" in description
    assert "Critical hit" not in labels(critical)


async def test_a_complication_is_spent_by_a_gm_not_the_roller() -> None:
    kit = FeatureKit()
    attacks, rolls, _ = features(kit, script(d(20, 1), d(6, 5), ID_FACES))
    interaction = kit.command("attack", {"damage": "1d6", "defense": 10}, user=ROLLER)
    await kit.answer(interaction, attacks.attack(interaction, AttackOptions("1d6", defense=10)))
    spend = kit.click(roll_control(RollAction.COMPLICATION, ROLL_ID), user=ROLLER,
                      values=["lose-focus"])
    refused = await kit.answer(spend, rolls.on_control(spend, control_of(spend.custom_id)))
    assert "only a GM can spend this roll's Complications" in refused["data"]["content"]


async def test_bad_damage_is_refused_naming_the_option() -> None:
    kit = FeatureKit()
    attacks, _, _ = features(kit, script())
    interaction = kit.command("attack", {"damage": "p"}, user=ROLLER)
    answer = await kit.answer(interaction, attacks.attack(interaction, AttackOptions("p")))
    assert answer["data"]["flags"] & EPHEMERAL
    assert "damage: the plot die belongs to the test" in answer["data"]["content"]


async def test_a_forged_spending_value_is_refused_naming_what_is_allowed() -> None:
    kit = FeatureKit()
    attacks, rolls, _ = features(kit, script(d(20, 20), d(6, 5), ID_FACES))
    interaction = kit.command("attack", {"damage": "1d6", "defense": 10}, user=ROLLER)
    await kit.answer(interaction, attacks.attack(interaction, AttackOptions("1d6", defense=10)))
    forged = kit.click(roll_control(RollAction.OPPORTUNITY, ROLL_ID), user=ROLLER,
                       values=["lose-focus"])
    refused = await kit.answer(forged, rolls.on_control(forged, control_of(forged.custom_id)))
    assert "an Opportunity cannot be spent on 'lose-focus'" in refused["data"]["content"]
    assert "Recover 1 focus" in refused["data"]["content"]


async def test_a_weapon_attack_uses_its_skill_s_modifier_and_its_damage() -> None:
    kit = FeatureKit()
    attacks, _, _ = features(kit, script(d(20, 10), d(8, 6), ID_FACES))
    interaction = kit.command("attack", {"weapon": "Spear", "defense": 14}, user=ROLLER)
    answer = await kit.answer(interaction, attacks.attack(
        interaction, AttackOptions(None, defense=14, weapon="Spear")))
    embed = answer["data"]["embeds"][0]
    assert embed["title"] == "⚔️ Attack with Spear"  # the act, not "Attack"
    lines = embed["description"].split("\n")
    assert lines[0] == "## 14 · Hit, 10 damage"  # what happened first, with the test's total
    assert lines[1] == "-# 📜 **Veyla Tarn** — Spear (Light Weaponry) +4: Speed 2 + 2 ranks"
    assert lines[2].startswith("-# **14** | `1d20+4` | [10]")
    assert "-# 🎯 **Hit** (vs defense 14): **10** damage (6 + 4)" in lines


async def test_a_weapon_graze_spends_focus_and_says_so() -> None:
    kit = FeatureKit()
    attacks, _, made = features(kit, script(d(20, 2), d(8, 5), ID_FACES))
    interaction = kit.command("attack", {"weapon": "spear", "defense": 14}, user=ROLLER)
    await kit.answer(interaction, attacks.attack(
        interaction, AttackOptions(None, defense=14, weapon="spear")))
    graze = kit.click(attack_control(AttackAction.GRAZE, ROLL_ID), user=ROLLER)
    grazed = await kit.answer(graze, attacks.on_control(graze, attack_of(graze.custom_id)))
    description = grazed["data"]["embeds"][0]["description"]
    assert "🩹 **Graze** (vs defense 14): **5** damage" in description
    assert description.split("\n")[-1] == "✏️ Veyla Tarn: focus 3 → 2"
    assert made.store.records[VEYLA_ID].sheet.focus.current == 2


async def test_a_graze_at_zero_focus_is_refused_with_a_clear_message() -> None:
    kit = FeatureKit()
    attacks, _, made = features(kit, script(d(20, 2), d(8, 5), ID_FACES), focus=0)
    interaction = kit.command("attack", {"weapon": "Spear", "defense": 14}, user=ROLLER)
    await kit.answer(interaction, attacks.attack(
        interaction, AttackOptions(None, defense=14, weapon="Spear")))
    graze = kit.click(attack_control(AttackAction.GRAZE, ROLL_ID), user=ROLLER)
    refused = await kit.answer(graze, attacks.on_control(graze, attack_of(graze.custom_id)))
    assert refused["data"]["flags"] & EPHEMERAL
    assert "Veyla Tarn has 0 focus: a graze costs 1" in refused["data"]["content"]
    assert made.store.records[VEYLA_ID].sheet.focus.current == 0


async def test_a_weapon_that_cannot_graze_offers_no_graze_and_refuses_a_forged_one() -> None:
    kit = FeatureKit()
    attacks, _, _ = features(kit, script(d(20, 2), d(4, 3), ID_FACES))
    interaction = kit.command("attack", {"weapon": "Net", "defense": 14}, user=ROLLER)
    answer = await kit.answer(interaction, attacks.attack(
        interaction, AttackOptions(None, defense=14, weapon="Net")))
    assert "❌ **Miss** (vs defense 14): this attack cannot graze" in (
        answer["data"]["embeds"][0]["description"])
    assert "Graze (1 focus)" not in labels(answer)
    forged = kit.click(attack_control(AttackAction.GRAZE, ROLL_ID), user=ROLLER)
    refused = await kit.answer(forged, attacks.on_control(forged, attack_of(forged.custom_id)))
    assert refused["data"]["flags"] & EPHEMERAL
    assert "this attack cannot graze" in refused["data"]["content"]


WITH_A_WEAPON = "character, advantage, target, against and type go with a weapon"


@pytest.mark.parametrize(("options", "message"), [
    (AttackOptions(None), "damage: an attack without a weapon needs its damage dice"),
    (AttackOptions("2d6", weapon="Spear"), "weapon: the weapon gives the test and the damage"),
    (AttackOptions(None, "1d20+2", weapon="Spear"), "weapon: the weapon gives the test"),
    (AttackOptions("2d6", character="Veyla Tarn"), WITH_A_WEAPON),
    (AttackOptions("2d6", mode=DieMode.ADVANTAGE), WITH_A_WEAPON),
    (AttackOptions("2d6", target="Bandit"), WITH_A_WEAPON),
    (AttackOptions(None, weapon="Bow"), "Veyla Tarn has no weapon 'Bow'"),
])
async def test_options_that_do_not_go_together_are_refused(options: AttackOptions,
                                                          message: str) -> None:
    kit = FeatureKit()
    attacks, _, _ = features(kit, FakeRng())
    interaction = kit.command("attack", {}, user=ROLLER)
    answer = await kit.answer(interaction, attacks.attack(interaction, options))
    assert answer["data"]["flags"] & EPHEMERAL
    assert message in answer["data"]["content"]


async def test_weapons_are_offered_from_the_character_rolled() -> None:
    kit = FeatureKit()
    attacks, _, _ = features(kit, FakeRng())
    typing = kit.typing("attack", {"weapon": "sp"}, "weapon", user=ROLLER)
    assert choices(await kit.answer(typing, attacks.suggest_weapons(typing, "sp", None))) == [
        ("Spear: 1d8", "Spear")]
    gm = kit.typing("attack", {"character": "ch"}, "character", user=GM, edit=as_gm)
    assert choices(await kit.answer(gm, attacks.suggest_characters(gm, "ch"))) == [
        ("Chasmfiend", "Chasmfiend")]
