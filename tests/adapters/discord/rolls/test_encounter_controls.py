"""The encounter's control on a roll's result (Undo action): shown on a roll that spent an
action, never on a hidden one nor on one that spent none; its custom id routes to
EncounterRollControls (the behaviour end to end: tests/e2e/test_encounter_rolls.py)."""

from __future__ import annotations

from datetime import UTC, datetime

import hikari
import pytest

from nazh.adapters.discord.features import owner_of
from nazh.adapters.discord.rolls.encounter_controls import (
    EncounterRollControls,
    UndoActionControl,
    add_undo_button,
    undo_control,
)
from nazh.application.rolls.model import Roller, RollRecord
from nazh.application.rolls.secrets import Secret
from nazh.application.rolls.terms.encounter import ENCOUNTER, InEncounter
from nazh.application.rolls.terms.kind import terms_of
from nazh.application.rolls.terms.secret import SECRET
from nazh.application.settings.server import Visibility
from nazh.domain.notation import parse_roll
from nazh.domain.rolling import roll
from tests.fakes import d, script

AT = datetime(2026, 11, 24, tzinfo=UTC)


def rolled(action: bool | None, *, hidden: bool = False) -> RollRecord:
    result = roll(parse_roll("1d20+2"), script(d(20, 9)))
    pairs: list[tuple[object, object]] = []
    if action is not None:
        pairs.append((ENCOUNTER, InEncounter("e1", "Ambush", 1, "fast-players", "Kaladin",
                                             action=action)))
    record = RollRecord("r1", Roller(1, 2, 3), "1d20+2", result, AT,
                        terms=terms_of(*pairs))  # type: ignore[arg-type]
    if hidden:
        record = record.with_term(SECRET, Secret(Visibility.GM, "n", "c"))
    return record


def labels(record: RollRecord) -> list[str]:
    row = hikari.impl.MessageActionRowBuilder()
    add_undo_button(row, record)
    return [str(getattr(c, "label", "")) for c in row.components]


@pytest.mark.parametrize(("action", "shown"), [(True, ["Undo action"]), (False, []),
                                               (None, [])])
def test_undo_action_only_on_a_roll_that_spent_one(action: bool | None,
                                                   shown: list[str]) -> None:
    assert labels(rolled(action)) == shown


def test_no_undo_on_a_hidden_roll() -> None:
    assert labels(rolled(True, hidden=True)) == []


def test_the_undo_button_routes_to_the_encounter_roll_controls() -> None:
    found = owner_of(undo_control("k3v9x0q2md"))
    assert found is not None
    assert found[0].serves is EncounterRollControls
    assert found[1] == UndoActionControl("k3v9x0q2md")
    assert owner_of("nz1:rua:") is None
    assert owner_of("nz1:rua:a:b") is None
