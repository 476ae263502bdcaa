"""The custom ids of a request's controls: each decodes to its control, and anything else
shaped like one decodes to nothing."""

from __future__ import annotations

import pytest

from nazh.adapters.discord.requests.controls import (
    CHARACTER_KIND,
    CODEC,
    FORM_KIND,
    RequestControl,
    card_button,
    roll_control,
)
from nazh.adapters.discord.runtime.controls import parts_of
from nazh.presentation.request_card import ACTIONS

ID = "k3v9x0q2md"


def decoded(custom_id: str) -> object:
    parts = parts_of(custom_id)
    assert parts is not None
    return CODEC.decode(parts)


@pytest.mark.parametrize("action", ACTIONS)
def test_each_card_button_decodes_to_its_action(action: str) -> None:
    assert decoded(card_button(ID, action)) == RequestControl(ID, "rq", action)


@pytest.mark.parametrize("kind", [CHARACTER_KIND, FORM_KIND])
def test_the_select_and_the_form_carry_the_advantage(kind: str) -> None:
    assert decoded(roll_control(kind, ID, True)) == RequestControl(ID, kind, "advantage")
    assert decoded(roll_control(kind, ID, False)) == RequestControl(ID, kind, "roll")


@pytest.mark.parametrize("custom_id", ["nz1:rq:k3v9x0q2md:nope", "nz1:rq:short:roll",
                                       "nz1:rqc:k3v9x0q2md:2", "nz1:rq:k3v9x0q2md",
                                       "nz1:rqm:k3v9x0q2md:roll", "nz1:rqx:k3v9x0q2md:1"])
def test_a_malformed_custom_id_decodes_to_nothing(custom_id: str) -> None:
    assert decoded(custom_id) is None
