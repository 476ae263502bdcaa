"""A roll's notes in the table's language end to end, on both transports: in a server whose
locale is French, an /attack landing on a combatant says its landing (and its character's
modifier line) in French, the names the members gave as they wrote them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from nazh.application.shared.json_types import JsonObject
from tests.e2e.fake_discord import FakeDiscord, assert_healthy, slash_command
from tests.e2e.harness import TRANSPORTS, NazhUnderTest, grant_manage_server, running
from tests.e2e.roll_kit import GM, PLAYER

FRENCH = "fr"


@pytest.fixture(params=TRANSPORTS)
async def nazh(request: pytest.FixtureRequest, fake_discord: FakeDiscord,
               tmp_path: Path) -> AsyncIterator[NazhUnderTest]:
    """The bot; the GM manages the server."""
    grant_manage_server(fake_discord, GM)
    async with running(fake_discord, tmp_path, request.param) as bot:
        yield bot
    assert_healthy(fake_discord)


async def slash(nazh: NazhUnderTest, command: str, user: JsonObject,
                **options: object) -> JsonObject:
    """``/command`` with ``options`` as ``user`` in a French server; the bot's answer's data."""
    async def sent() -> JsonObject:
        interaction = slash_command(command, options or None,  # type: ignore[arg-type]
                                    user=user, locale=FRENCH)
        interaction["guild_locale"] = FRENCH
        await nazh.fake.dispatch("INTERACTION_CREATE", interaction)
        return interaction

    _, answer = await nazh.asked(sent)
    return dict(answer["data"])


async def test_an_attacks_landing_is_noted_in_the_tables_language(nazh: NazhUnderTest) -> None:
    await slash(nazh, "character new", PLAYER, name="Kaladin", strength=2, speed=3)
    await slash(nazh, "character weapon", PLAYER, name="Spear", skill="light-weaponry",
                damage="1d8", type="keen")
    await slash(nazh, "encounter start", GM, name="Chasm")
    await slash(nazh, "encounter settings", GM, **{"show-health": True})
    await slash(nazh, "encounter add", GM, name="Bandit", health=20, defense=12, deflect=2)
    await slash(nazh, "encounter join", PLAYER)

    nazh.dice.script(20, 15).script(8, 5)  # 15 + 3 hits Physical 12; 5 + 3 keen, 2 deflected
    attacked = await slash(nazh, "attack", PLAYER, weapon="Spear", target="Bandit")
    lines = str(attacked["embeds"][0]["description"]).split("\n")
    assert "-# 📜 **Kaladin** — Spear (Armes légères) +3: Vitesse 3 + 0 rang" in lines
    assert "ℹ️ touché : 8 tranchant - 2 de déviation = 6 -> Bandit: 20 -> 14" in lines
