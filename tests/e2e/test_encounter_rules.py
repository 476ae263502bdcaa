"""The encounter's rules as the starter rules have them, end to end on both transports, where a
player sees them: Afflicted's type, dice and injury (part 2 "Conditions" and "Damage, Injury,
and Death"), ...; every request checked against Discord's spec."""

from __future__ import annotations

import pytest

from nazh.adapters.discord.encounters.recover_split import split_control
from nazh.application.shared.json_types import JsonObject
from tests.e2e.encounter_kit import (
    card_showing,
    channel_posts,
    command,
    log_lines,
    press,
    pressed,
    refused,
)
from tests.e2e.fake_discord.payloads import component_click
from tests.e2e.harness import NazhUnderTest, embed_of
from tests.e2e.roll_kit import GM, PLAYER, roll_id_of
from tests.waiting import until

pytestmark = pytest.mark.usefixtures("gm_manages_the_server")


def posted_with(nazh: NazhUnderTest, custom_id: str) -> JsonObject | None:
    """The message holding ``custom_id``, once posted."""
    try:
        return nazh.fake.message_with_component(custom_id)
    except LookupError:
        return None


async def poisoned_table(nazh: NazhUnderTest) -> None:
    """The player's Kaladin (health 12) in the GM's "Chasm" which shows the enemies' health,
    with a Bandit (health 6, deflect 2) and a Golem (health 10, immune to energy)."""
    await command(nazh, "character new", PLAYER, name="Kaladin", strength=2)
    await command(nazh, "encounter start", GM, name="Chasm")
    await command(nazh, "encounter settings", GM, **{"show-health": True})
    await command(nazh, "encounter add", GM, name="Bandit", health=6, deflect=2)
    await command(nazh, "encounter add", GM, name="Golem", health=10, immunities="energy")
    assert await command(nazh, "encounter join", PLAYER) == "Added **Kaladin**."


async def test_afflicted_deals_its_type_through_deflect_and_immunities_and_rolls_its_dice(
        nazh: NazhUnderTest) -> None:
    """Part 2 "Conditions", Afflicted: "you take the amount and type of damage specified",
    e.g. "Afflicted [1d4] Vital": Kaladin's 1d4 vital is rolled at the end of his turn (3),
    the Bandit's 3 keen loses 2 to its deflect, the Golem's 5 energy is nothing to it."""
    await poisoned_table(nazh)
    assert await command(nazh, "encounter condition", GM, combatant="Kaladin",
                         condition="afflicted", dice="1d4", type="vital",
                         source="poison") == "**Kaladin** is now Afflicted 1d4 vital (poison)."
    assert await command(nazh, "encounter condition", GM, combatant="Bandit",
                         condition="afflicted", value=3,
                         type="keen") == "**Bandit** is now Afflicted 3 keen."
    assert await command(nazh, "encounter condition", GM, combatant="Golem",
                         condition="afflicted", value=5,
                         type="energy") == "**Golem** is now Afflicted 5 energy."
    await pressed(nazh, "Done", PLAYER)  # Kaladin stays slow: the slow players' phase next
    await card_showing(nazh.fake, "Round 1 · Slow players")
    nazh.dice.script(4, 3)
    await pressed(nazh, "Done", PLAYER)
    assert nazh.dice.unused == {}
    await card_showing(nazh.fake, "Health 9/12", "Round 1 · Slow adversaries")
    await pressed(nazh, "Next", GM)
    await card_showing(nazh.fake, "**Bandit** · slow · reaction ✓ · Health 5/6",
                       "**Golem** · slow · reaction ✓ · Health 10/10")
    lines = await log_lines(nazh)
    assert "R1 · Slow players · Nazh: Kaladin took 3 damage from Afflicted" in lines
    assert "R1 · Slow adversaries · Nazh: Bandit took 1 damage from Afflicted" in lines
    assert "R1 · Slow adversaries · Nazh: Golem took no damage from Afflicted" in lines


async def test_afflicted_at_0_health_calls_for_an_injury_and_bad_values_are_refused(
        nazh: NazhUnderTest) -> None:
    """Part 2 "Damage, Injury, and Death": "You always suffer an injury when you're reduced
    to 0 health and when you take damage while at 0 health": Afflicted's damage too; its
    value is a number or dice, and anything else is refused privately."""
    await poisoned_table(nazh)
    await command(nazh, "encounter damage", GM, combatant="Kaladin", amount=10, type="vital")
    await command(nazh, "encounter condition", GM, combatant="Kaladin", condition="afflicted",
                  value=4, type="vital", source="poison")
    await pressed(nazh, "Done", PLAYER)
    await pressed(nazh, "Done", PLAYER)
    await card_showing(nazh.fake, "🟥 Health 0/12", "Unconscious")
    told = (f"<@{PLAYER['id']}> **Kaladin** takes an injury from Afflicted 4 vital (poison): "
            "roll it with `/injury`.")
    await until(lambda: told in [str(m.get("content")) for m in channel_posts(nazh.fake)],
                what="the injury told")
    assert ("R1 · Slow players · Nazh: Kaladin takes an injury from Afflicted 4 vital "
            "(poison): roll it with /injury") in await log_lines(nazh)
    _, crafted = await nazh.slash("encounter condition", combatant="Bandit",
                                  condition="afflicted", value="1d4", _user=GM)
    assert "Afflicted takes a whole number as its value" in refused(crafted)
    _, bad = await nazh.slash("encounter condition", combatant="Bandit", condition="afflicted",
                              dice="1d20+1, 1d6", _user=GM)
    assert "Afflicted's dice are one plain pool such as 1d4" in refused(bad)
    _, both = await nazh.slash("encounter condition", combatant="Bandit", condition="afflicted",
                               dice="1d4", value=2, _user=GM)
    assert "Afflicted takes a value or dice, not both" in refused(both)


async def test_waking_gives_1_health_at_0_keeps_prone_and_healing_wakes_an_npc(
        nazh: NazhUnderTest) -> None:
    """Part 2 "Conditions", Unconscious: "If you are a PC, you can choose to regain
    consciousness at the end of any of your turns": not before, then in his slow turn; at 0
    health he recovers 1 (and, having fallen Prone, is still Prone); "If you are an NPC, you
    automatically regain consciousness when you recover 1 health"."""
    await poisoned_table(nazh)
    await command(nazh, "encounter add", GM, name="Teft", health=12, side="ally")
    await command(nazh, "encounter damage", GM, combatant="Kaladin", amount=12, type="vital")
    await command(nazh, "encounter damage", GM, combatant="Teft", amount=12, type="vital")
    await card_showing(nazh.fake, "🟥 Health 0/12 · Focus 2 · Unconscious")
    early = await command(nazh, "encounter condition", PLAYER, combatant="Kaladin",
                          condition="unconscious", remove=True)
    assert "Kaladin may choose to wake at the end of one of its turns" in early
    await pressed(nazh, "Next", GM)
    await card_showing(nazh.fake, "▶️ **Kaladin** · slow · 0 actions")
    woke = await command(nazh, "encounter condition", PLAYER, combatant="Kaladin",
                         condition="unconscious", remove=True)
    assert "Unconscious" in woke
    await card_showing(nazh.fake, "▶️ **Kaladin** · slow · 0 actions · reaction ✓ · 🟥 Health "
                                  "1/12 · Focus 2 · Prone\n")
    await command(nazh, "encounter heal", GM, combatant="Teft", amount=2)
    await card_showing(nazh.fake, "**Teft** · slow · reaction ✓ · 🟥 Health 2/12 · Prone")


async def test_knocked_out_in_its_turn_it_loses_its_actions_and_its_injury_roll_spends_none(
        nazh: NazhUnderTest) -> None:
    """Part 2 "Conditions", Unconscious: "you can't do anything on your turn": Kaladin, felled
    in his slow turn, has no action left to spend nor to Recover with; "An injury roll is not
    a skill test" (Damage, Injury, and Death) and spends no action."""
    await poisoned_table(nazh)
    await pressed(nazh, "Done", PLAYER)
    await card_showing(nazh.fake, "▶️ **Kaladin** · slow · 3 actions")
    await command(nazh, "encounter damage", GM, combatant="Kaladin", amount=12, type="vital")
    await card_showing(nazh.fake, "▶️ **Kaladin** · slow · 0 actions", "Unconscious")
    assert "no combatant that can spend an action now" in refused(
        await press(nazh, "Spend action", PLAYER))
    assert "Kaladin is Unconscious and takes no actions: it cannot Recover" in refused(
        await press(nazh, "Recover", PLAYER))
    nazh.dice.script(20, 12).script(6, 2).script(8, 3)
    _, injury = await nazh.slash("injury", _user=PLAYER)
    assert "Kaladin — no action spent" in str(embed_of(injury)["description"])
    await card_showing(nazh.fake, "▶️ **Kaladin** · slow · 0 actions", "Unconscious")


async def test_a_reaction_lost_to_stunned_comes_back_with_the_next_turn_not_when_it_ends(
        nazh: NazhUnderTest) -> None:
    """Part 2 "Conditions", Stunned: "you lose any reactions"; part 3 "Order of Combat": "at
    the start of each of your turns, you gain a new reaction": Stunned removed, Kaladin's
    reaction is still gone until his turn starts."""
    await poisoned_table(nazh)
    await command(nazh, "encounter condition", GM, combatant="Kaladin", condition="stunned")
    await card_showing(nazh.fake, "⏳ **Kaladin** · slow · reaction ✗")
    await command(nazh, "encounter condition", GM, combatant="Kaladin", condition="stunned",
                  remove=True)
    await card_showing(nazh.fake, "⏳ **Kaladin** · slow · reaction ✗ · Health 12/12 · Focus 2")
    assert "no combatant that can spend the reaction now" in refused(
        await press(nazh, "Spend reaction", PLAYER))
    await pressed(nazh, "Fast", PLAYER)
    await card_showing(nazh.fake, "▶️ **Kaladin** · fast · 2 actions · reaction ✓")


async def test_recover_lets_its_player_split_the_die_between_health_and_focus(
        nazh: NazhUnderTest) -> None:
    """Basic actions, Recover: "Roll your recovery die to recover health and/or focus":
    Kaladin at 9/12 health and 0/2 focus rolls a 4 and chooses 2 to health, 2 to focus (the
    splits offered lose nothing); where only one has room it all goes there."""
    await poisoned_table(nazh)
    await command(nazh, "character set", PLAYER, field="focus", value="0")
    await command(nazh, "encounter remove", PLAYER, combatant="Kaladin")
    await command(nazh, "encounter join", PLAYER)
    await command(nazh, "encounter damage", GM, combatant="Kaladin", amount=3, type="vital")
    await pressed(nazh, "Fast", PLAYER)
    await card_showing(nazh.fake, "▶️ **Kaladin** · fast · 2 actions · reaction ✓ · "
                                  "Health 9/12 · Focus 0")
    nazh.dice.script(4, 4)
    recovered = await press(nazh, "Recover", PLAYER)
    assert "Kaladin Recovers 4: its player splits it between health and focus" in str(
        recovered["data"])
    menu_id = split_control(roll_id_of(recovered), "Kaladin")
    prompt = await until(lambda: posted_with(nazh, menu_id), what="the split asked")
    assert prompt["flags"] & 64  # the recovering player's alone
    [row] = prompt["components"]
    assert [o["value"] for o in row["components"][0]["options"]] == ["3", "2"]
    _, split = await nazh.click(menu_id, ["2"], user=PLAYER)
    assert "Kaladin Recovers 4: health 11/12, focus 2" in str(split["data"])
    await card_showing(nazh.fake, "**Kaladin** · fast · 0 actions · reaction ✓ · Health 11/12 · "
                                  "Focus 2")
    # the same prompt submitted again (a copy kept from before its select was removed)
    resent = component_click(menu_id, 3, ["3"], message=prompt, user=PLAYER,
                             guild_id=prompt.get("guild_id"),
                             application_id=nazh.fake.application_id)
    await nazh.fake.dispatch("INTERACTION_CREATE", resent)
    again = await nazh.fake.wait_for_interaction_response(resent)
    assert "Kaladin**'s Recover is split already" in str(again["data"])
    await card_showing(nazh.fake, "Health 11/12 · Focus 2")


def button_labels(body: JsonObject) -> list[str]:
    return [str(c.get("label", "")) for row in body["data"].get("components") or []
            for c in row.get("components") or []]


async def test_determined_is_its_players_choice_on_a_failed_test(nazh: NazhUnderTest) -> None:
    """Part 2 "Conditions", Determined: "when you fail a test, you can add an Opportunity to
    the result. After you choose to do so, remove the Determined condition": Kaladin's failed
    check offers Use Determined and changes nothing until he presses it; then the result has
    its Opportunity to spend and Determined ends."""
    await poisoned_table(nazh)
    await command(nazh, "encounter condition", GM, combatant="Kaladin", condition="determined")
    nazh.dice.script(20, 2)
    _, failed = await nazh.slash("check", skill="athletics", dc=15, _user=PLAYER)
    assert "Use Determined (+1 Opportunity)" in button_labels(failed)
    assert "To spend" not in str(embed_of(failed))
    await card_showing(nazh.fake, "Focus 2 · Determined")
    button = f"nz1:rdt:{roll_id_of(failed)}"
    _, used = await nazh.click(button, user=PLAYER)
    assert "To spend: 1 Opportunity" in str(embed_of(used))
    assert "Use Determined (+1 Opportunity)" not in button_labels(used)
    await card_showing(nazh.fake, "⏳ **Kaladin** · slow · reaction ✓ · Health 12/12 · Focus 2")
    assert any(line.endswith("Kaladin used Determined: the failed test gains an Opportunity")
               for line in await log_lines(nazh))
