"""Knock out instead on an attack's result: drawn where the result offers it (an attack that
defeated a rival or boss enemy: the encounter's handler grants it), never on a hidden roll; its
custom id routes to KnockOuts (the behaviour end to end: tests/e2e/test_encounter_defeated.py)."""

from __future__ import annotations

import hikari

from nazh.adapters.discord.encounters.knock_out import (
    KnockOutControl,
    KnockOuts,
    knock_out_control,
)
from nazh.adapters.discord.features import OFFER_BUTTONS, owner_of
from nazh.application.encounters.roll_handler import KNOCK_OUT
from nazh.application.rolls.model import Offers
from tests.adapters.discord.encounters.result_offer_kit import labels, rolled


def test_knock_out_is_drawn_where_the_result_offers_it() -> None:
    assert "Knock out instead" in labels(rolled(), Offers().grant(KNOCK_OUT))
    assert "Knock out instead" not in labels(rolled(), Offers())


def test_no_knock_out_on_a_hidden_roll() -> None:
    assert "Knock out instead" not in labels(rolled(hidden=True), Offers().grant(KNOCK_OUT))


def test_the_button_routes_to_the_knock_outs() -> None:
    found = owner_of(knock_out_control("k3v9x0q2md"))
    assert found is not None
    assert found[0].serves is KnockOuts
    assert found[1] == KnockOutControl("k3v9x0q2md")
    assert owner_of("nz1:rko:") is None
    assert owner_of("nz1:rko:a:b") is None


def test_the_button_is_a_secondary_one_named_for_what_it_does() -> None:
    row = hikari.impl.MessageActionRowBuilder()
    next(b for b in OFFER_BUTTONS if b.name == KNOCK_OUT).draw(row, rolled())
    payload, _ = row.build()
    [button] = payload["components"]
    assert (button["style"], button["label"]) == (hikari.ButtonStyle.SECONDARY,
                                                  "Knock out instead")
