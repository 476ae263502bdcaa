"""/attack at the feature level: real interactions, the real roll actions in memory, scripted
dice, the first answer read in memory; its controls answered by the roll feature."""

from __future__ import annotations

from typing import Any

from nazh.adapters.discord.attack import AttackFeature, AttackOptions
from nazh.adapters.discord.result import RollAction, roll_control
from nazh.adapters.discord.roll import RollFeature
from nazh.application.log.history import RollLogQueries
from nazh.application.rolls.suggestions import Suggestions
from nazh.application.saved.shelves import SavedRolls
from nazh.application.settings.server import GuildSettings
from tests.adapters.discord.feature_kit import EPHEMERAL, FeatureKit
from tests.adapters.discord.test_roll import ID_FACES, OTHER, ROLL_ID, ROLLER, actions, control_of
from tests.app_fakes import FakeClock, FakeSavedRollStore
from tests.application.settings.test_server import MemoryStore
from tests.fakes import FakeRng, d, script
from tests.log_fakes import InMemoryRollLog


def features(kit: FeatureKit, rng: FakeRng) -> tuple[AttackFeature, RollFeature]:
    saved = SavedRolls(FakeSavedRollStore())
    log = InMemoryRollLog()
    settings = GuildSettings(MemoryStore(), FakeClock())
    table = actions(rng, saved, settings)
    return (AttackFeature(table, kit.wrapper, settings),
            RollFeature(table, Suggestions(saved, RollLogQueries(log, log)), kit.wrapper,
                        settings))


def labels(answer: dict[str, Any]) -> list[str]:
    return [c.get("label") or c.get("placeholder") for row in answer["data"]["components"]
            for c in row["components"]]


async def test_a_hit_shows_its_damage_with_the_test_s_modifier() -> None:
    kit = FeatureKit()
    attacks, _ = features(kit, script(d(20, 12), d(6, 4, 3), ID_FACES))
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
    attacks, rolls = features(kit, script(d(20, 3), d(8, 6), ID_FACES))
    interaction = kit.command("attack", {"damage": "1d8", "defense": 14}, user=ROLLER)
    answer = await kit.answer(interaction, attacks.attack(
        interaction, AttackOptions("1d8", defense=14)))
    assert "❌ **Miss** (vs defense 14): a graze would deal **6** damage" in (
        answer["data"]["embeds"][0]["description"])
    assert "Graze (1 focus)" in labels(answer)
    other = kit.click(roll_control(RollAction.GRAZE, ROLL_ID), user=OTHER)
    refused = await kit.answer(other, rolls.on_control(other, control_of(other.custom_id)))
    assert refused["data"]["flags"] & EPHEMERAL
    assert "only the attacker can record how it went" in refused["data"]["content"]
    mine = kit.click(roll_control(RollAction.GRAZE, ROLL_ID), user=ROLLER)
    grazed = await kit.answer(mine, rolls.on_control(mine, control_of(mine.custom_id)))
    assert grazed["type"] == 7  # the message updated
    assert "🩹 **Graze** (vs defense 14): **6** damage" in (
        grazed["data"]["embeds"][0]["description"])
    assert "Graze (1 focus)" not in labels(grazed)


async def test_a_natural_20_hit_offers_a_critical_hit_and_spending() -> None:
    kit = FeatureKit()
    attacks, rolls = features(kit, script(d(20, 20), d(6, 1, 2), ID_FACES))
    interaction = kit.command("attack", {"test": "1d20+1", "damage": "2d6"}, user=ROLLER)
    answer = await kit.answer(interaction, attacks.attack(
        interaction, AttackOptions("2d6", "1d20+1")))
    assert labels(answer)[-3:] == ["Hit", "Graze (1 focus)", "Spend an Opportunity (roller) on…"]
    hit = kit.click(roll_control(RollAction.HIT, ROLL_ID), user=ROLLER)
    recorded = await kit.answer(hit, rolls.on_control(hit, control_of(hit.custom_id)))
    assert "Critical hit" in labels(recorded)
    crit = kit.click(roll_control(RollAction.CRITICAL, ROLL_ID), user=ROLLER)
    critical = await kit.answer(crit, rolls.on_control(crit, control_of(crit.custom_id)))
    description = critical["data"]["embeds"][0]["description"]
    assert "💥 **Critical hit** (no defense given): **13** damage" in description
    assert "✨ Opportunity spent: Critical hit" in description
    assert "Critical hit" not in labels(critical)


async def test_a_complication_is_spent_by_a_gm_not_the_roller() -> None:
    kit = FeatureKit()
    attacks, rolls = features(kit, script(d(20, 1), d(6, 5), ID_FACES))
    interaction = kit.command("attack", {"damage": "1d6", "defense": 10}, user=ROLLER)
    await kit.answer(interaction, attacks.attack(interaction, AttackOptions("1d6", defense=10)))
    spend = kit.click(roll_control(RollAction.COMPLICATION, ROLL_ID), user=ROLLER,
                      values=["lose-focus"])
    refused = await kit.answer(spend, rolls.on_control(spend, control_of(spend.custom_id)))
    assert "only a GM can spend this roll's Complications" in refused["data"]["content"]


async def test_bad_damage_is_refused_naming_the_option() -> None:
    kit = FeatureKit()
    attacks, _ = features(kit, script())
    interaction = kit.command("attack", {"damage": "p"}, user=ROLLER)
    answer = await kit.answer(interaction, attacks.attack(interaction, AttackOptions("p")))
    assert answer["data"]["flags"] & EPHEMERAL
    assert "damage: the plot die belongs to the test" in answer["data"]["content"]


async def test_a_forged_spending_value_is_refused_naming_what_is_allowed() -> None:
    kit = FeatureKit()
    attacks, rolls = features(kit, script(d(20, 20), d(6, 5), ID_FACES))
    interaction = kit.command("attack", {"damage": "1d6", "defense": 10}, user=ROLLER)
    await kit.answer(interaction, attacks.attack(interaction, AttackOptions("1d6", defense=10)))
    forged = kit.click(roll_control(RollAction.OPPORTUNITY, ROLL_ID), user=ROLLER,
                       values=["lose-focus"])
    refused = await kit.answer(forged, rolls.on_control(forged, control_of(forged.custom_id)))
    assert "an Opportunity cannot be spent on 'lose-focus'" in refused["data"]["content"]
    assert "Recover 1 focus" in refused["data"]["content"]
