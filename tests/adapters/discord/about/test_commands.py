"""/about at the feature level: what the operator runs, no network."""

from __future__ import annotations

import json

from nazh.adapters.discord.about.commands import AboutFeature
from nazh.adapters.discord.runtime.dependencies import AboutInfo
from nazh.application.settings.server import GuildSettings
from tests.adapters.discord.feature_kit import EPHEMERAL, FeatureKit
from tests.adapters.discord.rolls.kit import ROLLER
from tests.app_fakes import FakeClock, MemoryStore

INFO = AboutInfo("0.1.0", "0123456789abcdef", seeded=False, public_key="ab" * 32,
                 checkpoint_every=100, checkpoint_minutes=10.0, url_mirror=False)


async def test_about_names_the_version_and_the_checkpoints_key() -> None:
    kit = FeatureKit()
    feature = AboutFeature(INFO, GuildSettings(MemoryStore(), FakeClock()), kit.wrapper)
    interaction = kit.command("about", user=ROLLER)
    answer = await kit.answer(interaction, feature.about(interaction))
    assert answer["data"]["flags"] & EPHEMERAL
    embed = answer["data"]["embeds"][0]
    assert embed["title"] == "🎲 Nazh 0.1.0"
    assert "ab" * 32 in json.dumps(embed)
