"""``/endeavor`` end to end on both transports, against the fake Discord (every request checked
against Discord's spec): an endeavor reaching its successes through a request's rolls counted
with the request card's Count select (a spectacular success twice, a roll once); one reaching
its failures through its card's buttons, across a restart; a secret one seen only by the GM
until it ends; a /check counted by its id; a /check counted with the Count button of its
result (a player refused, a roll once), and a secret one only once revealed."""

from __future__ import annotations

import pytest

from nazh.application.shared.json_types import JsonObject
from tests.e2e.card_kit import card_controls, card_custom_id, card_text, is_card, on_gm_panel
from tests.e2e.fake_discord import FakeDiscord
from tests.e2e.fake_discord.message_rules import walk
from tests.e2e.harness import NazhUnderTest
from tests.e2e.roll_kit import (
    EPHEMERAL,
    GM,
    PLAYER,
    ROLLER,
    buttons,
    pressed_anyway,
    roll_id_of,
    shared_result,
)
from tests.e2e.roll_kit import opened_panel as result_panel
from tests.waiting import until

UPDATE = 7
COUNT = "Count for the endeavor… (a GM)"


pytestmark = pytest.mark.usefixtures("gm_manages_the_server")


def posted(fake: FakeDiscord, icon: str) -> JsonObject:
    found = [m for m in fake.messages
             if is_card(m) and "interaction_metadata" not in m and icon in card_text(m)]
    assert found, f"no {icon} card"
    return found[-1]


def results(fake: FakeDiscord) -> list[JsonObject]:
    """The messages with an embed (rolls' results), oldest first."""
    return [m for m in fake.messages if m.get("embeds")]


async def showing(fake: FakeDiscord, icon: str, text: str) -> str:
    def shown() -> str | None:
        found = card_text(posted(fake, icon))
        return found if text in found else None
    return await until(shown, what=f"the {icon} card showing {text!r}")


async def test_an_endeavor_reaches_its_successes_through_a_requests_rolls(
        nazh: NazhUnderTest) -> None:
    _, started = await nazh.slash("endeavor start", name="Cross the chasm", successes=3,
                                  failures=2, _user=GM)
    assert started["data"]["flags"] & EPHEMERAL
    assert started["data"]["content"].startswith("Endeavor started: 3 successes before 2 "
                                                 "failures.")
    assert "Successes 0 of 3 · Failures 0 of 2" in card_text(posted(nazh.fake, "🧗"))
    await nazh.slash("character new", name="Kaladin", athletics=1, _user=PLAYER)
    await nazh.slash("request", skill="Athletics", dc=10, _user=GM)
    nazh.dice.script(20, 19)
    results_before = len(results(nazh.fake))
    _, rolled = await nazh.click(card_custom_id(posted(nazh.fake, "📣"), "Roll"), user=PLAYER)
    assert rolled["type"] == UPDATE
    await until(lambda: "Kaladin" in card_text(posted(nazh.fake, "📣")) or None,
                what="the roll on the request's card")
    assert COUNT not in str(posted(nazh.fake, "📣"))  # the GM's: on the GM's panel
    _, panel = await nazh.click(card_custom_id(posted(nazh.fake, "📣"), "GM"), user=GM)
    assert panel["data"]["flags"] & EPHEMERAL
    select = card_custom_id(panel, COUNT)
    options = [option for c in walk(panel["data"].get("components") or [])
               if c.get("custom_id") == select for option in c["options"]]
    double = next(o["value"] for o in options if o["label"].endswith("a success ×2"))
    _, refused = await nazh.click(select, [double], user=PLAYER)
    assert "only a GM" in refused["data"]["content"]
    result = await until(  # posted beside the card's update, which may come first
        lambda: results(nazh.fake)[-1] if len(results(nazh.fake)) > results_before else None,
        what="the roll's posted result")
    assert result["flags"] & EPHEMERAL  # the roller's own details: the card's select counts it
    assert "Count" not in buttons(result)
    _, counted = await nazh.click(select, [double], user=GM)
    assert counted["data"]["flags"] & EPHEMERAL
    assert counted["data"]["content"] == ("Counted for Cross the chasm: Successes 2 of 3 · "
                                          "Failures 0 of 2.")
    _, again = await nazh.click(select, [double], user=GM)
    assert "counted already: once each" in again["data"]["content"]
    await showing(nazh.fake, "🧗", "✅ success ×2 · Kaladin")
    assert set(card_controls(posted(nazh.fake, "🧗"))) == {"GM"}  # the rest: the GM's panel
    _, last = await on_gm_panel(nazh, posted(nazh.fake, "🧗"), "Success", GM)
    assert last["type"] == UPDATE  # the panel: what was done, nothing left to press
    assert card_text(last).startswith("✓ ✅ success · by hand It has succeeded.")
    assert card_controls(last) == {}
    text = await showing(nazh.fake, "🧗", "🏁 Succeeded")
    assert text.endswith("🏁 Succeeded: Successes 3 of 3 · Failures 0 of 2.")
    assert card_controls(posted(nazh.fake, "🧗")) == {}


async def test_an_endeavor_reaches_its_failures_on_its_buttons(nazh: NazhUnderTest) -> None:
    await nazh.slash("endeavor start", name="Hold the gate", successes=4, failures=2, _user=GM)
    _, refused = await on_gm_panel(nazh, posted(nazh.fake, "🧗"), "Failure", ROLLER)
    assert refused["data"]["flags"] & EPHEMERAL
    assert "only a GM" in refused["data"]["content"]
    assert "may use the GM panel" in refused["data"]["content"]
    _, answer = await on_gm_panel(nazh, posted(nazh.fake, "🧗"), "Failure", GM)
    assert "Successes 0 of 4 · Failures 1 of 2" in card_text(answer)
    await showing(nazh.fake, "🧗", "Successes 0 of 4 · Failures 1 of 2")
    await nazh.restart()  # kept: the card still counts
    _, answer = await on_gm_panel(nazh, posted(nazh.fake, "🧗"), "Failure", GM)
    assert "It has failed." in card_text(answer)
    text = await showing(nazh.fake, "🧗", "💀 Failed")
    assert text.endswith("💀 Failed: Successes 0 of 4 · Failures 2 of 2.")
    _, ended = await nazh.slash("endeavor end", _user=GM)
    assert "no endeavor is running in this channel" in ended["data"]["content"]


async def test_a_secret_endeavor_is_seen_only_by_the_gm_until_it_ends(
        nazh: NazhUnderTest) -> None:
    _, started = await nazh.slash("endeavor start", name="Sneak past", successes=3,
                                  failures=3, secret=True, _user=GM)
    assert started["data"]["content"].startswith("Endeavor started (secret: only you see "
                                                 "this): 3 successes before 3 failures.")
    _, answer = await on_gm_panel(nazh, posted(nazh.fake, "🧗"), "Success", GM)
    assert answer["type"] == UPDATE  # the GM's private panel: the count is the GM's to see
    assert "Successes 1 of 3 · Failures 0 of 3" in card_text(answer)
    text = await showing(nazh.fake, "🧗", "(1 counted so far)")
    assert "🤫 A secret endeavor: the GM keeps the thresholds and the count (1 counted so far)." \
        in text
    assert "of 3" not in text
    _, peek = await on_gm_panel(nazh, posted(nazh.fake, "🧗"), "GM view", PLAYER)
    assert "only a GM" in peek["data"]["content"]
    _, view = await on_gm_panel(nazh, posted(nazh.fake, "🧗"), "GM view", GM)
    assert view["data"]["flags"] & EPHEMERAL
    assert "Successes 1 of 3 · Failures 0 of 3" in card_text(view)
    _, ended = await nazh.slash("endeavor end", _user=GM)
    assert ended["data"]["content"] == "Ended: Successes 1 of 3 · Failures 0 of 3."
    await showing(nazh.fake, "🧗", "⏹️ Ended by the GM: Successes 1 of 3 · Failures 0 of 3.")


async def test_a_gm_counts_a_check_by_its_id(nazh: NazhUnderTest) -> None:
    await nazh.slash("endeavor start", name="Climb the wall", successes=2, failures=2, _user=GM)
    await nazh.slash("character new", name="Kaladin", strength=2, _user=PLAYER)
    nazh.dice.script(20, 15)
    _, check = await nazh.slash("check", skill="Athletics", dc=12, _user=PLAYER)
    roll_id = roll_id_of(check)
    _, refused = await nazh.slash("endeavor count", roll=roll_id, _user=PLAYER)
    assert "only a GM" in refused["data"]["content"]
    _, counted = await nazh.slash("endeavor count", roll=roll_id, _user=GM)  # its verdict
    assert counted["data"]["content"] == ("Counted for Climb the wall: Successes 1 of 2 · "
                                          "Failures 0 of 2.")
    _, again = await nazh.slash("endeavor count", roll=roll_id, _user=GM, **{"as": "double"})
    assert "counted already: once each" in again["data"]["content"]
    _, unknown = await nazh.slash("endeavor count", roll="zzzzzzzzzz", _user=GM)
    assert "no longer available" in unknown["data"]["content"]
    nazh.dice.script(20, 2)
    _, missed = await nazh.slash("check", skill="Athletics", dc=12, _user=PLAYER)
    _, spectacular = await nazh.slash("endeavor count", roll=roll_id_of(missed), _user=GM,
                                      **{"as": "double"})  # the GM's call, not the verdict
    assert spectacular["data"]["content"] == (
        "Counted for Climb the wall: Successes 3 of 2 · Failures 0 of 2. It has succeeded.")
    await showing(nazh.fake, "🧗", "✅ success · Kaladin\n✅ success ×2")


def count_button(message: JsonObject) -> str:
    return str(buttons(message)["Count"]["custom_id"])


async def test_a_gm_counts_a_checks_result_with_its_count_button(nazh: NazhUnderTest) -> None:
    await nazh.slash("character new", name="Kaladin", strength=2, _user=PLAYER)
    nazh.dice.script(20, 15)
    _, before = await nazh.slash("check", skill="Athletics", dc=12, _user=PLAYER)
    before_panel = await result_panel(nazh, shared_result(nazh, roll_id_of(before)))
    assert "Count" not in buttons(before_panel)  # no endeavor runs here yet
    await nazh.slash("endeavor start", name="Climb the wall", successes=2, failures=2, _user=GM)
    nazh.dice.script(20, 15)
    _, check = await nazh.slash("check", skill="Athletics", dc=12, _user=PLAYER)
    message = shared_result(nazh, roll_id_of(check))
    # counting is a GM's: on the result's 👑 GM panel, not for everyone on the result
    assert "Count" not in buttons(message)
    count = count_button(await result_panel(nazh, message))
    refused = await pressed_anyway(nazh, count, message, PLAYER)
    assert refused["data"]["flags"] & EPHEMERAL
    assert ("only a GM (the server's gm-role, or Manage Server while none is set) may count a "
            "roll's result for an endeavor") in refused["data"]["content"]
    _, choice = await nazh.click(count, user=GM)
    assert choice["data"]["flags"] & EPHEMERAL
    assert choice["data"]["content"] == "Count Kaladin's roll for Climb the wall as:"  # no id
    menu = buttons(choice["data"])["Count it for the endeavor as…"]
    options = {o["label"]: o["value"] for o in menu["options"]}
    assert list(options) == ["A success", "A success ×2", "A failure"]
    _, counted = await nazh.click(menu["custom_id"], [options["A success"]], user=GM)
    assert counted["data"]["content"] == ("Counted for Climb the wall: Successes 1 of 2 · "
                                          "Failures 0 of 2.")
    await showing(nazh.fake, "🧗", "✅ success · Kaladin")
    _, again = await nazh.click(menu["custom_id"], [options["A success ×2"]], user=GM)
    assert "counted already: once each" in again["data"]["content"]


async def test_a_secret_check_counts_only_once_revealed(nazh: NazhUnderTest) -> None:
    await nazh.slash("endeavor start", name="Climb the wall", successes=2, failures=2, _user=GM)
    await nazh.slash("character new", name="Kaladin", strength=2, _user=PLAYER)
    nazh.dice.script(20, 15)
    _, secret = await nazh.slash("check", skill="Athletics", dc=12, visibility="gm",
                                 _user=PLAYER)
    assert "Count" not in buttons(secret["data"])  # its public line: Show me, Reveal
    roll_id = roll_id_of(secret).split(" ", 1)[0]  # its footer: the id, then /verify's word
    _, refused = await nazh.slash("endeavor count", roll=roll_id, _user=GM, **{"as": "success"})
    assert f"roll {roll_id} is secret until revealed" in refused["data"]["content"]
    await nazh.click(buttons(secret["data"])["Reveal"]["custom_id"], user=GM)
    revealed = shared_result(nazh, roll_id)
    _, choice = await nazh.click(count_button(await result_panel(nazh, revealed)), user=GM)
    menu = buttons(choice["data"])["Count it for the endeavor as…"]
    _, counted = await nazh.click(menu["custom_id"], [f"{roll_id}.f"], user=GM)
    assert counted["data"]["content"] == ("Counted for Climb the wall: Successes 0 of 2 · "
                                          "Failures 1 of 2.")
