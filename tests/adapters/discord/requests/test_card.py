"""A request's card as hikari builds it (RequestFeature's card): its texts are the
presentation's, its buttons decode to their acts, a secret request shows the channel only that
results exist until the GM reveals them (a GM's own view shows every result), 50 results with
long names stay within Discord's limits on the payloads that would be sent; the character
select and the modifier form."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime

import hikari
import pytest

from nazh.adapters.discord.requests.card import (
    card_components,
    character_components,
    modifier_form,
    panel_components,
)
from nazh.adapters.discord.requests.controls import CODEC, RequestControl
from nazh.adapters.discord.runtime.controls import parts_of
from nazh.application.requests.model import RequestRecord
from nazh.application.shared.json_types import JsonObject
from nazh.domain.request import (
    MAX_RESULTS,
    Asked,
    Outcome,
    Request,
    Sight,
    claim,
    close,
    new_request,
    reveal,
    settle,
)
from nazh.presentation.chat import text_units
from nazh.presentation.request_card import request_card
from tests.e2e.fake_discord.message_rules import (
    IS_COMPONENTS_V2,
    MAX_TEXT_DISPLAY_CHARS,
    TEXT_DISPLAY,
    broken_rules,
    walk,
)
from tests.e2e.fake_discord.spec import validate_request

NOW = datetime(2026, 11, 24, 18, tzinfo=UTC)
ID = "k3v9x0q2md"
GM, KAL, SHALLAN, LIFT = 1, 7, 8, 9
BUTTON = 2


def payloads(components: list[hikari.api.ComponentBuilder]) -> list[JsonObject]:
    built: list[JsonObject] = json.loads(json.dumps([c.build()[0] for c in components]))
    return built


def texts(built: list[JsonObject]) -> list[str]:
    return [str(c["content"]) for c in walk(built) if c["type"] == TEXT_DISPLAY]


def buttons(built: list[JsonObject]) -> dict[str, object]:
    found = {}
    for c in walk(built):
        if c["type"] == BUTTON:
            parts = parts_of(str(c["custom_id"]))
            assert parts is not None
            found[str(c["label"])] = CODEC.decode(parts)
    return found


def valid(built: list[JsonObject]) -> None:
    message = {"components": built, "flags": IS_COMPONENTS_V2}
    assert broken_rules(message) == []
    assert validate_request("POST", "/channels/77/messages", message) == []


def record_of(request: Request) -> RequestRecord:
    return RequestRecord(ID, 500, 77, GM, request, NOW, NOW, card_message_id=900)


def perception(sight: Sight = Sight.PUBLIC) -> Request:
    """Perception DC 12, stakes raised, asked of Kal, Shallan and Lift: Kal succeeded with an
    Opportunity, Shallan failed with a Complication, Lift has not rolled."""
    request = new_request("perception", dc=12, stakes=True, sight=sight,
                          asked=Asked(members=frozenset({KAL, SHALLAN, LIFT})),
                          label="The ambush")
    for user in (KAL, SHALLAN):
        request = claim(request, user, frozenset(), NOW)
    sealed = None if sight is Sight.PUBLIC else "ab12cd34"
    request = settle(request, KAL, Outcome("kalroll001", "Kaladin", 17, True, 1, 0, sealed))
    return settle(request, SHALLAN, Outcome("sharoll001", "Shallan", 9, False, 0, 1, sealed))


def test_a_public_card_shows_each_result_who_has_not_rolled_and_its_buttons() -> None:
    record = record_of(perception())
    built = payloads(card_components(record))
    valid(built)
    assert texts(built) == list(request_card(record).texts)
    assert texts(built) == [
        "## 📣 Perception · DC 12 · stakes raised (plot die)\n**The ambush**",
        f"Asked by <@{GM}> of <@{KAL}>, <@{SHALLAN}>, <@{LIFT}>.",
        f"<@{KAL}> **Kaladin** **17** ✅ success · 🌟 1 Opportunity\n"
        f"<@{SHALLAN}> **Shallan** **9** ❌ failure · ⚠️ 1 Complication",
        f"Not rolled yet: <@{LIFT}>",
        "1 of 2 succeeded so far. Click **Roll** to roll your test once."]
    assert buttons(built) == {"Roll": RequestControl(ID, "rq", "roll"),
                              "Roll with advantage": RequestControl(ID, "rq", "advantage"),
                              "GM": RequestControl(ID, "rq", "gm")}
    panel = payloads(panel_components(record))
    valid(panel)
    assert texts(panel) == ["👑 **GM** · Perception · DC 12 · stakes raised (plot die)",
                            "GM view: 1 of 2 succeeded so far."]
    assert buttons(panel) == {"Close": RequestControl(ID, "rq", "close")}


def test_a_closed_card_keeps_its_summary_and_takes_no_roll() -> None:
    built = payloads(card_components(record_of(close(perception()))))
    valid(built)
    assert texts(built)[-1] == "🔒 Closed: 1 of 2 succeeded."
    assert buttons(built) == {}  # nothing left for the players, nor for the GM
    assert not any("Not rolled yet" in text for text in texts(built))


@pytest.mark.parametrize("sight", [Sight.GM, Sight.BLIND])
def test_a_secret_card_shows_the_channel_only_that_results_exist_until_revealed(
        sight: Sight) -> None:
    record = record_of(perception(sight))
    built = payloads(card_components(record))
    valid(built)
    shown = "\n".join(texts(built))
    assert f"<@{KAL}> 🕶️ rolled\n" in shown
    assert "kalroll001" not in shown  # a roll's id serves /verify only once revealed
    assert "17" not in shown
    assert "succeeded" not in shown
    assert texts(built)[-1] == ("2 rolled. Click **Roll** to roll your test once; the GM "
                                "reveals the results.")
    assert set(buttons(built)) == {"Roll", "Roll with advantage", "GM"}
    assert set(buttons(payloads(panel_components(record)))) == {"GM view", "Reveal", "Close"}
    gm = payloads(card_components(record, gm_view=True))
    valid(gm)
    assert f"<@{KAL}> **Kaladin** **17** ✅ success" in "\n".join(texts(gm))
    assert buttons(gm) == {}
    shown_all = payloads(card_components(replace(record, request=reveal(record.request))))
    assert "**17** ✅ success" in "\n".join(texts(shown_all))
    assert texts(shown_all)[-2] == "🔓 Revealed: 1 of 2 succeeded."
    assert texts(shown_all)[-1] == ("-# /verify shows each commitment matches: "
                                    "Kaladin `kalroll001`, Shallan `sharoll001`")
    assert texts(shown_all)[1].endswith(f"🕶️ {sight.value}: revealed")
    assert buttons(shown_all) == {}
    assert buttons(payloads(panel_components(replace(record, request=reveal(
        record.request))))) == {}


def test_fifty_results_with_long_names_stay_within_discords_limits() -> None:
    request = new_request("x" * 40, dc=40, stakes=True, advantage=True, label="y" * 100)
    for user in range(10**18, 10**18 + MAX_RESULTS):
        request = claim(request, user, frozenset(), NOW)
        request = settle(request, user, Outcome("r" * 10, "N" * 64, 99, True, 3, 3, "c" * 16))
    built = payloads(card_components(record_of(request), gm_view=True))
    valid(built)
    assert sum(text_units(t) for t in texts(built)) <= 4000
    assert all(len(t) <= MAX_TEXT_DISPLAY_CHARS for t in texts(built))
    assert texts(built)[2].endswith("…")


def test_fifty_revealed_results_and_their_ids_for_verify_stay_within_discords_limits() -> None:
    request = new_request("x" * 40, dc=40, stakes=True, advantage=True, label="y" * 100,
                          sight=Sight.BLIND)
    for user in range(10**18, 10**18 + MAX_RESULTS):
        request = claim(request, user, frozenset(), NOW)
        request = settle(request, user, Outcome("r" * 10, "N" * 64, 99, True, 3, 3, "c" * 16))
    built = payloads(card_components(record_of(reveal(request)), counting=True))
    valid(built)
    assert sum(text_units(t) for t in texts(built)) <= 4000
    assert texts(built)[-1].startswith("-# /verify shows each commitment matches: ")


def test_the_character_select_and_the_modifier_form() -> None:
    [row] = payloads(character_components(ID, True, ["Kaladin", "Shallan"]))
    [menu] = row["components"]
    parts = parts_of(str(menu["custom_id"]))
    assert parts is not None
    assert CODEC.decode(parts) == RequestControl(ID, "rqc", "advantage")
    assert [o["value"] for o in menu["options"]] == ["Kaladin", "Shallan"]
    title, custom_id, [form] = modifier_form(ID, False)
    assert title == "Roll a flat d20"
    parts = parts_of(custom_id)
    assert parts is not None
    assert CODEC.decode(parts) == RequestControl(ID, "rqm", "roll")
    assert form.build()[0]["components"][0]["custom_id"] == "modifier"


def test_the_count_select_shows_only_while_an_endeavor_runs_in_the_channel() -> None:
    """A control that cannot apply is not shown: Count only with an endeavor running, on the
    GM's panel (never on the card every member sees)."""
    record = record_of(perception())
    for without in (payloads(card_components(record)),
                    payloads(card_components(record, counting=True)),
                    payloads(panel_components(record))):
        assert not any(c.get("type") == 3 for row in without[0]["components"]
                       for c in row.get("components", ()))
    counting = payloads(panel_components(record, counting=True))
    valid(counting)
    [menu] = counting[0]["components"][-1]["components"]
    assert menu["placeholder"] == "Count for the endeavor… (a GM)"
    labels = [o["label"] for o in menu["options"]]
    assert labels[:3] == ["Kaladin (17): a success", "Kaladin (17): a success ×2",
                          "Kaladin (17): a failure"]
    assert not any("kalroll001" in label for label in labels)
