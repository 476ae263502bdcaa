"""An endeavor's card as EndeavorFeature builds it: the count against the thresholds and the
latest counts, a secret one's hidden from the channel until it ends (a GM's own view shows
it), the ending; its buttons decode to their acts; the payloads are valid for Discord."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime

import hikari
import pytest

from nazh.adapters.discord.requests.endeavors import (
    CODEC,
    card_button,
    card_components,
    panel_components,
)
from nazh.adapters.discord.runtime.controls import parts_of
from nazh.application.endeavors.model import EndeavorRecord
from nazh.application.shared.json_types import JsonObject
from nazh.domain.endeavor import Endeavor, Tally, count, start_endeavor, stop
from tests.e2e.fake_discord.message_rules import (
    IS_COMPONENTS_V2,
    TEXT_DISPLAY,
    broken_rules,
    walk,
)
from tests.e2e.fake_discord.spec import validate_request

NOW = datetime(2026, 11, 24, 18, tzinfo=UTC)
ID = "k3v9x0q2md"
GM = 1


def built(record: EndeavorRecord, *, gm_view: bool = False,
          panel: bool = False) -> list[JsonObject]:
    components: list[hikari.api.ComponentBuilder] = (
        panel_components(record) if panel else card_components(record, gm_view=gm_view))
    payload: list[JsonObject] = json.loads(json.dumps([c.build()[0] for c in components]))
    message = {"components": payload, "flags": IS_COMPONENTS_V2}
    assert broken_rules(message) == []
    assert validate_request("POST", "/channels/77/messages", message) == []
    return payload


def texts(payload: list[JsonObject]) -> list[str]:
    return [str(c["content"]) for c in walk(payload) if c["type"] == TEXT_DISPLAY]


def labels(payload: list[JsonObject]) -> list[str]:
    return [str(c["label"]) for c in walk(payload) if c["type"] == 2]


def record_of(endeavor: Endeavor) -> EndeavorRecord:
    return EndeavorRecord(ID, 500, 77, GM, endeavor, NOW, NOW, card_message_id=900)


def climbing(secret: bool = False) -> Endeavor:
    endeavor = start_endeavor("Cross the chasm", 5, 3, secret=secret)
    endeavor = count(endeavor, Tally(True, 2, GM, "r000000001", "Kaladin"))
    return count(endeavor, Tally(False, 1, GM, None, "by hand"))


def test_a_running_endeavor_shows_its_count_and_latest_counts() -> None:
    payload = built(record_of(climbing()))
    assert texts(payload) == [
        "## 🧗 Cross the chasm", f"An endeavor started by <@{GM}>.",
        "Successes 2 of 5 · Failures 1 of 3",
        "✅ success ×2 · Kaladin\n❌ failure · by hand"]
    assert labels(payload) == ["GM"]  # the counting buttons are the GM's, on the GM's panel
    panel = built(record_of(climbing()), panel=True)
    assert texts(panel) == ["👑 **GM** · Cross the chasm", "Successes 2 of 5 · Failures 1 of 3"]
    assert labels(panel) == ["Success", "Success ×2", "Failure", "End"]


def test_a_secret_endeavor_hides_its_count_until_it_ends() -> None:
    record = record_of(climbing(secret=True))
    shown = texts(built(record))
    assert shown[2] == ("🤫 A secret endeavor: the GM keeps the thresholds and the count "
                        "(2 counted so far).")
    assert not any("of 5" in text for text in shown)
    assert labels(built(record)) == ["GM"]
    assert labels(built(record, panel=True)) == ["Success", "Success ×2", "Failure", "GM view",
                                                 "End"]
    assert texts(built(record, panel=True))[1] == "Successes 2 of 5 · Failures 1 of 3"
    assert texts(built(record, gm_view=True))[2] == "Successes 2 of 5 · Failures 1 of 3"
    assert labels(built(record, gm_view=True)) == []
    ended = texts(built(replace(record, endeavor=stop(record.endeavor))))
    assert ended[-1] == "⏹️ Ended by the GM: Successes 2 of 5 · Failures 1 of 3."


def test_an_endeavor_reaching_a_threshold_says_how_it_ended() -> None:
    failed = count(count(climbing(), Tally(False, 1, GM)), Tally(False, 1, GM))
    payload = built(record_of(failed))
    assert texts(payload)[-1] == "💀 Failed: Successes 2 of 5 · Failures 3 of 3."
    assert labels(payload) == []
    panel = built(record_of(failed), panel=True)
    assert texts(panel)[1] == "Successes 2 of 5 · Failures 3 of 3 It has failed."
    assert labels(panel) == []


@pytest.mark.parametrize("action", ["gm", "success", "double", "failure", "gm-view", "end"])
def test_each_button_decodes_to_its_act(action: str) -> None:
    parts = parts_of(card_button(ID, action))
    assert parts is not None
    assert CODEC.decode(parts) == (ID, action)


@pytest.mark.parametrize("custom_id", ["nz1:edv:k3v9x0q2md:win", "nz1:edv:short:end",
                                       "nz1:edv:k3v9x0q2md"])
def test_anything_else_decodes_to_nothing(custom_id: str) -> None:
    parts = parts_of(custom_id)
    assert parts is not None
    assert CODEC.decode(parts) is None
