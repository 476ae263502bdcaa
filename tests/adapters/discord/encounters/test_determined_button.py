"""Use Determined on a roll's result: drawn where the result offers it (a Determined
combatant's failed test: the encounter's handler grants it), never on a hidden roll; its custom
id routes to DeterminedControls (the behaviour end to end: tests/e2e/test_encounter_rules.py)."""

from __future__ import annotations

from datetime import UTC, datetime

from nazh.adapters.discord.encounters.determined_button import (
    DeterminedControl,
    DeterminedControls,
    determined_control,
)
from nazh.adapters.discord.features import OFFER_BUTTONS, owner_of
from nazh.adapters.discord.rolls.result import roll_components
from nazh.application.encounters.roll_handler import USE_DETERMINED
from nazh.application.rolls.model import Offers, Roller, RollRecord
from nazh.application.rolls.secrets import Secret
from nazh.application.rolls.terms.secret import SECRET
from nazh.application.settings.server import Visibility
from nazh.domain.notation import parse_roll
from nazh.domain.rolling import roll
from tests.fakes import d, script

AT = datetime(2026, 11, 24, tzinfo=UTC)
LABEL = "Use Determined (+1 Opportunity)"


def rolled(*, hidden: bool = False) -> RollRecord:
    result = roll(parse_roll("1d20+2"), script(d(20, 3)), dc=15)
    record = RollRecord("r1", Roller(1, 2, 3), "1d20+2", result, AT)
    if hidden:
        record = record.with_term(SECRET, Secret(Visibility.GM, "n", "c"))
    return record


def labels(record: RollRecord, offers: Offers) -> list[str]:
    components = roll_components(record, offers=offers, buttons=OFFER_BUTTONS)
    return [str(getattr(c, "label", "")) for row in components
            for c in getattr(row, "components", ())]


def test_use_determined_is_drawn_where_the_result_offers_it() -> None:
    assert LABEL in labels(rolled(), Offers().grant(USE_DETERMINED))
    assert LABEL not in labels(rolled(), Offers())
    assert LABEL not in labels(rolled(hidden=True), Offers().grant(USE_DETERMINED))


def test_the_button_routes_to_the_determined_controls() -> None:
    found = owner_of(determined_control("k3v9x0q2md"))
    assert found is not None
    assert found[0].serves is DeterminedControls
    assert found[1] == DeterminedControl("k3v9x0q2md")
    assert owner_of("nz1:rdt:") is None
