"""How a roll made in an encounter names it: the encounter, round and combatant, the conditions'
changes, the action spent or not."""

from __future__ import annotations

from nazh.application.rolls.terms.encounter import InEncounter
from nazh.presentation.encounter_roll import encounter_text


def test_the_encounter_round_combatant_changes_and_action_in_one_line() -> None:
    term = InEncounter("e1", "Ambush", 2, "fast-players", "Kaladin",
                       ("Exhausted: -2", "Restrained: disadvantage"), (("Exhausted", -2),),
                       disadvantages=1, action=True)
    assert encounter_text(term) == ("Ambush · round 2 · Kaladin — Exhausted: -2 · Restrained: "
                                    "disadvantage · 1 action spent")


def test_an_unnamed_encounter_and_no_action_spent() -> None:
    term = InEncounter("e1", "", 1, "slow-players", "Kaladin")
    assert encounter_text(term) == "Encounter · round 1 · Kaladin — no action spent"


def test_a_two_action_maneuver_says_both_actions_spent() -> None:
    spent = InEncounter("e1", "Ambush", 1, "fast-players", "Kaladin", action=True)
    assert encounter_text(spent, 2) == "Ambush · round 1 · Kaladin — 2 actions spent"
    none = InEncounter("e1", "Ambush", 1, "fast-players", "Kaladin")
    assert encounter_text(none, 2) == "Ambush · round 1 · Kaladin — no action spent"
