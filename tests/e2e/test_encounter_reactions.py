"""Reactions and focus on the live card end to end, on both transports: Dodge (a select asks a
GM which combatant; the next attack against it gains a disadvantage, named, and spends the
reaction and focus once), Aid (the aided combatant's next test gains an advantage, once),
Reactive strike (the weapon and target chosen, the attack rolled without an action), a boss's
Extra action (the card's count goes up), Recover (the recovery die rolled, health on the
card, once per scene), and the refusals; every request checked against Discord's spec."""

from __future__ import annotations

import asyncio

import pytest

from nazh.application.shared.json_types import JsonObject
from tests.e2e.card_kit import card_custom_id
from tests.e2e.encounter_kit import (
    MESSAGE_UPDATE,
    card_showing,
    card_with_lines,
    choose,
    command,
    exported,
    has_control,
    line_of,
    live_card,
    log_lines,
    panel,
    press,
    pressed,
    refused,
    said,
)
from tests.e2e.fake_discord.payloads import component_click
from tests.e2e.harness import NazhUnderTest, embed_of
from tests.e2e.roll_kit import GM, PLAYER, ROLLER
from tests.waiting import until

pytestmark = pytest.mark.usefixtures("gm_manages_the_server")


STRING_SELECT = 3


def description(body: JsonObject) -> str:
    return str(embed_of(body)["description"])


async def skirmish(nazh: NazhUnderTest) -> None:
    """The player's Kaladin (a Spear, focus 2) and the roller's Shallan (focus 2) against the
    GM's Bandit (defense 12, focus 1) and Szeth (a boss, focus 2)."""
    await command(nazh, "character new", PLAYER, name="Kaladin", strength=2)
    await command(nazh, "character weapon", PLAYER, name="Spear", skill="light-weaponry",
                  damage="1d8")
    await command(nazh, "character new", ROLLER, name="Shallan", intellect=3)
    await command(nazh, "encounter start", GM, name="Ambush")
    await command(nazh, "encounter join", PLAYER)
    await command(nazh, "encounter join", ROLLER)
    assert await command(nazh, "encounter add", GM, name="Bandit", health=6, defense=12,
                         focus=1) == "Added **Bandit**."
    assert await command(nazh, "encounter add", GM, name="Szeth", health=30, role="boss",
                         focus=2) == "Added **Szeth**."


async def test_a_dodge_gives_the_next_attack_a_disadvantage_and_is_spent_once(
        nazh: NazhUnderTest) -> None:
    await skirmish(nazh)
    asked = await press(nazh, "Dodge", GM)
    assert said(asked) == "you may Dodge for Bandit, Szeth, Kaladin, Shallan: choose one"
    chosen = await choose(nazh, asked, "Bandit", GM)
    assert said(chosen) == "**Bandit**: Dodge ✓"
    await card_showing(nazh.fake, "⏳ **Bandit** · slow · Dodging 💨 · ")
    nazh.dice.script(20, 17, 9).script(8, 5)
    _, attacked = await nazh.slash("attack", weapon="Spear", target="Bandit", defense=12,
                                   _user=PLAYER)
    text = description(attacked)
    assert "Kaladin — target Dodging: disadvantage" in text
    assert "`d1d20` | [9↓(17)]" in text
    assert nazh.dice.unused == {}
    await card_with_lines(nazh.fake, "⏳ **Bandit** · slow · reaction ✗ · Healthy")
    lines = await log_lines(nazh)
    assert any(line.endswith("Bandit spent 1 focus on dodge (0 left)") for line in lines)
    assert any(line.endswith("Bandit's Dodge gave an attack a disadvantage") for line in lines)
    nazh.dice.script(20, 12).script(8, 3)
    _, again = await nazh.slash("attack", weapon="Spear", target="Bandit", defense=12,
                                _user=PLAYER)
    assert "Dodging" not in description(again)


async def test_a_double_dodge_is_refused_and_no_focus_no_dodge(nazh: NazhUnderTest) -> None:
    await skirmish(nazh)
    first = await press(nazh, "Dodge", PLAYER)
    assert first["type"] == MESSAGE_UPDATE
    await card_with_lines(nazh.fake, "⏳ **Kaladin** · slow · Dodging 💨 · Health 12/12 · "
                                     "Focus 2")
    assert "Kaladin is already Dodging" in refused(await press(nazh, "Dodge", PLAYER))
    await command(nazh, "character set", ROLLER, field="focus", value="0")
    await command(nazh, "encounter remove", ROLLER, combatant="Shallan")
    await command(nazh, "encounter join", ROLLER)
    assert "Shallan has no focus left" in refused(await press(nazh, "Dodge", ROLLER))


async def test_a_focused_character_at_0_focus_dodges_for_free(
        nazh: NazhUnderTest) -> None:
    """Part 2 "Conditions", Focused: "When you use an ability that costs focus, its cost is
    reduced by 1": Kaladin at 0 focus is refused a Dodge, then Focused he Dodges for nothing;
    an attack spends his reaction, never his focus."""
    await skirmish(nazh)
    await command(nazh, "character set", PLAYER, field="focus", value="0")
    await command(nazh, "encounter remove", PLAYER, combatant="Kaladin")
    await command(nazh, "encounter join", PLAYER)
    assert "Kaladin has no focus left" in refused(await press(nazh, "Dodge", PLAYER))
    await command(nazh, "encounter condition", GM, combatant="Kaladin", condition="focused")
    first = await press(nazh, "Dodge", PLAYER)
    assert first["type"] == MESSAGE_UPDATE
    await card_showing(nazh.fake, "**Kaladin** · slow · Dodging 💨")
    await command(nazh, "character weapon", ROLLER, name="Knife", skill="light-weaponry",
                  damage="1d4")
    nazh.dice.script(20, 17, 9).script(4, 1)
    _, attacked = await nazh.slash("attack", weapon="Knife", target="Kaladin", _user=ROLLER)
    assert "target Dodging: disadvantage" in description(attacked)
    await card_showing(nazh.fake, "**Kaladin** · slow · reaction ✗")
    lines = await log_lines(nazh)
    assert any(line.endswith("Kaladin spent its reaction (dodge, Focused: no focus)")
               for line in lines)
    assert not any("Kaladin spent 1 focus" in line for line in lines)


async def test_aid_offers_only_allies_and_a_crafted_enemy_is_refused(
        nazh: NazhUnderTest) -> None:
    """Basic actions, Aid: "Before an ally makes a skill test, you can use this reaction and
    spend 1 focus": Kaladin is offered Shallan, not the enemies; Bandit, Szeth; an enemy sent
    anyway is refused privately and spends nothing."""
    await skirmish(nazh)
    asked = await press(nazh, "Aid", PLAYER)
    [row] = asked["data"]["components"]
    [menu] = row["components"]
    assert [o["value"] for o in menu["options"]] == ["Shallan"]
    _, crafted = await nazh.click(str(menu["custom_id"]), ["Bandit"], user=PLAYER)
    assert "Kaladin cannot Aid Bandit: Aid helps an ally" in refused(crafted)
    await card_with_lines(nazh.fake, "⏳ **Kaladin** · slow · reaction ✓ · Health 12/12 · "
                                     "Focus 2")
    gm_asked = await choose(nazh, await press(nazh, "Aid", GM), "Bandit", GM)
    [gm_row] = gm_asked["data"]["components"]
    assert [o["value"] for o in gm_row["components"][0]["options"]] == ["Szeth"]


async def test_aid_gives_the_aided_test_an_advantage_once(nazh: NazhUnderTest) -> None:
    await skirmish(nazh)
    asked = await press(nazh, "Aid", PLAYER)
    assert "Whom does **Kaladin** Aid" in said(asked)
    [row] = asked["data"]["components"]
    menu_id = str(row["components"][0]["custom_id"])
    # a double submit: both clicks made on the prompt before the first answer removes its select
    prompt = nazh.fake.message_with_component(menu_id)
    clicks = [component_click(menu_id, STRING_SELECT, ["Shallan"], message=prompt, user=PLAYER,
                              guild_id=prompt.get("guild_id"),
                              application_id=nazh.fake.application_id) for _ in range(2)]
    await asyncio.gather(*(nazh.fake.dispatch("INTERACTION_CREATE", c) for c in clicks))
    answers = [said(await nazh.fake.wait_for_interaction_response(c)) for c in clicks]
    assert "**Kaladin** Aids **Shallan**: their next test gains an advantage." in answers
    await card_with_lines(nazh.fake, "⏳ **Kaladin** · slow · reaction ✗ · Health 12/12 · "
                                     "Focus 1",
                          "⏳ **Shallan** · slow · reaction ✓ · Aided by Kaladin · "
                          "Health 10/10 · Focus 2")
    _, export = await exported(nazh, GM)
    shallan = next(c for c in export["combatants"] if c["name"] == "Shallan")
    assert (shallan["aided_by"], shallan["dodging"], shallan["recovered"]) == (
        "Kaladin", False, False)
    spends = [(e["kind"], e["combatant"], e["detail"]) for e in export["log"]
              if e["kind"] in ("aid-given", "reaction-spent", "focus-spent")]
    assert spends == [("aid-given", "Kaladin", "Shallan"), ("reaction-spent", "Kaladin", "aid"),
                      ("focus-spent", "Kaladin", "aid 1")]  # once, for the double submit
    nazh.dice.script(20, 6, 14)
    _, aided = await nazh.slash("check", skill="deduction", _user=ROLLER)
    assert "Shallan — Aided by Kaladin: advantage" in description(aided)
    assert "[14↑(6)]" in description(aided)
    nazh.dice.script(20, 6)
    _, plain = await nazh.slash("check", skill="deduction", _user=ROLLER)
    assert "Aided" not in description(plain)
    assert "no reaction left this round" in refused(await press(nazh, "Aid", PLAYER))


async def test_a_reactive_strike_rolls_the_weapon_against_the_target_without_an_action(
        nazh: NazhUnderTest) -> None:
    await skirmish(nazh)
    asked = await press(nazh, "Reactive strike", PLAYER)
    assert "**Kaladin**'s Reactive strike" in said(asked)
    nazh.dice.script(20, 15).script(8, 7)
    done = await choose(nazh, asked, "0:Bandit", PLAYER)
    assert said(done) == "**Kaladin** strikes **Bandit** with Spear."

    def posted() -> JsonObject | None:
        return next((m for m in nazh.fake.messages if m.get("embeds")
                     and "Spear (Light Weaponry)" in str(m["embeds"][0].get("description",
                                                                 ""))), None)
    roll = await until(posted, what="the Reactive strike's attack posted")
    text = str(roll["embeds"][0]["description"])
    assert "**Kaladin** — Spear (Light Weaponry)" in text
    assert "Reactive strike" in str(roll["embeds"][0])
    assert "no action spent" in text
    assert "DC 12" in text
    assert nazh.dice.unused == {}
    await card_with_lines(nazh.fake, "⏳ **Kaladin** · slow · reaction ✗ · Health 12/12 · "
                                     "Focus 1")
    assert "Kaladin has no reaction left this round" in refused(
        await press(nazh, "Reactive strike", PLAYER))


async def test_a_reactive_strike_offers_only_melee_weapons(nazh: NazhUnderTest) -> None:
    """The basic actions, Reactive Strike: "make a melee weapon attack": a Ranged weapon of the
    sheet is not offered, and a sheet with none but ranged ones is told so."""
    await skirmish(nazh)
    await command(nazh, "character weapon", PLAYER, name="Shortbow", skill="light-weaponry",
                  damage="1d6", traits="ranged")
    asked = await press(nazh, "Reactive strike", PLAYER)
    [row] = asked["data"]["components"]
    [menu] = row["components"]
    assert {str(o["label"]).split(" → ")[0] for o in menu["options"]} == {"Spear"}
    await command(nazh, "character weapon", PLAYER, name="Spear", remove=True)
    assert ("Kaladin's sheet has no melee weapon to strike with"
            in refused(await press(nazh, "Reactive strike", PLAYER)))


async def test_a_boss_spends_focus_for_an_extra_action_and_only_a_boss(
        nazh: NazhUnderTest) -> None:
    """Part 7 "Using Adversaries", Boss: "After an enemy finishes a turn, the boss can spend
    1 focus to immediately use an extra action ... they can spend 1 focus on their turn to
    remove a condition from themself": none before Kaladin's turn ends, one after it, taken at
    once (its turn's count stays 2); a condition ended on its own turn."""
    await skirmish(nazh)
    assert not has_control(await panel(nazh, PLAYER), "Extra action")  # the GM panel's
    extra = card_custom_id(await panel(nazh, GM, "GM"), "Extra action")
    _, forged = await nazh.click(extra, user=PLAYER)  # pressed anyway: for their own
    assert "only a boss takes an extra action (Kaladin is a rival)" in refused(forged)
    assert "no combatant that can spend focus for an extra action now" in refused(
        await press(nazh, "Extra action", GM))
    await press(nazh, "Fast", PLAYER)
    await press(nazh, "Done", PLAYER)
    await press(nazh, "Done", ROLLER)
    await card_with_lines(nazh.fake,
                          "▶️ **Szeth** · fast & slow · 2 actions · reaction ✓ · Healthy")
    extra = card_custom_id(await panel(nazh, GM, "GM"), "Extra action")
    _, answer = await nazh.click(extra, user=GM)
    assert said(answer) == "**Szeth** spends 1 focus and takes an extra action now."
    _, twice = await nazh.click(extra, user=GM)  # a double click: one per enemy's turn
    assert "no combatant that can spend focus for an extra action now" in refused(twice)
    await card_with_lines(nazh.fake,
                          "▶️ **Szeth** · fast & slow · 2 actions · reaction ✓ · Healthy")
    await command(nazh, "encounter condition", GM, combatant="Szeth", condition="stunned")
    asked = await press(nazh, "Extra action", GM)
    [row] = asked["data"]["components"]
    assert [o["value"] for o in row["components"][0]["options"]] == ["end:stunned"]
    ended = await choose(nazh, asked, "end:stunned", GM)
    assert said(ended) == "**Szeth** spends 1 focus: it is no longer Stunned."
    assert "you have no combatant that can spend focus for an extra action now" in refused(
        await press(nazh, "Extra action", GM))


async def test_an_aid_given_ahead_lapses_when_its_givers_turn_begins(
        nazh: NazhUnderTest) -> None:
    """Basic actions, Aid: "Before an ally makes a skill test, you can use this reaction":
    Kaladin's Aid, given before his turn, waits for Shallan's test only until his own turn
    begins (his reaction back), as a Dodge does; the log says so."""
    await skirmish(nazh)
    await choose(nazh, await press(nazh, "Aid", PLAYER), "Shallan", PLAYER)
    await card_showing(nazh.fake, "Aided by Kaladin")
    await pressed(nazh, "Fast", PLAYER)
    await card_showing(nazh.fake, "▶️ **Kaladin** · fast · 2 actions · reaction ✓",
                       absent=("Aided by Kaladin",))
    assert any(line.endswith("Kaladin's Aid to Shallan lapsed unused (its turn began first)")
               for line in await log_lines(nazh))
    nazh.dice.script(20, 6)
    _, plain = await nazh.slash("check", skill="deduction", _user=ROLLER)
    assert "Aided" not in description(plain)


async def test_a_bosss_extra_action_is_immediate_and_its_focus_ends_one_afflicted(
        nazh: NazhUnderTest) -> None:
    """Part 7 "Using Adversaries", Boss: "After an enemy finishes a turn, the boss can spend
    1 focus to immediately use an extra action": gone once Shallan acts in the next turn; "spend
    1 focus on their turn to remove a condition": one Afflicted of two, chosen by its source
    (part 2 "Conditions", Afflicted: "resolve each effect separately")."""
    await skirmish(nazh)
    await press(nazh, "Fast", PLAYER)
    await press(nazh, "Fast", ROLLER)
    await press(nazh, "Done", PLAYER)
    assert card_custom_id(await panel(nazh, GM, "GM"), "Extra action")
    await pressed(nazh, "Spend action", ROLLER)
    assert "no combatant that can spend focus for an extra action now" in refused(
        await press(nazh, "Extra action", GM))
    for source in ("fire", "poison"):
        await command(nazh, "encounter condition", GM, combatant="Szeth",
                      condition="afflicted", value=3, source=source)
    await press(nazh, "Done", ROLLER)
    await card_with_lines(nazh.fake, "▶️ **Szeth** · fast & slow · 2 actions · reaction ✓ · "
                                     "Healthy · Afflicted 3 (fire), Afflicted 3 (poison)")
    asked = await press(nazh, "Extra action", GM)
    [row] = asked["data"]["components"]
    assert [(o["label"], o["value"]) for o in row["components"][0]["options"]] == [
        ("An extra action", "action"), ("End Afflicted 3 (fire)", "end:afflicted/fire"),
        ("End Afflicted 3 (poison)", "end:afflicted/poison")]
    ended = await choose(nazh, asked, "end:afflicted/poison", GM)
    assert said(ended) == "**Szeth** spends 1 focus: it is no longer Afflicted 3 (poison)."
    await card_with_lines(nazh.fake, "▶️ **Szeth** · fast & slow · 2 actions · reaction ✓ · "
                                     "Healthy · Afflicted 3 (fire)")


async def test_dodge_is_not_for_an_attack_on_several_targets(nazh: NazhUnderTest) -> None:
    """Dodge (basic reactions): "You can't use this reaction on area attacks or on those that
    target multiple characters": the Bandit's Dodge waits, unspent, through Kaladin's attack on
    it and Szeth, and gives the next attack on it alone its disadvantage."""
    await skirmish(nazh)
    await choose(nazh, await press(nazh, "Dodge", GM), "Bandit", GM)
    nazh.dice.script(20, 17).script(8, 5)
    _, attacked = await nazh.slash("attack", weapon="Spear", target="Bandit", target2="Szeth",
                                   _user=PLAYER)
    assert "Dodging" not in description(attacked)
    assert nazh.dice.unused == {}
    await card_showing(nazh.fake, "⏳ **Bandit** · slow · Dodging 💨 · ")
    nazh.dice.script(20, 17, 9).script(8, 5)
    _, alone = await nazh.slash("attack", weapon="Spear", target="Bandit", _user=PLAYER)
    assert "Kaladin — target Dodging: disadvantage" in description(alone)


async def test_recover_rolls_the_recovery_die_onto_health_once_per_scene(
        nazh: NazhUnderTest) -> None:
    await skirmish(nazh)
    await command(nazh, "encounter damage", GM, combatant="Kaladin", amount=5)
    await press(nazh, "Fast", PLAYER)
    await card_with_lines(nazh.fake, "▶️ **Kaladin** · fast · 2 actions · reaction ✓ · "
                                     "Health 7/12 · Focus 2")
    nazh.dice.script(4, 3)
    recover = card_custom_id(await panel(nazh, PLAYER), "Recover")
    _, answer = await nazh.click(recover, user=PLAYER)
    text = description(answer)
    assert "Recover (recovery die d4)" in text
    assert "Kaladin Recovers 3: health 10/12, focus 2" in str(answer["data"])
    assert nazh.dice.unused == {}
    _, twice = await nazh.click(recover, user=PLAYER)  # a double click rolls nothing more
    assert "Recover is once per scene" in refused(twice)
    await card_with_lines(nazh.fake, "▶️ **Kaladin** · fast · 0 actions · reaction ✓ · "
                                     "Health 10/12 · Focus 2")
    assert "Recover is once per scene: Kaladin has already recovered" in refused(
        await press(nazh, "Recover", PLAYER))
    lines = await log_lines(nazh)
    assert any(line.endswith("Kaladin Recovered 3: health +3, focus +0") for line in lines)
    assert "Health 10/12" in line_of(live_card(nazh.fake), "Kaladin")


async def test_a_reaction_comes_back_when_its_holders_turn_begins_not_with_the_phase(
        nazh: NazhUnderTest) -> None:
    """Part 3 "Order of Combat": "at the start of each of your turns, you gain a new reaction":
    Kaladin and Shallan share the slow players' phase, taking their turns one after another;
    Kaladin's reaction, spent in the fast players' phase, is back when he acts in his turn,
    not when the phase starts (he cannot Aid Shallan before)."""
    await skirmish(nazh)
    await press(nazh, "Spend reaction", PLAYER)
    await press(nazh, "Done", PLAYER)
    await press(nazh, "Done", ROLLER)
    await press(nazh, "Done", GM)  # Szeth's fast turn
    await card_with_lines(nazh.fake, "▶️ **Kaladin** · slow · 3 actions · reaction ✗ · "
                                     "Health 12/12 · Focus 2",
                          "▶️ **Shallan** · slow · 3 actions · reaction ✓ · Health 10/10 · "
                          "Focus 2")
    assert "Kaladin has no reaction left this round" in refused(
        await press(nazh, "Aid", PLAYER))
    await press(nazh, "Spend action", PLAYER)
    await card_with_lines(nazh.fake, "▶️ **Kaladin** · slow · 2 actions · reaction ✓ · "
                                     "Health 12/12 · Focus 2")
    asked = await press(nazh, "Aid", PLAYER)
    assert "Whom does **Kaladin** Aid" in said(asked)
