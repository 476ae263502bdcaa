"""Amending a posted roll by the Cosmere rules, end to end on both transports (scripted dice):
advantage by the roller, disadvantage by a GM, on one die; the die rolled again and the one who
applied it chooses which face to keep (not necessarily the higher); totals and the DC verdict
follow; cancellation; every refusal; a concurrent double choice gives one amendment; it works
after a restart; each step is a record in the chain."""

from __future__ import annotations

import asyncio
import json

import pytest

from nazh.adapters.discord.rolls.result import RollAction, roll_control
from nazh.application.shared.json_types import JsonObject
from tests.e2e.fake_discord import FakeDiscord, slash_command
from tests.e2e.harness import NazhUnderTest, custom_id_of, embed_of
from tests.e2e.roll_kit import (
    EPHEMERAL,
    GM,
    PLAYER,
    ROLLER,
    buttons,
    click,
    die_menu,
    on_gm_panel,
    opened_panel,
    panel_pressed,
    pressed_anyway,
    records,
    roll_id_of,
    shared_result,
)

pytestmark = pytest.mark.usefixtures("gm_manages_the_server")


async def posted(nazh: NazhUnderTest) -> JsonObject:
    """/roll 1d20+5, 2d6 dc:15 by the roller: d20 shows 7 (12: fails), 2d6 show 3 and 4."""
    nazh.dice.script(20, 7).script(6, 3, 4)
    _, body = await nazh.slash(pool="1d20+5, 2d6", dc=15, _user=ROLLER)
    assert "-# **12** | `1d20+5` | [7]" in embed_of(body)["description"]
    return body


async def d20_rerolled_to_15(nazh: NazhUnderTest, body: JsonObject) -> JsonObject:
    """The roller gives the d20 advantage; the reroll shows 15 (waiting for the choice)."""
    menu = await die_menu(nazh, body["data"], "Advantage", ROLLER)
    nazh.dice.script(20, 15)
    return await click(nazh, menu["custom_id"], ROLLER, ["0.0"])


async def test_advantage_rerolls_one_die_and_the_roller_keeps_either_face(
        nazh: NazhUnderTest) -> None:
    body = await posted(nazh)
    chooser = await click(nazh, buttons(body["data"])["Advantage"]["custom_id"], ROLLER)
    assert chooser["type"] == 7
    menu = chooser["data"]["components"][0]["components"][0]
    assert [(o["label"], o["value"]) for o in menu["options"]] == [
        ("pool 1 d20: 7", "0.0"), ("pool 2 d6 #1: 3", "1.0"), ("pool 2 d6 #2: 4", "1.1")]
    nazh.dice.script(20, 15)
    rerolled = await click(nazh, menu["custom_id"], ROLLER, ["0.0"])
    description = rerolled["data"]["embeds"][0]["description"]
    assert f"⏳ pool 1 d20: 7 → [7, 15] (advantage): <@{ROLLER['id']}> chooses" in description
    keep = buttons(rerolled["data"])
    assert set(keep) == {"Keep 7", "Keep 15"}
    # the roller keeps the lower face: a choice, not the better result
    kept = await click(nazh, keep["Keep 7"]["custom_id"], ROLLER)
    description = kept["data"]["embeds"][0]["description"]
    assert "-# **12** | `1d20+5`" in description
    assert (f"🔁 pool 1 d20: 7 → [7, 15], kept 7 (advantage, chosen by <@{ROLLER['id']}>)"
            in description)
    assert nazh.container is not None
    assert await nazh.container.storage.writer().flush(5)
    assert records(nazh, roll_id_of(body)) == [(1, "roll"), (2, "die_rerolled"),
                                               (3, "die_kept")]
    _, verified = await nazh.slash("verify", roll_id=roll_id_of(body), _user=PLAYER)
    fields = {f["name"]: f["value"] for f in embed_of(verified)["fields"]}
    steps = [line.split("> ", 1)[1].rsplit(" (record", 1)[0]
             for line in fields["Records"].split("\n")]
    assert steps == ["rolled", "advantage/disadvantage: die rolled again", "face kept"]
    assert fields["Chain"].startswith("✅")


async def test_keeping_the_higher_face_recomputes_the_total_and_the_dc_verdict(
        nazh: NazhUnderTest) -> None:
    body = await posted(nazh)
    rerolled = await d20_rerolled_to_15(nazh, body)
    kept = await click(nazh, buttons(rerolled["data"])["Keep 15"]["custom_id"], ROLLER)
    embed = kept["data"]["embeds"][0]
    assert "-# **20** | `1d20+5` | [15↑(7)]" in embed["description"]
    assert "DC 15" in embed["description"]
    assert embed["color"] != 0xED4245  # no longer the failure red
    assert "Advantage" in buttons(kept["data"])  # the 2d6 can still take one


async def test_a_gm_imposes_disadvantage_on_a_damage_die_and_chooses(
        nazh: NazhUnderTest) -> None:
    body = await posted(nazh)
    message = shared_result(nazh, roll_id_of(body))
    assert "Disadvantage" not in buttons(message)  # a GM's: on the 👑 GM panel
    panel = await opened_panel(nazh, message)
    chooser, _ = await panel_pressed(nazh, message, panel, "Disadvantage")
    menu = chooser["components"][0]["components"][0]
    assert [o["value"] for o in menu["options"]] == ["0.0", "1.0", "1.1"]
    nazh.dice.script(6, 1)
    rerolled, shared = await panel_pressed(nazh, message, chooser, "The die to", values=["1.1"])
    assert (f"⏳ pool 2 d6 #2: 4 → [4, 1] (disadvantage): <@{GM['id']}> chooses"
            in embed_of(shared)["description"])
    # the face is the GM's to keep, on their panel: the shared result shows no Keep
    assert not any(label.startswith("Keep") for label in buttons(shared))
    keep_1 = roll_control(RollAction.KEEP_DIE, roll_id_of(body), 1)
    refused = await pressed_anyway(nazh, keep_1, shared, ROLLER)
    assert refused["data"]["flags"] & EPHEMERAL
    assert f"<@{GM['id']}> chooses which result to keep" in json.dumps(refused["data"])
    after, kept = await panel_pressed(nazh, message, rerolled, "Keep 1")
    description = embed_of(kept)["description"]
    assert "**4** | `2d6` |" in description
    assert (f"🔁 pool 2 d6 #2: 4 → [4, 1], kept 1 (disadvantage, chosen by <@{GM['id']}>)"
            in description)
    assert "Disadvantage" in buttons(after)  # the other dice can still take one


async def test_a_disadvantage_cancels_an_advantage_on_the_same_die(nazh: NazhUnderTest) -> None:
    body = await posted(nazh)
    rerolled = await d20_rerolled_to_15(nazh, body)
    await click(nazh, buttons(rerolled["data"])["Keep 15"]["custom_id"], ROLLER)
    message = shared_result(nazh, roll_id_of(body))
    chooser, _ = await on_gm_panel(nazh, message, "Disadvantage")
    options = chooser["components"][0]["components"][0]["options"]
    assert (options[0]["label"], options[0]["value"]) == (
        "pool 1 d20: 15 (cancels its advantage)", "0.0")
    _, cancelled = await panel_pressed(nazh, message, chooser, "The die to", values=["0.0"])
    description = embed_of(cancelled)["description"]
    assert "-# **12** | `1d20+5` | [7]" in description
    assert "disadvantage cancelled the advantage, back to 7" in description


@pytest.mark.parametrize(("action", "user", "refusal"), [
    (RollAction.ADVANTAGE, PLAYER, "only the roller can give this roll advantage"),
    (RollAction.ADVANTAGE, GM, "only the roller can give this roll advantage"),
    (RollAction.DISADVANTAGE, ROLLER, "only a GM can impose disadvantage on this roll"),
    (RollAction.DISADVANTAGE, PLAYER, "only a GM can impose disadvantage on this roll"),
])
async def test_only_the_right_person_applies_it(nazh: NazhUnderTest, action: RollAction,
                                                user: JsonObject, refusal: str) -> None:
    # pressed on the shared result, Disadvantage too (an older result drew it for everyone)
    body = await posted(nazh)
    message = shared_result(nazh, roll_id_of(body))
    refused = await pressed_anyway(nazh, roll_control(action, roll_id_of(body)), message, user)
    assert refused["data"]["flags"] & EPHEMERAL
    assert refusal in json.dumps(refused["data"])


@pytest.mark.parametrize("user", [ROLLER, PLAYER])
async def test_a_player_cannot_use_the_gm_panel_nor_its_controls(nazh: NazhUnderTest,
                                                                 user: JsonObject) -> None:
    body = await posted(nazh)
    message = shared_result(nazh, roll_id_of(body))
    refused = await click(nazh, custom_id_of(message, "GM"), user)
    assert refused["data"]["flags"] & EPHEMERAL
    assert "may use the GM panel" in json.dumps(refused["data"])
    # a panel's control forged by a player: the same door, and the roll is unchanged
    forged = roll_control(RollAction.DISADVANTAGE, roll_id_of(body), on=int(message["id"]))
    refused = await pressed_anyway(nazh, forged, message, user)
    assert "may use the GM panel" in json.dumps(refused["data"])
    assert nazh.container is not None
    assert await nazh.container.storage.writer().flush(5)
    assert records(nazh, roll_id_of(body)) == [(1, "roll")]


async def test_a_forged_die_or_a_second_change_on_the_same_die_is_refused(
        nazh: NazhUnderTest) -> None:
    body = await posted(nazh)
    menu = await die_menu(nazh, body["data"], "Advantage", ROLLER)
    refused = await click(nazh, menu["custom_id"], ROLLER, ["7.3"])
    assert "that die cannot take advantage now" in json.dumps(refused["data"])
    nazh.dice.script(20, 15)
    rerolled = await click(nazh, menu["custom_id"], ROLLER, ["0.0"])
    kept = await click(nazh, buttons(rerolled["data"])["Keep 15"]["custom_id"], ROLLER)
    chooser = await click(nazh, buttons(kept["data"])["Advantage"]["custom_id"], ROLLER)
    menu = chooser["data"]["components"][0]["components"][0]
    assert [o["value"] for o in menu["options"]] == ["1.0", "1.1"]  # not the d20 again
    again = await click(nazh, menu["custom_id"], ROLLER, ["0.0"])  # a forged value
    assert "that die cannot take advantage now" in json.dumps(again["data"])


async def test_a_concurrent_double_choice_makes_one_amendment(
        nazh: NazhUnderTest, fake_discord: FakeDiscord) -> None:
    body = await posted(nazh)
    menu = await die_menu(nazh, body["data"], "Advantage", ROLLER)
    nazh.dice.script(20, 15, 16)
    twice = await asyncio.gather(*(fake_discord.click(menu["custom_id"], ["0.0"], user=ROLLER)
                                   for _ in range(2)))
    answers = [await fake_discord.wait_for_interaction_response(i) for i in twice]
    assert sorted(answer["type"] for answer in answers) == [4, 7]  # one update, one refusal
    assert nazh.container is not None
    assert await nazh.container.storage.writer().flush(5)
    assert records(nazh, roll_id_of(body)) == [(1, "roll"), (2, "die_rerolled")]


async def test_the_choice_works_after_a_restart(nazh: NazhUnderTest) -> None:
    body = await posted(nazh)
    rerolled = await d20_rerolled_to_15(nazh, body)
    await nazh.restart()
    kept = await click(nazh, custom_id_of(rerolled["data"], "Keep 15"), ROLLER)
    assert "-# **20** | `1d20+5`" in kept["data"]["embeds"][0]["description"]


async def allow_rerolls(fake: FakeDiscord) -> None:
    setting = slash_command("settings set", {"allow-reroll": True}, user=GM)
    await fake.dispatch("INTERACTION_CREATE", setting)
    assert "**allow-reroll**: on" in json.dumps(await fake.wait_for_interaction_response(
        setting), ensure_ascii=False)


async def test_without_allow_reroll_there_is_no_reroll(nazh: NazhUnderTest) -> None:
    body = await posted(nazh)
    assert "Reroll" not in buttons(body["data"])
    forged = f"nz1:rr:{roll_id_of(body)}"
    body["data"]["components"][1]["components"][0]["custom_id"] = forged
    nazh.fake.state.messages[next(iter(nazh.fake.state.messages))]["components"][1][
        "components"][0]["custom_id"] = forged
    refused = await click(nazh, forged, ROLLER)
    assert "this server does not allow rerolls" in json.dumps(refused["data"])


async def test_with_allow_reroll_the_roller_rerolls_a_die_once_and_it_is_logged(
        nazh: NazhUnderTest, fake_discord: FakeDiscord) -> None:
    await allow_rerolls(fake_discord)
    body = await posted(nazh)
    controls = buttons(body["data"])
    assert "Reroll" in controls
    refused = await click(nazh, controls["Reroll"]["custom_id"], PLAYER)
    assert "only the roller can reroll a die of this roll" in json.dumps(refused["data"])
    chooser = await click(nazh, controls["Reroll"]["custom_id"], ROLLER)
    menu = chooser["data"]["components"][0]["components"][0]
    assert [o["value"] for o in menu["options"]] == ["0.0", "1.0", "1.1"]
    nazh.dice.script(6, 6)
    rerolled = await click(nazh, menu["custom_id"], ROLLER, ["1.0"])
    description = rerolled["data"]["embeds"][0]["description"]
    assert "**10** | `2d6` |" in description
    assert f"🎲 pool 2 d6 #1: 3 rerolled → 6 (<@{ROLLER['id']}>)" in description
    chooser = await click(nazh, buttons(rerolled["data"])["Reroll"]["custom_id"], ROLLER)
    menu = chooser["data"]["components"][0]["components"][0]
    assert [o["value"] for o in menu["options"]] == ["0.0", "1.1"]  # once per die
    assert nazh.container is not None
    assert await nazh.container.storage.writer().flush(5)
    assert records(nazh, roll_id_of(body)) == [(1, "roll"), (2, "rerolled")]
