"""When the starter rules let a combatant act, as the book words it: a turn that fell Unconscious
or Surprised still ends with Done, Surprised lasts through the holder's next turn, a boss's
extra action is immediate and never an Unconscious boss's, its focus ends one condition, and
only a player's character chooses to wake, an Aid given ahead lapses at its giver's turn
(part 2, Conditions; part 7, Using Adversaries; basic reactions, Aid)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from nazh.domain.encounter.acts import Affliction, give_condition, spend_action
from nazh.domain.encounter.combatant import Role
from nazh.domain.encounter.conditions import Condition, ConditionName, has
from nazh.domain.encounter.damage_types import DamageType
from nazh.domain.encounter.encounter import Encounter
from nazh.domain.encounter.errors import EncounterError
from nazh.domain.encounter.events import EventKind
from nazh.domain.encounter.flow import choose_speed, done, next_phase
from nazh.domain.encounter.health import check_choosing_to_wake, knock_out
from nazh.domain.encounter.hits import hit
from nazh.domain.encounter.reactions import (
    aid,
    aids_lapsed,
    can_end_condition,
    can_take_extra,
    end_own_condition,
    extra_action,
)
from nazh.domain.encounter.timing import Phase, Speed
from tests.domain.encounter.builders import ally, enemy, fight, player


def _fast(encounter: Encounter, *names: str) -> Encounter:
    for name in names:
        encounter = choose_speed(encounter, name, Speed.FAST).encounter
    return encounter


def _to(encounter: Encounter, phase: Phase) -> Encounter:
    while encounter.phase is not phase:
        encounter = next_phase(encounter).encounter
    return encounter


def test_a_fast_turn_that_fell_unconscious_still_ends_with_done() -> None:
    # Conditions, Unconscious: "you always go slow": no new fast turn, the running one ends
    encounter = _fast(fight(player("Kaladin"), player("Shallan"), enemy("Bandit")), "Kaladin")
    encounter = hit(encounter, "Kaladin", 20, None)[0].encounter
    assert has(encounter.find("Kaladin").conditions, ConditionName.UNCONSCIOUS)
    ended = done(encounter, "Kaladin").encounter
    kaladin = ended.find("Kaladin")
    assert kaladin.turn.current is None
    assert Speed.FAST in kaladin.turn.finished
    assert ended.phase is Phase.FAST_PLAYERS  # Shallan may still go fast


def test_a_fast_turn_that_became_surprised_ends_with_done_too() -> None:
    encounter = _fast(fight(player("Kaladin"), enemy("Bandit")), "Kaladin")
    encounter = give_condition(encounter, "Kaladin",
                               Affliction(ConditionName.SURPRISED)).encounter
    assert done(encounter, "Kaladin").encounter.phase is not Phase.FAST_PLAYERS


def test_surprised_in_its_own_turn_lasts_through_its_next_turn() -> None:
    # Conditions, Surprised: "Remove this condition after your next turn."
    encounter = _fast(fight(player("Kaladin"), enemy("Bandit")), "Kaladin")
    encounter = spend_action(encounter, "Kaladin").encounter
    encounter = give_condition(encounter, "Kaladin",
                               Affliction(ConditionName.SURPRISED)).encounter
    encounter = done(encounter, "Kaladin").encounter  # the turn it was gained in
    assert has(encounter.find("Kaladin").conditions, ConditionName.SURPRISED)
    encounter = _to(next_phase(_to(encounter, Phase.SLOW_ADVERSARIES)).encounter,
                    Phase.SLOW_PLAYERS)
    kaladin = encounter.find("Kaladin")
    assert (encounter.round, kaladin.turn.current) == (2, Speed.SLOW)
    assert kaladin.turn.actions == 2  # rule: "you gain one fewer" action
    ended = done(encounter, "Kaladin").encounter
    assert not has(ended.find("Kaladin").conditions, ConditionName.SURPRISED)


def test_surprised_outside_its_turn_ends_after_its_next_turn() -> None:
    encounter = give_condition(fight(player("Kaladin"), enemy("Bandit")), "Kaladin",
                               Affliction(ConditionName.SURPRISED)).encounter
    encounter = _to(encounter, Phase.SLOW_PLAYERS)
    assert has(encounter.find("Kaladin").conditions, ConditionName.SURPRISED)
    assert not has(done(encounter, "Kaladin").encounter.find("Kaladin").conditions,
                   ConditionName.SURPRISED)


def test_a_surprised_kept_before_it_counted_turn_ends_ends_at_the_first() -> None:
    encounter = _to(fight(player("Kaladin"), enemy("Bandit")), Phase.SLOW_PLAYERS)
    kaladin = encounter.find("Kaladin")
    # as kept before Surprised counted its holder's turn ends
    kept = replace(kaladin, conditions=(*kaladin.conditions, Condition(ConditionName.SURPRISED)))
    encounter = replace(encounter, combatants=tuple(
        kept if c.key == kept.key else c for c in encounter.combatants))
    assert not has(done(encounter, "Kaladin").encounter.find("Kaladin").conditions,
                   ConditionName.SURPRISED)


def _boss_fight() -> Encounter:
    szeth = replace(enemy("Szeth", Role.BOSS, health=40), focus=3)
    return _fast(fight(player("Kaladin"), player("Shallan"), szeth), "Kaladin", "Shallan")


def test_a_bosss_extra_action_closes_once_the_next_turn_acts() -> None:
    # Using Adversaries, Boss: "After an enemy finishes a turn, the boss can spend 1 focus to
    # immediately use an extra action"
    encounter = done(spend_action(_boss_fight(), "Kaladin").encounter, "Kaladin").encounter
    assert can_take_extra(encounter.find("Szeth"))
    acted = spend_action(encounter, "Shallan").encounter
    assert not can_take_extra(acted.find("Szeth"))
    with pytest.raises(EncounterError, match="before anyone acts in the next turn"):
        extra_action(acted, "Szeth")
    assert extra_action(encounter, "Szeth").encounter.find("Szeth").focus == 2


def test_an_unconscious_boss_takes_no_extra_action_and_cannot_wake_itself() -> None:
    # Conditions, Unconscious: no "actions or reactions"; Damage, Injury, and Death: "unlike
    # PCs, NPCs can't choose to regain consciousness on their own"
    # a boss at 0 is defeated unless knocked out (part 7, Defeated Adversaries)
    encounter = knock_out(hit(_boss_fight(), "Szeth", 40, None)[0].encounter, "Szeth").encounter
    encounter = done(spend_action(encounter, "Kaladin").encounter, "Kaladin").encounter
    szeth = encounter.find("Szeth")
    assert has(szeth.conditions, ConditionName.UNCONSCIOUS)
    assert szeth.reactions.extra_ready
    assert not can_take_extra(szeth)
    with pytest.raises(EncounterError, match="Unconscious and takes no actions"):
        extra_action(encounter, "Szeth")
    turn = replace(szeth, turn=replace(szeth.turn, current=Speed.SLOW))
    assert not can_end_condition(turn)
    with pytest.raises(EncounterError, match="Unconscious and takes no actions"):
        end_own_condition(replace(encounter, combatants=tuple(
            turn if c.key == turn.key else c for c in encounter.combatants)), "Szeth",
            ConditionName.UNCONSCIOUS)


def test_a_bosss_focus_ends_one_afflicted_of_several() -> None:
    # Boss: "spend 1 focus on their turn to remove a condition"; Afflicted: "resolve each
    # effect separately"
    encounter = _to(_boss_fight(), Phase.FAST_ADVERSARIES)
    for source in ("fire", "poison"):
        encounter = give_condition(encounter, "Szeth", Affliction(
            ConditionName.AFFLICTED, 3, source=source,
            damage_type=DamageType.ENERGY)).encounter
    named = end_own_condition(encounter, "Szeth", ConditionName.AFFLICTED, source="poison")
    assert [c.source for c in named.encounter.find("Szeth").conditions] == ["fire"]
    first = end_own_condition(encounter, "Szeth", ConditionName.AFFLICTED)
    assert [c.source for c in first.encounter.find("Szeth").conditions] == ["poison"]


def test_only_a_players_character_chooses_to_wake_and_in_its_turn_or_once_healed() -> None:
    # Conditions, Unconscious: "If you are a PC, you can choose to regain consciousness at the
    # end of any of your turns ... or when an effect heals you to at least 1 health"
    encounter = hit(fight(player("Kaladin"), ally("Lopen"), enemy("Bandit")), "Kaladin", 20,
                    None)[0].encounter
    with pytest.raises(EncounterError, match="end of one of its turns"):
        check_choosing_to_wake(encounter.find("Kaladin"))
    in_turn = _to(encounter, Phase.SLOW_PLAYERS).find("Kaladin")
    assert in_turn.turn.current is Speed.SLOW
    check_choosing_to_wake(in_turn)
    check_choosing_to_wake(replace(encounter.find("Kaladin"), health=3))
    lopen = hit(encounter, "Lopen", 12, None)[0].encounter.find("Lopen")
    with pytest.raises(EncounterError, match="only a player's character chooses to wake"):
        check_choosing_to_wake(lopen)


def test_an_aid_given_ahead_lapses_when_its_givers_next_turn_begins() -> None:
    # Aid (basic reactions): "Before an ally makes a skill test, you can use this reaction";
    # given ahead, it waits only until the giver's reaction comes back, as a Dodge does
    encounter = fight(replace(player("Kaladin"), focus=2), player("Shallan"), enemy("Bandit"))
    given = aid(encounter, "Kaladin", "Shallan").encounter
    assert given.find("Shallan").reactions.aided_by == "Kaladin"
    begun = _fast(given, "Kaladin")  # his fast turn, the phase's only one: begun
    lapsed = aids_lapsed(given, begun)
    assert lapsed.encounter.find("Shallan").reactions.aided_by is None
    assert [(e.kind, e.combatant, e.note) for e in lapsed.events] == [
        (EventKind.AID_LAPSED, "Shallan", "Kaladin")]
    in_turn = aid(_fast(encounter, "Kaladin"), "Kaladin", "Shallan").encounter
    acted = spend_action(in_turn, "Kaladin").encounter  # the same turn: the Aid still waits
    assert aids_lapsed(in_turn, acted).encounter.find("Shallan").reactions.aided_by == "Kaladin"
