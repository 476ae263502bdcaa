"""/history and /verify at the feature level: the roll log in memory, no network."""

from __future__ import annotations

from nazh.adapters.discord.log.history import HistoryFeature
from nazh.application.history.queries import RollLogQueries
from nazh.application.settings.server import GuildSettings
from tests.adapters.discord.feature_kit import EPHEMERAL, FeatureKit
from tests.adapters.discord.rolls.kit import ROLLER
from tests.app_fakes import FakeClock, MemoryStore
from tests.log_fakes import InMemoryRollLog


def feature(kit: FeatureKit) -> HistoryFeature:
    log = InMemoryRollLog()
    return HistoryFeature(RollLogQueries(log, log), kit.wrapper,
                          GuildSettings(MemoryStore(), FakeClock()))


async def test_an_empty_channel_has_no_rolls_and_the_page_is_the_askers() -> None:
    kit = FeatureKit()
    interaction = kit.command("history", user=ROLLER)
    answer = await kit.answer(interaction, feature(kit).history(interaction, None, None))
    assert answer["data"]["flags"] & EPHEMERAL
    assert answer["data"]["embeds"][0]["description"] == "No rolls yet."


async def test_verifying_an_unknown_roll_says_so() -> None:
    kit = FeatureKit()
    interaction = kit.command("verify", {"roll_id": "zzzzzzzzzz"}, user=ROLLER)
    answer = await kit.answer(interaction, feature(kit).verify(interaction, "zzzzzzzzzz"))
    assert answer["data"]["flags"] & EPHEMERAL
    assert "no roll 'zzzzzzzzzz' in the log" in answer["data"]["content"]
