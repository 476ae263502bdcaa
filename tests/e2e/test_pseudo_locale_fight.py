"""A fight in the pseudo-locale end to end, on both transports: a GM and a player whose clients
(and server) speak ``x-pseudo`` start an encounter, add a combatant, join it, open the card's
My turn and GM panels (a turn taken, the health form), give a condition, land an /attack on a
combatant, end the fight and read its summary and its log; every message of the fight they read
is marked ``[!! … !!]``."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from nazh.application.shared.json_types import JsonObject
from tests.e2e.card_kit import card_custom_id, card_text
from tests.e2e.encounter_kit import cards, live_card
from tests.e2e.fake_discord import FakeDiscord, assert_healthy, slash_command
from tests.e2e.fake_discord.payloads import component_click
from tests.e2e.harness import TRANSPORTS, NazhUnderTest, grant_manage_server, running
from tests.e2e.roll_kit import GM, PLAYER
from tests.e2e.test_pseudo_locale import PSEUDO, texts, unmarked
from tests.waiting import until

NAMES = ("Chasm", "Bandit", "Kaladin", "Spear")
"""What the members named (the encounter, the combatants, the weapon): no language changes it."""


def assert_marked(message: JsonObject, *, but: tuple[str, ...] = ()) -> None:
    """Every word of ``message`` a member reads is marked, but the names the members gave (and
    the lines starting with one of ``but``)."""
    found = {}
    for text in texts(message):
        kept = "\n".join(line for line in text.split("\n") if not line.startswith(but))
        words = [word for word in unmarked(kept) if word not in NAMES]
        if words:
            found[text] = words
    assert found == {}


@pytest.fixture(params=TRANSPORTS)
async def nazh(request: pytest.FixtureRequest, fake_discord: FakeDiscord,
               tmp_path: Path) -> AsyncIterator[NazhUnderTest]:
    """The bot with the pseudo-locale on; the GM manages the server."""
    grant_manage_server(fake_discord, GM)
    async with running(fake_discord, tmp_path, request.param, NAZH_PSEUDO_LOCALE="true") as bot:
        yield bot
    assert_healthy(fake_discord)


async def slash(nazh: NazhUnderTest, command: str, user: JsonObject,
                **options: object) -> JsonObject:
    """``/command`` with ``options`` as ``user``, in the pseudo-locale; the bot's answer."""
    async def sent() -> JsonObject:
        interaction = slash_command(command, options or None,  # type: ignore[arg-type]
                                    user=user, locale=PSEUDO)
        interaction["guild_locale"] = PSEUDO
        await nazh.fake.dispatch("INTERACTION_CREATE", interaction)
        return interaction

    _, answer = await nazh.asked(sent)
    return dict(answer)


async def click(nazh: NazhUnderTest, message: JsonObject, label: str, user: JsonObject,
                values: list[str] | None = None) -> JsonObject:
    """Press ``label`` (a select: choose ``values``) on ``message`` as ``user``, in the
    pseudo-locale; the bot's answer."""
    custom_id = card_custom_id(message, label)
    found = nazh.fake.state.find_component(custom_id)
    assert found is not None
    stored, component = found

    async def sent() -> JsonObject:
        interaction = component_click(custom_id, int(component["type"]), values,
                                      message=stored, user=user, locale=PSEUDO,
                                      guild_id=stored.get("guild_id"))
        interaction["guild_locale"] = PSEUDO
        await nazh.fake.dispatch("INTERACTION_CREATE", interaction)
        return interaction

    _, answer = await nazh.asked(sent)
    return dict(answer)


def data(answer: JsonObject) -> JsonObject:
    return dict(answer["data"])


async def card_showing(nazh: NazhUnderTest, text: str) -> JsonObject:
    """The live card once its text holds ``text``."""
    def shown() -> JsonObject | None:
        found = cards(nazh.fake)
        return found[-1] if found and text in card_text(found[-1]) else None
    return await until(shown, what=f"the card showing {text!r}")


async def test_a_fight_is_translated_throughout(nazh: NazhUnderTest) -> None:
    # the player's character and weapon (the characters' own answers are not the fight's)
    await slash(nazh, "character new", PLAYER, name="Kaladin", strength=2, speed=3)
    await slash(nazh, "character weapon", PLAYER, name="Spear", skill="light-weaponry",
                damage="1d8", type="keen")
    started = await slash(nazh, "encounter start", GM, name="Chasm")
    assert_marked(data(started))
    card = live_card(nazh.fake)
    assert "[!! Round 1 !!]" in card_text(card)
    assert_marked(card)
    assert_marked(data(await slash(nazh, "encounter settings", GM, **{"show-health": True})))
    added = await slash(nazh, "encounter add", GM, name="Bandit", health=20, defense=12,
                        deflect=2)
    assert data(added)["content"] == "[!! Added **Bandit**. !!]"
    assert_marked(data(await slash(nazh, "encounter join", PLAYER)))
    card = await card_showing(nazh, "**Kaladin**")
    assert "[!! Health 20/20 !!]" in card_text(card)  # the GM shows the enemies' health
    assert_marked(card)

    mine = await click(nazh, card, "[!! My turn !!]", PLAYER)
    assert "[!! Your turn !!]" in card_text(mine)
    assert_marked(data(mine))
    fast = await click(nazh, data(mine), "[!! Fast !!]", PLAYER)
    assert card_text(fast).startswith("**Kaladin**: [!! go fast !!] ✓\n🙋 **[!! Your turn !!]**")
    assert_marked(data(fast))
    gm = await click(nazh, card, "[!! GM !!]", GM)
    assert_marked(data(gm))
    form = await click(nazh, gm, "[!! Damage or heal… !!]", GM, ["Bandit"])
    assert data(form)["title"] == "[!! Damage or heal Bandit !!]"
    assert_marked(data(form))
    asked = await click(nazh, gm, "[!! Give a condition… !!]", GM, ["prone"])
    assert_marked(data(asked))
    given = await click(nazh, asked, "[!! Who takes [!! Prone !!]? !!]", GM, ["Bandit"])
    assert data(given)["content"] == "[!! **Bandit** is now [!! Prone !!]. !!]"
    card = await card_showing(nazh, "[!! Prone !!]")
    assert_marked(card)

    nazh.dice.script(20, 15).script(8, 5)  # 15 + 3 hits Physical 12; 5 + 3 keen, 2 deflected
    attacked = await slash(nazh, "attack", PLAYER, weapon="Spear", target="Bandit")
    description = str(data(attacked)["embeds"][0]["description"])
    assert "[!! target [!! Prone !!]: [!! advantage !!] !!]" in description
    assert "[!! against Bandit !!] · [!! [!! Physical !!] defense 12 !!] · [!! keen !!]" in (
        description)
    # still in English: the character's modifier (kept in the roll's record as written) and
    # the encounter's notes under the roll (the application's words)
    assert "\nℹ️ hit: 8 keen - 2 deflect = 6 -> Bandit: 20 -> 14" in description
    assert_marked(data(attacked), but=("-# 📜 ", "ℹ️ "))
    card = await card_showing(nazh, "[!! Health 14/20 !!]")
    assert_marked(card)

    log = await slash(nazh, "encounter log", GM)
    assert_marked(data(log))
    assert_marked(data(await click(nazh, data(log), "[!! Whole log !!]", GM)))
    ended = await slash(nazh, "encounter end", GM)
    assert_marked(data(ended))
    card = await card_showing(nazh, "[!! damage dealt")
    assert_marked(card)
