"""Count on a test's result: the button the rolls feature draws (only where the result's offers
say so, and never on a secret roll's result before its reveal) decodes, through the feature
table, to the endeavors' control; the choice it opens offers a success, a success ×2 and a
failure, valued as a request card's Count; anything else decodes to nothing."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from nazh.adapters.discord.features import OFFER_BUTTONS, decode, owner_of
from nazh.adapters.discord.requests.count_button import count_control
from nazh.adapters.discord.requests.result_count import (
    CountControl,
    ResultCounts,
    choice_control,
    count_choice,
    how_of,
)
from nazh.adapters.discord.rolls.result import roll_components
from nazh.application.endeavors.roll_handler import COUNT
from nazh.application.endeavors.use_cases import Counted
from nazh.application.rolls.model import Offers, Roller, RollRecord
from nazh.application.rolls.secrets import Secret
from nazh.application.rolls.terms.secret import SECRET
from nazh.application.settings.server import Visibility
from nazh.application.shared.json_types import JsonObject
from nazh.domain.notation import parse_roll
from nazh.domain.rolling import roll
from tests.fakes import d, script

ROLL_ID = "k3v9x0q2md"


def record() -> RollRecord:
    result = roll(parse_roll("1d20+3"), script(d(20, 12)), 15)
    return RollRecord(ROLL_ID, Roller(1, 2, 3), result.notation, result,
                      datetime(2026, 11, 24, tzinfo=UTC))


def labels(offers: Offers, shown: RollRecord | None = None, *,
           panel: int | None = None) -> list[str]:
    """Every control's label on the shared result (``panel``: on its GM panel)."""
    rows = roll_components(shown or record(), offers=offers, buttons=OFFER_BUTTONS, panel=panel)
    return [str(c.get("label")) for row in rows for c in row.build()[0]["components"]]


def test_count_is_on_the_results_gm_panel_only_when_offered() -> None:
    # counting a roll for an endeavor is a GM's: behind the shared result's 👑 GM
    assert "Count" not in labels(Offers(), panel=PANEL)
    assert "Count" in labels(Offers().grant(COUNT), panel=PANEL)
    shared = labels(Offers().grant(COUNT))
    assert "Count" not in shared
    assert shared[-1] == "GM"


PANEL = 1_300_000_000_000_000_001
"""The shared result's message id a GM panel acts on."""


def test_no_count_on_a_hidden_roll() -> None:
    hidden = record().with_term(SECRET, Secret(Visibility.GM, "n", "c"))
    assert "Count" not in labels(Offers().grant(COUNT), hidden)
    assert "Count" not in labels(Offers().grant(COUNT), hidden, panel=PANEL)


def test_the_button_routes_to_the_result_counts() -> None:
    found = owner_of(count_control(ROLL_ID))
    assert found is not None
    assert found[0].serves is ResultCounts


def test_the_button_and_its_choice_decode_to_the_endeavors_control() -> None:
    assert decode(count_control(ROLL_ID)) == CountControl(ROLL_ID)
    assert decode(choice_control(ROLL_ID)) == CountControl(ROLL_ID, choice=True)


@pytest.mark.parametrize("custom_id", [
    "nz1:rcn:", "nz1:rcn::as", f"nz1:rcn:{ROLL_ID}:count", f"nz1:rcn:{ROLL_ID}:as:1"])
def test_anything_else_decodes_to_nothing(custom_id: str) -> None:
    assert decode(custom_id) is None


def test_the_choice_offers_each_way_to_count() -> None:
    payload, _ = count_choice(record())[0].build()
    menu: JsonObject = payload["components"][0]
    options = {str(o["label"]): str(o["value"]) for o in menu["options"]}
    assert options == {"A success": f"{ROLL_ID}.s", "A success ×2": f"{ROLL_ID}.d",
                       "A failure": f"{ROLL_ID}.f"}
    assert [how_of(value, ROLL_ID) for value in options.values()] == [
        Counted.SUCCESS, Counted.DOUBLE, Counted.FAILURE]
    assert how_of(f"{ROLL_ID}.x", ROLL_ID) is None
    assert how_of("other.s", ROLL_ID) is None
