"""Each named action once a turn, a Strike once for each hand, the offhand's for 2 focus (part 3,
Combat, Actions: "each named action can only be used once per turn unless stated otherwise";
the basic actions, ``strike.json``: "You can use the Strike action more than once per turn, but
each attack must use a different hand. If you attack using your offhand, you must spend 2
focus")."""

from __future__ import annotations

from dataclasses import replace

import pytest

from nazh.domain.encounter.conditions import Condition, ConditionName
from nazh.domain.encounter.encounter import Encounter, changed
from nazh.domain.encounter.errors import EncounterError
from nazh.domain.encounter.events import EventKind
from nazh.domain.encounter.flow import choose_speed, done, next_phase
from nazh.domain.encounter.named import STRIKE, Hand, check_unused, strike_hand, unuse, use
from nazh.domain.encounter.timing import Speed
from tests.domain.encounter.builders import enemy, fight, kinds, player


def _kaladin_in_his_turn(focus: int = 4) -> Encounter:
    encounter = fight(player("Kaladin"), enemy("Bandit"))
    encounter = changed(encounter, replace(encounter.find("Kaladin"), focus=focus))
    return choose_speed(encounter, "Kaladin", Speed.FAST).encounter


def test_the_first_strike_is_the_main_hands_and_costs_no_focus() -> None:
    encounter = _kaladin_in_his_turn()
    assert strike_hand(encounter.find("Kaladin")) is Hand.MAIN
    struck = use(encounter, "Kaladin", STRIKE)
    assert kinds(struck) == []
    assert struck.encounter.find("Kaladin").focus == 4
    assert struck.encounter.find("Kaladin").turn.used == (STRIKE,)


def test_the_second_strike_is_the_offhands_for_2_focus_and_a_third_is_refused() -> None:
    encounter = use(_kaladin_in_his_turn(), "Kaladin", STRIKE).encounter
    assert strike_hand(encounter.find("Kaladin")) is Hand.OFF
    offhand = use(encounter, "Kaladin", STRIKE)
    assert kinds(offhand) == [EventKind.OFFHAND_STRIKE]
    assert (offhand.events[0].amount, offhand.events[0].note) == (2, "2")
    kaladin = offhand.encounter.find("Kaladin")
    assert (kaladin.focus, kaladin.reactions.focus_spent) == (2, 2)
    with pytest.raises(EncounterError, match="struck with both hands this turn"):
        use(offhand.encounter, "Kaladin", STRIKE)


def test_an_offhand_strike_without_the_focus_is_refused_and_focused_costs_1_less() -> None:
    encounter = use(_kaladin_in_his_turn(focus=1), "Kaladin", STRIKE).encounter
    with pytest.raises(EncounterError, match="costs 2 focus; Kaladin has 1"):
        strike_hand(encounter.find("Kaladin"))
    # Conditions, Focused: "When you use an ability that costs focus, its cost is reduced by 1"
    focused = changed(encounter, replace(encounter.find("Kaladin"), conditions=(
        Condition(ConditionName.FOCUSED),)))
    paid = use(focused, "Kaladin", STRIKE)
    assert paid.encounter.find("Kaladin").focus == 0
    assert paid.events[0].note == "1"


def test_a_named_action_is_used_once_a_turn_and_again_in_the_next() -> None:
    encounter = use(_kaladin_in_his_turn(), "Kaladin", "gain-advantage").encounter
    with pytest.raises(EncounterError, match="has used Gain Advantage this turn already"):
        check_unused(encounter.find("Kaladin"), "gain-advantage", "Gain Advantage")
    with pytest.raises(EncounterError, match="has used Gain Advantage this turn already"):
        use(encounter, "Kaladin", "gain-advantage")
    assert use(encounter, "Kaladin", "grapple").encounter.find("Kaladin").turn.used == (
        "gain-advantage", "grapple")
    encounter = done(encounter, "Kaladin").encounter
    while encounter.find("Kaladin").turn.current is None:
        encounter = next_phase(encounter).encounter
    assert encounter.find("Kaladin").turn.used == ()  # a new turn forgets them


def test_an_undone_strike_frees_its_hand_and_an_offhands_focus_comes_back() -> None:
    encounter = use(use(_kaladin_in_his_turn(), "Kaladin", STRIKE).encounter, "Kaladin",
                    STRIKE).encounter
    back = unuse(encounter, "Kaladin", STRIKE, offhand=True)
    assert kinds(back) == [EventKind.OFFHAND_UNDONE]
    kaladin = back.encounter.find("Kaladin")
    assert (kaladin.focus, kaladin.reactions.focus_spent, kaladin.turn.used) == (4, 0, (STRIKE,))
    main = unuse(encounter, "Kaladin", STRIKE)  # the main hand's undone: no focus moves
    assert kinds(main) == []
    assert main.encounter.find("Kaladin").focus == 2
    assert unuse(back.encounter, "Kaladin", "grapple").encounter == back.encounter


def test_an_offhand_strike_with_a_weapon_of_the_trait_offhand_costs_1_focus() -> None:
    """Part 6, weapon traits, Offhand: "While wielding this weapon in your offhand, it only costs
    you 1 focus (instead of 2) to Strike with it"; undone, that 1 comes back."""
    encounter = use(_kaladin_in_his_turn(focus=1), "Kaladin", STRIKE).encounter
    assert strike_hand(encounter.find("Kaladin"), trait=True) is Hand.OFF
    paid = use(encounter, "Kaladin", STRIKE, trait=True)
    assert (paid.events[0].amount, paid.events[0].note) == (0, "1")
    back = unuse(paid.encounter, "Kaladin", STRIKE, offhand=True, trait=True)
    assert back.encounter.find("Kaladin").focus == 1
    focused = changed(encounter, replace(encounter.find("Kaladin"), conditions=(
        Condition(ConditionName.FOCUSED),)))
    assert use(focused, "Kaladin", STRIKE, trait=True).events[0].note == "0"  # Focused: 1 less
