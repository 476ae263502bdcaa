"""/stats at the feature level: aggregates from a store in memory, no network."""

from __future__ import annotations

from nazh.adapters.discord.stats.commands import StatsFeature
from nazh.application.stats.dice_stats import (
    DiceStats,
    Period,
    PoolUse,
    RollLuck,
    StatsScope,
    Tallier,
)
from tests.adapters.discord.feature_kit import EPHEMERAL, FeatureKit
from tests.adapters.discord.rolls.kit import ROLLER
from tests.app_fakes import FakeClock


class EmptyStats:
    """A ``StatsStore`` where nothing was rolled yet; it keeps the scopes asked for."""

    def __init__(self) -> None:
        self.asked: list[StatsScope] = []

    async def faces(self, scope: StatsScope) -> dict[str, dict[int, int]]:
        self.asked.append(scope)
        return {}

    async def pools(self, scope: StatsScope, limit: int) -> list[PoolUse]:
        return []

    async def extremes(self, scope: StatsScope,
                       limit: int) -> tuple[list[RollLuck], list[RollLuck]]:
        return [], []

    async def active_hours(self, scope: StatsScope, limit: int) -> list[int]:
        return []


async def test_no_rolls_yet_and_only_the_askers_own_public_and_private_rolls() -> None:
    kit = FeatureKit()
    store = EmptyStats()
    feature = StatsFeature(DiceStats(store, Tallier(), FakeClock()), lambda *_: b"",
                           kit.wrapper)
    interaction = kit.command("stats", user=ROLLER)
    answer = await kit.answer(interaction, feature.stats(interaction, "me", None, Period.ALL,
                                                         False))
    assert answer["data"]["flags"] & EPHEMERAL
    assert answer["data"]["embeds"][0]["description"] == "No rolls counted yet."
    assert store.asked[0].user_id == int(ROLLER["id"])
    assert store.asked[0].visibilities == (0, 1)  # public and private: never a secret roll
