"""The conditions: values, stacking, durations and what they imply."""

from __future__ import annotations

import pytest

from nazh.domain.character import Attribute
from nazh.domain.encounter.conditions import (
    MAX_CONDITIONS,
    Condition,
    ConditionName,
    add,
    effective,
    has,
    timed,
    total,
)
from nazh.domain.encounter.errors import EncounterError
from nazh.domain.encounter.timing import Moment, Phase

NOW = Moment.of(2, Phase.FAST_ADVERSARIES)


def test_there_are_the_fourteen_conditions_of_the_rules() -> None:
    assert len(ConditionName) == 14
    assert ConditionName.named(" Prone ") is ConditionName.PRONE


def test_an_unknown_condition_is_refused_with_the_list_of_them() -> None:
    with pytest.raises(EncounterError, match='no condition "Dazed"; the conditions are '
                                             "afflicted, determined"):
        ConditionName.named("Dazed")


@pytest.mark.parametrize("name", [ConditionName.AFFLICTED, ConditionName.ENHANCED,
                                  ConditionName.EXHAUSTED])
def test_afflicted_enhanced_and_exhausted_take_a_positive_value(name: ConditionName) -> None:
    attribute = Attribute.STRENGTH if name is ConditionName.ENHANCED else None
    dice = " or dice \\(1d4\\)" if name is ConditionName.AFFLICTED else ""
    with pytest.raises(EncounterError, match=f"{name.title} takes a value from 1 to 99{dice} "
                                             r"\(got 0\)"):
        Condition(name, 0, attribute)


def test_other_conditions_take_no_value() -> None:
    with pytest.raises(EncounterError, match=r"Prone takes no value \(got 2\)"):
        Condition(ConditionName.PRONE, 2)


def test_enhanced_needs_an_attribute_and_only_it_takes_one() -> None:
    with pytest.raises(EncounterError, match="Enhanced needs one"):
        Condition(ConditionName.ENHANCED, 1)
    with pytest.raises(EncounterError, match="an attribute is for Enhanced only"):
        Condition(ConditionName.EXHAUSTED, 1, Attribute.SPEED)


def test_a_source_is_for_afflicted_only() -> None:
    with pytest.raises(EncounterError, match="Stunned: a source is for Afflicted only"):
        Condition(ConditionName.STUNNED, source="fire")


def test_exhausted_is_cumulative() -> None:
    held = add((), Condition(ConditionName.EXHAUSTED, 1), holder="Kaladin")
    held = add(held, Condition(ConditionName.EXHAUSTED, 2), holder="Kaladin")
    assert total(held, ConditionName.EXHAUSTED) == 3


def test_enhanced_is_cumulative_per_attribute() -> None:
    held: tuple[Condition, ...] = ()
    for value, attribute in ((1, Attribute.STRENGTH), (2, Attribute.STRENGTH),
                             (4, Attribute.SPEED)):
        held = add(held, Condition(ConditionName.ENHANCED, value, attribute), holder="K")
    assert total(held, ConditionName.ENHANCED, Attribute.STRENGTH) == 3
    assert total(held, ConditionName.ENHANCED, Attribute.SPEED) == 4


def test_afflicted_stacks_per_source_and_replaces_from_the_same_source() -> None:
    held = add((), Condition(ConditionName.AFFLICTED, 2, source="fire"), holder="K")
    held = add(held, Condition(ConditionName.AFFLICTED, 3, source="poison"), holder="K")
    held = add(held, Condition(ConditionName.AFFLICTED, 4, source="fire"), holder="K")
    assert total(held, ConditionName.AFFLICTED) == 7
    assert [c.label for c in held] == ["Afflicted 3 (poison)", "Afflicted 4 (fire)"]


def test_a_condition_taken_again_replaces_the_one_held_with_its_new_duration() -> None:
    held = add((), timed(Condition(ConditionName.STUNNED), NOW, rounds=1), holder="K")
    held = add(held, timed(Condition(ConditionName.STUNNED), NOW, rounds=3), holder="K")
    assert [c.ends_at for c in held] == [Moment.of(5, Phase.FAST_ADVERSARIES)]


def test_n_rounds_end_at_the_start_of_the_same_phase_n_rounds_later() -> None:
    condition = timed(Condition(ConditionName.PRONE), NOW, rounds=2)
    assert condition.ends_at == Moment.of(4, Phase.FAST_ADVERSARIES)
    assert condition.rounds_left(NOW) == 2
    assert condition.rounds_left(Moment.of(3, Phase.SLOW_PLAYERS)) == 1
    assert condition.rounds_left(Moment.of(4, Phase.FAST_PLAYERS)) == 1


def test_a_duration_is_from_1_to_100_rounds() -> None:
    with pytest.raises(EncounterError, match=r"Prone: a duration from 1 to 100 rounds \(got 0\)"):
        timed(Condition(ConditionName.PRONE), NOW, rounds=0)


def test_until_the_end_of_the_next_turn_counts_one_turn_end_or_two_inside_a_turn() -> None:
    condition = Condition(ConditionName.FOCUSED)
    assert timed(condition, NOW, until_next_turn_end=True).turn_ends_left == 1
    assert timed(condition, NOW, until_next_turn_end=True, in_own_turn=True).turn_ends_left == 2
    assert timed(condition, NOW).turn_ends_left == 0


def test_unconscious_counts_as_prone_and_prone_as_slowed() -> None:
    held = (Condition(ConditionName.UNCONSCIOUS),)
    assert effective(held) == {ConditionName.UNCONSCIOUS, ConditionName.PRONE,
                               ConditionName.SLOWED}
    assert has((Condition(ConditionName.PRONE),), ConditionName.SLOWED)


def test_a_combatant_holds_at_most_twenty_conditions() -> None:
    held = tuple(Condition(ConditionName.EXHAUSTED, 1) for _ in range(MAX_CONDITIONS))
    with pytest.raises(EncounterError, match="Kaladin holds 20 conditions"):
        add(held, Condition(ConditionName.EXHAUSTED, 1), holder="Kaladin")


def test_labels_say_the_value_as_the_rules_write_it() -> None:
    assert Condition(ConditionName.EXHAUSTED, 2).label == "Exhausted -2"
    assert Condition(ConditionName.ENHANCED, 1, Attribute.STRENGTH).label == \
        "Enhanced +1 Strength"
    assert Condition(ConditionName.AFFLICTED, 3).label == "Afflicted 3"
