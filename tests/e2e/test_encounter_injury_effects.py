"""An injury's effect taken on the fight card as the condition it names, end to end on both
transports (scripted dice): a combatant's /injury and an attack's Injury button put Slowed,
Exhausted, Disoriented or Surprised on the injured combatant, once, said on the result; "Can
only use one hand" names none (the starter rules' appendix "Injury Effects" and part 2,
"Damage, Injury, and Death")."""

from __future__ import annotations

import pytest

from nazh.application.shared.json_types import JsonObject
from tests.e2e.encounter_kit import card_showing, command, log_lines
from tests.e2e.harness import NazhUnderTest, custom_id_of, embed_of
from tests.e2e.roll_kit import GM, PLAYER, click

pytestmark = pytest.mark.usefixtures("gm_manages_the_server")


def description(body: JsonObject) -> str:
    return str(embed_of(body)["description"])


async def kaladin_in_a_fight(nazh: NazhUnderTest) -> None:
    await command(nazh, "character new", PLAYER, name="Kaladin", strength=2, speed=3)
    await command(nazh, "encounter start", GM, name="Chasm")
    await command(nazh, "encounter join", PLAYER)


async def test_an_injury_roll_puts_its_effect_on_the_card(nazh: NazhUnderTest) -> None:
    """Injury Effects: "4-5 Slowed", "3 Exhausted [-2]"; "8 Can only use one hand"."""
    await kaladin_in_a_fight(nazh)
    nazh.dice.script(20, 10, 10, 10).script(6, 3, 3, 3).script(8, 4, 8, 3)
    _, slowed = await nazh.slash("injury", _user=PLAYER)
    assert ("the injury's effect: Kaladin is Slowed on the card (while the injury lasts: a GM "
            "removes it once it heals)") in description(slowed)
    await card_showing(nazh.fake, "Slowed")
    _, one_hand = await nazh.slash("injury", _user=PLAYER)
    assert "the injury's effect" not in description(one_hand)
    _, exhausted = await nazh.slash("injury", _user=PLAYER)
    assert "Kaladin is Exhausted -2 on the card" in description(exhausted)
    await card_showing(nazh.fake, "Slowed", "Exhausted -2")
    lines = await log_lines(nazh)
    assert any(line.endswith("Kaladin is now Slowed") for line in lines)


async def test_the_injury_buttons_roll_puts_the_effect_on_the_fallen(nazh: NazhUnderTest) -> None:
    await kaladin_in_a_fight(nazh)
    await command(nazh, "character new", GM, name="Chasmfiend", kind="adversary", strength=4)
    await command(nazh, "character weapon", GM, name="Claws", skill="athletics", damage="2d6",
                  type="keen", character="Chasmfiend")
    await command(nazh, "encounter add", GM, character="Chasmfiend")
    nazh.dice.script(20, 15, 12).script(6, 6, 6, 2).script(8, 7)
    _, felled = await nazh.slash("attack", weapon="Claws", target="Kaladin", character="Chasmfiend",
                                 _user=GM)
    injury = await click(nazh, custom_id_of(felled["data"], "Injury"), PLAYER)
    assert ("the injury's effect: Kaladin is Surprised on the card (until after its next turn)"
            in description(injury))
    await card_showing(nazh.fake, "Unconscious", "Surprised")
