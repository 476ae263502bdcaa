"""A server's answer-format, end to end on both transports: compact answers each roll in one line
(who, what was rolled, the total and its dice, the outcome, the roll id /verify takes) with only
the controls that still serve, for /roll, /check, the message menu, the Copy form and the
builder, a clicked line drawn again as a line; the setting changes the next roll's answer, is
shown by /settings show, and is refused to a member without Manage Server; a compact roll is one
line drawn as Discord's client draws it, and speaks the table's language."""

from __future__ import annotations

import os
import re
from pathlib import Path

from nazh.application.shared.json_types import JsonObject
from tests.e2e.answer_kit import as_member, send
from tests.e2e.fake_discord import FakeDiscord, modal_submit, slash_command
from tests.e2e.harness import (
    NazhUnderTest,
    custom_id_of,
    embed_of,
    gateway_only,
)
from tests.e2e.locale_kit import ADMIN, MANAGE_GUILD, PSEUDO, assert_marked, roll
from tests.e2e.roll_kit import (
    EPHEMERAL,
    GM,
    PLAYER,
    ROLLER,
    buttons,
    click,
    message_roll,
    open_builder,
)
from tests.render_kit import DESKTOP, PHONE, heights, render_html, screenshot

ROLLER_ID = ROLLER["id"]
OPPORTUNITY_SELECT = "Spend an Opportunity (roller) on…"


async def answer_format(fake: FakeDiscord, value: str, user: JsonObject = GM, *,
                        manages: bool = True) -> JsonObject:
    """``/settings set answer-format:value`` by ``user``; its answer."""
    return await send(fake, as_member(slash_command(
        "settings set", {"answer-format": value}, user=user), manages=manages))


def content(body: JsonObject) -> str:
    return str(body.get("data", body).get("content") or "")


def roll_id_in(line: str) -> str:
    found = re.search(r" · roll (\w+)$", line)
    assert found, line
    return found.group(1)


def controls(body: JsonObject) -> list[str]:
    return list(buttons(dict(body.get("data", body))))


async def test_the_setting_changes_the_next_roll_s_answer(
        nazh: NazhUnderTest, fake_discord: FakeDiscord) -> None:
    nazh.dice.script(20, 11, 7)
    _, full = await nazh.slash(pool="a1d20+5", dc=12, _user=ROLLER)
    assert embed_of(full)["description"].startswith("## 16 · Success")

    changed = await answer_format(fake_discord, "compact")
    assert content(changed) == "Changed `answer-format`."
    assert "**answer-format**: compact (each roll answered in one line)" in \
        embed_of(changed)["description"]
    nazh.dice.script(20, 11, 7)  # 11 kept with advantage: 16 against DC 12
    _, body = await nazh.slash(pool="a1d20+5", dc=12, _user=ROLLER)
    line = content(body)
    assert line == (f"<@{ROLLER_ID}> · `a1d20+5` → **16** [11↑(7)] · DC 12: Success · "
                    f"roll {roll_id_in(line)}")
    assert not body["data"].get("embeds")
    # nothing left to choose or spend: a busy channel's line carries no control
    assert not body["data"].get("components")
    assert nazh.container is not None
    assert await nazh.container.storage.writer().flush(5)
    _, verified = await nazh.slash("verify", roll_id=roll_id_in(line), _user=PLAYER)
    assert "a1d20+5" in str(embed_of(verified))

    await answer_format(fake_discord, "full")
    nazh.dice.script(20, 9)
    _, again = await nazh.slash(pool="1d20", _user=ROLLER)
    assert embed_of(again)["description"].startswith("## 9")
    assert "Copy Command" in controls(again)


async def test_a_compact_roll_with_the_plot_die_keeps_its_choice_and_its_spending(
        nazh: NazhUnderTest, fake_discord: FakeDiscord) -> None:
    await answer_format(fake_discord, "compact")
    nazh.dice.script(20, 11).script(6, 6)
    _, body = await nazh.slash(pool="1d20+2", add_plot=True, _user=ROLLER)
    line = content(body)
    assert line == (f"<@{ROLLER_ID}> · `1d20+2` → **13** [11] · `p` → (O) [**6**] · "
                    f"1 Opportunity · roll {roll_id_in(line)}")
    # the Opportunity is the roller's to spend; the dice are not changed from a one-line answer
    assert controls(body) == [OPPORTUNITY_SELECT]

    nazh.dice.script(20, 11).script(6, 6, 3)  # the plot die with advantage: the roller keeps
    interaction, chosen = await nazh.slash(pool="1d20+2, ap", _user=ROLLER)
    line = content(chosen)
    assert " · Choose the plot die's face · " in line
    message = fake_discord.original_message(interaction)
    kept = await click(nazh, custom_id_of(message, controls(chosen)[1]), ROLLER)
    assert kept["type"] == 7
    redrawn = fake_discord.original_message(interaction)
    assert not redrawn.get("embeds")  # drawn again in the form it was posted in
    assert content(redrawn) == (f"<@{ROLLER_ID}> · `1d20+2` → **13** [11] · `ap` → blank "
                                f"[**3** kept, 6 dropped] · roll {roll_id_in(line)}")


async def test_a_private_compact_roll_is_the_roller_s_line(
        nazh: NazhUnderTest, fake_discord: FakeDiscord) -> None:
    await answer_format(fake_discord, "compact")
    nazh.dice.script(20, 4)
    _, body = await nazh.slash(pool="1d20+1", dc=10, private=True, _user=ROLLER)
    assert body["data"]["flags"] & EPHEMERAL
    line = content(body)
    assert line == (f"<@{ROLLER_ID}> · `1d20+1` → **5** [4] · DC 10: Failure · "
                    f"roll {roll_id_in(line)}")


async def test_a_compact_check_names_the_test(
        nazh: NazhUnderTest, fake_discord: FakeDiscord) -> None:
    await nazh.slash("character new", name="Veyla Tarn", awareness=3, _user=ROLLER)
    await nazh.slash("character skill", name="Insight", ranks=2, _user=ROLLER)
    await answer_format(fake_discord, "compact")
    nazh.dice.script(20, 12)
    _, body = await nazh.slash("check", skill="Insight", dc=15, _user=ROLLER)
    line = content(body)
    assert line == (f"<@{ROLLER_ID}> · **Insight test** · `1d20+5` → **17** [12] · "
                    f"DC 15: Success · roll {roll_id_in(line)}")


async def test_the_builder_s_roll_is_compact(
        nazh: NazhUnderTest, fake_discord: FakeDiscord) -> None:
    await answer_format(fake_discord, "compact")
    message = await open_builder(nazh)
    nazh.dice.script(20, 14)
    click_, update = await nazh.click(custom_id_of(message, "Roll Publicly"))
    assert update["type"] == 7
    await fake_discord.wait_for_request(
        lambda r: r.method == "POST" and r.path.startswith("/webhooks/"))
    [posted] = fake_discord.followup_messages(click_)
    assert not posted.get("embeds")
    line = content(posted)
    assert re.fullmatch(r"<@\d+> · `1d20` → \*\*14\*\* \[14\] · roll \w+", line), line


async def test_the_message_menu_and_the_copy_form_answer_in_one_line(
        nazh: NazhUnderTest, fake_discord: FakeDiscord) -> None:
    await answer_format(fake_discord, "compact")
    nazh.dice.script(20, 13)
    found = await message_roll(fake_discord, "I leap the chasm: d20+3 vs 15")
    line = content(found)
    assert re.fullmatch(r"<@\d+> · `1d20\+3` → \*\*16\*\* \[13\] · roll \w+", line), line
    # a line carries no Copy Command: the form is reached from a full card's, rolled as a line
    await answer_format(fake_discord, "full")
    interaction, _ = await nazh.slash(pool="1d20+1", _user=ROLLER)
    card = fake_discord.original_message(interaction)
    _, modal = await nazh.click(custom_id_of(card, "Copy Command"), user=ROLLER)
    await answer_format(fake_discord, "compact")
    text_input = modal["data"]["components"][0]["components"][0]
    nazh.dice.script(20, 2)
    submit = modal_submit(modal["data"]["custom_id"], {text_input["custom_id"]: "1d20+4"},
                          user=ROLLER, application_id=str(fake_discord.application_id))
    await fake_discord.dispatch("INTERACTION_CREATE", submit)
    copied = await fake_discord.wait_for_interaction_response(submit)
    line = content(copied)
    assert line == f"<@{ROLLER_ID}> · `1d20+4` → **6** [2] · roll {roll_id_in(line)}"


async def test_a_member_without_manage_server_is_refused(
        nazh: NazhUnderTest, fake_discord: FakeDiscord) -> None:
    refused = await answer_format(fake_discord, "compact", PLAYER, manages=False)
    assert refused["data"]["flags"] & EPHEMERAL
    assert "Manage Server" in content(refused)
    nazh.dice.script(20, 9)
    _, body = await nazh.slash(pool="1d20", _user=ROLLER)
    assert embed_of(body)["description"].startswith("## 9")  # still full


@gateway_only
async def test_a_compact_roll_is_one_line_on_a_desktop(
        nazh: NazhUnderTest, fake_discord: FakeDiscord) -> None:
    await answer_format(fake_discord, "compact")
    nazh.dice.script(20, 11, 7)
    _, body = await nazh.slash(pool="a1d20+5", dc=12, _user=ROLLER)
    # a line with the same kinds of text (a mention, code, bold), which draw a little taller
    one_line = {"type": 4, "data": {"content": f"<@{ROLLER_ID}> · `1d20` → **16**"}}
    page = render_html([body, one_line], DESKTOP)
    compact_height, line_height = heights(page, DESKTOP)
    assert compact_height == line_height
    phone_page = render_html([body], PHONE)
    [phone] = heights(phone_page, PHONE)
    assert phone <= 100  # the lines a phone wraps it into; the card is 253 px
    out = os.environ.get("NAZH_RENDER_OUT")
    if out:
        Path(out).mkdir(parents=True, exist_ok=True)
        screenshot(page, Path(out) / "result-compact-desktop.png", DESKTOP)
        screenshot(phone_page, Path(out) / "result-compact-phone.png", PHONE)


async def test_a_compact_line_speaks_the_table_s_language(pseudo_nazh: NazhUnderTest) -> None:
    setting = slash_command("settings set", {"answer-format": "compact"}, user=ADMIN,
                            locale=PSEUDO)
    member = setting["member"]
    member["permissions"] = str(int(member["permissions"]) | MANAGE_GUILD)
    answer = await send(pseudo_nazh.fake, setting)
    assert "[!! compact (each roll answered in one line) !!]" in embed_of(answer)["description"]
    pseudo_nazh.dice.script(20, 19, 3).script(6, 5)  # an Opportunity to spend
    line = await roll(pseudo_nazh, pool="a1d20+2, p", dc=12)
    assert not line.get("embeds")
    assert "[!! DC 12: [!! Success !!] !!]" in content(line)
    assert_marked(line)
