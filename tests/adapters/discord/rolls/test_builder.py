"""The roll builder at the feature level: opened from /roll build:true, its controls pressed."""

from __future__ import annotations

from nazh.adapters.discord.features import decode
from nazh.adapters.discord.rolls.builder import BuilderControl, BuilderFeature
from nazh.application.rolls.builder import Builders
from nazh.application.saved.shelves import SavedRolls
from tests.adapters.discord.feature_kit import EPHEMERAL, FeatureKit
from tests.adapters.discord.rolls.kit import ROLLER, actions
from tests.app_fakes import FakeInteractionMetrics, FakeSavedRollStore
from tests.e2e.fake_discord import make_user
from tests.fakes import script

OTHER = make_user("801111111111111111", "other")


def feature(kit: FeatureKit) -> BuilderFeature:
    saved = SavedRolls(FakeSavedRollStore())
    table = actions(script(), saved)
    return BuilderFeature(Builders(table, saved, FakeInteractionMetrics()), kit.wrapper, table)


async def test_the_builder_opens_prefilled_to_its_owner_only() -> None:
    kit = FeatureKit()
    interaction = kit.command("roll", {"pool": "a1d20+5", "build": True}, user=ROLLER)
    answer = await kit.answer(interaction, feature(kit).open(interaction, "a1d20+5",
                                                             add_plot=False))
    assert answer["data"]["flags"] & EPHEMERAL
    assert "a1d20+5" in answer["data"]["embeds"][0]["description"]
    ids = [c["custom_id"] for row in answer["data"]["components"] for c in row["components"]]
    assert all(isinstance(decode(custom_id), BuilderControl) for custom_id in ids)


async def test_another_users_press_is_refused() -> None:
    kit = FeatureKit()
    builders = feature(kit)
    opened = kit.command("roll", {"pool": "1d20", "build": True}, user=ROLLER)
    answer = await kit.answer(opened, builders.open(opened, "1d20", add_plot=False))
    custom_id = answer["data"]["components"][-1]["components"][0]["custom_id"]
    control = decode(custom_id)
    assert isinstance(control, BuilderControl)
    press = kit.click(custom_id, user=OTHER)
    refused = await kit.answer(press, builders.on_control(press, control))
    assert refused["data"]["flags"] & EPHEMERAL
    assert "builder" in refused["data"]["content"]
