"""The encounter's live card end to end on both transports: ``/encounter show`` moves it (the
old one loses its buttons and refuses clicks), opt-in mentions when a member's phase starts,
edits coalesced to one REST edit a second and flushed before shutdown, and a card of 30
combatants within Discord's limits."""

from __future__ import annotations

import copy
import time

import pytest

from nazh.application.shared.json_types import JsonObject
from tests.e2e.card_kit import card_controls, card_text, pinged
from tests.e2e.encounter_kit import (
    BANDITS,
    KALADIN,
    SHALLAN,
    TEFT,
    card_edits,
    card_lines,
    card_with_lines,
    cards,
    channel_posts,
    command,
    live_card,
    pressed,
    refused,
    set_up_fight,
)
from tests.e2e.fake_discord import FakeDiscord, assert_healthy, component_click
from tests.e2e.fake_discord.message_rules import MAX_COMPONENTS, MAX_TEXT_DISPLAY_CHARS, walk
from tests.e2e.harness import NazhUnderTest, gateway_only
from tests.e2e.roll_kit import GM, PLAYER, ROLLER
from tests.waiting import until

EDIT_INTERVAL = 1.0
"""The least time between two REST edits of one card."""


pytestmark = pytest.mark.usefixtures("gm_manages_the_server")


async def click_on(nazh: NazhUnderTest, message: JsonObject, custom_id: str,
                   user: JsonObject) -> JsonObject:
    """A click on ``message`` as its user last saw it (a card since moved, say)."""
    payload = component_click(custom_id, 2, None, message=copy.deepcopy(message), user=user,
                              guild_id=message.get("guild_id"),
                              application_id=nazh.fake.application_id)
    await nazh.fake.dispatch("INTERACTION_CREATE", payload)
    return await nazh.fake.wait_for_interaction_response(payload)


async def test_show_posts_the_card_again_and_the_old_one_takes_no_clicks(
        nazh: NazhUnderTest) -> None:
    await set_up_fight(nazh)
    # the old card drawn whole (Shallan joined last) before it moves
    old = await card_with_lines(nazh.fake, KALADIN, SHALLAN, BANDITS)
    assert await command(nazh, "encounter show", PLAYER) == "The card is below."
    [moved, new] = cards(nazh.fake)
    assert (moved["id"], new["id"] != old["id"]) == (old["id"], True)
    assert card_text(moved) == ("⚔️ Chasm ambush: this card has moved further down "
                                "(/encounter show posts it again).")
    assert card_controls(moved) == {}
    assert card_lines(new) == card_lines(old)
    mine = str(card_controls(old)["My turn"]["custom_id"])
    assert refused(await click_on(nazh, old, mine, PLAYER)) == (
        "**Can't do that.** this card is no longer the encounter's live card\n"
        "Hint: use the newest one (/encounter show posts it again)")
    await pressed(nazh, "Fast", PLAYER)  # the new card's button
    # the card's edits are gathered: on a loaded machine the press's own may come a beat later
    going = "▶️ **Kaladin** · fast · 2 actions · reaction ✓ · Health 12/12 · Focus 2"
    await until(lambda: going in card_lines(live_card(nazh.fake)), what="Kaladin going fast")


def mentions(fake: FakeDiscord) -> list[tuple[str, list[str]]]:
    return [(str(m["content"]), pinged(m)) for m in channel_posts(fake)]


async def test_a_member_who_asked_is_mentioned_alone_once_when_their_phase_starts(
        nazh: NazhUnderTest) -> None:
    await command(nazh, "character new", PLAYER, name="Kaladin")
    await command(nazh, "character new", ROLLER, name="Shallan")
    await command(nazh, "encounter start", GM, name="@everyone at <@&775555555555555555>")
    await command(nazh, "encounter add", GM, name="Szeth", health=30, role="boss")
    await command(nazh, "encounter join", PLAYER)
    await command(nazh, "encounter join", ROLLER)
    assert await command(nazh, "encounter settings", PLAYER, ping=True) == (
        "New rounds keep last round's speeds: **off**\nEveryone sees the enemies' health: "
        "**off**\nA ping when your phase starts: **on**")
    await pressed(nazh, "Done", PLAYER)
    await pressed(nazh, "Done", ROLLER)  # the fast adversaries' phase: Szeth's, not theirs
    await pressed(nazh, "Done", GM)  # the slow players' phase: Kaladin's and Shallan's
    await until(lambda: mentions(nazh.fake), what="a mention")
    await pressed(nazh, "Spend an action", PLAYER)
    await pressed(nazh, "Done", PLAYER)
    await pressed(nazh, "Done", ROLLER)
    await pressed(nazh, "Next", GM)  # round 2: the fast players' phase starts
    await until(lambda: len(mentions(nazh.fake)) == 2, what="a second mention")
    assert await command(nazh, "encounter settings", PLAYER, ping=False) == (
        "New rounds keep last round's speeds: **off**\nEveryone sees the enemies' health: "
        "**off**\nA ping when your phase starts: **off**")
    await pressed(nazh, "Done", PLAYER)
    await pressed(nazh, "Done", ROLLER)
    await pressed(nazh, "Done", GM)  # the slow players' phase again: nobody asked
    await nazh.stop()  # every interaction in flight finishes, its mentions sent
    name = "(@\u200beveryone at \\<@&775555555555555555>)."  # mentions in names are inert
    assert mentions(nazh.fake) == [
        (f"<@{PLAYER['id']}> your phase has started: Slow players, round 1 {name}",
         [PLAYER["id"]]),
        (f"<@{PLAYER['id']}> your phase has started: Fast players, round 2 {name}",
         [PLAYER["id"]])]
    asked = [r.body["allowed_mentions"] for r in nazh.fake.requests_to(
        "POST", r"^/channels/\d+/messages$") if str(r.body.get("content")).startswith("<@")]
    assert asked == [{"parse": [], "users": [PLAYER["id"]]}] * 2


@gateway_only
async def test_a_clicks_answer_delayed_past_a_newer_change_leaves_the_newest_on_the_card(
        nazh: NazhUnderTest) -> None:
    """Kaladin's Done is kept first, but its answer (the card as it left it) reaches Discord
    after Shallan's: the card must not stay behind."""
    await set_up_fight(nazh)
    card = await card_with_lines(nazh.fake, KALADIN, BANDITS)
    # a card drawn before the panels: its own Done updates the card itself
    done = str(card_controls(card)["My turn"]["custom_id"]).replace(":mine", ":done")
    first = component_click(done, 2, None,
                            message=copy.deepcopy(card), user=PLAYER,
                            guild_id=card.get("guild_id"),
                            application_id=nazh.fake.application_id)
    nazh.fake.fail_next("POST", f"^/interactions/{first['id']}/", 429, retry_after=0.5)
    await nazh.fake.dispatch("INTERACTION_CREATE", first)
    await nazh.fake.wait_for_request(lambda r: r.status == 429)  # kept; its answer waits
    await pressed(nazh, "Done", ROLLER)
    await nazh.fake.wait_for_interaction_response(first)
    await card_with_lines(nazh.fake, "⚔️ **Chasm ambush** — Round 1 · Fast adversaries",
                          "Waiting for: Szeth")


TEFT_CONDITIONS = ("prone", "immobilized", "focused", "determined", "empowered", "disoriented",
                   "restrained", "slowed")


async def test_changes_in_a_burst_edit_the_card_at_most_once_a_second(
        nazh: NazhUnderTest) -> None:
    await set_up_fight(nazh)
    card = await card_with_lines(nazh.fake, TEFT, SHALLAN)  # the fight's last edit is in
    await nazh.fake.settled()
    since = len(nazh.fake.requests)
    began = time.monotonic()
    for condition in TEFT_CONDITIONS:
        await command(nazh, "encounter condition", GM, combatant="Teft", condition=condition)
    final = ("⏳ **Teft** · slow · reaction ✗ · Health 12/12 · Prone, Immobilized, Focused, "
             "Determined, Empowered, Disoriented, Restrained, Slowed")
    await card_with_lines(nazh.fake, final)
    await nazh.fake.settled()
    took = time.monotonic() - began
    edits = card_edits(nazh.fake, card, since)
    assert 1 <= len(edits) <= 1 + int(took / EDIT_INTERVAL), (len(edits), took)


async def test_a_waiting_edit_is_sent_before_shutdown(nazh: NazhUnderTest) -> None:
    await set_up_fight(nazh)
    await card_with_lines(nazh.fake, TEFT)
    await command(nazh, "encounter condition", GM, combatant="Teft", condition="prone")
    await command(nazh, "encounter condition", GM, combatant="Teft", condition="focused")
    await nazh.stop()
    assert "⏳ **Teft** · slow · reaction ✓ · Health 12/12 · Prone, Focused" in card_lines(
        live_card(nazh.fake))


LONG = "Unmade Herald of the Everstorm and the Thrill of Battle, Old"
"""A quick combatant's longest name (60 characters: copies add a number)."""


async def test_thirty_combatants_are_the_most_and_their_card_fits(
        nazh: NazhUnderTest) -> None:
    await command(nazh, "encounter start", GM, name="The Battle of Thaylen Field")
    for group, count in (("Bandit", 10), ("Cultist", 10)):
        await command(nazh, "encounter add", GM, name=group, health=6, count=count,
                      role="minion")
    await command(nazh, "encounter add", GM, name=LONG, health=99, count=8)
    _, asked = await nazh.slash("encounter add", name="Shardbearer", health=40, count=3,
                                _user=GM)
    assert refused(asked) == ("**Can't do that.** at most 30 combatants in an encounter: room "
                              "for 2 more (asked for 3)")
    assert await command(nazh, "encounter add", GM, name="Shardbearer", health=40, count=2,
                         role="boss") == "Added **Shardbearer 1**, **Shardbearer 2**."
    _, full = await nazh.slash("encounter add", name="Straggler", health=5, _user=GM)
    assert refused(full) == ("**Can't do that.** at most 30 combatants in an encounter: room "
                             "for 0 more (asked for 1)")
    for name in ("Bandit 2", "Cultist 5"):
        await command(nazh, "encounter condition", GM, combatant=name, condition="afflicted",
                      value=2, rounds=3)
    for number, condition in enumerate(TEFT_CONDITIONS, 1):
        await command(nazh, "encounter condition", GM, combatant=f"{LONG} {number}",
                      condition=condition, rounds=5)
    assert await command(nazh, "encounter settings", GM, **{"show-health": True}) == (
        "New rounds keep last round's speeds: **off**\nEveryone sees the enemies' health: "
        "**on**\nA ping when your phase starts: **off**")
    await pressed(nazh, "Next", GM)  # the fast adversaries: the bosses' turns
    # a phone's screen holds each group of numbered copies on one line
    card = await card_with_lines(
        nazh.fake, "⚔️ **The Battle of Thaylen Field** — Round 1 · Fast adversaries",
        "⏳ **Bandit** ×10 (1–10) · slow · Health 6,6,6,6,6,6,6,6,6,6 of 6 · 1 with conditions",
        "⏳ **Unmade Herald o…** ×8 (1–8) · slow · Health 99,99,99,99,99,99,99,99 of 99 · "
        "8 with conditions",
        "▶️ **Shardbearer** ×2 (1, 2) · fast & slow · Health 40,40 of 40")
    entries = [line for line in card_lines(card) if line.startswith(("⏳", "▶️", "✅"))]
    assert len(entries) == 4  # the four groups
    assert len(list(walk(card["components"]))) <= MAX_COMPONENTS
    assert len(card_text(card)) <= MAX_TEXT_DISPLAY_CHARS
    assert_healthy(nazh.fake)
