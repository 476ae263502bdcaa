"""A fight in the table's language and the presser's, end to end on both transports: on a
Spanish server the encounter's card reads the glossary's Spanish words (its round, phase, sides,
speeds, health and conditions), while a French GM's GM panel and answers speak French."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from nazh.application.shared.json_types import JsonObject
from tests.e2e.card_kit import card_controls, card_custom_id, card_text
from tests.e2e.encounter_kit import cards, live_card
from tests.e2e.fake_discord import FakeDiscord, assert_healthy, slash_command
from tests.e2e.fake_discord.payloads import component_click
from tests.e2e.harness import TRANSPORTS, NazhUnderTest, grant_manage_server, running
from tests.e2e.roll_kit import GM, PLAYER
from tests.waiting import until

SERVER = "es-ES"


@pytest.fixture(params=TRANSPORTS)
async def nazh(request: pytest.FixtureRequest, fake_discord: FakeDiscord,
               tmp_path: Path) -> AsyncIterator[NazhUnderTest]:
    """The bot; the GM manages the server."""
    grant_manage_server(fake_discord, GM)
    async with running(fake_discord, tmp_path, request.param) as bot:
        yield bot
    assert_healthy(fake_discord)


async def slash(nazh: NazhUnderTest, command: str, user: JsonObject, locale: str,
                **options: object) -> JsonObject:
    """``/command`` as ``user`` whose client speaks ``locale``, on the Spanish server."""
    async def sent() -> JsonObject:
        interaction = slash_command(command, options or None,  # type: ignore[arg-type]
                                    user=user, locale=locale)
        interaction["guild_locale"] = SERVER
        await nazh.fake.dispatch("INTERACTION_CREATE", interaction)
        return interaction

    _, answer = await nazh.asked(sent)
    return dict(answer["data"])


async def click(nazh: NazhUnderTest, message: JsonObject, label: str, user: JsonObject,
                locale: str, values: list[str] | None = None) -> JsonObject:
    """Press ``label`` on ``message`` as ``user`` whose client speaks ``locale``."""
    custom_id = card_custom_id(message, label)
    found = nazh.fake.state.find_component(custom_id)
    assert found is not None
    stored, component = found

    async def sent() -> JsonObject:
        interaction = component_click(custom_id, int(component["type"]), values,
                                      message=stored, user=user, locale=locale,
                                      guild_id=stored.get("guild_id"))
        interaction["guild_locale"] = SERVER
        await nazh.fake.dispatch("INTERACTION_CREATE", interaction)
        return interaction

    _, answer = await nazh.asked(sent)
    return dict(answer["data"])


async def card_showing(nazh: NazhUnderTest, text: str) -> str:
    """The live card's text once it holds ``text`` (a no-break space read as a space)."""
    def shown() -> str | None:
        found = cards(nazh.fake)
        said = card_text(found[-1]).replace("\u00a0", " ") if found else ""
        return said if text in said else None
    return await until(shown, what=f"the card showing {text!r}")


async def test_the_card_speaks_the_tables_language_and_the_panels_the_pressers(
        nazh: NazhUnderTest) -> None:
    await slash(nazh, "character new", PLAYER, "es-ES", name="Kaladin", strength=2, speed=3)
    started = await slash(nazh, "encounter start", GM, "fr", name="Emboscada")
    assert started["content"].startswith("Emboscada a commencé : sa carte est ci-dessous.")
    assert "⚔️ **Emboscada** — Ronda 1 · Jugadores rápidos" in card_text(live_card(nazh.fake))
    added = await slash(nazh, "encounter add", GM, "fr", name="Bandit", health=6)
    assert added["content"] == "Ajouté : **Bandit**."
    assert (await slash(nazh, "encounter join", PLAYER, "es-ES"))["content"] == (
        "Añadido: **Kaladin**.")
    card = live_card(nazh.fake)
    text = await card_showing(nazh, "**Kaladin** · lento · reacción ✓ · Salud ")
    assert "**Jugadores**" in text
    assert "**Enemigos**" in text
    assert "**Bandit** · lento · reacción ✓ · Ileso" in text  # the enemy's health hidden
    assert [c["label"] for c in card_controls(card).values()] == ["Mi turno", "DJ"]
    gm = await click(nazh, card, "DJ", GM, "fr")  # the panel: the presser's language
    assert "👑 **MJ** · Round 1 · Joueurs rapides" in card_text(gm)
    asked = await click(nazh, gm, "Infliger un état…", GM, "fr", ["prone"])
    assert asked["content"] == "Qui subit À terre ?"
    given = await click(nazh, asked, "Qui subit", GM, "fr", ["Bandit"])
    assert given["content"] == "**Bandit** est maintenant À terre."
    await card_showing(nazh, "**Bandit** · lento · reacción ✓ · Ileso · Derribado")
