"""Spending a roll's Opportunities: never more than the roll has."""

from __future__ import annotations

from hypothesis import given

from nazh.domain.errors import RollStateError
from nazh.domain.spending import Spent, Use, opportunities, spend
from tests.domain.kit import d20_faces, dice, rolled
from tests.fakes import d


@given(natural=d20_faces, damage=dice)
def test_spending_never_exceeds_what_the_roll_has(natural: int, damage: list[int]) -> None:
    result, _terms = rolled("1d20+5", f"{len(damage)}d6", 10, d(20, natural), d(6, *damage))
    spent: tuple[Spent, ...] = ()
    for _ in range(3):
        try:
            spent = spend(result, spent, Use.FOCUS, 1)
        except RollStateError:
            break
    assert len(spent) == opportunities(result) == int(natural == 20)
