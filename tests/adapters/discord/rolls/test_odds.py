"""/odds at the feature level: the answer to a command, no network."""

from __future__ import annotations

import pytest

from nazh.adapters.discord.rolls.odds import CHART_NAME, OddsFeature
from nazh.application.odds.use_cases import ShowOdds
from nazh.application.saved.shelves import SavedRolls
from nazh.domain.encounter.damage import DamageType
from nazh.domain.target_odds import Target
from tests.adapters.discord.feature_kit import EPHEMERAL, FeatureKit, InlineOddsWorker
from tests.app_fakes import FakeSavedRollStore


def feature(kit: FeatureKit) -> OddsFeature:
    return OddsFeature(ShowOdds(InlineOddsWorker(), SavedRolls(FakeSavedRollStore())),
                       kit.wrapper)


async def test_the_odds_of_a_pool_against_a_dc_with_their_chart() -> None:
    kit = FeatureKit()
    interaction = kit.command("odds", {"pool": "1d20+5", "dc": 15})
    answer = await kit.answer(interaction, feature(kit).odds(interaction, "1d20+5", False, 15))
    embed = answer["data"]["embeds"][0]
    assert embed["title"] == "🎯 Odds of 1d20+5 vs DC 15"
    assert embed["image"]["url"] == f"attachment://{CHART_NAME}"
    assert embed["fields"][0]["name"] == "1d20+5"
    assert "55" in embed["fields"][0]["value"]  # 11 of 20 faces meet 15 with +5
    assert not answer["data"].get("flags", 0) & EPHEMERAL


async def test_a_bad_pool_is_one_ephemeral_error_naming_it() -> None:
    kit = FeatureKit()
    interaction = kit.command("odds", {"pool": "1d20+"})
    answer = await kit.answer(interaction, feature(kit).odds(interaction, "1d20+", False, None))
    assert answer["data"]["flags"] & EPHEMERAL
    assert "1d20+" in answer["data"]["content"]
    assert "embeds" not in answer["data"]


async def test_the_odds_of_an_attack() -> None:
    kit = FeatureKit()
    options = {"pool": "1d20+5", "defense": 15, "damage": "1d6"}
    interaction = kit.command("odds", options)
    answer = await kit.answer(interaction, feature(kit).odds(interaction, "1d20+5", False, None,
                                                             15, "1d6"))
    embed = answer["data"]["embeds"][0]
    assert embed["title"] == "🎯 Attack odds of 1d20+5 vs defense 15"
    assert embed["description"].splitlines() == [
        "Hit **55.00%** · with an Opportunity (critical possible) **5.00%** · miss 45.00%",
        "Expected damage **4.80** per attack (each hit with an Opportunity made critical), "
        "**6.38** grazing every miss",
    ]
    fields = [(field["name"], field["value"]) for field in embed["fields"]]
    assert fields[0][0] == "Test 1d20+5"
    assert "P(≥ 15) **55.00%**" in fields[0][1]
    assert fields[1:] == [
        ("Hit: 1d6+5 (the test's modifier)", "mean **8.50** · range 6–11"),
        ("Graze: 1d6 (the dice alone)", "mean **3.50** · range 1–6"),
        ("Critical hit: every damage die at its maximum", "always **11**"),
    ]
    assert embed["image"]["url"] == f"attachment://{CHART_NAME}"
    assert not answer["data"].get("flags", 0) & EPHEMERAL


async def test_an_attack_with_the_plot_die_says_so() -> None:
    kit = FeatureKit()
    interaction = kit.command("odds", {"pool": "a1d20+5", "add_plot": True, "defense": 15,
                                       "damage": "2d6+2"})
    answer = await kit.answer(interaction, feature(kit).odds(interaction, "a1d20+5", True, None,
                                                             15, "2d6+2"))
    embed = answer["data"]["embeds"][0]
    assert embed["title"] == "🎯 Attack odds of a1d20+5, p vs defense 15"
    assert embed["fields"][0]["name"] == "Test a1d20+5 (+ plot die)"
    assert embed["fields"][1]["name"] == "Hit: 2d6+2 (its own modifier)"
    assert embed["fields"][3]["value"] == "always **14**"


@pytest.mark.parametrize(("dc", "defense", "damage", "says"), [
    (None, 15, None, "defense needs damage"),
    (None, None, "1d6", "damage needs defense"),
    (12, 15, "1d6", "a DC and a defense together"),
    (None, 15, "1d6, p", "the plot die is not a damage die"),
    (None, 15, "1d6+", 'damage "1d6+": missing the number'),
])
async def test_a_bad_attack_is_one_ephemeral_error_naming_what_is_wrong(
        dc: int | None, defense: int | None, damage: str | None, says: str) -> None:
    kit = FeatureKit()
    options = {"dc": dc, "defense": defense, "damage": damage}
    interaction = kit.command("odds", {"pool": "1d20", **{k: v for k, v in options.items()
                                                          if v is not None}})
    answer = await kit.answer(interaction, feature(kit).odds(interaction, "1d20", False, dc,
                                                             defense, damage))
    assert answer["data"]["flags"] & EPHEMERAL
    assert says in answer["data"]["content"]
    assert "embeds" not in answer["data"]


async def test_an_attack_needs_a_test_with_one_d20() -> None:
    kit = FeatureKit()
    interaction = kit.command("odds", {"pool": "2d6+3", "defense": 15, "damage": "1d6"})
    answer = await kit.answer(interaction, feature(kit).odds(interaction, "2d6+3", False, None,
                                                             15, "1d6"))
    assert answer["data"]["flags"] & EPHEMERAL
    assert "an attack's test needs a d20 (2d6+3 has none)" in answer["data"]["content"]


async def test_the_odds_of_an_attack_against_a_target() -> None:
    kit = FeatureKit()
    options = {"pool": "1d20+5", "defense": 15, "damage": "1d8", "deflect": 2, "type": "keen",
               "health": 10}
    interaction = kit.command("odds", options)
    target = Target(deflect=2, damage_type=DamageType.KEEN, health=10)
    answer = await kit.answer(interaction, feature(kit).odds(interaction, "1d20+5", False, None,
                                                             15, "1d8", target))
    embed = answer["data"]["embeds"][0]
    assert embed["description"].splitlines()[2:] == [
        "Against deflect 2, keen damage, 10 health: expected damage **4.30** per attack after "
        "deflect, **5.48** grazing every miss",
        "Drops it (10 health to 0) in one attack: **17.50%**, **17.50%** grazing every miss",
    ]
    assert not answer["data"].get("flags", 0) & EPHEMERAL


async def test_a_deflect_that_takes_nothing_is_explained() -> None:
    kit = FeatureKit()
    interaction = kit.command("odds", {"pool": "1d20", "defense": 10, "damage": "1d6",
                                       "deflect": 3, "pierce": True})
    answer = await kit.answer(interaction, feature(kit).odds(
        interaction, "1d20", False, None, 10, "1d6", Target(deflect=3, pierce=True)))
    lines = answer["data"]["embeds"][0]["description"].splitlines()
    assert lines[2].startswith("Against deflect 3, Pierce: expected damage **")
    assert lines[3] == "*Pierce: the target's deflect 3 is ignored*"


@pytest.mark.parametrize(("defense", "damage", "target", "says"), [
    (None, None, Target(health=12), "health needs defense and damage"),
    (None, None, Target(deflect=2, damage_type=DamageType.VITAL),
     "deflect and type need defense and damage"),
    (15, "1d6", Target(deflect=25), "the deflect must be between 0 and 20 (got 25)"),
    (15, "1d6", Target(health=0), "the health must be between 1 and 999 (got 0)"),
])
async def test_a_bad_target_is_one_ephemeral_error_naming_what_is_wrong(
        defense: int | None, damage: str | None, target: Target, says: str) -> None:
    kit = FeatureKit()
    interaction = kit.command("odds", {"pool": "1d20"})
    answer = await kit.answer(interaction, feature(kit).odds(interaction, "1d20", False, None,
                                                             defense, damage, target))
    assert answer["data"]["flags"] & EPHEMERAL
    assert says in answer["data"]["content"]
    assert "embeds" not in answer["data"]


async def test_the_odds_take_the_opportunity_and_complication_ranges_as_roll_does() -> None:
    """Starter rules, Introduction ("Using Cosmere RPG Dice": Opportunity and Complication
    Ranges): 19-20 and 1-2 are each 2 faces of 20."""
    kit = FeatureKit()
    interaction = kit.command("odds", {"pool": "1d20", "opportunity": 19, "complication": 2})
    answer = await kit.answer(interaction, feature(kit).odds(interaction, "1d20", False, None,
                                                             faces=(19, 2)))
    description = answer["data"]["embeds"][0]["description"]
    assert "At least one Opportunity: 10.00%; at least one Complication: 10.00%" in description
    assert "Opportunity on 19-20 · Complication on 1-2" in description


async def test_overlapping_ranges_are_one_ephemeral_error() -> None:
    kit = FeatureKit()
    interaction = kit.command("odds", {"pool": "1d20", "opportunity": 10, "complication": 12})
    answer = await kit.answer(interaction, feature(kit).odds(interaction, "1d20", False, None,
                                                             faces=(10, 12)))
    assert answer["data"]["flags"] & EPHEMERAL
    assert "overlap" in answer["data"]["content"]
