"""Each condition x each act it changes, as the starter rules say (part 2 "Conditions" unless a
row names another chapter): one row each, the act tried with the condition and without it.

The rows that are a roll's are in the application's tests: the graze's (Focused) in
``tests/application/encounters/test_sheets.py``
(``test_a_focused_graze_costs_no_focus_even_at_0``), the injury roll's (Unconscious: no action
spent) in ``tests/application/characters/test_rolls_in_encounter.py``
(``test_an_injury_roll_in_an_encounter_spends_no_action_and_is_not_a_test``) and
``tests/e2e/test_encounter_rules.py``
(``test_knocked_out_in_its_turn_it_loses_its_actions_and_its_injury_roll_spends_none``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import pytest

from nazh.domain.encounter.acts import (
    Affliction,
    give_back_action,
    give_condition,
    remove_condition,
    spend_action,
    spend_reaction,
)
from nazh.domain.encounter.combatant import Combatant, Role
from nazh.domain.encounter.conditions import ConditionName
from nazh.domain.encounter.damage import DamageType
from nazh.domain.encounter.encounter import Encounter, Outcome
from nazh.domain.encounter.errors import EncounterError
from nazh.domain.encounter.events import EventKind
from nazh.domain.encounter.flow import choose_speed, done, next_phase
from nazh.domain.encounter.hits import heal, hit
from nazh.domain.encounter.reactions import (
    aid,
    can_recover,
    dodge,
    dodge_used,
    end_own_condition,
    extra_action,
    reactive_strike,
    start_recovery,
)
from nazh.domain.encounter.timing import Speed
from tests.domain.encounter.builders import ally, enemy, fight, player
from tests.fakes import FakeRng, d, script

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


# -- Afflicted: "the amount and type of damage specified by the effect" at each turn's end --------


def afflicted_turn(target: Combatant, affliction: Affliction,
                   dice: FakeRng | None = None) -> Outcome:
    """``target`` Afflicted, taking its fast turn and pressing Done."""
    encounter = give_condition(fight(target), target.name, affliction).encounter
    encounter = choose_speed(encounter, target.name, Speed.FAST).encounter
    return done(encounter, target.name, dice)


def afflicted_type() -> None:
    keen, vital = (afflicted_turn(replace(player("Kaladin"), deflect=2),
                                  Affliction(ConditionName.AFFLICTED, 3, damage_type=kind))
                   for kind in (DamageType.KEEN, DamageType.VITAL))
    assert (keen.encounter.find("Kaladin").health, vital.encounter.find("Kaladin").health) == (
        19, 17)


def afflicted_deflect() -> None:
    armoured = replace(player("Kaladin"), deflect=5)
    for kind in (DamageType.ENERGY, DamageType.IMPACT, DamageType.KEEN, None):
        hit = afflicted_turn(armoured, Affliction(ConditionName.AFFLICTED, 3, damage_type=kind))
        assert hit.encounter.find("Kaladin").health == 20, kind
    spirit = afflicted_turn(armoured, Affliction(ConditionName.AFFLICTED, 3,
                                                 damage_type=DamageType.SPIRIT))
    assert spirit.encounter.find("Kaladin").health == 17


def afflicted_immunity() -> None:
    shardplate = replace(player("Kaladin"), damage_immunities=frozenset({DamageType.ENERGY}))
    immune = afflicted_turn(shardplate, Affliction(ConditionName.AFFLICTED, 4,
                                                   damage_type=DamageType.ENERGY))
    assert immune.encounter.find("Kaladin").health == 20
    hurt = afflicted_turn(shardplate, Affliction(ConditionName.AFFLICTED, 4,
                                                 damage_type=DamageType.VITAL))
    assert hurt.encounter.find("Kaladin").health == 16


def afflicted_dice() -> None:
    poisoned = Affliction(ConditionName.AFFLICTED, dice="1d4", damage_type=DamageType.VITAL)
    outcome = afflicted_turn(player("Kaladin"), poisoned, script(d(4, 3)))
    assert outcome.encounter.find("Kaladin").health == 17
    [held] = outcome.encounter.find("Kaladin").conditions
    assert held.label == "Afflicted 1d4 vital"
    with pytest.raises(EncounterError, match="its dice are rolled where a turn ends"):
        afflicted_turn(player("Kaladin"), poisoned)


def afflicted_injury() -> None:
    for health in (3, 0):  # dropped to 0, and hit at 0
        hurt = replace(player("Kaladin"), health=health)
        outcome = afflicted_turn(hurt, Affliction(ConditionName.AFFLICTED, 3, source="fire"))
        [due] = [e for e in outcome.events if e.kind is EventKind.INJURY_DUE]
        assert (due.combatant, due.condition and due.condition.label) == (
            "Kaladin", "Afflicted 3 (fire)")
    spared = afflicted_turn(replace(player("Kaladin"), health=0, damage_immunities=frozenset(
        {DamageType.VITAL})), Affliction(ConditionName.AFFLICTED, 3,
                                         damage_type=DamageType.VITAL))
    assert EventKind.INJURY_DUE not in [e.kind for e in spared.events]


# -- Unconscious: waking ---------------------------------------------------------------------------


def felled(target: Combatant) -> Encounter:
    """``target`` (health 5) dropped to 0 by 9 vital: Unconscious."""
    encounter = fight(replace(target, health=5), enemy("Bandit"))
    return hit(encounter, target.name, 9, DamageType.VITAL)[0].encounter


def unconscious_wakes() -> None:
    woke = remove_condition(felled(player("Kaladin")), "Kaladin", ConditionName.UNCONSCIOUS)
    kaladin = woke.encounter.find("Kaladin")
    assert kaladin.health == 1
    assert [c.name for c in kaladin.conditions] == [ConditionName.PRONE]
    standing = remove_condition(woke.encounter, "Kaladin", ConditionName.PRONE).encounter
    assert standing.find("Kaladin").conditions == ()


def unconscious_healed() -> None:
    npc = heal(felled(ally("Teft")), "Teft", 3).encounter.find("Teft")
    assert (npc.health, [c.name for c in npc.conditions]) == (3, [ConditionName.PRONE])
    pc = heal(felled(player("Kaladin")), "Kaladin", 3).encounter.find("Kaladin")
    assert (pc.health, [c.name for c in pc.conditions]) == (3, [ConditionName.UNCONSCIOUS])


def knocked_out_in_its_turn() -> Encounter:
    """Kaladin (health 5) in his slow turn (3 actions), dropped to 0 by 9 vital."""
    encounter = fight(replace(player("Kaladin"), health=5), enemy("Bandit"))
    encounter = next_phase(encounter).encounter  # the fast adversaries' skipped: slow players'
    assert encounter.find("Kaladin").turn.actions == 3
    return hit(encounter, "Kaladin", 9, DamageType.VITAL)[0].encounter


def unconscious_act() -> None:
    fallen = knocked_out_in_its_turn()
    assert fallen.find("Kaladin").turn.actions == 0
    refused(lambda e: spend_action(e, "Kaladin"), fallen, "Kaladin is Unconscious and takes "
                                                          "no actions")
    refused(lambda e: give_back_action(e, "Kaladin"), fallen, "has spent no action")
    by_hand = fight(player("Kaladin"), enemy("Bandit"))
    by_hand = choose_speed(by_hand, "Kaladin", Speed.FAST).encounter
    by_hand = holding(by_hand, "Kaladin", ConditionName.UNCONSCIOUS)
    assert by_hand.find("Kaladin").turn.actions == 0


def unconscious_recover() -> None:
    fallen = knocked_out_in_its_turn()
    assert not can_recover(fallen.find("Kaladin"))
    refused(lambda e: start_recovery(e, "Kaladin"), fallen, "Kaladin is Unconscious and takes "
                                                            "no actions: it cannot Recover")


# -- Stunned and Surprised: "you lose any reactions" ---------------------------------------------


def reaction_after(condition: ConditionName) -> Callable[[], None]:
    def check() -> None:
        encounter = holding(fight(player("Kaladin"), enemy("Bandit")), "Kaladin", condition)
        kaladin = encounter.find("Kaladin")
        assert not kaladin.turn.reaction
        ended = remove_condition(encounter, "Kaladin", condition).encounter
        assert not ended.find("Kaladin").reaction_left  # not back until its next turn
        refused(lambda e: spend_reaction(e, "Kaladin"), ended,
                "Kaladin has no reaction left this round")
        turned = choose_speed(ended, "Kaladin", Speed.FAST).encounter
        assert turned.find("Kaladin").reaction_left
        # a turn started while it holds it gains none
        held = choose_speed(encounter, "Kaladin", Speed.SLOW).encounter
        held = next_phase(held).encounter  # the slow players' phase: Kaladin's turn
        assert held.find("Kaladin").turn.current is Speed.SLOW
        assert not held.find("Kaladin").turn.reaction
        disoriented = holding(fight(player("Kaladin")), "Kaladin", ConditionName.DISORIENTED)
        cleared = remove_condition(disoriented, "Kaladin", ConditionName.DISORIENTED).encounter
        assert cleared.find("Kaladin").reaction_left  # Disoriented only keeps it unused
    return check


def focused_extra_action() -> None:
    """Szeth (a boss, 0 focus) right after Kaladin's fast turn ends."""
    def after_kaladin(encounter: Encounter) -> Encounter:
        running = choose_speed(encounter, "Kaladin", Speed.FAST).encounter
        return done(running, "Kaladin").encounter
    refused(lambda e: extra_action(e, "Szeth"), after_kaladin(broke()), "Szeth has no focus left")
    ready = after_kaladin(holding(broke(), "Szeth", ConditionName.FOCUSED))
    outcome = extra_action(ready, "Szeth")
    assert [e.kind for e in outcome.events] == [EventKind.EXTRA_ACTION]
    assert outcome.encounter.find("Szeth").focus == 0


def focused_end_condition() -> None:
    """Szeth (a boss, 0 focus, Stunned) on its own turn."""
    def in_its_turn(encounter: Encounter) -> Encounter:
        return next_phase(encounter).encounter  # the fast adversaries': Szeth's fast turn
    stunned = in_its_turn(holding(broke(), "Szeth", ConditionName.STUNNED))
    refused(lambda e: end_own_condition(e, "Szeth", ConditionName.STUNNED), stunned,
            "Szeth has no focus left")
    both = in_its_turn(holding(broke(), "Szeth", ConditionName.STUNNED, ConditionName.FOCUSED))
    ended = end_own_condition(both, "Szeth", ConditionName.STUNNED).encounter.find("Szeth")
    assert ([c.name for c in ended.conditions], ended.focus) == ([ConditionName.FOCUSED], 0)


ROWS = [
    Row(ConditionName.FOCUSED, "extra action", "Conditions: Focused; part 7 Using Adversaries: "
        "Boss", focused_extra_action),
    Row(ConditionName.FOCUSED, "end a condition", "Conditions: Focused; part 7 Using "
        "Adversaries: Boss", focused_end_condition),
    Row(ConditionName.SURPRISED, "reaction return", "Conditions: Surprised (\"you lose any "
        "reactions, you don't gain a reaction at the start of combat or on your turn\")",
        reaction_after(ConditionName.SURPRISED)),
    Row(ConditionName.STUNNED, "reaction return", "Conditions: Stunned (\"you lose any "
        "reactions, and on your turn ... don't gain a reaction\")",
        reaction_after(ConditionName.STUNNED)),
    Row(ConditionName.UNCONSCIOUS, "act", "Conditions: Unconscious (\"you can't do anything "
        "on your turn\")", unconscious_act),
    Row(ConditionName.UNCONSCIOUS, "recover", "Conditions: Unconscious; basic actions: Recover",
        unconscious_recover),
    Row(ConditionName.UNCONSCIOUS, "wake", "Conditions: Unconscious (\"if you're at 0 health, "
        "you recover 1 health\"); Prone", unconscious_wakes),
    Row(ConditionName.UNCONSCIOUS, "healed", "Conditions: Unconscious (\"an NPC ... regain"
        "s consciousness when you recover 1 health\"); Damage, Injury, and Death",
        unconscious_healed),
    Row(ConditionName.AFFLICTED, "damage type", "Conditions: Afflicted; Damage Types",
        afflicted_type),
    Row(ConditionName.AFFLICTED, "deflect", "Conditions: Afflicted; part 1 Deflect",
        afflicted_deflect),
    Row(ConditionName.AFFLICTED, "immunity", "Conditions: Afflicted; Damage Types",
        afflicted_immunity),
    Row(ConditionName.AFFLICTED, "dice", "Conditions: Afflicted (\"Afflicted [1d4] Vital\")",
        afflicted_dice),
    Row(ConditionName.AFFLICTED, "injury at 0", "Damage, Injury, and Death: Suffering an Injury",
        afflicted_injury),
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
