"""A private result drawn again after a press keeps offering its one reader only what they may
do, as when it was posted (tests/e2e/test_result_size.py): Use Determined, Graze on a missed
attack, a spent Opportunity; end to end on both transports, every request checked against
Discord's spec."""

from __future__ import annotations

import pytest

from nazh.adapters.discord.rolls.result import RollAction, roll_control
from nazh.application.shared.json_types import JsonObject
from tests.e2e.encounter_kit import command
from tests.e2e.harness import NazhUnderTest, embed_of
from tests.e2e.roll_kit import GM, PLAYER, roll_id_of

GMS_OWN = ("Add Plot Die", "Disadvantage", "Spend a Complication (GM) on…")
"""Controls only a GM may use: a player's private result never draws them."""


pytestmark = pytest.mark.usefixtures("gm_manages_the_server")


def labels(body: JsonObject) -> list[str]:
    return [str(c.get("label") or c.get("placeholder") or "")
            for row in body["data"].get("components") or []
            for c in row.get("components") or []]


def custom_id_of(body: JsonObject, label: str) -> str:
    return next(str(c["custom_id"]) for row in body["data"].get("components") or []
                for c in row.get("components") or [] if c.get("label") == label)


async def kaladin_in_a_fight(nazh: NazhUnderTest) -> None:
    """The player's Kaladin, with a spear, against a Bandit (defense 12) in the GM's fight."""
    await command(nazh, "character new", PLAYER, name="Kaladin", strength=2, speed=3)
    await command(nazh, "character weapon", PLAYER, name="Spear", skill="light-weaponry",
                  damage="1d8", type="keen")
    await command(nazh, "encounter start", GM, name="Chasm")
    await command(nazh, "encounter add", GM, name="Bandit", health=10, defense=12)
    await command(nazh, "encounter join", PLAYER)


async def test_use_determined_on_a_private_check_draws_no_gm_control(
        nazh: NazhUnderTest) -> None:
    await kaladin_in_a_fight(nazh)
    await command(nazh, "encounter condition", GM, combatant="Kaladin", condition="determined")
    nazh.dice.script(20, 2)
    _, failed = await nazh.slash("check", skill="athletics", dc=15, visibility="private",
                                 _user=PLAYER)
    assert failed["data"]["flags"] & 64  # only its roller sees it
    posted = labels(failed)
    assert "Use Determined (+1 Opportunity)" in posted
    assert not set(GMS_OWN) & set(posted)
    _, used = await nazh.click(f"nz1:rdt:{roll_id_of(failed)}", user=PLAYER)
    assert "To spend: 1 Opportunity" in str(embed_of(used))
    redrawn = labels(used)
    assert not set(GMS_OWN) & set(redrawn), redrawn  # the GM's controls do not come back
    assert "Use Determined (+1 Opportunity)" not in redrawn
    assert "Copy Command" in redrawn
    assert "Spend an Opportunity (roller) on…" in redrawn  # the roller's own to spend
    # spending it draws the result again, still for its one reader
    _, spent = await nazh.click(roll_control(RollAction.OPPORTUNITY, roll_id_of(failed)),
                                 values=["narrative"], user=PLAYER)
    assert not set(GMS_OWN) & set(labels(spent)), labels(spent)


async def test_graze_on_a_private_missed_attack_draws_no_gm_control(
        nazh: NazhUnderTest) -> None:
    await command(nazh, "character new", PLAYER, name="Kaladin", strength=2, speed=3)
    await command(nazh, "character weapon", PLAYER, name="Spear", skill="light-weaponry",
                  damage="1d8", type="keen")
    nazh.dice.script(20, 3).script(8, 5)  # 3 + 3 = 6 against 12: a miss
    # against a defense, not a combatant: the damage lands on no one, its dice stay open
    _, missed = await nazh.slash("attack", weapon="Spear", defense=12, visibility="private",
                                 _user=PLAYER)
    assert missed["data"]["flags"] & 64
    posted = labels(missed)
    assert "Graze" in " ".join(posted), posted
    assert not set(GMS_OWN) & set(posted)
    graze = next(label for label in posted if "Graze" in label)
    _, grazed = await nazh.click(custom_id_of(missed, graze), user=PLAYER)
    redrawn = labels(grazed)
    assert "Graze" not in " ".join(redrawn), redrawn
    assert not set(GMS_OWN) & set(redrawn), redrawn
    assert "Advantage" in redrawn  # the roller's own, still open
