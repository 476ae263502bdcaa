"""What the issue found tall is short by default on a phone: ``/encounter log`` at a glance, a
shared sheet and ``/stats`` each at most 600 px tall at a phone's 390 px
as Discord's client draws them (tests/render_kit.py), the rest behind a Details (or Whole log)
button; end to end on both transports. With ``NAZH_RENDER_OUT`` set, each is drawn as a PNG
into that folder."""

from __future__ import annotations

import pytest

from nazh.application.shared.json_types import JsonObject
from tests.e2e.encounter_kit import command, pressed, set_up_fight
from tests.e2e.harness import NazhUnderTest
from tests.e2e.roll_kit import GM, PLAYER, ROLLER
from tests.render_kit import PHONE, phone_height

MAX_HEIGHT = 600
"""A phone's screen: the message leaves the conversation above it in sight."""


pytestmark = pytest.mark.usefixtures("gm_manages_the_server")


def labels(body: JsonObject) -> list[str]:
    return [str(c.get("label") or "") for row in body["data"].get("components") or []
            for c in row.get("components") or []]


async def test_the_log_a_shared_sheet_and_stats_are_short_on_a_phone(
        nazh: NazhUnderTest) -> None:
    await set_up_fight(nazh)
    await command(nazh, "character share", PLAYER, shared=True, character="Kaladin")
    await command(nazh, "character weapon", PLAYER, name="Spear", skill="light-weaponry",
                  damage="1d8", type="keen")
    for face in (14, 3, 19, 8, 11, 20):
        nazh.dice.script(20, face).script(8, 5)
        await nazh.slash("attack", weapon="Spear", target="Szeth", _user=PLAYER)
    await command(nazh, "encounter condition", GM, combatant="Kaladin",
                  condition="exhausted", value=2, rounds=2)
    await command(nazh, "encounter damage", GM, combatant="Bandit 1", amount=6)
    for _ in range(2):
        await pressed(nazh, "Done", PLAYER)
        await pressed(nazh, "Done", ROLLER)
        for _phase in range(3):
            await pressed(nazh, "Next phase", GM)
    found: dict[str, int] = {}

    _, log = await nazh.slash("encounter log", _user=GM)
    assert "Whole log" in labels(log)
    found["log"] = phone_height(log, "message-log")
    _, sheet = await nazh.slash("character show", name="Kaladin", _user=PLAYER)
    assert "Details" in labels(sheet)
    found["sheet"] = phone_height(sheet, "message-sheet")
    _, stats = await nazh.slash("stats", _user=PLAYER)
    assert "Details" in labels(stats)
    found["stats"] = phone_height(stats, "message-stats")
    # the summary is the card's last state (test_encounter_card_size.py measures it): the
    # command's answer only points there, once
    _, ended = await nazh.slash("encounter end", _user=GM)
    assert ended["data"]["flags"] & (1 << 6)
    assert "Fell" not in str(ended["data"])
    too_big = {name: height for name, height in found.items() if height > MAX_HEIGHT}
    assert not too_big, f"over {MAX_HEIGHT} px at {PHONE} px: {found}"
