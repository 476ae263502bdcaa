"""/odds at the feature level: the answer to a command, no network."""

from __future__ import annotations

import pytest

from nazh.adapters.discord.rolls.odds import CHART_NAME, OddsFeature
from nazh.application.odds.use_cases import ShowOdds
from nazh.application.saved.shelves import SavedRolls
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
