"""Choose the ally on a result whose Opportunity went to "Aid an Ally": drawn only while offered
(never on a hidden roll), routed through the feature table to the carried dice' control; its
select is a select of one player; anything else decodes to nothing."""

from __future__ import annotations

from datetime import UTC, datetime

import hikari
import pytest

from nazh.adapters.discord.carried.ally import (
    AllyControl,
    CarriedFeature,
    ally_choice,
    ally_control,
)
from nazh.adapters.discord.features import OFFER_BUTTONS, decode, owner_of
from nazh.adapters.discord.rolls.result import roll_components
from nazh.application.carried.roll_handler import ALLY
from nazh.application.rolls.model import Offers, Roller, RollRecord
from nazh.application.rolls.secrets import Secret
from nazh.application.rolls.terms.secret import SECRET
from nazh.application.settings.server import Visibility
from nazh.domain.notation import parse_roll
from nazh.domain.rolling import roll
from tests.fakes import d, script

ROLL_ID = "k3v9x0q2md"


def record() -> RollRecord:
    result = roll(parse_roll("1d20+3"), script(d(20, 20)), 15)
    return RollRecord(ROLL_ID, Roller(1, 2, 3), result.notation, result,
                      datetime(2026, 11, 27, tzinfo=UTC))


def labels(offers: Offers, shown: RollRecord | None = None) -> list[str]:
    payload, _ = roll_components(shown or record(), offers=offers,
                                 buttons=OFFER_BUTTONS)[0].build()
    return [str(c.get("label")) for c in payload["components"]]


def test_the_result_shows_choose_the_ally_only_when_offered() -> None:
    assert "Choose the ally" not in labels(Offers())
    assert labels(Offers().grant(ALLY))[-1] == "Choose the ally"
    hidden = record().with_term(SECRET, Secret(Visibility.GM, "n", "c"))
    assert "Choose the ally" not in labels(Offers().grant(ALLY), hidden)


def test_the_button_and_its_select_route_to_the_carried_feature() -> None:
    found = owner_of(ally_control(ROLL_ID))
    assert found is not None
    assert found[0].serves is CarriedFeature
    assert decode(ally_control(ROLL_ID)) == AllyControl(ROLL_ID)
    assert decode(ally_control(ROLL_ID, choice=True)) == AllyControl(ROLL_ID, choice=True)


@pytest.mark.parametrize("custom_id", ["nz1:cal:", "nz1:cal::who", f"nz1:cal:{ROLL_ID}:x",
                                       f"nz1:cal:{ROLL_ID}:who:1"])
def test_anything_else_decodes_to_nothing(custom_id: str) -> None:
    assert decode(custom_id) is None


def test_the_select_is_one_player() -> None:
    payload, _ = ally_choice(ROLL_ID)[0].build()
    menu = payload["components"][0]
    assert menu["type"] == hikari.ComponentType.USER_SELECT_MENU
    assert (menu["min_values"], menu["max_values"]) == (1, 1)
    assert menu["custom_id"] == ally_control(ROLL_ID, choice=True)
