"""The recap card's custom ids: a button decodes to its session and act; anything else to
nothing."""

from __future__ import annotations

import pytest

from nazh.adapters.discord.runtime.controls import parts_of
from nazh.adapters.discord.sessions.controls import CODEC, SessionControl, card_button

ID = "k3v9x0q2md"


@pytest.mark.parametrize("action", ["details", "journal"])
def test_each_button_decodes_to_its_act(action: str) -> None:
    parts = parts_of(card_button(ID, action))
    assert parts is not None
    assert CODEC.decode(parts) == SessionControl(ID, action)


@pytest.mark.parametrize("custom_id", ["nz1:ses:k3v9x0q2md:win", "nz1:ses:short:details",
                                       "nz1:ses:k3v9x0q2md", "nz1:ses:K3V9X0Q2MD:details"])
def test_anything_else_decodes_to_nothing(custom_id: str) -> None:
    parts = parts_of(custom_id)
    assert parts is not None
    assert CODEC.decode(parts) is None
