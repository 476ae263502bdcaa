"""``/request`` end to end on both transports, against the fake Discord (every request checked
against Discord's spec): a public request with raised stakes for three players (two with
characters, one without who rolls a flat d20 with a modifier in a form), each result on the card
(the one message the channel sees) and each roller's details theirs alone, a restart in the
middle, a second click rolling nothing, Close keeping "N of M succeeded"; a blind request whose
card and answers show no result until the GM reveals them all at once, no public "blind roll"
line, /verify matching each commitment; four players' rolls leaving one message in the channel;
two clicks at once rolling once; the GM's doors refused to a player."""

from __future__ import annotations

import asyncio
import functools
import json
import sqlite3

import pytest

from nazh.application.shared.json_types import JsonObject
from tests.e2e.card_kit import (
    card_controls,
    card_custom_id,
    card_text,
    is_card,
    on_gm_panel,
)
from tests.e2e.fake_discord import FakeDiscord, make_user, modal_submit
from tests.e2e.harness import NazhUnderTest, embed_of
from tests.e2e.roll_kit import EPHEMERAL, GM, PLAYER, ROLLER, roll_id_of
from tests.waiting import until

UPDATE, MESSAGE, MODAL = 7, 4, 9
LIFT = make_user("774444444444444444", "lift")
WHO = f"<@{PLAYER['id']}> <@{ROLLER['id']}> <@{LIFT['id']}>"


pytestmark = pytest.mark.usefixtures("gm_manages_the_server")


def request_cards(fake: FakeDiscord) -> list[JsonObject]:
    """The request cards Nazh posted in the channel by itself, oldest first."""
    return [m for m in fake.messages
            if is_card(m) and "interaction_metadata" not in m and "📣" in card_text(m)]


def public_messages(fake: FakeDiscord) -> list[JsonObject]:
    """The messages everyone in the channel sees (not ephemeral), oldest first."""
    return [m for m in fake.messages if not int(m.get("flags") or 0) & EPHEMERAL]


def followups(fake: FakeDiscord, interaction: JsonObject) -> list[JsonObject] | None:
    """The interaction's followup messages, once there is one."""
    return fake.followup_messages(interaction) or None


def the_card(fake: FakeDiscord) -> JsonObject:
    found = request_cards(fake)
    assert found, "no request card was posted"
    return found[-1]


async def card_showing(fake: FakeDiscord, *texts: str) -> str:
    """The card's text once it holds every one of ``texts`` (an edit may come after)."""
    def shown() -> str | None:
        found = request_cards(fake)
        text = card_text(found[-1]) if found else ""
        return text if found and all(t in text for t in texts) else None
    return await until(shown, what=f"the request card showing {texts}")


async def press(nazh: NazhUnderTest, label: str, user: JsonObject) -> tuple[JsonObject,
                                                                              JsonObject]:
    return await nazh.click(card_custom_id(the_card(nazh.fake), label), user=user)


async def press_as_gm(nazh: NazhUnderTest, label: str, user: JsonObject) -> tuple[JsonObject,
                                                                                    JsonObject]:
    """Press ``label`` on the card's private 👑 GM panel as ``user`` (who is refused the panel
    unless a GM)."""
    return await on_gm_panel(nazh, the_card(nazh.fake), label, user)


def logged(nazh: NazhUnderTest, roll_id: str) -> str:
    with sqlite3.connect(nazh.data_dir / "nazh.sqlite3") as connection:
        [(result,)] = connection.execute(
            "SELECT result FROM roll_log WHERE roll_id = ? AND version = 1", (roll_id,)
        ).fetchall()
    return str(result)


async def characters(nazh: NazhUnderTest) -> None:
    """The player's Kaladin (Awareness 2) and the roller's Shallan (Awareness 3, 1 rank of
    Perception); Lift has no character."""
    await nazh.slash("character new", name="Kaladin", awareness=2, _user=PLAYER)
    await nazh.slash("character new", name="Shallan", awareness=3, _user=ROLLER)
    await nazh.slash("character skill", name="Perception", ranks=1, _user=ROLLER)


async def test_a_public_request_with_raised_stakes_for_three_players(
        nazh: NazhUnderTest) -> None:
    await characters(nazh)
    _, asked = await nazh.slash("request", skill="Perception", dc=12, stakes=True, who=WHO,
                                label="The ambush", _user=GM)
    assert asked["data"]["content"] == ("Asked: Perception · DC 12 · stakes raised (plot die). "
                                        "Its card is below.")
    assert asked["data"]["flags"] & EPHEMERAL
    text = card_text(the_card(nazh.fake))
    assert "## 📣 Perception · DC 12 · stakes raised (plot die)\n**The ambush**" in text
    assert f"Not rolled yet: <@{ROLLER['id']}>, <@{PLAYER['id']}>, <@{LIFT['id']}>" in text
    assert "Nobody has rolled yet." in text
    assert text.endswith("\nClick **Roll** to roll your test once.")

    nazh.dice.script(20, 10).script(6, 5)  # 10 + 2 = 12: a success, and an Opportunity
    interaction, answer = await press(nazh, "Roll", PLAYER)
    assert answer["type"] == UPDATE
    line = f"<@{PLAYER['id']}> **Kaladin** **12** ✅ success · 🌟 1 Opportunity"
    assert line in card_text(answer)
    [result] = await until(lambda: nazh.fake.followup_messages(interaction) or None,
                           what="the roll's result posted")
    assert result["flags"] & EPHEMERAL  # the card shows the channel; the details are theirs
    description = str(embed_of(result)["description"])
    assert "📣 Asked: Perception, DC 12, stakes raised" in description
    roll_id = roll_id_of({"data": result})
    assert roll_id not in card_text(answer)  # the card names players, not ids
    assert nazh.container is not None
    assert await nazh.container.storage.writer().flush(5)
    kept = json.loads(logged(nazh, roll_id))["request"]
    assert (kept["skill"], kept["dc"], kept["stakes"]) == ("Perception", 12, True)

    _, again = await press(nazh, "Roll", PLAYER)
    assert again["data"]["flags"] & EPHEMERAL
    assert "one roll each" in again["data"]["content"]

    await nazh.restart()  # the request is kept: the card still takes its rolls
    nazh.dice.script(20, 3).script(6, 1)  # 3 + 4 + 2 (the plot die's Complication) = 9
    _, answer = await press(nazh, "Roll", ROLLER)
    assert (f"<@{ROLLER['id']}> **Shallan** **9** ❌ failure · ⚠️ 1 Complication"
            in card_text(answer))

    _, form = await press(nazh, "Roll", LIFT)  # no character: a modifier, a flat d20
    assert form["type"] == MODAL
    assert form["data"]["title"] == "Roll a flat d20"
    [row] = form["data"]["components"]
    [field] = row["components"]
    nazh.dice.script(20, 19).script(6, 3)
    submit = modal_submit(form["data"]["custom_id"], {field["custom_id"]: "2"}, user=LIFT,
                          application_id=str(nazh.fake.application_id))
    await nazh.fake.dispatch("INTERACTION_CREATE", submit)
    posted = await nazh.fake.wait_for_interaction_response(submit)
    assert posted["type"] == MESSAGE
    assert "`1d20+2`" in str(embed_of(posted)["description"])
    text = await card_showing(nazh.fake, f"<@{LIFT['id']}> **21** ✅ success")
    assert "Not rolled yet" not in text
    assert "2 of 3 succeeded so far." in text

    await closing(nazh)


async def closing(nazh: NazhUnderTest) -> None:
    """The card shows the players' Roll and one 👑 GM; a player is refused the GM's panel; the
    GM's Close, on the panel, keeps the summary and takes the buttons away."""
    card = the_card(nazh.fake)
    assert set(card_controls(card)) == {"Roll", "Roll with advantage", "GM"}
    _, refused = await press_as_gm(nazh, "Close", PLAYER)
    assert refused["data"]["flags"] & EPHEMERAL
    assert "only a GM" in refused["data"]["content"]
    assert "may use the GM panel" in refused["data"]["content"]
    _, closed = await press_as_gm(nazh, "Close", GM)
    assert closed["type"] == UPDATE  # the panel: what was done, nothing left to do
    assert card_text(closed).startswith("✓ Closed.")
    assert card_controls(closed) == {}
    text = await card_showing(nazh.fake, "🔒 Closed: 2 of 3 succeeded.")
    assert text.endswith("🔒 Closed: 2 of 3 succeeded.")
    assert card_controls(the_card(nazh.fake)) == {}


async def test_a_blind_request_is_revealed_all_at_once_and_verify_matches(
        nazh: NazhUnderTest) -> None:
    await characters(nazh)
    await nazh.slash("request", skill="Insight", dc=15, visibility="blind", _user=GM)
    nazh.dice.script(20, 18)  # Insight +2: 20
    interaction, answer = await press(nazh, "Roll", PLAYER)
    assert answer["type"] == UPDATE
    text = card_text(answer)
    assert f"<@{PLAYER['id']}> 🕶️ rolled\n" in text
    assert "**20**" not in text
    assert "success" not in text
    [told] = await until(lambda: nazh.fake.followup_messages(interaction) or None,
                         what="the roll's answer")
    assert told["flags"] & EPHEMERAL
    assert "Your blind roll is made: only the GMs see its result" in str(told["content"])
    assert "**20**" not in str(told.get("embeds"))
    assert public_messages(nazh.fake) == [the_card(nazh.fake)]  # no "blind roll" line

    _, view = await press_as_gm(nazh, "GM view", PLAYER)
    assert "only a GM" in view["data"]["content"]
    _, view = await press_as_gm(nazh, "GM view", GM)
    assert view["data"]["flags"] & EPHEMERAL
    assert f"<@{PLAYER['id']}> **Kaladin** **20** ✅ success" in card_text(view)

    _, refused = await press_as_gm(nazh, "Reveal", PLAYER)
    assert "only a GM" in refused["data"]["content"]
    _, revealed = await press_as_gm(nazh, "Reveal", GM)
    assert revealed["type"] == UPDATE
    assert card_text(revealed).startswith("✓ Revealed.")
    text = await card_showing(nazh.fake, "🔓 Revealed: 1 of 1 succeeded.")
    assert f"<@{PLAYER['id']}> **Kaladin** **20** ✅ success" in text
    assert "🔓 Revealed: 1 of 1 succeeded." in text
    roll_id = text.rsplit("`", 2)[-2]  # the card's footer names the ids once revealed, for /verify
    assert text.endswith(f"Kaladin `{roll_id}`")
    assert public_messages(nazh.fake) == [the_card(nazh.fake)]
    assert nazh.container is not None
    assert await nazh.container.storage.writer().flush(5)
    _, verified = await nazh.slash("verify", roll_id=roll_id, _user=ROLLER)
    fields = {f["name"]: f["value"] for f in embed_of(verified)["fields"]}
    assert fields["Chain"].startswith("✅")
    assert "matches the revealed result" in fields["Commitment"]


async def test_two_clicks_at_once_roll_once(nazh: NazhUnderTest) -> None:
    await characters(nazh)
    await nazh.slash("request", skill="Perception", _user=GM)
    custom_id = card_custom_id(the_card(nazh.fake), "Roll")
    answers = await asyncio.gather(*(nazh.click(custom_id, user=PLAYER) for _ in range(2)))
    kinds = sorted(answer["type"] for _, answer in answers)
    assert kinds == [MESSAGE, UPDATE]
    refusal = next(answer for _, answer in answers if answer["type"] == MESSAGE)
    assert "one roll each" in refusal["data"]["content"]
    text = await card_showing(nazh.fake, f"<@{PLAYER['id']}> **Kaladin**")
    assert text.count(f"<@{PLAYER['id']}>") == 1
    assert nazh.container is not None
    assert await nazh.container.storage.writer().flush(5)
    with sqlite3.connect(nazh.data_dir / "nazh.sqlite3") as connection:
        [(count,)] = connection.execute(
            "SELECT count(*) FROM roll_log WHERE result LIKE '%\"request\"%'").fetchall()
    assert count == 1


async def test_a_player_not_asked_is_refused(nazh: NazhUnderTest) -> None:
    await nazh.slash("request", skill="Perception", who=f"<@{ROLLER['id']}>", _user=GM)
    _, refused = await press(nazh, "Roll", PLAYER)
    assert refused["data"]["flags"] & EPHEMERAL
    assert "not asked of you" in refused["data"]["content"]
    _, not_gm = await nazh.slash("request", skill="Perception", _user=PLAYER)
    assert "only a GM" in not_gm["data"]["content"]
    _, bad = await nazh.slash("request", skill="Perception", who="everyone", _user=GM)
    assert "who: mention roles or members" in bad["data"]["content"]


async def test_a_player_without_an_active_character_chooses_which_rolls(
        nazh: NazhUnderTest) -> None:
    await characters(nazh)
    with sqlite3.connect(nazh.data_dir / "nazh.sqlite3") as connection:
        connection.execute("DELETE FROM active_characters")
    await nazh.slash("request", skill="Perception", dc=10, _user=GM)
    _, asked = await press(nazh, "Roll with advantage", PLAYER)
    assert asked["type"] == MESSAGE
    assert asked["data"]["flags"] & EPHEMERAL
    assert asked["data"]["content"] == "Which of your characters rolls?"
    [row] = asked["data"]["components"]
    [menu] = row["components"]
    assert [o["value"] for o in menu["options"]] == ["Kaladin"]
    nazh.dice.script(20, 4, 15)  # advantage keeps 15; Awareness 2: 17
    interaction, chosen = await nazh.click(str(menu["custom_id"]), ["Kaladin"], user=PLAYER)
    assert chosen["type"] == UPDATE
    assert chosen["data"]["content"] == "Rolling with Kaladin…"
    [result] = await until(lambda: nazh.fake.followup_messages(interaction) or None,
                           what="the roll's result posted")
    assert "`a1d20+2`" in str(embed_of(result)["description"])
    await card_showing(nazh.fake, f"<@{PLAYER['id']}> **Kaladin** **17** ✅ success")


async def test_four_players_rolling_leave_one_message_in_the_channel(
        nazh: NazhUnderTest) -> None:
    """One act, one message: the card lists every roll; each roller's details are ephemeral."""
    await characters(nazh)
    await nazh.slash("character new", name="Lift", awareness=1, _user=LIFT)
    await nazh.slash("request", skill="Perception", dc=10, _user=GM)
    for user, face in ((PLAYER, 12), (ROLLER, 3), (LIFT, 15)):
        nazh.dice.script(20, face)
        interaction, answer = await press(nazh, "Roll", user)
        assert answer["type"] == UPDATE
        [mine] = await until(functools.partial(followups, nazh.fake, interaction),
                             what="the roller's own result")
        assert mine["flags"] & EPHEMERAL
    _, form = await press(nazh, "Roll", GM)  # the fourth, without a character: a flat d20
    [row] = form["data"]["components"]
    [field] = row["components"]
    nazh.dice.script(20, 8)
    submit = modal_submit(form["data"]["custom_id"], {field["custom_id"]: "1"}, user=GM,
                          application_id=str(nazh.fake.application_id))
    await nazh.fake.dispatch("INTERACTION_CREATE", submit)
    posted = await nazh.fake.wait_for_interaction_response(submit)
    assert posted["data"]["flags"] & EPHEMERAL
    text = await card_showing(nazh.fake, f"<@{GM['id']}> **9**", "**Lift** **16**")
    assert "2 of 4 succeeded so far." in text
    assert "Count for the endeavor" not in str(the_card(nazh.fake))  # no endeavor runs here
    assert public_messages(nazh.fake) == [the_card(nazh.fake)]
