"""A fight in the table's language and the presser's, end to end on both transports: on a
Spanish server the encounter's card reads the glossary's Spanish words (its round, phase, sides,
speeds, health and conditions), while a French GM's GM panel and answers speak French."""

from __future__ import annotations

import pytest

from tests.e2e.card_kit import card_controls, card_text
from tests.e2e.encounter_kit import cards, live_card
from tests.e2e.harness import NazhUnderTest
from tests.e2e.locale_kit import click, command
from tests.e2e.roll_kit import GM, PLAYER
from tests.waiting import until

pytestmark = pytest.mark.usefixtures("gm_manages_the_server")
SERVER = "es-ES"


async def card_showing(nazh: NazhUnderTest, text: str) -> str:
    """The live card's text once it holds ``text`` (a no-break space read as a space)."""
    def shown() -> str | None:
        found = cards(nazh.fake)
        said = card_text(found[-1]).replace("\u00a0", " ") if found else ""
        return said if text in said else None
    return await until(shown, what=f"the card showing {text!r}")


async def test_the_card_speaks_the_tables_language_and_the_panels_the_pressers(
        nazh: NazhUnderTest) -> None:
    await command(nazh, "character new", PLAYER, locale="es-ES", guild_locale=SERVER,
                  name="Kaladin", strength=2, speed=3)
    started = await command(nazh, "encounter start", GM, locale="fr", guild_locale=SERVER,
                            name="Emboscada")
    assert started["data"]["content"].startswith(
        "Emboscada a commencé : sa carte est ci-dessous.")
    assert "⚔️ **Emboscada** — Ronda 1 · Jugadores rápidos" in card_text(live_card(nazh.fake))
    added = await command(nazh, "encounter add", GM, locale="fr", guild_locale=SERVER,
                          name="Bandit", health=6)
    assert added["data"]["content"] == "Ajouté : **Bandit**."
    joined = await command(nazh, "encounter join", PLAYER, locale="es-ES", guild_locale=SERVER)
    assert joined["data"]["content"] == "Añadido: **Kaladin**."
    card = live_card(nazh.fake)
    text = await card_showing(nazh, "**Kaladin** · lento · reacción ✓ · Salud ")
    assert "**Jugadores**" in text
    assert "**Enemigos**" in text
    assert "**Bandit** · lento · reacción ✓ · Ileso" in text  # the enemy's health hidden
    assert [c["label"] for c in card_controls(card).values()] == ["Mi turno", "DJ"]
    # the panel: the presser's language
    gm = await click(nazh, card, "DJ", GM, locale="fr", guild_locale=SERVER)
    assert "👑 **MJ** · Round 1 · Joueurs rapides" in card_text(gm)
    asked = await click(nazh, gm, "Infliger un état…", GM, values=["prone"], locale="fr",
                        guild_locale=SERVER)
    assert asked["data"]["content"] == "Qui subit À terre ?"
    given = await click(nazh, asked, "Qui subit", GM, values=["Bandit"], locale="fr",
                        guild_locale=SERVER)
    assert given["data"]["content"] == "**Bandit** est maintenant À terre."
    await card_showing(nazh, "**Bandit** · lento · reacción ✓ · Ileso · Derribado")
