"""A roll's notes in the table's language end to end, on both transports: in a server whose
locale is French, an /attack landing on a combatant says its landing (and its character's
modifier line) in French, the names the members gave as they wrote them."""

from __future__ import annotations

import pytest

from tests.e2e.harness import NazhUnderTest
from tests.e2e.locale_kit import command
from tests.e2e.roll_kit import GM, PLAYER

pytestmark = pytest.mark.usefixtures("gm_manages_the_server")
FRENCH = "fr"


async def test_an_attacks_landing_is_noted_in_the_tables_language(nazh: NazhUnderTest) -> None:
    await command(nazh, "character new", PLAYER, locale=FRENCH, name="Kaladin", strength=2,
                  speed=3)
    await command(nazh, "character weapon", PLAYER, locale=FRENCH, name="Spear",
                  skill="light-weaponry", damage="1d8", type="keen")
    await command(nazh, "encounter start", GM, locale=FRENCH, name="Chasm")
    await command(nazh, "encounter settings", GM, {"show-health": True}, locale=FRENCH)
    await command(nazh, "encounter add", GM, locale=FRENCH, name="Bandit", health=20,
                  defense=12, deflect=2)
    await command(nazh, "encounter join", PLAYER, locale=FRENCH)

    nazh.dice.script(20, 15).script(8, 5)  # 15 + 3 hits Physical 12; 5 + 3 keen, 2 deflected
    attacked = await command(nazh, "attack", PLAYER, locale=FRENCH, weapon="Spear",
                             target="Bandit")
    lines = str(attacked["data"]["embeds"][0]["description"]).split("\n")
    assert "-# 📜 **Kaladin** — Spear (Armes légères) +3: Vitesse 3 + 0 rang" in lines
    assert "ℹ️ touché : 8 tranchant - 2 de déviation = 6 -> Bandit: 20 -> 14" in lines
