"""A roll in an encounter end to end on both transports: a character that is a combatant rolls
/check changed by its conditions (named on the result), the roll spends one of its actions
during its turn, and the live card shows the action spent; outside its turn none is."""

from __future__ import annotations

import pytest

from nazh.application.shared.json_types import JsonObject
from tests.e2e.encounter_kit import card_showing, press
from tests.e2e.fake_discord import FakeDiscord
from tests.e2e.harness import NazhUnderTest, custom_id_of, embed_of, grant_manage_server
from tests.e2e.roll_kit import EPHEMERAL, GM, PLAYER, ROLLER


@pytest.fixture(autouse=True)
def gm_manages_the_server(fake_discord: FakeDiscord) -> None:
    grant_manage_server(fake_discord, GM)


def description(body: JsonObject) -> str:
    return str(embed_of(body)["description"])


async def test_a_check_in_its_turn_is_changed_by_its_conditions_and_spends_an_action(
        nazh: NazhUnderTest) -> None:
    await nazh.slash("character new", name="Kaladin", strength=2, _user=PLAYER)
    await nazh.slash("encounter start", name="Ambush", _user=GM)
    await nazh.slash("encounter join", _user=PLAYER)
    await nazh.slash("encounter condition", combatant="Kaladin", condition="exhausted", value=2,
                     _user=GM)
    _, outside = await nazh.slash("check", skill="athletics", _user=PLAYER)
    assert ("⚔️ Ambush · round 1 · Kaladin — Exhausted: -2 · no action spent"
            in description(outside))
    await press(nazh, "Fast", PLAYER)
    await card_showing(nazh.fake, "2 actions")
    _, rolled = await nazh.slash("check", skill="athletics", dc=10, _user=PLAYER)
    text = description(rolled)
    assert "Athletics +0: Strength 2 + 0 ranks + Exhausted -2" in text
    assert "`1d20`" in text
    assert "⚔️ Ambush · round 1 · Kaladin — Exhausted: -2 · 1 action spent" in text
    await card_showing(nazh.fake, "1 action", absent=("2 actions",))


async def test_undo_action_gives_the_rolls_action_back_once(nazh: NazhUnderTest) -> None:
    await nazh.slash("character new", name="Kaladin", strength=2, _user=PLAYER)
    await nazh.slash("encounter start", name="Ambush", _user=GM)
    await nazh.slash("encounter join", _user=PLAYER)
    await press(nazh, "Fast", PLAYER)
    _, rolled = await nazh.slash("check", skill="athletics", _user=PLAYER)
    await card_showing(nazh.fake, "1 action", absent=("2 actions",))
    undo = custom_id_of(rolled["data"], "Undo action")
    _, refused = await nazh.click(undo, user=ROLLER)
    assert "only Kaladin's player or a GM" in str(refused["data"]["content"])
    _, undone = await nazh.click(undo, user=PLAYER)
    assert undone["data"]["content"] == "↩️ **Kaladin**'s action is given back (2 left)."
    assert undone["data"]["flags"] & EPHEMERAL
    await card_showing(nazh.fake, "2 actions")
    _, again = await nazh.click(undo, user=PLAYER)
    assert again["data"]["content"] == "**Kaladin**'s action was already given back."
    await card_showing(nazh.fake, "2 actions")
