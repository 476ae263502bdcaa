"""Gain Advantage, Grapple and Shove on the encounter, as the starter rules' basic actions
(``src/packs/actions/basic/gain-advantage.json``, ``grapple.json``, ``shove.json``; part 3,
"Actions and Reactions"; Restrained in part 2, "Conditions") write them."""

from __future__ import annotations

from dataclasses import replace

import pytest

from nazh.domain.encounter.acts import Affliction, give_condition, remove_condition
from nazh.domain.encounter.conditions import ConditionName, has
from nazh.domain.encounter.encounter import changed
from nazh.domain.encounter.errors import EncounterError
from nazh.domain.encounter.events import EventKind
from nazh.domain.encounter.holds import Hold, HoldKind
from nazh.domain.encounter.maneuvers import (
    edge_on,
    escapes,
    gain_advantage,
    grapple,
    grappler_of,
    released,
    shove,
    use_edge,
)
from nazh.domain.encounter.roster import remove_combatant
from tests.domain.encounter.builders import enemy, fight, kinds, player


def test_gain_advantage_gives_the_next_test_against_that_enemy_with_another_skill() -> None:
    """gain-advantage.json: "On a success, you gain an advantage on your next test against that
    enemy that uses a different skill ... you can't test Light Weaponry then use that advantage
    on another Light Weaponry test"."""
    encounter = fight(player("Kaladin"), enemy("Bandit"), enemy("Thug"))
    outcome = gain_advantage(encounter, "kaladin", "bandit", "deduction")
    assert kinds(outcome) == [EventKind.ADVANTAGE_GAINED]
    assert outcome.events[0].note == "Bandit (not with Deduction)"
    kaladin = outcome.encounter.find("Kaladin")
    assert edge_on(kaladin, "Bandit", "light-weaponry") == Hold(HoldKind.ADVANTAGE, "Bandit",
                                                                 "deduction")
    assert edge_on(kaladin, "Bandit", "deduction") is None  # the same skill: not this one
    assert edge_on(kaladin, "Thug", "light-weaponry") is None  # another enemy
    used = use_edge(outcome.encounter, "Kaladin", "BANDIT")
    assert kinds(used) == [EventKind.ADVANTAGE_USED]
    assert used.encounter.find("Kaladin").holds == ()
    with pytest.raises(EncounterError, match="no advantage gained on Bandit"):
        use_edge(used.encounter, "Kaladin", "Bandit")


def test_a_second_gain_advantage_on_the_same_enemy_replaces_the_first() -> None:
    encounter = fight(player("Kaladin"), enemy("Bandit"))
    twice = gain_advantage(gain_advantage(encounter, "Kaladin", "Bandit", "deduction").encounter,
                           "Kaladin", "Bandit", "insight").encounter
    assert twice.find("Kaladin").holds == (Hold(HoldKind.ADVANTAGE, "Bandit", "insight"),)
    with pytest.raises(EncounterError, match="against itself"):
        gain_advantage(twice, "Kaladin", "Kaladin", "insight")


def test_a_grapple_restrains_its_target_and_a_shove_of_the_grappler_ends_it() -> None:
    """grapple.json: "On a success, they become Restrained until either you become Unconscious,
    you choose to end the effect, or they are no longer within your reach"; shove.json: "If you
    successfully Shove a character who has grappled you, it ends the Grapple effect"."""
    encounter = fight(player("Kaladin"), enemy("Bandit"))
    held = grapple(encounter, "Bandit", "Kaladin")
    assert kinds(held) == [EventKind.GRAPPLED, EventKind.CONDITION_ADDED]
    kaladin = held.encounter.find("Kaladin")
    assert has(kaladin.conditions, ConditionName.RESTRAINED)
    assert grappler_of(kaladin) == "Bandit"
    assert escapes(kaladin, "bandit")
    assert not escapes(kaladin, "Kaladin")
    escaped = shove(held.encounter, "Kaladin", "Bandit")
    assert kinds(escaped) == [EventKind.SHOVED, EventKind.GRAPPLE_ENDED,
                              EventKind.CONDITION_REMOVED]
    assert escaped.events[1].note == "it escaped Bandit"
    free = escaped.encounter.find("Kaladin")
    assert (free.holds, free.conditions) == ((), ())


def test_a_shove_of_another_moves_it_and_ends_no_grapple() -> None:
    """shove.json: "On a success, you push or pull the target 5 feet horizontally"."""
    encounter = grapple(fight(player("Kaladin"), enemy("Bandit"), enemy("Thug")), "Bandit",
                        "Kaladin").encounter
    outcome = shove(encounter, "Kaladin", "Thug")
    assert kinds(outcome) == [EventKind.SHOVED]
    assert outcome.encounter == encounter
    assert outcome.events[0].note == "Thug"


def test_an_immobilized_target_is_not_moved_by_a_shove_but_its_grapple_still_ends() -> None:
    """Part 2, "Conditions", Immobilized: "you can't move or be moved by other effects";
    shove.json: a successful Shove of one's grappler "ends the Grapple effect" all the same."""
    encounter = fight(player("Kaladin"), enemy("Bandit"), enemy("Thug"))
    for name in ("Bandit", "Thug"):
        encounter = give_condition(encounter, name,
                                   Affliction(ConditionName.IMMOBILIZED)).encounter
    held = shove(encounter, "Kaladin", "Thug")
    assert kinds(held) == [EventKind.SHOVE_HELD]
    assert held.events[0].note == "Thug"
    grappled = grapple(encounter, "Bandit", "Kaladin").encounter
    escaped = shove(grappled, "Kaladin", "Bandit")
    assert kinds(escaped) == [EventKind.SHOVE_HELD, EventKind.GRAPPLE_ENDED,
                              EventKind.CONDITION_REMOVED]


def test_an_immune_target_is_not_grappled() -> None:
    encounter = fight(player("Kaladin"), enemy("Golem"))
    golem = encounter.find("Golem")
    immune = changed(encounter, replace(golem, immunities=frozenset({ConditionName.RESTRAINED})))
    with pytest.raises(EncounterError, match="immune to Restrained"):
        grapple(immune, "Kaladin", "Golem")


def test_the_grapple_ends_when_the_grappler_falls_unconscious_is_defeated_or_leaves() -> None:
    """grapple.json: Restrained "until either you become Unconscious ..."."""
    held = grapple(fight(player("Kaladin"), enemy("Bandit")), "Bandit", "Kaladin").encounter
    assert released(held).encounter == held  # nothing to release
    out = give_condition(held, "Bandit", Affliction(ConditionName.UNCONSCIOUS)).encounter
    let_go = released(out)
    assert kinds(let_go) == [EventKind.GRAPPLE_ENDED, EventKind.CONDITION_REMOVED]
    assert let_go.events[0].note == "Bandit can hold it no more"
    assert let_go.encounter.find("Kaladin").conditions == ()
    gone = released(remove_combatant(held, "Bandit").encounter)
    assert kinds(gone) == [EventKind.GRAPPLE_ENDED, EventKind.CONDITION_REMOVED]
    assert gone.encounter.find("Kaladin").holds == ()


def test_restrained_removed_by_hand_drops_the_grapple_and_a_foe_gone_drops_its_advantage(
        ) -> None:
    """The grappler "choose[s] to end the effect", or the GM rules it out of reach: Restrained
    removed ends the grapple, with nothing more to say."""
    held = grapple(fight(player("Kaladin"), enemy("Bandit")), "Bandit", "Kaladin").encounter
    freed = remove_condition(held, "Kaladin", ConditionName.RESTRAINED).encounter
    outcome = released(freed)
    assert (kinds(outcome), outcome.encounter.find("Kaladin").holds) == ([], ())
    edged = gain_advantage(fight(player("Kaladin"), enemy("Bandit")), "Kaladin", "Bandit",
                           "insight").encounter
    assert released(remove_combatant(edged, "Bandit").encounter).encounter.find(
        "Kaladin").holds == ()
