"""Reactions and focus: Dodge (held, spent by an attack, lapsing at its turn), Aid, Reactive
strike, a boss's extra action and condition ended, Recover; each refusal says why."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest

from nazh.domain.encounter.acts import Affliction, give_condition, spend_action, spend_reaction
from nazh.domain.encounter.combatant import Combatant, Role
from nazh.domain.encounter.conditions import ConditionName
from nazh.domain.encounter.encounter import Encounter
from nazh.domain.encounter.errors import EncounterError
from nazh.domain.encounter.events import EventKind
from nazh.domain.encounter.flow import choose_speed, done, next_phase
from nazh.domain.encounter.reactions import (
    aid,
    aid_used,
    can_end_condition,
    can_react,
    can_recover,
    can_take_extra,
    check_recover,
    dodge,
    dodge_ready,
    dodge_used,
    end_own_condition,
    extra_action,
    follow_sheet,
    reactive_strike,
    recover,
    recover_choice,
    start_recovery,
)
from nazh.domain.encounter.timing import Phase, Speed
from tests.domain.encounter.builders import ally, enemy, fight, kinds, of_kind, player


def focused(combatant: Combatant, focus: int = 3) -> Combatant:
    return replace(combatant, focus=focus)


def table(kaladin_focus: int = 3, boss_focus: int = 2) -> Encounter:
    """Kaladin (3 focus) and Syl against Szeth (a boss, 2 focus) and a bandit."""
    return fight(focused(player("Kaladin"), kaladin_focus), focused(player("Syl", 2), 2),
                 focused(enemy("Szeth", Role.BOSS, health=40), boss_focus), enemy("Bandit"))


# -- Dodge --------------------------------------------------------------------------------------


def test_dodge_holds_the_reaction_and_a_focus_until_an_attack_spends_them() -> None:
    outcome = dodge(table(), "Kaladin")
    kaladin = outcome.encounter.find("Kaladin")
    assert kinds(outcome) == [EventKind.DODGE_MARKED]
    assert (kaladin.reactions.dodging, kaladin.turn.reaction, kaladin.focus) == (True, True, 3)
    assert dodge_ready(kaladin)
    assert not can_react(kaladin)

    used = dodge_used(outcome.encounter, "Kaladin")
    kaladin = used.encounter.find("Kaladin")
    assert kinds(used) == [EventKind.DODGE_USED, EventKind.REACTION_SPENT,
                           EventKind.FOCUS_SPENT]
    assert of_kind(used, EventKind.FOCUS_SPENT)[0].amount == 2
    assert of_kind(used, EventKind.FOCUS_SPENT)[0].note == "dodge"
    assert (kaladin.reactions.dodging, kaladin.turn.reaction, kaladin.focus,
            kaladin.reactions.focus_spent) == (False, False, 2, 1)


def test_a_dodge_is_spent_once() -> None:
    used = dodge_used(dodge(table(), "Kaladin").encounter, "Kaladin").encounter
    with pytest.raises(EncounterError, match="Kaladin is no longer Dodging"):
        dodge_used(used, "Kaladin")


def test_a_dodge_unused_lapses_when_its_turn_starts_and_nothing_is_spent() -> None:
    dodging = dodge(table(), "Kaladin").encounter
    outcome = choose_speed(dodging, "Kaladin", Speed.FAST)
    kaladin = outcome.encounter.find("Kaladin")
    assert EventKind.DODGE_LAPSED in kinds(outcome)
    assert (kaladin.reactions.dodging, kaladin.turn.reaction, kaladin.focus) == (False, True, 3)
    assert EventKind.FOCUS_SPENT not in kinds(outcome)


@pytest.mark.parametrize(("prepare", "refusal"), [
    (lambda e: spend_reaction(e, "Kaladin").encounter,
     "Kaladin has no reaction left this round"),
    (lambda e: give_condition(e, "Kaladin", Affliction(ConditionName.STUNNED)).encounter,
     "Kaladin is Stunned and has no reactions"),
    (lambda e: dodge(e, "Kaladin").encounter, "Kaladin is already Dodging"),
])
def test_dodge_is_refused_without_a_reaction(prepare: Callable[[Encounter], Encounter],
                                             refusal: str) -> None:
    encounter = prepare(table())
    with pytest.raises(EncounterError, match=refusal):
        dodge(encounter, "Kaladin")


def test_dodge_is_refused_without_focus() -> None:
    with pytest.raises(EncounterError, match="Kaladin has no focus left"):
        dodge(table(kaladin_focus=0), "Kaladin")


def test_the_reaction_held_for_a_dodge_is_not_spent_otherwise() -> None:
    dodging = dodge(table(), "Kaladin").encounter
    with pytest.raises(EncounterError, match="Kaladin's reaction is held for its Dodge"):
        spend_reaction(dodging, "Kaladin")
    with pytest.raises(EncounterError, match="Kaladin's reaction is held for its Dodge"):
        aid(dodging, "Kaladin", "Syl")


def test_a_stunned_dodger_gives_no_disadvantage() -> None:
    """Part 2 "Conditions", Stunned: "you lose any reactions": the one held for the Dodge."""
    dodging = dodge(table(), "Kaladin").encounter
    stunning = give_condition(dodging, "Kaladin", Affliction(ConditionName.STUNNED))
    assert kinds(stunning) == [EventKind.CONDITION_ADDED, EventKind.DODGE_LAPSED]
    stunned = stunning.encounter
    assert not dodge_ready(stunned.find("Kaladin"))
    assert not stunned.find("Kaladin").reactions.dodging


# -- Aid and Reactive strike --------------------------------------------------------------------


def test_aid_spends_at_once_and_waits_for_the_aided_test() -> None:
    outcome = aid(table(), "Kaladin", "syl")
    kaladin, syl = outcome.encounter.find("Kaladin"), outcome.encounter.find("Syl")
    assert kinds(outcome) == [EventKind.AID_GIVEN, EventKind.REACTION_SPENT,
                              EventKind.FOCUS_SPENT]
    assert outcome.events[0].note == "Syl"
    assert (kaladin.turn.reaction, kaladin.focus) == (False, 2)
    assert syl.reactions.aided_by == "Kaladin"
    used = aid_used(outcome.encounter, "Syl")
    assert used.events[0].kind is EventKind.AID_USED
    assert used.events[0].note == "Kaladin"
    assert used.encounter.find("Syl").reactions.aided_by is None
    with pytest.raises(EncounterError, match="Syl has no Aid waiting"):
        aid_used(used.encounter, "Syl")


@pytest.mark.parametrize(("helper", "aided", "refusal"), [
    ("Kaladin", "Kaladin", "Kaladin cannot Aid itself"),
    ("Kaladin", "Nobody", 'no combatant "Nobody"'),
    ("Kaladin", "Szeth", "Kaladin cannot Aid Szeth: Aid helps an ally"),
    ("Szeth", "Kaladin", "Szeth cannot Aid Kaladin: Aid helps an ally"),
])
def test_aid_is_refused_for_whom_it_cannot_help(helper: str, aided: str, refusal: str) -> None:
    """Basic actions, Aid: "Before an ally makes a skill test, you can use this reaction and
    spend 1 focus": not itself, not an enemy."""
    with pytest.raises(EncounterError, match=refusal):
        aid(table(), helper, aided)


def test_one_aid_waits_at_a_time() -> None:
    three = fight(focused(player("Kaladin")), focused(player("Syl", 2)),
                  focused(player("Teft", 3)), enemy("Bandit"))
    aided = aid(three, "Kaladin", "Teft").encounter
    with pytest.raises(EncounterError, match="Teft is already Aided by Kaladin"):
        aid(aided, "Syl", "Teft")


def test_an_ally_on_the_adversaries_side_aids_a_player_and_an_enemy_an_enemy() -> None:
    """Basic actions, Aid: an ally is anyone on the same side (allies fight beside players)."""
    sides = fight(focused(player("Kaladin")), focused(ally("Teft")),
                  focused(enemy("Szeth", Role.BOSS, health=40)), focused(enemy("Bandit")))
    assert aid(sides, "Teft", "Kaladin").encounter.find("Kaladin").reactions.aided_by == "Teft"
    assert aid(sides, "Bandit", "Szeth").encounter.find("Szeth").reactions.aided_by == "Bandit"


def test_aid_and_strike_are_refused_once_the_reaction_is_spent() -> None:
    aided = aid(table(), "Kaladin", "Syl").encounter
    with pytest.raises(EncounterError, match="Kaladin has no reaction left this round"):
        reactive_strike(aided, "Kaladin")


def test_a_reactive_strike_spends_the_reaction_and_a_focus_not_an_action() -> None:
    running = choose_speed(table(), "Kaladin", Speed.FAST).encounter
    outcome = reactive_strike(running, "Kaladin")
    kaladin = outcome.encounter.find("Kaladin")
    assert kinds(outcome) == [EventKind.REACTION_SPENT, EventKind.FOCUS_SPENT]
    assert of_kind(outcome, EventKind.FOCUS_SPENT)[0].note == "reactive strike"
    assert (kaladin.turn.reaction, kaladin.focus, kaladin.turn.actions) == (False, 2, 2)


# -- a boss's focus -----------------------------------------------------------------------------


def in_fast_adversaries(encounter: Encounter) -> Encounter:
    while encounter.phase is not Phase.FAST_ADVERSARIES:
        encounter = next_phase(encounter).encounter
    return encounter


def after_kaladins_fast_turn(encounter: Encounter) -> Encounter:
    """``encounter`` once Kaladin took a fast turn and pressed Done (Syl still to choose)."""
    running = choose_speed(encounter, "Kaladin", Speed.FAST).encounter
    return done(running, "Kaladin").encounter


def test_a_boss_takes_an_extra_action_only_right_after_an_enemys_turn_never_in_its_count(
        ) -> None:
    """Part 7 "Using Adversaries", Boss: "After an enemy finishes a turn, the boss can spend 1
    focus to immediately use an extra action": not before any enemy's turn, not inside its
    own turn's count, once per enemy's turn."""
    with pytest.raises(EncounterError, match="Szeth takes an extra action only right after an "
                                             "enemy of its finishes a turn"):
        extra_action(table(), "Szeth")
    assert not can_take_extra(table().find("Szeth"))
    ready = after_kaladins_fast_turn(table())
    assert can_take_extra(ready.find("Szeth"))
    outcome = extra_action(ready, "Szeth")
    szeth = outcome.encounter.find("Szeth")
    assert kinds(outcome) == [EventKind.FOCUS_SPENT, EventKind.EXTRA_ACTION]
    assert of_kind(outcome, EventKind.EXTRA_ACTION)[0].amount is None
    assert (szeth.focus, szeth.turn.actions, szeth.turn.reaction) == (1, None, True)
    with pytest.raises(EncounterError, match="only right after an enemy of its finishes"):
        extra_action(outcome.encounter, "Szeth")
    in_its_turn = in_fast_adversaries(table())
    assert in_its_turn.find("Szeth").turn.actions == 2
    with pytest.raises(EncounterError, match="only right after an enemy of its finishes"):
        extra_action(in_its_turn, "Szeth")


def test_the_next_turn_finished_by_the_boss_s_side_closes_the_extra_action() -> None:
    ready = in_fast_adversaries(after_kaladins_fast_turn(table()))
    assert ready.find("Szeth").reactions.extra_ready
    bandit = choose_speed(ready, "Bandit", Speed.FAST)
    closed = done(bandit.encounter, "Bandit").encounter
    assert not closed.find("Szeth").reactions.extra_ready


def test_only_a_boss_takes_an_extra_action() -> None:
    with pytest.raises(EncounterError, match=r"only a boss takes an extra action \(Bandit is "
                                             "a rival\\)"):
        extra_action(table(), "Bandit")
    assert not can_take_extra(table().find("Kaladin"))


def test_a_boss_without_focus_has_no_extra_action() -> None:
    with pytest.raises(EncounterError, match="Szeth has no focus left"):
        extra_action(after_kaladins_fast_turn(table(boss_focus=0)), "Szeth")


def test_a_boss_ends_one_of_its_conditions_for_a_focus_on_its_own_turn() -> None:
    """Part 7 "Using Adversaries", Boss: "they can spend 1 focus on their turn to remove a
    condition from themself"."""
    stunned = give_condition(table(), "Szeth", Affliction(ConditionName.STUNNED)).encounter
    assert not can_end_condition(stunned.find("Szeth"))
    with pytest.raises(EncounterError, match="Szeth ends its conditions for focus on its own "
                                             "turn only"):
        end_own_condition(stunned, "Szeth", ConditionName.STUNNED)
    running = in_fast_adversaries(stunned)
    assert can_end_condition(running.find("Szeth"))
    outcome = end_own_condition(running, "Szeth", ConditionName.STUNNED)
    szeth = outcome.encounter.find("Szeth")
    assert kinds(outcome) == [EventKind.FOCUS_SPENT, EventKind.CONDITION_REMOVED]
    assert of_kind(outcome, EventKind.FOCUS_SPENT)[0].note == "end stunned"
    assert (szeth.conditions, szeth.focus) == ((), 1)
    with pytest.raises(EncounterError, match="Szeth is not Stunned"):
        end_own_condition(outcome.encounter, "Szeth", ConditionName.STUNNED)
    with pytest.raises(EncounterError, match="only a boss spends focus to end its conditions"):
        end_own_condition(stunned, "Kaladin", ConditionName.STUNNED)


# -- Recover ------------------------------------------------------------------------------------


def test_recover_spends_two_actions_once_per_scene_and_heals_then_gives_focus_back() -> None:
    hurt = table()
    hurt = replace(hurt, combatants=tuple(
        replace(c, health=14) if c.name == "Kaladin" else c for c in hurt.combatants))
    spent = reactive_strike(aid(hurt, "Syl", "Kaladin").encounter, "Kaladin").encounter
    running = choose_speed(spent, "Kaladin", Speed.SLOW).encounter
    running = next_phase(next_phase(running).encounter).encounter  # the slow players phase
    assert can_recover(running.find("Kaladin"))
    started = start_recovery(running, "Kaladin")
    assert kinds(started) == [EventKind.ACTION_SPENT, EventKind.ACTION_SPENT]
    assert [e.amount for e in started.events] == [2, 1]
    with pytest.raises(EncounterError, match="Kaladin recovers 8: choose how many go to health"):
        recover(started.encounter, "Kaladin", 8)
    outcome = recover(started.encounter, "Kaladin", 8, to_health=6)
    kaladin = outcome.encounter.find("Kaladin")
    # 6 to health (14 -> 20), then 1 of the 2 left back to the focus spent (1)
    assert (kaladin.health, kaladin.focus, kaladin.reactions.focus_spent) == (20, 3, 0)
    assert outcome.events[0].note == "8: health +6, focus +1"
    with pytest.raises(EncounterError, match="Recover is once per scene: Kaladin has "
                                             "already recovered"):
        check_recover(outcome.encounter, "Kaladin")


def test_recover_splits_the_die_as_the_player_chooses_all_to_the_one_with_room_else() -> None:
    """Basic actions, Recover: "Roll your recovery die to recover health and/or focus": at
    full health and 0 focus (of 3), a 4 recovers 3 focus; the player splits it when both have
    room, among the splits that lose nothing either could take."""
    broke = fight(replace(player("Kaladin"), focus=0))
    rested = recover(broke, "Kaladin", 4, focus_room=3).encounter.find("Kaladin")
    assert (rested.health, rested.focus) == (20, 3)
    hurt = fight(replace(player("Kaladin", health=20), health=18, focus=0))
    healed = recover(hurt, "Kaladin", 4, focus_room=0).encounter.find("Kaladin")
    assert (healed.health, healed.focus) == (20, 0)
    split = recover(hurt, "Kaladin", 4, to_health=1, focus_room=3)
    assert split.events[0].note == "4: health +1, focus +3"
    assert list(recover_choice(4, 2, 3)) == [2, 1]  # at most 2 to health, at most 3 to focus
    assert list(recover_choice(4, 9, 9)) == [4, 3, 2, 1, 0]
    with pytest.raises(EncounterError, match="to health: from 0 to the 4 points"):
        recover(hurt, "Kaladin", 4, to_health=5, focus_room=3)


def test_recover_needs_the_combatants_turn_and_two_actions() -> None:
    with pytest.raises(EncounterError, match="Kaladin is not taking a turn now: Recover "
                                             "takes 2 actions"):
        start_recovery(table(), "Kaladin")
    running = choose_speed(table(), "Kaladin", Speed.FAST).encounter
    one_left = spend_action(running, "Kaladin").encounter
    with pytest.raises(EncounterError, match="Recover takes 2 actions: Kaladin has 1 left"):
        start_recovery(one_left, "Kaladin")


def test_the_card_s_focus_follows_its_sheet_never_below_0_counted_as_spent() -> None:
    encounter = fight(focused(player("Kaladin"), 2))
    grazed = follow_sheet(encounter, "kaladin", -1, "graze")
    kaladin = grazed.encounter.find("Kaladin")
    assert (kaladin.focus, kaladin.reactions.focus_spent) == (1, 1)
    [event] = grazed.events
    assert (event.kind, event.combatant, event.note) == (EventKind.SHEET_FOCUS, "Kaladin",
                                                         "graze: 2 -> 1")
    emptied = follow_sheet(grazed.encounter, "Kaladin", -3, "graze").encounter
    assert (emptied.find("Kaladin").focus, emptied.find("Kaladin").reactions.focus_spent) == (
        0, 2)
    recovered = follow_sheet(emptied, "Kaladin", 3, "Opportunity").encounter
    assert (recovered.find("Kaladin").focus,
            recovered.find("Kaladin").reactions.focus_spent) == (3, 0)
