"""A fight in the pseudo-locale end to end, on both transports: a GM and a player whose clients
(and server) speak ``x-pseudo`` start an encounter, add a combatant, join it, open the card's
My turn and GM panels (a turn taken, the health form), give a condition, land an /attack on a
combatant, end the fight and read its summary and its log; every message of the fight they read
is marked ``[!! … !!]``."""

from __future__ import annotations

import pytest

from nazh.application.shared.json_types import JsonObject
from tests.e2e.card_kit import card_text
from tests.e2e.encounter_kit import cards, live_card
from tests.e2e.harness import NazhUnderTest
from tests.e2e.locale_kit import click, command, texts, unescaped, unmarked
from tests.e2e.roll_kit import GM, PLAYER
from tests.waiting import until

pytestmark = pytest.mark.usefixtures("gm_manages_the_server")

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


@pytest.fixture
def nazh(pseudo_nazh: NazhUnderTest) -> NazhUnderTest:
    """The bot with the pseudo-locale on."""
    return pseudo_nazh


async def card_showing(nazh: NazhUnderTest, text: str) -> JsonObject:
    """The live card once its text holds ``text``."""
    def shown() -> JsonObject | None:
        found = cards(nazh.fake)
        return found[-1] if found and text in card_text(found[-1]) else None
    return await until(shown, what=f"the card showing {text!r}")


async def test_a_fight_is_translated_throughout(nazh: NazhUnderTest) -> None:
    # the player's character and weapon (the characters' own answers are not the fight's)
    await command(nazh, "character new", PLAYER, name="Kaladin", strength=2, speed=3)
    await command(nazh, "character weapon", PLAYER, name="Spear", skill="light-weaponry",
                  damage="1d8", type="keen")
    started = await command(nazh, "encounter start", GM, name="Chasm")
    assert_marked(started["data"])
    card = live_card(nazh.fake)
    assert "[!! Round 1 !!]" in card_text(card)
    assert_marked(card)
    shown = await command(nazh, "encounter settings", GM, {"show-health": True})
    assert_marked(shown["data"])
    added = await command(nazh, "encounter add", GM, name="Bandit", health=20, defense=12,
                          deflect=2)
    assert added["data"]["content"] == "[!! Added **Bandit**. !!]"
    assert_marked((await command(nazh, "encounter join", PLAYER))["data"])
    card = await card_showing(nazh, "**Kaladin**")
    assert "[!! Health 20/20 !!]" in card_text(card)  # the GM shows the enemies' health
    assert_marked(card)

    mine = await click(nazh, card, "[!! My turn !!]", PLAYER)
    assert "[!! Your turn !!]" in card_text(mine)
    assert_marked(mine["data"])
    fast = await click(nazh, mine["data"], "[!! Fast !!]", PLAYER)
    assert card_text(fast).startswith("**Kaladin**: [!! go fast !!] ✓\n🙋 **[!! Your turn !!]**")
    assert_marked(fast["data"])
    gm = await click(nazh, card, "[!! GM !!]", GM)
    assert_marked(gm["data"])
    form = await click(nazh, gm, "[!! Damage or heal… !!]", GM, values=["Bandit"])
    assert form["data"]["title"] == "[!! Damage or heal Bandit !!]"
    assert_marked(form["data"])
    asked = await click(nazh, gm, "[!! Give a condition… !!]", GM, values=["prone"])
    assert_marked(asked["data"])
    given = await click(nazh, asked, "[!! Who takes [!! Prone !!]? !!]", GM, values=["Bandit"])
    assert given["data"]["content"] == "[!! **Bandit** is now [!! Prone !!]. !!]"
    card = await card_showing(nazh, "[!! Prone !!]")
    assert_marked(card)

    nazh.dice.script(20, 15).script(8, 5)  # 15 + 3 hits Physical 12; 5 + 3 keen, 2 deflected
    attacked = await command(nazh, "attack", PLAYER, weapon="Spear", target="Bandit")
    description = str(attacked["data"]["embeds"][0]["description"])
    assert "[!! target [!! Prone !!]: [!! advantage !!] !!]" in description
    assert "[!! against Bandit !!] · [!! [!! Physical !!] defense 12 !!] · [!! keen !!]" in (
        description)
    # the encounter's note under the roll: the landing, each of its words marked
    assert "\nℹ️ [!! hit: [!! 8 [!! keen !!] - 2 deflect = 6 !!] -> Bandit: 20 -> 14 !!]" in (
        description)
    assert_marked(attacked["data"])
    card = await card_showing(nazh, "[!! Health 14/20 !!]")
    assert_marked(card)

    log = await command(nazh, "encounter log", GM)
    assert_marked(log["data"])
    assert_marked((await click(nazh, log["data"], "[!! Whole log !!]", GM))["data"])
    ended = await command(nazh, "encounter end", GM)
    assert_marked(ended["data"])
    card = await card_showing(nazh, "[!! damage dealt")
    assert_marked(card)


async def test_a_fights_refusals_with_values_are_translated(nazh: NazhUnderTest) -> None:
    await command(nazh, "encounter start", GM, name="Chasm")
    await command(nazh, "encounter add", GM, name="Bandit", health=20, defense=12)
    # the reason's words marked, the names the members gave kept as they gave them
    again = unescaped((await command(nazh, "encounter add", GM, name="Bandit", health=20,
                                     defense=12))["data"])
    assert again["content"].startswith(
        '**[!! Can\'t do that. !!]** [!! the name "Bandit" is taken in this encounter')
    assert_marked(again)
    second = unescaped((await command(nazh, "encounter start", GM, name="Chasm"))["data"])
    assert second["content"].startswith(
        '**[!! Can\'t do that. !!]** [!! this channel already has an encounter ("Chasm", '
        "round 1) !!]")
    assert_marked(second)
