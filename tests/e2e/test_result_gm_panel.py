"""A shared roll result's 👑 GM panel, end to end on both transports: the result every member
sees draws only what its players may use, a GM's controls (Add Plot Die, Disadvantage, a
Complication, a face that is the GM's to keep, an endeavor's Count) wait behind one 👑 GM; the
panel is the pressing GM's alone, in their language; each act on it changes the roll and draws
the shared result again (a card as a card, a one-line answer as a line) and the panel shows
what is left; a player, a forged panel control and a forged message are refused, and nothing
changes."""

from __future__ import annotations

import json

import pytest

from nazh.adapters.discord.rolls.result import RollAction, roll_control
from nazh.application.shared.json_types import JsonObject
from tests.e2e.answer_kit import as_member, send
from tests.e2e.fake_discord import slash_command
from tests.e2e.harness import NazhUnderTest, embed_of
from tests.e2e.locale_kit import assert_marked, click
from tests.e2e.roll_kit import (
    EPHEMERAL,
    GM,
    PLAYER,
    ROLLER,
    buttons,
    on_gm_panel,
    opened_panel,
    panel_control,
    panel_pressed,
    pressed_anyway,
    records,
    roll_id_of,
    shared_result,
)

pytestmark = pytest.mark.usefixtures("gm_manages_the_server")

GM_CONTROLS = {"Add Plot Die", "Disadvantage", "Spend a Complication (GM) on…"}
"""The GM's controls of a posted test with a Complication to spend."""


@pytest.fixture
def nazh(pseudo_nazh: NazhUnderTest) -> NazhUnderTest:
    """The bot on each transport (the pseudo-locale on, for a GM whose client speaks it),
    with a GM; every request is checked against Discord's spec afterwards."""
    return pseudo_nazh


async def a_complication(nazh: NazhUnderTest) -> JsonObject:
    """``/roll 1d20+2 dc:15`` by the roller, the d20 showing 1: a failure with a Complication.
    The shared result as stored."""
    nazh.dice.script(20, 1)
    _, body = await nazh.slash(pool="1d20+2", dc=15, _user=ROLLER)
    return shared_result(nazh, roll_id_of(body))


async def test_the_shared_result_draws_the_players_controls_and_the_gm_opens_theirs(
        nazh: NazhUnderTest) -> None:
    message = await a_complication(nazh)
    shown = set(buttons(message))
    assert shown == {"Copy Command", "Advantage", "GM"}
    assert not shown & GM_CONTROLS
    panel = await opened_panel(nazh, message)
    assert set(buttons(panel)) == GM_CONTROLS
    # who rolled and what happened, no id: the roll id is the shared result's footer's
    assert panel["content"] == f"👑 **GM** · <@{ROLLER['id']}>\n**3 · Failure, 1 Complication**"
    assert roll_id_of({"data": message}) not in panel["content"]


async def test_each_act_on_the_panel_draws_the_result_again_and_the_panel_what_is_left(
        nazh: NazhUnderTest) -> None:
    message = await a_complication(nazh)
    panel = await opened_panel(nazh, message)
    panel, shared = await panel_pressed(nazh, message, panel, "Spend a Complication (GM) on…",
                                        values=["lose-focus"])
    assert f"⚠️ Complication spent: Lose 1 focus (<@{GM['id']}>)" in embed_of(shared)[
        "description"]
    assert set(buttons(panel)) == {"Add Plot Die", "Disadvantage"}
    assert panel["content"].startswith("👑 **GM** · ")
    nazh.dice.script(6, 3)  # a blank face
    panel, shared = await panel_pressed(nazh, message, panel, "Add Plot Die")
    assert "-# blank | `p` | [**3**]" in embed_of(shared)["description"]
    assert set(buttons(panel)) == {"Disadvantage"}
    chooser, _ = await panel_pressed(nazh, message, panel, "Disadvantage")
    assert panel_control(chooser, "The die to")  # the die select, on the panel itself
    nazh.dice.script(20, 7)
    panel, shared = await panel_pressed(nazh, message, chooser, "The die to", values=["0.0"])
    assert set(buttons(panel)) == {"Keep 1", "Keep 7"}  # the GM keeps a face: theirs
    assert set(buttons(shared)) == {"GM"}  # everyone waits for the GM's choice
    panel, shared = await panel_pressed(nazh, message, panel, "Keep 7")
    assert embed_of(shared)["description"].startswith("## 9 · Failure")
    assert set(buttons(panel)) == {"Disadvantage"}  # the plot die can still take one
    assert set(buttons(shared)) == {"Copy Command", "Advantage", "GM"}
    assert nazh.container is not None
    assert await nazh.container.storage.writer().flush(5)
    assert [kind for _, kind in records(nazh, roll_id_of({"data": message}))] == [
        "roll", "spent", "plot_added", "die_rerolled", "die_kept"]


async def test_once_nothing_is_a_gms_the_panel_says_so_and_the_result_drops_its_button(
        nazh: NazhUnderTest) -> None:
    # dice rolled at the table take no new face: the Complication is the GM's only control
    _, body = await nazh.slash(pool="1d20", physical="1", _user=ROLLER)
    message = shared_result(nazh, roll_id_of(body))
    assert set(buttons(message)) == {"Copy Command", "GM"}
    panel, shared = await on_gm_panel(nazh, message, "Spend a Complication (GM) on…",
                                      values=["drawback"])
    assert panel["content"].endswith("\nNothing is left for a GM to do on this roll.")
    assert not panel.get("components")
    assert set(buttons(shared)) == {"Copy Command"}


@pytest.mark.parametrize("user", [ROLLER, PLAYER])
async def test_a_player_is_refused_the_panel_and_its_forged_controls(
        nazh: NazhUnderTest, user: JsonObject) -> None:
    message = await a_complication(nazh)
    roll_id = roll_id_of({"data": message})
    refused = await pressed_anyway(nazh, roll_control(RollAction.GM, roll_id), message, user)
    assert refused["data"]["flags"] & EPHEMERAL
    assert "may use the GM panel" in refused["data"]["content"]
    forged = roll_control(RollAction.COMPLICATION, roll_id, on=int(message["id"]))
    refused = await pressed_anyway(nazh, forged, message, user, ["lose-focus"])
    assert "may use the GM panel" in refused["data"]["content"]
    assert nazh.container is not None
    assert await nazh.container.storage.writer().flush(5)
    assert records(nazh, roll_id) == [(1, "roll")]
    assert nazh.fake.message(str(message["id"])) == message


async def test_a_panel_control_naming_another_message_is_refused_and_changes_nothing(
        nazh: NazhUnderTest) -> None:
    message = await a_complication(nazh)
    nazh.dice.script(20, 12)
    _, other_body = await nazh.slash(pool="1d20", _user=PLAYER)
    other = shared_result(nazh, roll_id_of(other_body))
    roll_id = roll_id_of({"data": message})
    # the GM's own control of this roll, forged to draw it on another roll's result
    forged = roll_control(RollAction.ADD_PLOT, roll_id, on=int(other["id"]))
    refused = await pressed_anyway(nazh, forged, message, GM)
    assert refused["data"]["flags"] & EPHEMERAL
    assert "that roll's result is no longer in this channel" in refused["data"]["content"]
    assert nazh.fake.message(str(other["id"])) == other
    assert nazh.fake.message(str(message["id"])) == message
    assert nazh.container is not None
    assert await nazh.container.storage.writer().flush(5)
    assert records(nazh, roll_id) == [(1, "roll")]
    # a control no panel draws (the roller's Advantage), forged with a message: no control
    forged = roll_control(RollAction.BACK, roll_id, on=int(message["id"]))
    refused = await pressed_anyway(nazh, forged.replace(":back:", ":adv:"), message, GM)
    assert refused["data"]["content"] == "This control is no longer valid; run /roll again."
    assert records(nazh, roll_id) == [(1, "roll")]


async def test_a_one_line_result_is_drawn_again_as_a_line(nazh: NazhUnderTest) -> None:
    answer = await send(nazh.fake, as_member(slash_command(
        "settings set", {"answer-format": "compact"}, user=GM), manages=True))
    assert "compact" in json.dumps(answer)
    nazh.dice.script(20, 1)
    _, body = await nazh.slash(pool="1d20+2", _user=ROLLER)
    line = str(body["data"]["content"])
    message = shared_result(nazh, line.rsplit("roll ", 1)[1])
    # a busy channel's line keeps the dice as rolled: its GM's panel spends the Complication
    panel = await opened_panel(nazh, message)
    assert set(buttons(panel)) == {"Spend a Complication (GM) on…"}
    _, shared = await panel_pressed(nazh, message, panel, "Spend a Complication (GM) on…",
                                    values=["drawback"])
    assert not shared.get("embeds")
    assert str(shared["content"]).startswith(f"<@{ROLLER['id']}> · ")
    assert f"\n⚠️ Complication spent: A narrative drawback (<@{GM['id']}>)" in shared["content"]


async def test_a_gms_private_roll_draws_their_controls_on_it(nazh: NazhUnderTest) -> None:
    nazh.dice.script(20, 1)
    _, body = await nazh.slash(pool="1d20+2", private=True, _user=GM)
    assert body["data"]["flags"] & EPHEMERAL
    shown = set(buttons(body["data"]))
    assert shown >= GM_CONTROLS  # only its GM sees it: no panel to open
    assert "GM" not in shown


async def test_the_panel_speaks_its_gms_language_and_the_result_the_tables(
        nazh: NazhUnderTest) -> None:
    message = await a_complication(nazh)
    # the GM's client speaks the pseudo-locale, the table English
    panel = await click(nazh, message, "GM", GM, guild_locale="en-US")
    assert_marked(panel["data"])
    assert "[!! Add Plot Die !!]" in buttons(panel["data"])
    nazh.dice.script(6, 3)
    after = await click(nazh, panel["data"], "[!! Add Plot Die", GM, guild_locale="en-US")
    assert_marked(dict(after["data"]))
    shared = nazh.fake.message(str(message["id"]))
    assert "-# blank | `p` | [**3**]" in embed_of(shared)["description"]  # the table's: English
    assert "[!!" not in json.dumps(shared)


async def test_a_gm_opens_the_panel_of_the_result_of_an_attack_and_adds_the_plot_die(
        nazh: NazhUnderTest) -> None:
    nazh.dice.script(20, 9).script(6, 4, 2)
    _, body = await nazh.slash("attack", test="1d20+5", damage="2d6", defense=15, _user=ROLLER)
    message = shared_result(nazh, roll_id_of(body))
    assert "Add Plot Die" not in buttons(message)
    nazh.dice.script(6, 6)
    _, shared = await on_gm_panel(nazh, message, "Add Plot Die")
    assert "| `p` | [**6**]" in embed_of(shared)["description"]
    assert embed_of(shared)["title"] == embed_of(body)["title"]  # the same card, drawn again
