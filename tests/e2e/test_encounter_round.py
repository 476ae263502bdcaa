"""The round's acts end to end on both transports: who may act (a combatant's owner or a GM,
Next a GM's), the specific ephemeral refusals, a Surprised player's missing fast turn, the
card's Conditions select, conditions removed and a combatant removed."""

from __future__ import annotations

import copy

import pytest

from nazh.adapters.discord.encounters.health_form import AMOUNT_INPUT
from nazh.application.shared.json_types import JsonObject
from tests.e2e.card_kit import card_custom_id
from tests.e2e.encounter_kit import (
    BANDITS,
    KALADIN,
    SHALLAN,
    card_lines,
    card_with_lines,
    choose,
    choose_condition,
    command,
    live_card,
    log_lines,
    panel,
    press,
    pressed,
    refused,
    said,
    set_up_fight,
)
from tests.e2e.fake_discord import make_user, modal_submit
from tests.e2e.harness import NazhUnderTest
from tests.e2e.roll_kit import GM, PLAYER, ROLLER

ONLOOKER = make_user("774444444444444444", "onlooker")
GM_WHO = "a GM (the server's gm-role, or Manage Server while none is set)"

MODAL = 9


pytestmark = pytest.mark.usefixtures("gm_manages_the_server")


async def refusal(nazh: NazhUnderTest, name: str, user: dict[str, object], /,
                  **options: object) -> str:
    _, answer = await nazh.slash(name, _user=user, **options)
    return refused(answer)


async def test_refusals_are_specific_and_change_nothing(nazh: NazhUnderTest) -> None:
    await set_up_fight(nazh)
    card = await card_with_lines(nazh.fake, KALADIN, SHALLAN, BANDITS)
    assert await refusal(nazh, "encounter start", GM) == (
        "**Can't do that.** this channel already has an encounter (\"Chasm ambush\", round 1)\n"
        "Hint: end it with /encounter end, or start one in another channel")
    assert await refusal(nazh, "encounter add", PLAYER, name="Szeth", health=30) == (
        f"**Can't do that.** only {GM_WHO} may add combatants")
    assert await refusal(nazh, "encounter add", GM, name="szeth", health=30) == (
        '**Can\'t do that.** the name "szeth" is taken in this encounter; choose another')
    assert await refusal(nazh, "encounter join", PLAYER) == (
        "**Can't do that.** Kaladin is already in this encounter")
    assert await refusal(nazh, "encounter condition", ROLLER, combatant="Kaladin",
                         condition="prone") == (
        "**Can't do that.** only Kaladin's player or a GM may give Kaladin conditions")
    assert await refusal(nazh, "encounter remove", ROLLER, combatant="Kaladin") == (
        "**Can't do that.** only Kaladin's player or a GM may remove Kaladin")
    assert await refusal(nazh, "encounter next", PLAYER) == (
        f"**Can't do that.** only {GM_WHO} may end the phase (Next)")
    gm_panel_refused = (f"**Can't do that.** only {GM_WHO} may use the GM panel\n"
                        "Hint: My turn holds your own acts")
    assert refused(await press(nazh, "Next", PLAYER)) == gm_panel_refused
    assert said(await panel(nazh, ONLOOKER)) == (
        "You have no combatant here: /encounter join brings your character in.")
    assert refused(await press(nazh, "GM view", PLAYER)) == gm_panel_refused
    assert await refusal(nazh, "encounter end", PLAYER) == (
        f"**Can't do that.** only {GM_WHO} may end the encounter (anyone may once it has had "
        "no change for 24 hours)")
    assert card_lines(live_card(nazh.fake)) == card_lines(card)


async def test_a_surprised_player_has_no_fast_turn_and_one_action_fewer(
        nazh: NazhUnderTest) -> None:
    await set_up_fight(nazh)
    assert await command(nazh, "encounter condition", GM, combatant="Kaladin",
                         condition="surprised") == "**Kaladin** is now Surprised."
    await card_with_lines(nazh.fake, "Waiting for: Shallan",
                          "⏳ **Kaladin** · slow · reaction ✗ · Health 12/12 · Focus 2 · "
                          "Surprised (until end of next turn)")
    assert refused(await press(nazh, "Fast", PLAYER)) == (
        "**Can't do that.** you have no combatant that can go fast now\n"
        "Hint: it is round 1, the fast players phase")
    card = await pressed(nazh, "Done", ROLLER)
    assert card[0] == "⚔️ **Chasm ambush** — Round 1 · Fast adversaries"
    card = await pressed(nazh, "Done", GM)  # Szeth's fast turn: the slow players' phase next
    # part 2 "Conditions", Surprised: "Remove this condition after your next turn"
    assert ("▶️ **Kaladin** · slow · 2 actions · reaction ✗ · Health 12/12 · Focus 2 · "
            "Surprised (until end of this turn)") in card
    card = await pressed(nazh, "Done", PLAYER)
    # part 2 "Conditions", Surprised: a turn started Surprised gains no reaction (it comes
    # with Kaladin's next turn)
    assert "✅ **Kaladin** · slow · acted · reaction ✗ · Health 12/12 · Focus 2" in card
    assert (await log_lines(nazh))[:4] == [
        "R1 · Slow players · Nazh: Kaladin's Surprised ended",
        f"R1 · Slow players · <@{PLAYER['id']}>: Kaladin ended its slow turn",
        f"R1 · Slow players · <@{GM['id']}>: Shallan started a slow turn (3 actions)",
        f"R1 · Slow players · <@{GM['id']}>: Kaladin started a slow turn (2 actions)"]


async def test_the_cards_conditions_select_and_removing(nazh: NazhUnderTest) -> None:
    await set_up_fight(nazh)
    asked = await choose_condition(nazh, "prone", PLAYER)
    assert said(asked) == "Who takes Prone?"
    answer = await choose(nazh, asked, "Kaladin", PLAYER)
    assert said(answer) == "**Kaladin** is now Prone."
    await card_with_lines(nazh.fake, KALADIN + " · Prone")
    asked = await choose_condition(nazh, "afflicted", GM, "GM")
    assert said(asked) == "Who takes Afflicted (value 1: /encounter condition sets another)?"
    assert said(await choose(nazh, asked, "Bandit 2", GM)) == "**Bandit 2** is now Afflicted 1."
    await card_with_lines(nazh.fake, "⏳ **Bandit** ×2 (1, 3) · slow · reaction ✓ · Healthy",
                          "⏳ **Bandit 2** · slow · reaction ✓ · Healthy · Afflicted 1")
    enhanced = await choose_condition(nazh, "enhanced", PLAYER)
    assert refused(enhanced) == ("**Can't do that.** Enhanced needs an attribute and a value: "
                                 "use /encounter condition")
    assert await command(nazh, "encounter condition", PLAYER, combatant="Kaladin",
                         condition="prone", remove=True) == "**Kaladin** is no longer Prone."
    assert await refusal(nazh, "encounter condition", PLAYER, combatant="Kaladin",
                         condition="prone", remove=True) == (
        "**Can't do that.** Kaladin is not Prone (its conditions: none)")
    assert await command(nazh, "encounter remove", PLAYER,
                         combatant="Kaladin") == "Removed **Kaladin**."
    card = await card_with_lines(nazh.fake, "Waiting for: Shallan", BANDITS.replace(
        "×3 (1–3)", "×2 (1, 3)"))
    assert not [line for line in card_lines(card) if "Kaladin" in line]
    assert (await log_lines(nazh))[0] == f"R1 · Fast players · <@{PLAYER['id']}>: removed Kaladin"


async def test_a_gm_applies_damage_and_healing_by_hand(nazh: NazhUnderTest) -> None:
    await nazh.slash("encounter start", name="Ambush", _user=GM)
    await nazh.slash("encounter add", name="Bandit", health=11, deflect=2, role="minion",
                     immunities="spirit", count=2, _user=GM)
    _, hurt = await nazh.slash("encounter damage", combatant="Bandit 2", amount=12, type="keen",
                               _user=GM)
    assert hurt["data"]["content"] == "12 keen - 2 deflect = 10 -> Bandit 2: 11 -> 1"
    _, immune = await nazh.slash("encounter damage", combatant="Bandit 2", amount=5,
                                 type="spirit", _user=GM)
    assert immune["data"]["content"] == "5 spirit: immune = 0 -> Bandit 2: 1 -> 1"
    _, beaten = await nazh.slash("encounter damage", combatant="Bandit 2", amount=3,
                                 type="vital", _user=GM)
    assert beaten["data"]["content"] == ("3 vital -> Bandit 2: 1 -> 0\n"
                                         "**Bandit 2** is defeated.")
    _, healed = await nazh.slash("encounter heal", combatant="Bandit 1", amount=4, _user=GM)
    assert healed["data"]["content"] == "**Bandit 1** recovers 0 health: 11/11."
    _, refused = await nazh.slash("encounter damage", combatant="Bandit 1", amount=3,
                                  _user=PLAYER)
    assert "only a GM" in refused["data"]["content"]


async def test_the_gm_panel_damages_and_heals_by_hand_a_player_may_not(
        nazh: NazhUnderTest) -> None:
    await set_up_fight(nazh)
    gm = await panel(nazh, GM, "GM")
    target = card_custom_id(gm, "Damage or heal")
    _, form = await nazh.click(target, ["Szeth"], user=GM)
    assert form["type"] == MODAL
    assert form["data"]["title"] == "Damage or heal Szeth"
    amount = str(form["data"]["custom_id"])

    async def submitted(value: str, user: JsonObject = GM) -> JsonObject:
        sent = modal_submit(amount, {AMOUNT_INPUT: value}, user=user,
                            message=copy.deepcopy(nazh.fake.message_with_component(target)),
                            application_id=nazh.fake.application_id)
        await nazh.fake.dispatch("INTERACTION_CREATE", sent)
        return await nazh.fake.wait_for_interaction_response(sent)

    assert said(await submitted("16")) == "16 -> Szeth: 30 -> 14"
    await card_with_lines(nazh.fake, "⏳ **Szeth** · fast & slow · reaction ✓ · 🟧 Bloodied")
    assert said(await submitted("+4")) == "**Szeth** recovers 4 health: 18/30."
    await card_with_lines(nazh.fake, "⏳ **Szeth** · fast & slow · reaction ✓ · Injured")
    assert refused(await submitted("lots")) == (
        "**Can't do that.** type an amount from 1 to 9999: 6 deals 6 damage, +6 heals 6")
    assert refused(await submitted("5", PLAYER)) == (
        f"**Can't do that.** only {GM_WHO} may apply damage by hand")
    _, asked = await nazh.click(target, ["Szeth"], user=PLAYER)  # the GM's select, forged
    assert refused(asked) == ("**Can't do that.** damage and healing by hand are a GM's\n"
                              "Hint: the GM panel is for the GMs")
