"""/stats at the feature level: aggregates from a store in memory, no network."""

from __future__ import annotations

from nazh.adapters.discord.stats.commands import (
    CODEC,
    StatsDetails,
    StatsFeature,
    details_control,
)
from nazh.application.stats.dice_stats import (
    PRIVATE,
    PUBLIC,
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


def test_the_details_button_names_whose_rolls_and_refuses_a_forged_id() -> None:
    """Its custom id round-trips through the codec; a malformed one decodes to nothing."""
    for scope in (StatsScope(1, user_id=123456789012345678, visibilities=(PUBLIC, PRIVATE)),
                  StatsScope(1, channel_id=987654321098765432), StatsScope(1)):
        custom_id = details_control(scope, Period.WEEK)
        decoded = CODEC.decode(custom_id.split(":"))
        assert decoded == StatsDetails(Period.WEEK, user_id=scope.user_id,
                                       channel_id=scope.channel_id,
                                       private=len(scope.visibilities) > 1)
    for forged in ("nz1:sd:week:s", "nz1:sd:7d:x12", "nz1:sd:7d:u", "nz1:sd:7d:c!!",
                   "nz1:sd:7d:s:more"):
        assert CODEC.decode(forged.split(":")) is None
