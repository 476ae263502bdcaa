"""Adding, copying and removing combatants: unique names, at most 30."""

from __future__ import annotations

import pytest

from nazh.domain.encounter.combatant import Role
from nazh.domain.encounter.errors import EncounterError
from nazh.domain.encounter.events import EventKind
from nazh.domain.encounter.flow import choose_speed, next_phase
from nazh.domain.encounter.roster import (
    add_combatant,
    add_copies,
    copy_names,
    players,
    remove_combatant,
)
from nazh.domain.encounter.timing import Speed
from tests.domain.encounter.builders import enemy, fight, kinds, player


def test_copies_are_numbered_each_with_its_own_health() -> None:
    outcome = add_copies(fight(player("Kaladin")), enemy("Bandit", health=8), 3)
    names = [c.name for c in outcome.encounter.combatants]
    assert names == ["Kaladin", "Bandit 1", "Bandit 2", "Bandit 3"]
    assert kinds(outcome) == [EventKind.COMBATANT_ADDED] * 3
    assert [c.health for c in outcome.encounter.combatants[1:]] == [8, 8, 8]


def test_one_copy_keeps_its_name() -> None:
    assert copy_names("Bandit", 1) == ("Bandit",)


@pytest.mark.parametrize("count", [0, 11])
def test_copies_are_from_1_to_10(count: int) -> None:
    with pytest.raises(EncounterError, match=rf"Bandit: from 1 to 10 copies \(got {count}\)"):
        add_copies(fight(), enemy("Bandit"), count)


def test_names_are_unique_ignoring_case() -> None:
    with pytest.raises(EncounterError, match='the name "KALADIN" is taken'):
        add_combatant(fight(player("Kaladin")), player("KALADIN"))


def test_at_most_30_combatants() -> None:
    encounter = add_copies(add_copies(add_copies(fight(), enemy("A"), 10).encounter,
                                      enemy("B"), 10).encounter, enemy("C"), 9).encounter
    with pytest.raises(EncounterError, match=r"at most 30 combatants in an encounter: room for "
                                             r"1 more \(asked for 2\)"):
        add_copies(encounter, enemy("D"), 2)
    assert len(add_combatant(encounter, enemy("D")).encounter.combatants) == 30


def test_a_copy_name_too_long_is_refused() -> None:
    with pytest.raises(EncounterError, match="at most 64 characters"):
        copy_names("x" * 63, 2)


def test_a_combatant_added_in_the_phase_of_its_turn_starts_it_at_once() -> None:
    encounter = choose_speed(fight(player("Kaladin"), enemy("Bandit")), "Bandit",
                             Speed.FAST).encounter
    encounter = next_phase(encounter).encounter
    outcome = add_combatant(encounter, enemy("Szeth", Role.BOSS))
    assert kinds(outcome) == [EventKind.COMBATANT_ADDED, EventKind.TURN_STARTED]


def test_removing_a_combatant() -> None:
    outcome = remove_combatant(fight(player("Kaladin"), enemy("Bandit")), "bandit")
    assert [c.name for c in outcome.encounter.combatants] == ["Kaladin"]
    assert [c.name for c in players(outcome.encounter)] == ["Kaladin"]
    assert kinds(outcome) == [EventKind.COMBATANT_REMOVED]
