"""A roll in an encounter end to end on both transports: a character that is a combatant rolls
/check changed by its conditions (named on the result, kept in the log's total; Restrained's
disadvantage left out of a test to escape), the roll spends one of its actions during its
turn, and the live card shows the action spent; outside its turn, or with none left, none is."""

from __future__ import annotations

import pytest

from nazh.application.shared.json_types import JsonObject
from tests.e2e.card_kit import card_text
from tests.e2e.encounter_kit import card_showing, card_with_lines, command, press, pressed
from tests.e2e.harness import NazhUnderTest, custom_id_of, embed_of
from tests.e2e.roll_kit import EPHEMERAL, GM, PLAYER, ROLLER, roll_id_of, steps_verified

pytestmark = pytest.mark.usefixtures("gm_manages_the_server")


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
    undo = custom_id_of(rolled["data"], "Give back the action")
    _, refused = await nazh.click(undo, user=ROLLER)
    assert "only Kaladin's player or a GM" in str(refused["data"]["content"])
    _, undone = await nazh.click(undo, user=PLAYER)
    assert undone["data"]["content"] == "↩️ **Kaladin**'s action is given back (2 left)."
    assert undone["data"]["flags"] & EPHEMERAL
    await card_showing(nazh.fake, "2 actions")
    _, again = await nazh.click(undo, user=PLAYER)
    assert again["data"]["content"] == "**Kaladin**'s action was already given back."
    await card_showing(nazh.fake, "2 actions")


def kaladin(actions: str) -> str:
    return (f"▶️ **Kaladin** · fast · {actions} · reaction ✓ · Health 12/12 · Focus 2 · "
            "Exhausted -2, Restrained")


async def test_exhausted_lowers_the_total_and_restrained_is_a_disadvantage_unless_escaping(
        nazh: NazhUnderTest) -> None:
    await command(nazh, "character new", PLAYER, name="Kaladin", strength=2)
    await command(nazh, "character skill", PLAYER, name="athletics", ranks=1)
    await command(nazh, "encounter start", GM, name="Ambush")
    await command(nazh, "encounter join", PLAYER)
    await command(nazh, "encounter condition", GM, combatant="Kaladin", condition="exhausted",
                  value=2)
    await command(nazh, "encounter condition", GM, combatant="Kaladin", condition="restrained")
    assert kaladin("2 actions") in await pressed(nazh, "Fast", PLAYER)
    nazh.dice.script(20, 11, 16)
    _, rolled = await nazh.slash("check", skill="athletics", dc=13, _user=PLAYER)
    assert description(rolled).split("\n") == [
        "## 12 · Failure",
        "-# 📜 **Kaladin** — Athletics +1: Strength 2 + 1 rank + Exhausted -2",
        "-# ⚔️ Ambush · round 1 · Kaladin — Exhausted: -2 · Restrained: disadvantage · "
        "1 action spent",
        "-# **12** | `d1d20+1` | [11↓(16)] · DC 13",
        "-# ↓ disadvantage, the other die in ( )"]
    assert nazh.dice.unused == {}
    await card_with_lines(nazh.fake, kaladin("1 action"))
    nazh.dice.script(20, 11)
    _, escaped = await nazh.slash("check", skill="athletics", dc=13, escape=True, _user=PLAYER)
    assert description(escaped).split("\n")[2:4] == [
        "-# ⚔️ Ambush · round 1 · Kaladin — Exhausted: -2 · 1 action spent",
        "-# **12** | `1d20+1` | [11] · DC 13"]
    assert nazh.dice.unused == {}
    await card_with_lines(nazh.fake, kaladin("0 actions"))
    _, spent = await nazh.slash("check", skill="athletics", escape=True, _user=PLAYER)
    assert description(spent).split("\n")[2] == (
        "-# ⚔️ Ambush · round 1 · Kaladin — Exhausted: -2 · no action spent")
    assert await steps_verified(nazh, roll_id_of(rolled)) == ["rolled with Kaladin"]
    _, history = await nazh.slash("history", _user=PLAYER)
    assert "Kaladin: `d1d20+1` → **12**" in description(history)


async def spear_against_a_bandit(nazh: NazhUnderTest, health: int, **attributes: int) -> None:
    """Kaladin (``attributes``) with a Spear (Light Weaponry, 1d8) in the encounter Ambush,
    against a Bandit of ``health``."""
    await nazh.slash("character new", name="Kaladin", _user=PLAYER, **attributes)
    await nazh.slash("character weapon", name="Spear", skill="light-weaponry", damage="1d8",
                     _user=PLAYER)
    await nazh.slash("encounter start", name="Ambush", _user=GM)
    await nazh.slash("encounter join", _user=PLAYER)
    await nazh.slash("encounter add", name="Bandit", health=health, _user=GM)


async def test_a_melee_attack_on_a_prone_target_gains_an_advantage(nazh: NazhUnderTest) -> None:
    await spear_against_a_bandit(nazh, 6, strength=2)
    await nazh.slash("encounter condition", combatant="Bandit", condition="prone", _user=GM)
    nazh.dice.script(20, 4, 15).script(8, 6)
    _, attacked = await nazh.slash("attack", weapon="Spear", target="Bandit", defense=12,
                                   _user=PLAYER)
    text = description(attacked)
    assert "⚔️ Ambush · round 1 · Kaladin — target Prone: advantage" in text
    assert "**15** | `a1d20` | [15↑(4)]" in text  # Speed 0: no modifier
    assert nazh.dice.unused == {}
    _, refused = await nazh.slash("attack", weapon="Spear", target="Szeth", _user=PLAYER)
    assert 'no combatant "Szeth"' in str(refused["data"]["content"])


async def test_enhanced_raises_a_hits_damage_with_the_skills_modifier(
        nazh: NazhUnderTest) -> None:
    """Starter rules, part 2, "Conditions" (Enhanced: the attribute gains the bonus) and part 3,
    "Attacking" (Hit: the damage dice + the skill's modifier): +2 Speed is +2 on the test and on
    the damage the hit lands."""
    await spear_against_a_bandit(nazh, 12, speed=1)
    await nazh.slash("encounter condition", combatant="Kaladin", condition="enhanced", value=2,
                     attribute="speed", _user=GM)
    nazh.dice.script(20, 9).script(8, 5)
    _, attacked = await nazh.slash("attack", weapon="Spear", target="Bandit", _user=PLAYER)
    lines = description(attacked).split("\n")
    assert lines[:2] == [
        "## 12 · Hit, 8 damage",
        "-# 📜 **Kaladin** — Spear (Light Weaponry) +3: Speed 1 + 0 ranks + Enhanced 2"]
    assert "-# 🎯 **Hit** (vs defense 10): **8** damage (5 + 3)" in lines
    assert "ℹ️ hit: 8 -> Bandit" in lines
    assert nazh.dice.unused == {}
    assert "Health 4/12" in card_text(await press(nazh, "GM view", GM))
