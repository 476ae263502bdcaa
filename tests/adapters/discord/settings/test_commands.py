"""/settings at the feature level: real interactions, settings in memory, no network."""

from __future__ import annotations

from nazh.adapters.discord.settings.commands import SettingsFeature
from nazh.application.settings.server import GuildSettings
from nazh.application.shared.json_types import JsonObject
from tests.adapters.discord.feature_kit import EPHEMERAL, FeatureKit
from tests.app_fakes import FakeClock, MemoryStore
from tests.e2e.fake_discord import make_user
from tests.e2e.harness import MANAGE_GUILD, VIEW_CHANNEL

ADMIN = make_user("791111111111111111", "admin")


def as_manager(payload_member: JsonObject) -> None:
    payload_member["permissions"] = str(MANAGE_GUILD | VIEW_CHANNEL)


async def test_a_manager_changes_a_setting_and_sees_it() -> None:
    kit = FeatureKit()
    feature = SettingsFeature(GuildSettings(MemoryStore(), FakeClock()), kit.wrapper)
    interaction = kit.command("settings set", {"allow-reroll": True}, user=ADMIN,
                              edit=as_manager)
    answer = await kit.answer(interaction, feature.change(interaction, {"allow_reroll": True}))
    assert answer["data"]["flags"] & EPHEMERAL
    assert answer["data"]["content"] == "Changed `allow-reroll`."
    assert "**allow-reroll**: on" in answer["data"]["embeds"][0]["description"]


async def test_without_manage_server_nothing_changes() -> None:
    kit = FeatureKit()
    settings = GuildSettings(MemoryStore(), FakeClock())
    feature = SettingsFeature(settings, kit.wrapper)
    interaction = kit.command("settings set", {"allow-reroll": True}, user=ADMIN)
    answer = await kit.answer(interaction, feature.change(interaction, {"allow_reroll": True}))
    assert answer["data"]["flags"] & EPHEMERAL
    assert "Manage Server" in answer["data"]["content"]
    assert not (await settings.of(interaction.guild_id)).allow_reroll
