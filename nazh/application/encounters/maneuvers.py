"""Gain Advantage, Grapple and Shove in a roll made in an encounter: what the place does to the
test (an advantage gained used, a Shove of one's grappler a test to escape, the cost checked)
and what the test, once it succeeds, owes the encounter (each under its own once key)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from nazh.application.encounters.model import EncounterRecord
from nazh.application.encounters.owed import Done, Owed
from nazh.application.rolls.events import Happened, RollEvent, RollPlace
from nazh.application.rolls.model import RollRecord
from nazh.application.rolls.notes import Note
from nazh.application.rolls.terms.encounter import ENCOUNTER
from nazh.application.rolls.terms.maneuver import MANEUVER, Maneuver
from nazh.domain.encounter.acts import spend_action
from nazh.domain.encounter.combatant import Combatant
from nazh.domain.encounter.errors import EncounterError
from nazh.domain.encounter.holds import skill_title
from nazh.domain.encounter.maneuvers import (
    BasicAction,
    edge_on,
    escapes,
    gain_advantage,
    grapple,
    shove,
    unmoved,
    use_edge,
)
from nazh.domain.encounter.named import check_unused, use
from nazh.domain.encounter.rolls import RollKind


@dataclass(frozen=True, slots=True)
class Placed:
    """What a test against an enemy gets from the basic actions: its kind, reasons, term."""

    kind: RollKind | None
    reasons: tuple[str, ...] = ()
    advantages: int = 0
    term: Maneuver | None = None


def placed(combatant: Combatant, aimed: Combatant | None, place: RollPlace,
           kind: RollKind | None) -> Placed:
    """What the basic action ``place`` asks for (and an advantage gained) do to the test."""
    action = place.action
    if aimed is None or kind is None:
        if action is not None:
            raise EncounterError("{action} is a test against an enemy: name it with target:",
                                 fields={"action": action.title})
        return Placed(kind)
    if action is not None:
        _check(combatant, aimed, action, kind)
    escape = action is BasicAction.SHOVE and escapes(combatant, aimed.name)
    if escape:  # rule: Restrained gives no disadvantage to a test to escape
        kind = replace(kind, escape=True)
    edge = edge_on(combatant, aimed.name, kind.skill)
    if action is None and edge is None:
        return Placed(kind)
    reasons = (f"advantage gained on {aimed.name}: advantage",) if edge is not None else ()
    held = action is BasicAction.SHOVE and unmoved(aimed)
    term = Maneuver(aimed.name, kind.skill or "", action, edge is not None, escape, held)
    return Placed(kind, reasons, len(reasons), term)


def _check(combatant: Combatant, aimed: Combatant, action: BasicAction, kind: RollKind) -> None:
    """Refuse ``action`` against ``aimed`` before any die is rolled."""
    if aimed.key == combatant.key:
        raise EncounterError("target: {name} cannot take {action} against itself",
                             combatant=combatant.name,
                             fields={"name": combatant.name, "action": action.title})
    if kind.attack:
        raise EncounterError("{action} is a skill test, not an attack: use /check",
                             fields={"action": action.title})
    if action.skill is not None and kind.skill != action.skill:
        raise EncounterError("{action} is an {skill} test (got {got})",
                             hint="skill:{skill}",
                             fields={"action": action.title,
                                     "skill": skill_title(action.skill),
                                     "got": skill_title(kind.skill or "")})
    left = combatant.turn.actions
    if combatant.turn.current is not None:
        check_unused(combatant, action.value, action.title)
    if combatant.turn.current is not None and left is not None and left < action.cost:
        raise EncounterError("{action} costs {cost} actions; {name} has {left} left",
                             combatant=combatant.name,
                             fields={"action": action.title, "cost": action.cost,
                                     "name": combatant.name, "left": left})


def maneuver_owed(event: RollEvent) -> list[Owed]:
    """What a test against an enemy owes: the advantage it used, its second action, and on a
    success what its basic action does."""
    record = event.record
    term, placed_in = record.term(MANEUVER), record.term(ENCOUNTER)
    if term is None or placed_in is None:
        return []
    name, foe, roll_id = placed_in.combatant, term.foe, record.roll_id
    acts: list[Owed] = []
    first = event.happened is not Happened.CHANGED
    if first and term.edge:
        acts.append(Owed(f"edge:{roll_id}", lambda r: (use_edge(r.encounter, name, foe), None),
                         Note("advantage gained not used")))
    action = term.action
    if action is None:
        return acts
    if first and placed_in.action:
        acts.append(Owed(f"maneuver-used:{roll_id}",
                         lambda r: (use(r.encounter, name, action.value), None),
                         Note("{action} not counted as used this turn",
                              action=Note(action.title))))
    if first and placed_in.action and action.cost > 1:
        acts.append(Owed(second_action_key(roll_id), _second_action(name),
                         Note("{action}'s second action not spent",
                              action=Note(action.title))))
    if succeeded(record):
        acts.append(Owed(f"maneuver:{roll_id}", _done(action, name, term),
                         Note("{action} not applied", action=Note(action.title))))
    return acts


def second_action_key(roll_id: str) -> str:
    """The once key of the second action a 2-action maneuver (Grapple, Shove) spends."""
    return f"maneuver-action:{roll_id}"


def _second_action(name: str) -> Callable[[EncounterRecord], Done]:
    def act(current: EncounterRecord) -> Done:
        combatant = current.encounter.find(name)
        if combatant.turn.current is None:
            raise EncounterError("{name}'s turn has ended", combatant=combatant.name,
                                 fields={"name": combatant.name})
        return spend_action(current.encounter, name), None
    return act


def _done(action: BasicAction, name: str, term: Maneuver) -> Callable[[EncounterRecord], Done]:
    foe = term.foe

    def act(current: EncounterRecord) -> Done:
        encounter = current.encounter
        if action is BasicAction.GAIN_ADVANTAGE:
            return gain_advantage(encounter, name, foe, term.skill), Note(
                "Gain Advantage: {name}'s next test against {foe} that uses a skill other than "
                "{skill} gains an advantage", name=name, foe=foe,
                skill=Note(skill_title(term.skill)))
        if action is BasicAction.GRAPPLE:
            return grapple(encounter, name, foe), Note(
                "Grapple: {foe} is Restrained until {name} lets go or falls Unconscious, or "
                "{foe} escapes (a Shove of {name})", name=name, foe=foe)
        held = unmoved(encounter.find(foe))  # as it is now (the result said it as it was)
        if term.escape:
            return shove(encounter, name, foe), Note(
                "Shove: {name} escapes {foe}'s grapple; {foe} is Immobilized and does not move"
                if held else
                "Shove: {name} pushes or pulls {foe} 5 feet, and escapes {foe}'s grapple",
                name=name, foe=foe)
        return shove(encounter, name, foe), Note(
            "Shove: {foe} is Immobilized and does not move" if held
            else "Shove: {name} pushes or pulls {foe} 5 feet", name=name, foe=foe)
    return act


def succeeded(record: RollRecord) -> bool:
    """Whether the roll's test is seen to succeed, its faces all chosen."""
    if record.hidden or record.result.pending or record.result.dc is None \
            or any(change.pending for change in record.changes):
        return False
    return record.result.pools[0].success is True
