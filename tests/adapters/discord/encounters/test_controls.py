"""The encounters' custom ids: each control round-trips; anything malformed is not one."""

from __future__ import annotations

import pytest

from nazh.adapters.discord.encounters.controls import (
    AID_KIND,
    CODEC,
    EXTRA_KIND,
    STRIKE_KIND,
    CardControl,
    ChooseControl,
    ConditionsControl,
    ConditionTargetControl,
    ReactionControl,
    ReloadControl,
    card_button,
    choose_select,
    condition_target_select,
    conditions_select,
    reaction_select,
    reload_button,
)
from nazh.adapters.discord.runtime.controls import parts_of
from nazh.adapters.discord.runtime.feature import Feature, owner_in
from nazh.application.encounters.turns import TurnAct
from nazh.domain.encounter.conditions import ConditionName
from nazh.domain.encounter.timing import Moment

ID = "k3v9x0q2md"


def decoded(custom_id: str) -> object | None:
    parts = parts_of(custom_id)
    return None if parts is None else CODEC.decode(parts)


@pytest.mark.parametrize(("custom_id", "control"), [
    (card_button(ID, "fast"), CardControl(ID, "fast")),
    (card_button(ID, "gm-view"), CardControl(ID, "gm-view")),
    (card_button(ID, "next", moment=Moment(12, 3)), CardControl(ID, "next", moment=Moment(12, 3))),
    (card_button(ID, "action", version=41), CardControl(ID, "action", version=41)),
    (choose_select(ID, TurnAct.DONE), ChooseControl(ID, TurnAct.DONE)),
    (conditions_select(ID), ConditionsControl(ID)),
    (condition_target_select(ID, ConditionName.PRONE),
     ConditionTargetControl(ID, ConditionName.PRONE)),
    (card_button(ID, "dodge"), CardControl(ID, "dodge")),
    (card_button(ID, "extra", version=8), CardControl(ID, "extra", version=8)),
    (card_button(ID, "recover", version=9), CardControl(ID, "recover", version=9)),
    (choose_select(ID, TurnAct.STRIKE), ChooseControl(ID, TurnAct.STRIKE)),
    (reaction_select(ID, AID_KIND, "Kaladin"), ReactionControl(ID, AID_KIND, "Kaladin")),
    (reaction_select(ID, STRIKE_KIND, "Lord: of Storms"),
     ReactionControl(ID, STRIKE_KIND, "Lord: of Storms")),
    (reaction_select(ID, EXTRA_KIND, "x" * 64), ReactionControl(ID, EXTRA_KIND, "x" * 64)),
    (reload_button(ID, "c7hr4ctr01", 0), ReloadControl(ID, "c7hr4ctr01", 0)),
    (reload_button(ID, "c7hr4ctr01", 12), ReloadControl(ID, "c7hr4ctr01", 12)),
])
def test_each_control_round_trips(custom_id: str, control: object) -> None:
    assert decoded(custom_id) == control
    assert len(custom_id) <= 100


@pytest.mark.parametrize("custom_id", [
    "nz1:enc:short:fast", f"nz1:enc:{ID}:fly", f"nz1:enc:{ID}:next:0.1", f"nz1:enc:{ID}:next:1.4",
    f"nz1:enc:{ID}:next:x", f"nz1:enc:{ID}:fast:3", f"nz1:enc:{ID}:action:-1",
    f"nz1:enc:{ID}:action:{'9' * 13}", f"nz1:ecs:{ID}:next", f"nz1:ecc:{ID}:dazed",
    f"nz1:ecd:{ID}:more", f"nz1:enc:{ID}:action:١", f"nz1:enc:{ID}:dodge:3",
    f"nz1:eca:{ID}", f"nz1:eca:{ID}:", "nz1:ecw:short:Kaladin",
    f"nz1:ecl:{ID}:c7hr4ctr01", f"nz1:ecl:{ID}:c7hr4ctr01:-1", f"nz1:ecl:{ID}:short:0",
    f"nz1:ecl:{ID}:veyla00001:0",
    f"nz1:ecl:{ID}:c7hr4ctr01:0:1", f"nz1:ecl:{ID}:c7hr4ctr01:x",
])
def test_malformed_ids_are_not_controls(custom_id: str) -> None:
    assert decoded(custom_id) is None


def test_the_feature_table_routes_them_to_the_encounters() -> None:
    class Served:
        pass
    row = Feature(Served, None, CODEC)  # type: ignore[arg-type]
    found = owner_in((row,), card_button(ID, "done"))
    assert found == (row, CardControl(ID, "done"))
