"""The Injury button on an attack's result: shown only when the attack just brought its target
to 0 health and the roll is not hidden; its custom id routes to InjuryControls (the behaviour
end to end: tests/e2e/test_encounter_landing.py)."""

from __future__ import annotations

from datetime import UTC, datetime

import hikari

from nazh.adapters.discord.features import owner_of
from nazh.adapters.discord.rolls.injury_controls import (
    InjuryControl,
    InjuryControls,
    injury_control,
)
from nazh.adapters.discord.rolls.result import roll_components
from nazh.application.rolls.model import Roller, RollRecord
from nazh.application.rolls.secrets import Secret
from nazh.application.rolls.terms.secret import SECRET
from nazh.application.settings.server import Visibility
from nazh.domain.notation import parse_roll
from nazh.domain.rolling import roll
from tests.fakes import d, script

AT = datetime(2026, 11, 24, tzinfo=UTC)


def rolled() -> RollRecord:
    return RollRecord("r1", Roller(1, 2, 3), "1d20+2", roll(parse_roll("1d20+2"),
                                                           script(d(20, 9))), AT)


def labels(components: list[hikari.api.ComponentBuilder]) -> list[str]:
    return [str(getattr(c, "label", "")) for row in components
            for c in getattr(row, "components", ())]


def test_the_injury_button_is_offered_only_when_the_target_fell() -> None:
    assert "Injury" in labels(roll_components(rolled(), injured=True))
    assert "Injury" not in labels(roll_components(rolled()))


def test_no_injury_button_on_a_hidden_roll() -> None:
    hidden = rolled().with_term(SECRET, Secret(Visibility.GM, "n", "c"))
    assert "Injury" not in labels(roll_components(hidden, injured=True))


def test_the_injury_button_routes_to_the_injury_controls() -> None:
    found = owner_of(injury_control("k3v9x0q2md"))
    assert found is not None
    assert found[0].serves is InjuryControls
    assert found[1] == InjuryControl("k3v9x0q2md")
    assert owner_of("nz1:rin:") is None
    assert owner_of("nz1:rin:a:b") is None
