"""What the card and the export say of a combatant: acted, its speeds, its numbers seen."""

from __future__ import annotations

from functools import partial

from nazh.application.encounters.model import LogEntry
from nazh.domain.encounter.acts import Affliction, defeat, give_condition
from nazh.domain.encounter.combatant import Role
from nazh.domain.encounter.conditions import ConditionName
from nazh.domain.encounter.flow import choose_speed, done
from nazh.domain.encounter.timing import Phase, Speed
from nazh.presentation.encounter_state import ALL_SEEN, acted, numbers_shown, sight, speeds
from tests.presentation.encounter_kit import T0, Scene, ally, enemy, player


def test_a_player_has_acted_once_its_turn_ends() -> None:
    scene = Scene().add(player("Kaladin"), player("Shallan"))
    scene.act(lambda e: choose_speed(e, "Kaladin", Speed.FAST))
    assert not acted(scene.encounter.find("Kaladin"))
    scene.act(lambda e: done(e, "Kaladin")).act(lambda e: done(e, "Shallan"))
    assert acted(scene.encounter.find("Kaladin"))
    assert not acted(scene.encounter.find("Shallan"))


def test_a_boss_has_acted_between_its_turns() -> None:
    scene = Scene().add(player("Kaladin"), enemy("Szeth", Role.BOSS))
    seen = []
    for name in ("Kaladin", "Szeth", "Kaladin", "Szeth"):
        scene.act(partial(done, name=name))
        seen.append((scene.encounter.round, scene.encounter.phase.value,
                     acted(scene.encounter.find("Szeth"))))
    assert seen == [(1, "fast-adversaries", False), (1, "slow-players", True),
                    (1, "slow-adversaries", False), (2, "fast-players", False)]


def test_a_defeated_one_has_not_acted() -> None:
    scene = Scene().add(player("Kaladin"))
    scene.act(lambda e: choose_speed(e, "Kaladin", Speed.FAST)).act(lambda e: done(e, "Kaladin"))
    scene.act(lambda e: defeat(e, "Kaladin"))
    assert not acted(scene.encounter.find("Kaladin"))


def test_speeds_as_things_stand() -> None:
    scene = Scene().add(player("Kaladin"), enemy("Szeth", Role.BOSS), enemy("Guard"))
    scene.act(lambda e: give_condition(e, "Guard", Affliction(ConditionName.SURPRISED)))
    scene.act(lambda e: defeat(e, "Szeth"))
    assert [speeds(c) for c in scene.encounter.combatants] == [
        frozenset({Speed.SLOW}), frozenset(Speed), frozenset({Speed.SLOW})]


def test_only_enemies_numbers_are_hidden() -> None:
    scene = Scene().add(player("Kaladin"), ally("Syl"), enemy("Szeth"))
    record = scene.record()
    assert [numbers_shown(c, record, gm_view=False) for c in scene.encounter.combatants] == [
        True, True, False]
    assert numbers_shown(scene.encounter.find("Szeth"), record, gm_view=True)
    assert numbers_shown(scene.encounter.find("Szeth"), scene.record(show_health=True),
                         gm_view=False)


def test_a_players_sight_hides_the_numbers_of_enemies_and_of_those_gone() -> None:
    scene = Scene().add(player("Kaladin"), ally("Syl"), enemy("Szeth"))
    players = sight(scene.record(), gm_view=False)
    assert [players.sees(name) for name in ("kaladin", "Syl", "Szeth", "Teft", None)] == [
        True, True, False, False, True]
    assert sight(scene.record(), gm_view=True) == ALL_SEEN
    assert sight(scene.record(show_health=True), gm_view=False) == ALL_SEEN


def test_a_hidden_entry_keeps_what_changed_and_drops_the_numbers() -> None:
    players = sight(Scene().add(enemy("Szeth")).record(), gm_view=False)
    kept = [LogEntry("k3x9", 1, T0, 1, Phase.FAST_PLAYERS, kind, "Szeth", detail)
            for kind, detail in (("application-undone", "877"), ("focus-spent", "dodge 1"),
                                 ("sheet-focus", "graze: 2 -> 1"),
                                 ("recovered", "4: health +3, focus +1"),
                                 ("condition-added", "Exhausted -2"))]
    assert [players.seen(e).detail for e in kept] == ["", "dodge", "graze", "4",
                                                      "Exhausted -2"]
    assert [ALL_SEEN.seen(e) for e in kept] == kept
