"""An injury's effect as the condition it names (the starter rules' appendix table "Injury
Effects": 1-2 Exhausted [-1], 3 Exhausted [-2], 4-5 Slowed, 6 Disoriented, 7 Surprised, 8 Can
only use one hand; Exhausted is cumulative, part 2 "Conditions")."""

from __future__ import annotations

import pytest

from nazh.domain.encounter.conditions import Condition, ConditionName
from nazh.domain.encounter.events import EventKind
from nazh.domain.encounter.injury_effects import affliction_of, lasts, suffer_effect
from nazh.domain.injury import Effect
from tests.domain.encounter.builders import enemy, fight, kinds, player


@pytest.mark.parametrize(("face", "label"), [
    (1, "Exhausted -1"), (2, "Exhausted -1"), (3, "Exhausted -2"), (4, "Slowed"), (5, "Slowed"),
    (6, "Disoriented"), (7, "Surprised"), (8, None)])
def test_each_face_of_the_effect_table_names_its_condition(face: int, label: str | None) -> None:
    affliction = affliction_of(Effect.of(face))
    said = None if affliction is None else Condition(affliction.name, affliction.value).label
    assert said == label


def test_the_condition_is_taken_and_exhausted_adds_up() -> None:
    encounter = fight(player("Kaladin"), enemy("Bandit"))
    once = suffer_effect(encounter, "Kaladin", Effect.of(3))
    assert kinds(once) == [EventKind.CONDITION_ADDED]
    twice = suffer_effect(once.encounter, "Kaladin", Effect.of(1)).encounter
    assert [c.label for c in twice.find("Kaladin").conditions] == ["Exhausted -2",
                                                                    "Exhausted -1"]
    assert suffer_effect(encounter, "Kaladin", Effect.of(8)).encounter == encounter


def test_surprised_ends_by_its_own_rule_the_others_with_the_injury() -> None:
    """Surprised: "Remove this condition after your next turn" (part 2, "Conditions")."""
    surprised, slowed = affliction_of(Effect.of(7)), affliction_of(Effect.of(4))
    assert surprised is not None
    assert slowed is not None
    assert surprised.name is ConditionName.SURPRISED
    assert lasts(surprised) == "until after its next turn"
    assert "a GM removes it once it heals" in lasts(slowed)
