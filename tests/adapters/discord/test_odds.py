"""/odds at the feature level: the answer to a command, no network."""

from __future__ import annotations

from nazh.adapters.discord.odds import CHART_NAME, OddsFeature
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
