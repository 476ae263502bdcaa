"""A session's recap as a card: its texts and buttons, its details without buttons; the
payloads are valid for Discord (a Components V2 message within its limits)."""

from __future__ import annotations

import json

import hikari

from nazh.adapters.discord.sessions.card import details_components, recap_components
from nazh.adapters.discord.sessions.controls import card_button
from nazh.application.sessions.recap import recap_of
from nazh.application.shared.json_types import JsonObject
from tests.e2e.fake_discord.message_rules import (
    IS_COMPONENTS_V2,
    TEXT_DISPLAY,
    broken_rules,
    walk,
)
from tests.e2e.fake_discord.spec import validate_request
from tests.session_fakes import played


def built(components: list[hikari.api.ComponentBuilder]) -> list[JsonObject]:
    payload: list[JsonObject] = json.loads(json.dumps([c.build()[0] for c in components]))
    message = {"components": payload, "flags": IS_COMPONENTS_V2}
    assert broken_rules(message) == []
    assert validate_request("POST", "/channels/77/messages", message) == []
    return payload


def test_the_recap_card_and_its_buttons() -> None:
    payload = built(recap_components(recap_of(played())))
    texts = [str(c["content"]) for c in walk(payload) if c["type"] == TEXT_DISPLAY]
    assert texts[0] == "## 🎬 The Shattered Plains"
    assert texts[1].startswith("**🏆 1 fight won · 💀 0 lost**")
    buttons = [(c["label"], c["custom_id"]) for c in walk(payload) if c["type"] == 2]
    assert buttons == [("Details", card_button("session001", "details")),
                       ("Journal", card_button("session001", "journal"))]


def test_the_details_card_has_no_buttons() -> None:
    payload = built(details_components(recap_of(played())))
    assert [c for c in walk(payload) if c["type"] == 2] == []
    assert any("best **20** (23) Athletics" in str(c.get("content")) for c in walk(payload))
    assert not any("roll000001" in str(c.get("content")) for c in walk(payload))  # no ids
