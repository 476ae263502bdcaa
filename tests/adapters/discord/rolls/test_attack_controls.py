"""An attack's buttons: the custom ids of old messages still reach the attack feature."""

from __future__ import annotations

import pytest

from nazh.adapters.discord.rolls.attack_controls import AttackAction, attack_control


@pytest.mark.parametrize("action", list(AttackAction))
def test_an_attack_s_buttons_keep_the_custom_ids_of_old_messages(action: AttackAction) -> None:
    assert attack_control(action, "k3v9x0q2md") == f"nz1:{action.value}:k3v9x0q2md"
    assert action.value in {"hit", "graze", "crit"}
