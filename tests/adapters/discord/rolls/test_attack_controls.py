"""An attack's buttons: the custom ids of old messages still reach the attack feature."""

from __future__ import annotations

import pytest

from nazh.adapters.discord.rolls.attack_controls import (
    CODEC,
    AttackAction,
    AttackControl,
    attack_control,
    other_graze_control,
)


@pytest.mark.parametrize("action", list(AttackAction))
def test_an_attack_s_buttons_keep_the_custom_ids_of_old_messages(action: AttackAction) -> None:
    assert attack_control(action, "k3v9x0q2md") == f"nz1:{action.value}:k3v9x0q2md"
    assert action.value in {"hit", "graze", "crit", "grzo"}


def test_another_target_s_graze_carries_its_index_and_a_forged_one_is_refused() -> None:
    assert other_graze_control("k3v9x0q2md", 1) == "nz1:grzo:k3v9x0q2md:1"
    assert CODEC.decode(["nz1", "grzo", "k3v9x0q2md", "1"]) == AttackControl(
        AttackAction.GRAZE_OTHER, "k3v9x0q2md", 1)
    for forged in ("nz1:grzo:k3v9x0q2md", "nz1:grzo:k3v9x0q2md:2", "nz1:grzo::0",
                   "nz1:grzo:k3v9x0q2md:-1"):
        assert CODEC.decode(forged.split(":")) is None
