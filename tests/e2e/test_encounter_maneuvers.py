"""Gain Advantage, Grapple and Shove end to end on both transports (scripted dice): /check
target: action: is a test against the combatant's defense; a Gain Advantage that succeeds gives
the next test against that enemy with another skill an advantage, named on its result and used
once; a Grapple (2 actions, Athletics) puts Restrained on the target, shown on the card, and a
Shove of the grappler (a test to escape) ends it (the starter rules' basic actions,
``src/packs/actions/basic/gain-advantage.json``, ``grapple.json``, ``shove.json``)."""

from __future__ import annotations

import pytest

from nazh.application.shared.json_types import JsonObject
from tests.e2e.encounter_kit import card_showing, command, log_lines, press, refused
from tests.e2e.harness import NazhUnderTest, custom_id_of, embed_of
from tests.e2e.roll_kit import GM, PLAYER

pytestmark = pytest.mark.usefixtures("gm_manages_the_server")


def description(body: JsonObject) -> str:
    return str(embed_of(body)["description"])


async def check(nazh: NazhUnderTest, user: JsonObject = PLAYER, **options: object) -> JsonObject:
    _, answer = await nazh.slash("check", _user=user, **options)
    return answer


async def kaladin_faces_a_bandit(nazh: NazhUnderTest) -> None:
    """Kaladin (Intellect 2, Strength 3) going fast against a Bandit (Physical 12, Cognitive
    13), and the GM's Thug (an adversary, Strength 1)."""
    await command(nazh, "character new", PLAYER, name="Kaladin", intellect=2, strength=3)
    await command(nazh, "character new", GM, name="Thug", kind="adversary", strength=1)
    await command(nazh, "encounter start", GM, name="Chasm")
    await command(nazh, "encounter add", GM, name="Bandit", health=20, defense=12, cognitive=13)
    await command(nazh, "encounter add", GM, character="Thug")
    await command(nazh, "encounter join", PLAYER)
    await press(nazh, "Fast", PLAYER)


async def test_gain_advantage_gives_the_next_test_with_another_skill_an_advantage_once(
        nazh: NazhUnderTest) -> None:
    """gain-advantage.json: "make a test using a relevant skill against the enemy's
    corresponding defense. On a success, you gain an advantage on your next test against that
    enemy that uses a different skill"."""
    await kaladin_faces_a_bandit(nazh)
    nazh.dice.script(20, 12, 2, 3, 18, 4)
    gained = description(await check(nazh, skill="deduction", target="Bandit",
                                     action="gain-advantage"))
    assert "🎯 against Bandit · Cognitive defense 13" in gained
    assert "🤼 Gain Advantage (1 action)" in gained
    assert ("Gain Advantage: Kaladin's next test against Bandit that uses a skill other than "
            "Deduction gains an advantage") in gained
    same_skill = description(await check(nazh, skill="deduction", target="Bandit"))
    assert "advantage gained" not in same_skill
    used = description(await check(nazh, skill="athletics", target="Bandit"))
    assert "advantage gained on Bandit: advantage" in used
    assert "🎯 against Bandit · Physical defense 12" in used
    again = description(await check(nazh, skill="athletics", target="Bandit"))
    assert "advantage gained" not in again
    lines = await log_lines(nazh)
    assert any(line.endswith("Kaladin gained an advantage on its next test against Bandit "
                             "(not with Deduction)") for line in lines)
    assert sum(line.endswith("Kaladin's test used the advantage gained on Bandit")
               for line in lines) == 1


async def test_a_grapple_restrains_its_target_on_the_card_and_a_shove_of_the_grappler_frees_it(
        nazh: NazhUnderTest) -> None:
    """grapple.json: "Make an Athletics test against the Physical defense ... On a success,
    they become Restrained"; shove.json: "If you successfully Shove a character who has
    grappled you, it ends the Grapple effect"."""
    await kaladin_faces_a_bandit(nazh)
    assert "Grapple is an Athletics test" in refused(await check(
        nazh, skill="insight", target="Thug", action="grapple"))
    assert "against and action go with a target" in refused(await check(
        nazh, skill="athletics", action="shove"))
    nazh.dice.script(20, 17, 19)
    grappled = description(await check(nazh, skill="athletics", target="Thug",
                                       action="grapple"))
    assert "🤼 Grapple (2 actions) · on a success: Thug is Restrained" in grappled
    assert "⚔️ Chasm · round 1 · Kaladin — 2 actions spent" in grappled
    assert "Grapple: Thug is Restrained until Kaladin lets go or falls Unconscious" in grappled
    await card_showing(nazh.fake, "Restrained", "0 actions")
    escaped = description(await check(nazh, GM, skill="athletics", character="Thug",
                                      target="Kaladin", action="shove"))
    assert "a test to escape (Restrained gives no disadvantage)" in escaped
    assert "Restrained: disadvantage" not in escaped
    assert "Shove: Thug pushes or pulls Kaladin 5 feet, and escapes Kaladin's grapple" in escaped
    await card_showing(nazh.fake, "0 actions", absent=("Restrained",))
    lines = await log_lines(nazh)
    assert any(line.endswith("Kaladin grappled Thug") for line in lines)
    assert any(line.endswith("Thug is no longer grappled: it escaped Kaladin") for line in lines)


async def test_a_shove_does_not_move_an_immobilized_target(nazh: NazhUnderTest) -> None:
    """Part 2, "Conditions", Immobilized: "you can't move or be moved by other effects": a
    successful Shove says the target does not move, on its result and in the log."""
    await kaladin_faces_a_bandit(nazh)
    await command(nazh, "encounter condition", GM, combatant="Bandit", condition="immobilized")
    nazh.dice.script(20, 15)
    shoved = description(await check(nazh, skill="athletics", target="Bandit", action="shove"))
    assert "⚔️ Chasm · round 1 · Kaladin — 2 actions spent" in shoved  # a Shove's 2
    assert "🤼 Shove (2 actions) · on a success: Bandit is Immobilized and does not move" \
        in shoved
    assert "Shove: Bandit is Immobilized and does not move" in shoved
    assert "pushe" not in shoved
    assert any(line.endswith("Kaladin's Shove did not move Bandit: Immobilized")
               for line in await log_lines(nazh))


async def test_giving_back_a_shoves_action_gives_back_both_it_spent(nazh: NazhUnderTest) -> None:
    """shove.json: a Shove costs 2 actions; the roll undone (Give back the action, in its
    turn) gives both back, and the Shove may be used again this turn (part 3, Actions)."""
    await kaladin_faces_a_bandit(nazh)
    nazh.dice.script(20, 3)
    shoved = await check(nazh, skill="athletics", target="Bandit", action="shove")
    assert "⚔️ Chasm · round 1 · Kaladin — 2 actions spent" in description(shoved)
    await card_showing(nazh.fake, "0 actions")
    _, undone = await nazh.click(custom_id_of(shoved["data"], "Give back the action"),
                                 user=PLAYER)
    assert undone["data"]["content"] == "↩️ **Kaladin**'s 2 actions are given back (2 left)."
    await card_showing(nazh.fake, "2 actions")
    nazh.dice.script(20, 15)
    again = await check(nazh, skill="athletics", target="Bandit", action="shove")
    assert "Shove: Kaladin pushes or pulls Bandit 5 feet" in description(again)
