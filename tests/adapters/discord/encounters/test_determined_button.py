"""Use Determined on a roll's result: drawn where the result offers it (a Determined
combatant's failed test: the encounter's handler grants it), never on a hidden roll; its custom
id routes to DeterminedControls (the behaviour end to end: tests/e2e/test_encounter_rules.py)."""

from __future__ import annotations

from nazh.adapters.discord.encounters.determined_button import (
    DeterminedControl,
    DeterminedControls,
    determined_control,
)
from nazh.adapters.discord.features import owner_of
from nazh.application.encounters.roll_handler import USE_DETERMINED
from nazh.application.rolls.model import Offers
from tests.adapters.discord.encounters.result_offer_kit import labels, rolled

LABEL = "Use Determined (+1 Opportunity)"


def test_use_determined_is_drawn_where_the_result_offers_it() -> None:
    assert LABEL in labels(rolled(face=3, dc=15), Offers().grant(USE_DETERMINED))
    assert LABEL not in labels(rolled(face=3, dc=15), Offers())
    assert LABEL not in labels(rolled(hidden=True, face=3, dc=15), Offers().grant(USE_DETERMINED))


def test_the_button_routes_to_the_determined_controls() -> None:
    found = owner_of(determined_control("k3v9x0q2md"))
    assert found is not None
    assert found[0].serves is DeterminedControls
    assert found[1] == DeterminedControl("k3v9x0q2md")
    assert owner_of("nz1:rdt:") is None
