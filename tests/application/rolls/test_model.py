"""A roll record's attack view: computed once per record (the render, the buttons and the
critical hit's checks all ask for it), equal to the domain's view, and computed anew for a
changed record."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from nazh.application.rolls import model
from nazh.application.rolls.model import Roller, RollRecord
from nazh.application.rolls.terms.attack import ATTACK
from nazh.application.rolls.terms.spending import SPENT
from nazh.domain.attack import Attack, AttackView, view
from nazh.domain.notation import parse_roll
from nazh.domain.rolling import roll
from nazh.domain.spending import Spent, Use
from tests.fakes import FakeRng

AT = datetime(2026, 11, 24, 20, 0, tzinfo=UTC)


def attack_record(test_face: int, defense: int = 15) -> RollRecord:
    result = roll(parse_roll("1d20+5, 2d6"), FakeRng((20, test_face), (6, 4), (6, 5)), None)
    record = RollRecord("r1", Roller(7, 100, 5), result.notation, result, AT)
    return record.with_term(ATTACK, Attack(defense=defense, modifier=3))


def test_the_view_is_computed_once_per_record(monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[AttackView] = []

    def counted(*args: object) -> AttackView:
        made.append(view(*args))  # type: ignore[arg-type]
        return made[-1]

    monkeypatch.setattr(model, "view", counted)
    record = attack_record(20)  # a natural 20: a hit with an Opportunity
    first = record.attack_view
    assert first is not None
    assert record.attack_view is first
    assert record.critical_possible
    assert len(made) == 1
    assert first == view(record.result, Attack(defense=15, modifier=3), ())


def test_a_changed_record_has_its_own_view() -> None:
    record = attack_record(20)
    assert record.attack_view is not None
    assert record.critical_possible
    critical = record.with_term(SPENT, (Spent(Use.CRITICAL, 7),))
    assert critical.attack_view is not None
    assert critical.attack_view.critical
    assert not critical.critical_possible
    missed = replace(attack_record(2, defense=25))
    assert missed.attack_view is not None
    assert not missed.attack_view.hit


def test_a_plain_roll_has_no_view_and_records_compare_by_their_fields() -> None:
    result = roll(parse_roll("2d6"), FakeRng((6, 1), (6, 2)), None)
    plain = RollRecord("r2", Roller(7, 100, 5), result.notation, result, AT)
    assert plain.attack_view is None
    asked, fresh = attack_record(20), attack_record(20)
    assert asked.attack_view is not None  # computed on one, not on the other
    assert asked == fresh
