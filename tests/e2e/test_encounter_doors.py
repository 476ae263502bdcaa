"""The encounter's doors end to end, on both transports: what a GM does by hand to an enemy's
hidden health reaches no player (the log, the export, the answers, the card; the GM's view
keeps it), a defense of 0 is hit by every attack (and its odds say so), a Reactive strike
refused for any reason spends nothing, and every control of a card no longer live (moved down,
or an ended encounter's) is refused alike, and so is every control of a private panel once its
encounter has ended."""

from __future__ import annotations

import copy
import json

import pytest

from nazh.application.shared.json_types import JsonObject
from tests.e2e.card_kit import card_custom_id, card_text
from tests.e2e.encounter_kit import (
    CONDITIONS,
    KALADIN,
    MESSAGE_UPDATE,
    card_showing,
    card_with_lines,
    choose,
    choose_condition,
    command,
    exported,
    line_of,
    live_card,
    log_lines,
    panel,
    press,
    refused,
    said,
    set_up_fight,
)
from tests.e2e.fake_discord import FakeDiscord, component_click
from tests.e2e.harness import NazhUnderTest, embed_of
from tests.e2e.import_kit import imported
from tests.e2e.roll_kit import EPHEMERAL, GM, PLAYER

BUTTON, STRING_SELECT = 2, 3
STALE = ("**Can't do that.** this card is no longer the encounter's live card\n"
         "Hint: use the newest one (/encounter show posts it again)")
HIDDEN = ("877", "887", "900")
"""Scout's health after the damage, after the healing, and its maximum."""


pytestmark = pytest.mark.usefixtures("gm_manages_the_server")


def description(body: JsonObject) -> str:
    return str(embed_of(body)["description"])


def private(body: JsonObject) -> str:
    """A private answer's text."""
    assert body["data"]["flags"] & EPHEMERAL, body
    return said(body)


def seen_by_the_channel(fake: FakeDiscord) -> list[str]:
    """What the channel reads of every message it sees (not a private answer): its content,
    its embeds, its card's text (not its ids, whose digits may hold any number)."""
    return [f"{m.get('content') or ''}\n{json.dumps(m.get('embeds') or [])}\n{card_text(m)}"
            for m in fake.messages if not (m.get("flags") or 0) & EPHEMERAL]


async def choose_on(nazh: NazhUnderTest, message: JsonObject, custom_id: str,
                    values: list[str] | None, user: JsonObject) -> JsonObject:
    """A choice of ``values`` in the select ``custom_id`` of ``message`` (``None``: a press
    of its button) as its user last saw it (a card since moved, or ended)."""
    kind = BUTTON if values is None else STRING_SELECT
    payload = component_click(custom_id, kind, values,
                              message=copy.deepcopy(message), user=user,
                              guild_id=message.get("guild_id"),
                              application_id=nazh.fake.application_id)
    await nazh.fake.dispatch("INTERACTION_CREATE", payload)
    return await nazh.fake.wait_for_interaction_response(payload)


# -- an enemy's hidden health -------------------------------------------------------------------


async def test_a_gms_damage_heal_and_undo_tell_a_player_no_hidden_health(
        nazh: NazhUnderTest) -> None:
    await command(nazh, "encounter start", GM, name="Watch")
    assert await command(nazh, "encounter add", GM, name="Scout", health=900) == "Added **Scout**."
    _, damaged = await nazh.slash("encounter damage", combatant="Scout", amount=23, _user=GM)
    assert private(damaged) == "23 -> Scout: 900 -> 877"  # the GM's own answer
    _, healed = await nazh.slash("encounter heal", combatant="Scout", amount=10, _user=GM)
    assert private(healed) == "**Scout** recovers 10 health: 887/900."
    _, undone = await nazh.slash("encounter undo", combatant="Scout", _user=GM)
    assert private(undone) == "Undone: **Scout**'s 10 healing: health 877."
    gm = f"R1 · Fast players · <@{GM['id']}>: "
    assert (await log_lines(nazh, PLAYER))[:3] == [
        gm + "undid the latest damage or healing of Scout", gm + "Scout recovered health",
        gm + "Scout took damage: 23"]
    assert (await log_lines(nazh, GM))[:3] == [
        gm + "undid the latest damage or healing of Scout (health 877)",
        gm + "Scout recovered 10 health", gm + "Scout took 23 damage"]
    _, players = await exported(nazh, PLAYER)
    [scout] = players["combatants"]
    assert (scout["health"], scout["health_max"], scout["focus"]) == (None, None, None)
    scouts = [(e["kind"], e["detail"], e["applied"], e["health"]) for e in players["log"]
              if "applied" in e]
    assert scouts == [("damage-taken", "", None, None), ("healed", "", None, None),
                      ("application-undone", "", None, None)]
    _, gms = await exported(nazh, GM)
    assert [(e["detail"], e["applied"], e["health"]) for e in gms["log"] if "applied" in e] == [
        ("23", 23, {"before": 900, "after": 877}), ("10", 10, {"before": 877, "after": 887}),
        ("877", 10, {"before": 877, "after": 887})]
    await card_with_lines(nazh.fake, "⏳ **Scout** · slow · reaction ✓ · Injured")  # a word
    channel = seen_by_the_channel(nazh.fake)
    assert channel  # the card
    assert not [(n, text) for n in HIDDEN for text in channel if n in text]


# -- a defense of 0 -----------------------------------------------------------------------------


async def test_an_attack_on_a_defense_of_0_hits_and_lands_and_its_odds_say_so(
        nazh: NazhUnderTest) -> None:
    await command(nazh, "character new", PLAYER, name="Kaladin", strength=2)
    await command(nazh, "character weapon", PLAYER, name="Spear", skill="light-weaponry",
                  damage="1d8")
    await command(nazh, "encounter start", GM, name="Drill")
    assert await command(nazh, "encounter add", GM, name="Dummy", health=10,
                         defense=0) == "Added **Dummy**."
    await command(nazh, "encounter join", PLAYER)
    nazh.dice.script(20, 1).script(8, 3)
    _, hit = await nazh.slash("attack", weapon="Spear", target="Dummy", _user=PLAYER)
    text = description(hit)
    assert "🎯 against Dummy · Physical defense 0" in text
    assert text.startswith("## 1 · Hit, 3 damage, 1 Complication\n")
    assert "· DC 0\n" in text
    assert "🎯 **Hit** (vs defense 0): **3** damage" in text
    assert "hit: 3 -> Dummy" in text
    assert nazh.dice.unused == {}
    _, gms = await exported(nazh, GM)
    assert [c["health"] for c in gms["combatants"] if c["name"] == "Dummy"] == [7]
    nazh.dice.script(20, 1).script(6, 2)
    _, raw = await nazh.slash("attack", test="1d20", damage="1d6", defense=0, _user=PLAYER)
    assert "🎯 **Hit** (vs defense 0)" in description(raw)
    _, odds = await nazh.slash("odds", pool="1d20", defense=0, damage="1d6", _user=PLAYER)
    assert description(odds).startswith("Hit **100%** · ")
    assert embed_of(odds)["title"] == "🎯 Attack odds of 1d20 vs defense 0"


# -- a Reactive strike spends nothing it is refused ---------------------------------------------


async def test_a_reactive_strike_refused_spends_no_reaction_and_no_focus(
        nazh: NazhUnderTest, fake_discord: FakeDiscord) -> None:
    lopen = {"name": "Lopen", "weapons": [
        {"name": "Firebrand", "skill": "light-weaponry", "damage": "1d6", "damage_type": "fire"},
        {"name": "Spear", "skill": "light-weaponry", "damage": "1d4"}]}
    data = json.dumps({"format": "nazh-character", "version": 1,
                       "characters": [lopen]}).encode()
    assert "Imported" in said(await imported(fake_discord, data, "lopen.json", PLAYER))
    await command(nazh, "encounter start", GM, name="Ambush")
    await command(nazh, "encounter join", PLAYER, character="Lopen")
    await command(nazh, "encounter add", GM, name="Bandit", health=6, defense=0)
    lopen_line = line_of(await card_showing(nazh.fake, "**Lopen**", "**Bandit**"), "Lopen")
    asked = await press(nazh, "Reactive strike", PLAYER)
    assert "**Lopen**'s Reactive strike" in said(asked)
    for _ in range(2):  # refused, and refused again: nothing was spent the first time
        answer = await choose(nazh, asked, "0:Bandit", PLAYER)
        assert 'no damage type "fire"' in refused(answer)
    assert not any("Firebrand" in json.dumps(m) for m in nazh.fake.messages
                   if m.get("embeds"))  # no attack rolled
    assert not [line for line in await log_lines(nazh) if "reaction" in line or "focus" in line]
    await card_with_lines(nazh.fake, lopen_line)
    assert "reaction ✓ · Health" in lopen_line
    [row] = asked["data"]["components"]
    weapon_and_target = str(row["components"][0]["custom_id"])
    prompt = copy.deepcopy(nazh.fake.message_with_component(weapon_and_target))
    nazh.dice.script(20, 1).script(4, 2)  # the Spear hits a defense of 0 whatever the d20
    struck = await choose(nazh, asked, "1:Bandit", PLAYER)
    assert said(struck) == "**Lopen** strikes **Bandit** with Spear."
    await card_with_lines(nazh.fake, lopen_line.replace("reaction ✓", "reaction ✗").replace(
        "Focus 2", "Focus 1"))
    again = await choose_on(nazh, prompt, weapon_and_target, ["1:Bandit"], PLAYER)
    assert said(again) == ("**Lopen** strikes **Bandit** with Spear. (already done: nothing "
                           "more was spent)")
    assert nazh.dice.unused == {}


# -- a card no longer live ----------------------------------------------------------------------


async def test_a_panels_controls_are_refused_once_their_encounter_has_ended(
        nazh: NazhUnderTest) -> None:
    await set_up_fight(nazh)
    old = copy.deepcopy(await card_with_lines(nazh.fake, KALADIN))
    conditions = card_custom_id(await panel(nazh, PLAYER), CONDITIONS)
    mine = copy.deepcopy(nazh.fake.message_with_component(conditions))  # the private panel
    done = card_custom_id(mine, "Done")
    assert await command(nazh, "encounter show", PLAYER) == "The card is below."
    for user in (PLAYER, GM):  # the panel's select forged on the card that moved down
        assert refused(await choose_on(nazh, old, conditions, ["prone"], user)) == STALE
    assert refused(await choose_on(nazh, old, card_custom_id(old, "My turn"), None,
                                   PLAYER)) == STALE
    # the panel still acts while its encounter is the channel's
    asked = await choose_on(nazh, mine, conditions, ["prone"], PLAYER)
    assert private(asked) == "Who takes Prone?"
    await command(nazh, "encounter end", GM)
    await command(nazh, "encounter start", GM, name="Second wave")
    assert await command(nazh, "encounter join", PLAYER) == "Added **Kaladin**."
    await card_with_lines(nazh.fake, KALADIN)
    assert refused(await choose_on(nazh, mine, conditions, ["prone"], PLAYER)) == STALE
    assert refused(await choose_on(nazh, mine, done, None, PLAYER)) == STALE
    assert refused(await choose(nazh, asked, "Kaladin", PLAYER)) == STALE
    assert "Prone" not in card_text(live_card(nazh.fake))
    assert not [line for line in await log_lines(nazh) if "Prone" in line]
    # the new card's panel acts
    again = await choose_condition(nazh, "prone", PLAYER)
    assert again["type"] != MESSAGE_UPDATE
    assert private(again) == "Who takes Prone?"
