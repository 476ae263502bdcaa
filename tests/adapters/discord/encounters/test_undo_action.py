"""Undo action on a roll's result: drawn where the result offers it (a roll that spent one of
its combatant's actions: the encounter's handler grants it), never on a hidden roll; its
custom id routes to UndoActions (the behaviour end to end: tests/e2e/test_encounter_rolls.py)."""

from __future__ import annotations

import hikari

from nazh.adapters.discord.encounters.undo_action import (
    UndoActionControl,
    UndoActions,
    undo_control,
)
from nazh.adapters.discord.features import OFFER_BUTTONS, owner_of
from nazh.application.encounters.roll_handler import UNDO_ACTION
from nazh.application.rolls.model import Offers
from tests.adapters.discord.encounters.result_offer_kit import labels, rolled


def test_undo_action_is_drawn_where_the_result_offers_it() -> None:
    assert "Give back the action" in labels(rolled(), Offers().grant(UNDO_ACTION))
    assert "Give back the action" not in labels(rolled(), Offers())


def test_no_undo_on_a_hidden_roll() -> None:
    assert "Give back the action" not in labels(rolled(hidden=True), Offers().grant(UNDO_ACTION))


def test_the_undo_button_routes_to_the_undo_actions() -> None:
    found = owner_of(undo_control("k3v9x0q2md"))
    assert found is not None
    assert found[0].serves is UndoActions
    assert found[1] == UndoActionControl("k3v9x0q2md")
    assert owner_of("nz1:rua:") is None
    assert owner_of("nz1:rua:a:b") is None


def test_the_button_is_a_secondary_one_named_for_what_it_does() -> None:
    row = hikari.impl.MessageActionRowBuilder()
    next(b for b in OFFER_BUTTONS if b.name == UNDO_ACTION).draw(row, rolled())
    payload, _ = row.build()
    [button] = payload["components"]
    assert (button["style"], button["label"]) == (hikari.ButtonStyle.SECONDARY,
                                                  "Give back the action")
