"""A combatant's tally."""

from __future__ import annotations

from nazh.domain.encounter.conditions import ConditionName
from nazh.domain.encounter.tally import Tally


def test_each_count_adds_up_and_conditions_are_listed_once_in_order() -> None:
    tally = (Tally().dealt(4).dealt(3).taken(2).critical_hit().graze().graze().injury()
             .suffered(ConditionName.PRONE).suffered(ConditionName.STUNNED)
             .suffered(ConditionName.PRONE))
    assert tally == Tally(7, 2, 1, 2, 1, (ConditionName.PRONE, ConditionName.STUNNED))
