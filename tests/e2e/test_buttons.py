"""The result's buttons and the Copy Command modal, end to end."""

from __future__ import annotations

import pytest

from nazh.adapters.discord.rolls.result import RollAction, roll_control
from nazh.adapters.rng.seeded import SeededRandomSource
from nazh.application.rolls.dice import RollDice
from tests.e2e.fake_discord import FakeDiscord, JsonObject, make_user, modal_submit
from tests.e2e.harness import (
    SEED,
    NazhUnderTest,
    components_of,
    custom_id_of,
    embed_of,
    grant_manage_server,
)
from tests.e2e.roll_kit import (
    GM,
    on_gm_panel,
    opened_panel,
    panel_pressed,
    pressed_anyway,
    roll_id_of,
)

EPHEMERAL = 1 << 6
STRANGER = make_user("999999999999999999", "stranger")


@pytest.fixture(autouse=True)
def gm_manages_the_server(fake_discord: FakeDiscord) -> None:
    grant_manage_server(fake_discord, GM)  # who adds the plot die to a posted roll


def labels(message: JsonObject) -> list[str]:
    return [str(c.get("label")) for c in components_of(message)]


async def test_add_plot_die_rolls_only_the_plot_die(nazh: NazhUnderTest,
                                                    fake_discord: FakeDiscord) -> None:
    interaction, body = await nazh.slash(pool="a1d20+5, 2d6+3", dc=15)
    before = embed_of(body)["description"].split("\n")
    message = fake_discord.original_message(interaction)
    # raising the stakes on a posted roll is a GM's: on the result's 👑 GM panel
    panel, update = await on_gm_panel(nazh, message, "Add Plot Die")
    after = embed_of(update)["description"].split("\n")
    plot_row = next(line for line in after if "| `p` |" in line)
    assert plot_row
    damage_before = next(line for line in before if "`2d6+3`" in line)
    assert damage_before in after  # the damage pool is neither rerolled nor changed
    test_after = next(line for line in after if "`a1d20+5`" in line)
    dice_before = next(line for line in before if "`a1d20+5`" in line).split(" | ")[2]
    assert test_after.split(" | ")[2] == dice_before  # same d20 faces
    assert labels(update) == ["Copy Command", "Advantage", "GM"]  # Disadvantage: the GM's
    assert "Add Plot Die" not in labels(panel)  # the panel shows what is left
    assert labels(panel) == ["Disadvantage"]


async def test_add_plot_die_adds_a_complications_bonus_to_the_test(
        nazh: NazhUnderTest, fake_discord: FakeDiscord) -> None:
    nazh.dice.script(20, 11).script(6, 2)  # the d20 shows 11; the plot die 2: Complication +4
    interaction, _ = await nazh.slash(pool="1d20")
    message = fake_discord.original_message(interaction)
    _, update = await on_gm_panel(nazh, message, "Add Plot Die")
    embed = embed_of(update)
    rows = embed["description"].split("\n")
    assert rows[0] == "## 15 · 1 Complication"
    assert rows[1] == "-# **15** (+4P) | `1d20` | [11]"
    assert rows[2] == "-# !!(T) +4 | `p` | [**2**]"
    assert embed["color"] == 0xF1C40F
    assert nazh.dice.unused == {}


async def test_add_plot_die_with_a_blank_face_changes_no_total(
        nazh: NazhUnderTest, fake_discord: FakeDiscord) -> None:
    nazh.dice.script(20, 11).script(6, 3)  # plot die 3: blank
    interaction, _ = await nazh.slash(pool="1d20")
    message = fake_discord.original_message(interaction)
    _, update = await on_gm_panel(nazh, message, "Add Plot Die")
    rows = embed_of(update)["description"].split("\n")
    assert rows[1] == "-# **11** | `1d20` | [11]"
    assert rows[2] == "-# blank | `p` | [**3**]"
    assert nazh.dice.unused == {}


async def test_only_a_gm_may_add_the_plot_die_to_a_posted_roll(
        nazh: NazhUnderTest, fake_discord: FakeDiscord) -> None:
    """Starter rules, Introduction ("Using Cosmere RPG Dice": Raising the Stakes): the stakes
    "can't be raised after the d20 has already been rolled"; the roller is told why, alone.
    The shared result does not offer it; a press of its control (an old result's, or forged)
    is refused, as is the GM panel to a player."""
    interaction, _ = await nazh.slash(pool="1d20")
    message = fake_discord.original_message(interaction)
    assert "Add Plot Die" not in labels(message)
    add_plot = roll_control(RollAction.ADD_PLOT, roll_id_of({"data": message}))
    for clicker in (None, STRANGER):  # the roller, then someone else
        refusal = await pressed_anyway(nazh, add_plot, message, clicker)
        assert refusal["type"] == 4
        assert refusal["data"]["flags"] & EPHEMERAL
        assert "can't be raised after the d20 has been rolled" in refusal["data"]["content"]
        assert "or p in the notation" in refusal["data"]["content"]
        _, refusal = await nazh.click(custom_id_of(message, "GM"), user=clicker)
        assert refusal["data"]["flags"] & EPHEMERAL
        assert "only a GM" in refusal["data"]["content"]
        assert "may use the GM panel" in refusal["data"]["content"]
    assert labels(fake_discord.original_message(interaction)) == [
        "Copy Command", "Advantage", "GM"]


async def test_copy_command_opens_a_prefilled_modal_and_rolls_it(
        nazh: NazhUnderTest, fake_discord: FakeDiscord) -> None:
    interaction, _ = await nazh.slash(pool="a1d20+5, 2d6+3", label="Strike", dc=14)
    message = fake_discord.original_message(interaction)
    _, modal = await nazh.click(custom_id_of(message, "Copy Command"))
    assert modal["type"] == 9
    text_input = modal["data"]["components"][0]["components"][0]
    assert text_input["value"] == "a1d20+5, 2d6+3"
    submit = modal_submit(modal["data"]["custom_id"], {text_input["custom_id"]: "d1d20+5"},
                          application_id=str(fake_discord.application_id))
    await fake_discord.dispatch("INTERACTION_CREATE", submit)
    body = await fake_discord.wait_for_interaction_response(submit)
    assert body["type"] == 4
    assert not body["data"].get("flags", 0) & EPHEMERAL
    embed = embed_of(body)
    assert "`d1d20+5`" in embed["description"]
    assert embed["title"] == "🎲 Strike"
    assert "DC 14" in embed["description"]


async def test_modal_with_a_bad_pool_answers_privately(nazh: NazhUnderTest,
                                                       fake_discord: FakeDiscord) -> None:
    interaction, _ = await nazh.slash(pool="1d20")
    message = fake_discord.original_message(interaction)
    _, modal = await nazh.click(custom_id_of(message, "Copy Command"))
    field = modal["data"]["components"][0]["components"][0]["custom_id"]
    submit = modal_submit(modal["data"]["custom_id"], {field: "1d20++5"},
                          application_id=str(fake_discord.application_id))
    await fake_discord.dispatch("INTERACTION_CREATE", submit)
    body = await fake_discord.wait_for_interaction_response(submit)
    assert body["data"]["flags"] & EPHEMERAL
    assert "unexpected '+' after '+'" in body["data"]["content"]


async def test_plot_die_with_advantage_offers_a_choice(nazh: NazhUnderTest,
                                                       fake_discord: FakeDiscord) -> None:
    expected = RollDice(SeededRandomSource(SEED))("a1d20+3, ap")
    interaction, body = await nazh.slash(pool="a1d20+3, ap")
    description = embed_of(body)["description"]
    assert "the roller keeps one face" in description
    keep = [label for label in labels(body["data"]) if label.startswith("Keep")]
    assert len(keep) == 2
    options = expected.plot_options()
    for label, option in zip(keep, options, strict=True):
        assert label.endswith(f": {option.pools[0].total}")
    message = fake_discord.original_message(interaction)
    _, refusal = await nazh.click(custom_id_of(message, "Keep"), user=STRANGER)
    assert refusal["data"]["flags"] & EPHEMERAL
    second = [c["custom_id"] for c in components_of(message)
              if str(c.get("label", "")).startswith("Keep")][1]
    _, update = await nazh.click(second)
    assert update["type"] == 7
    final = embed_of(update)["description"]
    assert final.split("\n")[1].startswith(f"-# **{options[1].pools[0].total}**")
    assert "keeps one face" not in final
    assert not [label for label in labels(update["data"]) if label.startswith("Keep")]


async def test_buttons_work_after_a_restart(nazh: NazhUnderTest,
                                            fake_discord: FakeDiscord) -> None:
    interaction, body = await nazh.slash(pool="1d20+2, 2d6")
    before = embed_of(body)["description"].split("\n")
    message = fake_discord.original_message(interaction)
    panel = await opened_panel(nazh, message)
    await nazh.restart()  # a new process: the roll comes back from the log
    _, update = await panel_pressed(nazh, message, panel, "Add Plot Die")
    after = embed_of(update)["description"].split("\n")
    assert after[2] == before[2]  # the damage pool is unchanged
    assert after[1].split(" | ")[2] == before[1].split(" | ")[2]  # same d20
    assert any("| `p` |" in line for line in after)


async def test_buttons_of_an_unknown_roll_answer_privately(nazh: NazhUnderTest,
                                                           fake_discord: FakeDiscord) -> None:
    from tests.e2e.fake_discord import component_click

    click = component_click("nz1:plot:zzzzzzzzzz", application_id=str(fake_discord.application_id))
    await fake_discord.dispatch("INTERACTION_CREATE", click)
    refusal = await fake_discord.wait_for_interaction_response(click)
    assert refusal["data"]["flags"] & EPHEMERAL
    assert "no longer available" in refusal["data"]["content"]
