"""Saved rolls at the feature level: /save and /saved list, shelves in memory, no network."""

from __future__ import annotations

from nazh.adapters.discord.saved.commands import SavedFeature
from nazh.application.saved.shelves import SavedRolls
from tests.adapters.discord.feature_kit import EPHEMERAL, FeatureKit
from tests.adapters.discord.rolls.kit import ROLLER
from tests.app_fakes import FakeSavedRollStore


async def test_a_saved_roll_is_confirmed_and_listed() -> None:
    kit = FeatureKit()
    feature = SavedFeature(SavedRolls(FakeSavedRollStore()), kit.wrapper)
    save = kit.command("save", {"name": "Stealth", "pool": "a1d20+4"}, user=ROLLER)
    saved = await kit.answer(save, feature.save(save, "Stealth", "a1d20+4"))
    assert saved["data"]["flags"] & EPHEMERAL
    assert saved["data"]["content"].startswith("Saved `@stealth` = `a1d20+4`")
    listing = kit.command("saved list", user=ROLLER)
    listed = await kit.answer(listing, feature.listing(listing))
    assert "@stealth" in listed["data"]["embeds"][0]["description"]


async def test_a_bad_pool_is_not_saved() -> None:
    kit = FeatureKit()
    feature = SavedFeature(SavedRolls(FakeSavedRollStore()), kit.wrapper)
    save = kit.command("save", {"name": "oops", "pool": "1d20++"}, user=ROLLER)
    refused = await kit.answer(save, feature.save(save, "oops", "1d20++"))
    assert refused["data"]["flags"] & EPHEMERAL
    assert "1d20++" in refused["data"]["content"]
    listing = kit.command("saved list", user=ROLLER)
    listed = await kit.answer(listing, feature.listing(listing))
    assert "@oops" not in listed["data"]["embeds"][0]["description"]
