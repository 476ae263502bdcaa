"""/check at the feature level: real interactions, the real roll actions and characters in
memory, scripted dice, the first answer read in memory. No network."""

from __future__ import annotations

import pytest

from nazh.adapters.discord.rolls.check import CheckFeature, CheckOptions
from nazh.adapters.discord.runtime.choices import ChoiceError, mode_of
from nazh.domain.spec import DieMode
from tests.adapters.discord.feature_kit import EPHEMERAL, FeatureKit, answers
from tests.adapters.discord.rolls.kit import (
    GM,
    ID_FACES,
    OTHER,
    ROLLER,
    as_gm,
    choices,
    sheets,
)
from tests.fakes import FakeRng, d, script


def feature(kit: FeatureKit, rng: FakeRng) -> CheckFeature:
    made = sheets(rng)
    return CheckFeature(made.rolls, kit.wrapper, answers(made.settings))


async def test_a_check_names_the_character_the_skill_and_its_parts() -> None:
    kit = FeatureKit()
    checks = feature(kit, script(d(20, 12), ID_FACES))
    interaction = kit.command("check", {"skill": "Insight", "dc": 15}, user=ROLLER)
    answer = await kit.answer(interaction, checks.check(
        interaction, CheckOptions("Insight", dc=15)))
    embed = answer["data"]["embeds"][0]
    assert embed["title"] == "🎲 Insight test"  # the act, not "Roll"
    lines = embed["description"].split("\n")
    assert lines[0] == "## 17 · Success"  # what happened first, with the total
    assert lines[1] == "-# 📜 **Veyla Tarn** — Insight +5: Awareness 3 + 2 ranks"
    assert lines[2].startswith("-# **17** | `1d20+5` | [12] · DC 15")
    assert not answer["data"].get("flags", 0) & EPHEMERAL


async def test_the_extra_modifier_and_advantage_are_in_the_test() -> None:
    kit = FeatureKit()
    checks = feature(kit, script(d(20, 3, 14), ID_FACES))
    interaction = kit.command("check", {"skill": "insight", "modifier": -2,
                                        "advantage": "advantage"}, user=ROLLER)
    answer = await kit.answer(interaction, checks.check(
        interaction, CheckOptions("insight", modifier=-2, mode=DieMode.ADVANTAGE)))
    lines = answer["data"]["embeds"][0]["description"].split("\n")
    assert lines[1] == "-# 📜 **Veyla Tarn** — Insight +3: Awareness 3 + 2 ranks + modifier -2"
    assert "`a1d20+3`" in lines[2]


async def test_an_unknown_skill_and_someone_else_s_character_are_refused() -> None:
    kit = FeatureKit()
    checks = feature(kit, FakeRng())
    interaction = kit.command("check", {"skill": "Cooking"}, user=ROLLER)
    answer = await kit.answer(interaction, checks.check(interaction, CheckOptions("Cooking")))
    assert answer["data"]["flags"] & EPHEMERAL
    assert "Veyla Tarn has no skill 'Cooking'" in answer["data"]["content"]
    other = kit.command("check", {"skill": "Insight"}, user=OTHER)
    refused = await kit.answer(other, checks.check(other, CheckOptions("Insight")))
    assert refused["data"]["flags"] & EPHEMERAL
    assert "you have no active character here" in refused["data"]["content"]


async def test_a_gm_checks_for_an_adversary() -> None:
    kit = FeatureKit()
    checks = feature(kit, script(d(20, 10), ID_FACES))
    interaction = kit.command("check", {"skill": "Athletics", "character": "Chasmfiend"},
                              user=GM, edit=as_gm)
    answer = await kit.answer(interaction, checks.check(
        interaction, CheckOptions("Athletics", character="Chasmfiend")))
    assert answer["data"]["embeds"][0]["description"].split("\n")[1] == (
        "-# 📜 **Chasmfiend** — Athletics +7: Strength 4 + 3 ranks")


async def test_skills_are_offered_from_the_active_character_or_the_one_named() -> None:
    kit = FeatureKit()
    checks = feature(kit, FakeRng())
    typing = kit.typing("check", {"skill": "ins"}, "skill", user=ROLLER)
    answer = await kit.answer(typing, checks.suggest_skills(typing, "ins", None))
    assert choices(answer) == [("Insight +5", "Insight")]
    gm = kit.typing("check", {"skill": "ath", "character": "Chasmfiend"}, "skill", user=GM,
                    edit=as_gm)
    answer = await kit.answer(gm, checks.suggest_skills(gm, "ath", "Chasmfiend"))
    assert choices(answer) == [("Athletics +7", "Athletics")]
    player = kit.typing("check", {"skill": "ath", "character": "Chasmfiend"}, "skill",
                        user=ROLLER)
    answer = await kit.answer(player, checks.suggest_skills(player, "ath", "Chasmfiend"))
    assert choices(answer) == []


async def test_the_characters_offered_are_those_the_user_may_roll() -> None:
    kit = FeatureKit()
    checks = feature(kit, FakeRng())
    gm = kit.typing("check", {"character": ""}, "character", user=GM, edit=as_gm)
    assert choices(await kit.answer(gm, checks.suggest_characters(gm, ""))) == [
        ("Chasmfiend", "Chasmfiend")]
    mine = kit.typing("check", {"character": "vey"}, "character", user=ROLLER)
    assert choices(await kit.answer(mine, checks.suggest_characters(mine, "vey"))) == [
        ("Veyla Tarn", "Veyla Tarn")]


def test_the_advantage_option_reads_its_choices_and_refuses_others() -> None:
    assert mode_of(None) is DieMode.NORMAL
    assert mode_of("none") is DieMode.NORMAL
    assert mode_of("advantage") is DieMode.ADVANTAGE
    assert mode_of("disadvantage") is DieMode.DISADVANTAGE
    with pytest.raises(ChoiceError, match="advantage must be one of: advantage, "
                                          "disadvantage, none"):
        mode_of("normal")
