"""The end of a fight end to end on both transports, against the fake Discord (every request
checked against Discord's spec): ``/encounter end`` says the summary once, on the card, with a
headline naming who won and who fell; the GM's answer is theirs alone."""

from __future__ import annotations

import json

import pytest

from nazh.application.shared.json_types import JsonObject
from tests.e2e.encounter_kit import card_lines, command, live_card, set_up_fight
from tests.e2e.fake_discord import FakeDiscord
from tests.e2e.harness import NazhUnderTest
from tests.e2e.roll_kit import EPHEMERAL, GM
from tests.waiting import until

pytestmark = pytest.mark.usefixtures("gm_manages_the_server")


def public(fake: FakeDiscord, text: str) -> list[JsonObject]:
    """The messages everyone in the channel sees that hold ``text``."""
    return [m for m in fake.messages if not int(m.get("flags") or 0) & EPHEMERAL
            and text in json.dumps(m, ensure_ascii=False)]


async def test_the_end_of_a_fight_is_said_once_with_who_won_and_who_fell(
        nazh: NazhUnderTest) -> None:
    await set_up_fight(nazh)
    for name, amount in (("Bandit 1", 6), ("Bandit 2", 6), ("Bandit 3", 6), ("Szeth", 30)):
        await command(nazh, "encounter damage", GM, combatant=name, amount=amount)
    _, ended = await nazh.slash("encounter end", _user=GM)
    assert ended["data"]["flags"] & EPHEMERAL
    assert ended["data"]["content"] == "Ended: the card above shows the summary."

    def summary() -> list[str] | None:
        lines = card_lines(live_card(nazh.fake))
        return lines if "ended after" in lines[0] else None
    lines = await until(summary, what="the card showing the summary")
    assert lines[0] == "⚔️ **Chasm ambush** — ended after 1 round"
    assert lines[1] == ("🏆 **The players won**: every enemy is down. Fell: **Bandit 1**, "
                        "**Bandit 2**, **Bandit 3**, **Szeth**.")
    assert len(public(nazh.fake, "ended after 1 round")) == 1  # said once, on the card
