"""Gain Advantage, Grapple and Shove made in an encounter: what the encounter does to the test
(an advantage gained used by the next test against that enemy with another skill, a Shove of
one's grappler a test to escape, two actions asked of a Grapple) and what the test does to the
encounter once it succeeds, once, whatever repeats it (the starter rules' basic actions,
``src/packs/actions/basic/gain-advantage.json``, ``grapple.json``, ``shove.json``; Restrained
in part 2, "Conditions")."""

from __future__ import annotations

import pytest

from nazh.application.encounters.roll_handler import EncounterRolls
from nazh.application.encounters.roster import QuickCombatant
from nazh.application.encounters.turns import TurnAct
from nazh.application.rolls.events import Happened, RollPlace, Situation
from nazh.application.rolls.terms.encounter import ENCOUNTER
from nazh.application.rolls.terms.maneuver import MANEUVER, Maneuver
from nazh.domain.character import Attribute
from nazh.domain.encounter.acts import Affliction
from nazh.domain.encounter.combatant import Combatant
from nazh.domain.encounter.conditions import ConditionName, has
from nazh.domain.encounter.errors import EncounterError
from nazh.domain.encounter.holds import Hold, HoldKind
from nazh.domain.encounter.maneuvers import BasicAction, grapple
from nazh.domain.encounter.rolls import RollKind
from nazh.domain.spec import DieMode
from tests.encounter_fakes import CHANNEL, GM, PLAYER, EncounterKit, encounter_kit, handled, roll_in

DEDUCTION = RollKind.test("deduction", Attribute.INTELLECT)
ATHLETICS = RollKind.test("athletics", Attribute.STRENGTH)
INSIGHT = RollKind.test("insight", Attribute.AWARENESS)


async def kaladin_and_bandit() -> tuple[EncounterKit, str]:
    """Kaladin (the player's, going fast: 2 actions) and a Bandit (Cognitive 13)."""
    kit = encounter_kit()
    record = await kit.characters.new(PLAYER, "Kaladin", attributes={Attribute.STRENGTH: 2})
    await kit.lifecycle.start(GM, CHANNEL, "Ambush")
    await kit.roster.join(PLAYER, CHANNEL, None)
    await kit.roster.add(GM, CHANNEL, QuickCombatant("Bandit", 10, 12, cognitive=13))
    await kit.turns.take(PLAYER, CHANNEL, TurnAct.FAST)
    return kit, record.character_id


async def situation(kit: EncounterKit, character_id: str, kind: RollKind,
                    action: BasicAction | None = None,
                    against: str = "physical") -> tuple[EncounterRolls, Situation]:
    rolls = EncounterRolls(kit.changes)
    return rolls, await rolls.situation(RollPlace(CHANNEL, character_id, kind, "Bandit",
                                                  against, action=action))


async def kaladin(kit: EncounterKit) -> Combatant:
    return (await kit.changes.current(CHANNEL)).encounter.find("Kaladin")


async def test_a_successful_gain_advantage_gives_the_next_test_with_another_skill_an_advantage(
        ) -> None:
    """gain-advantage.json: "On a success, you gain an advantage on your next test against that
    enemy that uses a different skill"."""
    kit, character_id = await kaladin_and_bandit()
    rolls, placed = await situation(kit, character_id, DEDUCTION, BasicAction.GAIN_ADVANTAGE,
                                    "cognitive")
    assert placed.target == ("Bandit", 13)
    assert placed.terms.get(MANEUVER) == Maneuver("Bandit", "deduction",
                                                  BasicAction.GAIN_ADVANTAGE)
    notes = await handled(rolls, roll_in("r1", placed, face=15, dc=13), placed)
    assert ("Gain Advantage: Kaladin's next test against Bandit that uses a skill other than "
            "Deduction gains an advantage") in notes
    assert (await kaladin(kit)).holds == (Hold(HoldKind.ADVANTAGE, "Bandit", "deduction"),)
    # the same skill again: not this advantage; another skill: it is used, named, once
    _, same = await situation(kit, character_id, DEDUCTION)
    assert (same.advantages, same.terms.get(MANEUVER)) == (0, None)
    rolls, used = await situation(kit, character_id, ATHLETICS)
    assert used.mode(DieMode.NORMAL) is DieMode.ADVANTAGE
    term = used.terms.get(ENCOUNTER)
    assert term is not None
    assert "advantage gained on Bandit: advantage" in term.reasons
    assert used.terms.get(MANEUVER) == Maneuver("Bandit", "athletics", edge=True)
    record = roll_in("r2", used, face=3, dc=None)
    await handled(rolls, record, used)
    await handled(rolls, record, used, Happened.REVEALED)  # told again: used once
    assert (await kaladin(kit)).holds == ()
    log = await kit.store.log((await kit.changes.current(CHANNEL)).encounter_id, 50)
    assert [e.kind for e in log].count("advantage-used") == 1


async def test_a_failed_gain_advantage_gains_nothing_and_spends_its_action() -> None:
    kit, character_id = await kaladin_and_bandit()
    rolls, placed = await situation(kit, character_id, DEDUCTION, BasicAction.GAIN_ADVANTAGE)
    await handled(rolls, roll_in("r1", placed, face=2, dc=12), placed)
    current = await kaladin(kit)
    assert (current.holds, current.turn.actions) == ((), 1)


async def test_a_grapple_costs_two_actions_and_restrains_the_target_on_a_success() -> None:
    """grapple.json: 2 actions, "an Athletics test against the Physical defense ... On a success,
    they become Restrained"."""
    kit, character_id = await kaladin_and_bandit()
    with pytest.raises(EncounterError, match="Grapple is an Athletics test"):
        await situation(kit, character_id, INSIGHT, BasicAction.GRAPPLE)
    rolls, placed = await situation(kit, character_id, ATHLETICS, BasicAction.GRAPPLE)
    notes = await handled(rolls, roll_in("r1", placed, face=14, dc=12), placed)
    assert any(note.startswith("Grapple: Bandit is Restrained until Kaladin lets go")
               for note in notes)
    encounter = (await kit.changes.current(CHANNEL)).encounter
    bandit = encounter.find("Bandit")
    assert has(bandit.conditions, ConditionName.RESTRAINED)
    assert bandit.holds == (Hold(HoldKind.GRAPPLED, "Kaladin"),)
    assert encounter.find("Kaladin").turn.actions == 0
    # no action left for another
    with pytest.raises(EncounterError, match="Shove costs 2 actions; Kaladin has 0 left"):
        await situation(kit, character_id, ATHLETICS, BasicAction.SHOVE)


async def test_a_shove_of_ones_grappler_is_a_test_to_escape_and_ends_the_grapple() -> None:
    """shove.json: "If you successfully Shove a character who has grappled you, it ends the
    Grapple effect"; Restrained: "a disadvantage on all tests other than those to escape"."""
    kit, character_id = await kaladin_and_bandit()
    # the Bandit's grapple, as the encounter keeps it
    await kit.changes.act(GM, CHANNEL, lambda e: grapple(e, "Bandit", "Kaladin"),
                          lambda *_: None)
    _, restrained = await situation(kit, character_id, INSIGHT)
    assert restrained.mode(DieMode.NORMAL) is DieMode.DISADVANTAGE
    rolls, placed = await situation(kit, character_id, ATHLETICS, BasicAction.SHOVE)
    assert placed.mode(DieMode.NORMAL) is DieMode.NORMAL  # escaping: no disadvantage
    notes = await handled(rolls, roll_in("r1", placed, face=15, dc=12), placed)
    assert "Shove: Kaladin pushes or pulls Bandit 5 feet, and escapes Bandit's grapple" in notes
    free = await kaladin(kit)
    assert (free.holds, free.conditions) == ((), ())


async def test_a_grapple_ends_when_the_grappler_falls_unconscious() -> None:
    """grapple.json: Restrained "until either you become Unconscious ..."."""
    kit, character_id = await kaladin_and_bandit()
    rolls, placed = await situation(kit, character_id, ATHLETICS, BasicAction.GRAPPLE)
    await handled(rolls, roll_in("r1", placed, face=14, dc=12), placed)
    await kit.turns.condition(GM, CHANNEL, "Kaladin", Affliction(ConditionName.UNCONSCIOUS))
    bandit = (await kit.changes.current(CHANNEL)).encounter.find("Bandit")
    assert (bandit.holds, bandit.conditions) == ((), ())


async def test_an_action_needs_a_target_in_the_encounter() -> None:
    kit, character_id = await kaladin_and_bandit()
    rolls = EncounterRolls(kit.changes)
    with pytest.raises(EncounterError, match="name it with target:"):
        await rolls.situation(RollPlace(CHANNEL, character_id, DEDUCTION,
                                        action=BasicAction.GAIN_ADVANTAGE))
    with pytest.raises(EncounterError, match="against itself"):
        await rolls.situation(RollPlace(CHANNEL, character_id, ATHLETICS, "Kaladin",
                                        action=BasicAction.SHOVE))
