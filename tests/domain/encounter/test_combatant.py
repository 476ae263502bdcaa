"""A combatant's checks and the turns it takes."""

from __future__ import annotations

from dataclasses import replace

import pytest

from nazh.domain.encounter.combatant import Combatant, Defenses, Role, Side
from nazh.domain.encounter.conditions import Condition, ConditionName
from nazh.domain.encounter.errors import EncounterError
from nazh.domain.encounter.timing import Speed
from tests.domain.encounter.builders import enemy, player


def test_a_players_character_is_a_rival() -> None:
    with pytest.raises(EncounterError, match="Kaladin: a player's character is a rival, "
                                             "not a boss"):
        Combatant("Kaladin", Side.PLAYER, Role.BOSS, 1, 10, 10)


@pytest.mark.parametrize(("changes", "message"), [
    ({"health": 11}, r"Bandit: health from 0 to 10 \(got 11\)"),
    ({"health_max": 0, "health": 0}, r"Bandit: health maximum from 1 to 999 \(got 0\)"),
    ({"deflect": 21}, r"Bandit: deflect from 0 to 20 \(got 21\)"),
    ({"focus": -1}, r"Bandit: focus from 0 to 999 \(got -1\)"),
    ({"defenses": Defenses(physical=101)}, r"Bandit: physical defense from 0 to 100"),
])
def test_its_numbers_are_checked(changes: dict[str, object], message: str) -> None:
    with pytest.raises(EncounterError, match=message):
        replace(enemy("Bandit"), **changes)  # type: ignore[arg-type]


@pytest.mark.parametrize("name", ["", " Bandit", "Bandit\n", "x" * 65])
def test_a_name_must_be_printable_trimmed_and_short(name: str) -> None:
    with pytest.raises(EncounterError, match="name"):
        enemy(name)


def test_the_turns_it_takes_follow_its_speed_its_role_and_its_conditions() -> None:
    boss = enemy("Szeth", Role.BOSS)
    surprised = (Condition(ConditionName.SURPRISED),)
    assert boss.turn_kinds() == {Speed.FAST, Speed.SLOW}
    assert replace(boss, conditions=surprised).turn_kinds() == {Speed.SLOW}
    assert player("Kaladin").turn_kinds() == {Speed.SLOW}
    assert replace(player("Kaladin"), defeated=True).turn_kinds() == frozenset()
    assert (boss.adversary_side, player("Kaladin").adversary_side) == (True, False)


def test_its_reaction_is_left_unless_spent_or_taken_away_by_a_condition() -> None:
    kaladin = player("Kaladin")
    stunned = replace(kaladin, conditions=(Condition(ConditionName.STUNNED),))
    spent = replace(kaladin, turn=replace(kaladin.turn, reaction=False))
    assert (kaladin.reaction_left, stunned.reaction_left, spent.reaction_left) == (
        True, False, False)
    assert stunned.no_reactions() is ConditionName.STUNNED
