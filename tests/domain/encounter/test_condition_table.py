"""Each condition x each act it changes, as the starter rules say (part 2 "Conditions" unless a
row names another chapter): one row each, the act tried with the condition and without it.

The graze's row (Focused) is a roll's step, in
``tests/application/encounters/test_sheets.py::test_a_focused_graze_costs_no_focus_even_at_0``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import pytest

from nazh.domain.encounter.acts import Affliction, give_condition
from nazh.domain.encounter.combatant import Combatant, Role
from nazh.domain.encounter.conditions import ConditionName
from nazh.domain.encounter.encounter import Encounter, Outcome
from nazh.domain.encounter.errors import EncounterError
from nazh.domain.encounter.reactions import (
    aid,
    dodge,
    dodge_used,
    reactive_strike,
)
from tests.domain.encounter.builders import enemy, fight, player

Act = Callable[[Encounter], Outcome]


@dataclass(frozen=True)
class Row:
    """A condition, an act it changes, the chapter, and the check of both sides of it."""

    condition: ConditionName
    act: str
    chapter: str
    check: Callable[[], None]

    @property
    def id(self) -> str:
        return f"{self.condition.value}-{self.act.replace(' ', '-')}"


def holding(encounter: Encounter, name: str, *conditions: ConditionName) -> Encounter:
    """``encounter`` with ``name`` given ``conditions``."""
    for condition in conditions:
        encounter = give_condition(encounter, name, Affliction(condition)).encounter
    return encounter


def refused(act: Act, encounter: Encounter, match: str) -> None:
    with pytest.raises(EncounterError, match=match):
        act(encounter)


# -- Focused: "When you use an ability that costs focus, its cost is reduced by 1" --------------


def broke() -> Encounter:
    """Kaladin and Syl (0 focus each) against Szeth (a boss, 0 focus) and a bandit."""
    def empty(combatant: Combatant) -> Combatant:
        return replace(combatant, focus=0)
    return fight(empty(player("Kaladin")), empty(player("Syl", 2)),
                 empty(enemy("Szeth", Role.BOSS, health=40)), enemy("Bandit"))


def focused_reaction(act: Act) -> Callable[[], None]:
    def check() -> None:
        refused(act, broke(), "Kaladin has no focus left")
        outcome = act(holding(broke(), "Kaladin", ConditionName.FOCUSED))
        kaladin = outcome.encounter.find("Kaladin")
        assert (kaladin.focus, kaladin.reactions.focus_spent, kaladin.turn.reaction) == (
            0, 0, False)
    return check


def focused_dodge() -> None:
    refused(lambda e: dodge(e, "Kaladin"), broke(), "Kaladin has no focus left")
    marked = dodge(holding(broke(), "Kaladin", ConditionName.FOCUSED), "Kaladin").encounter
    used = dodge_used(marked, "Kaladin").encounter.find("Kaladin")
    assert (used.focus, used.turn.reaction, used.reactions.dodging) == (0, False, False)


ROWS = [
    Row(ConditionName.FOCUSED, "dodge", "Conditions: Focused; basic actions: Dodge",
        focused_dodge),
    Row(ConditionName.FOCUSED, "aid", "Conditions: Focused; basic actions: Aid",
        focused_reaction(lambda e: aid(e, "Kaladin", "Syl"))),
    Row(ConditionName.FOCUSED, "reactive strike",
        "Conditions: Focused; basic actions: Reactive Strike",
        focused_reaction(lambda e: reactive_strike(e, "Kaladin"))),
]


@pytest.mark.parametrize("row", ROWS, ids=[row.id for row in ROWS])
def test_each_condition_changes_each_act_as_its_chapter_says(row: Row) -> None:
    """One row: ``row.condition`` x ``row.act``, following ``row.chapter``."""
    row.check()
