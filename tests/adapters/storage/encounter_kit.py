"""Encounters for the storage tests: a few built by hand, and a Hypothesis strategy of any
encounter the domain's acts can reach (random combatants, then random acts applied in order,
the ones the rules refuse skipped)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime

from hypothesis import strategies as st

from nazh.application.encounters.model import EncounterRecord, LogEntry, entry_of
from nazh.domain.character import Attribute
from nazh.domain.encounter.acts import (
    Affliction,
    defeat,
    give_condition,
    keep_speed,
    remove_condition,
    spend_action,
    spend_reaction,
    use_determined,
)
from nazh.domain.encounter.brace import brace, leave_cover
from nazh.domain.encounter.combatant import (
    MAX_DEFENSE,
    MAX_DEFLECT,
    MAX_FOCUS,
    MAX_HEALTH,
    Combatant,
    Defenses,
    Role,
    Side,
)
from nazh.domain.encounter.conditions import MAX_SOURCE_LENGTH, ConditionName
from nazh.domain.encounter.damage import DamageType
from nazh.domain.encounter.encounter import Encounter, Outcome, open_encounter
from nazh.domain.encounter.errors import EncounterError
from nazh.domain.encounter.flow import choose_speed, done, next_phase
from nazh.domain.encounter.named import STRIKE, use
from nazh.domain.encounter.reactions import (
    aid,
    aid_used,
    dodge,
    dodge_used,
    extra_action,
    reactive_strike,
    recover,
    start_recovery,
)
from nazh.domain.encounter.roster import add_combatant, add_copies, remove_combatant
from nazh.domain.encounter.summary import (
    record_critical_hit,
    record_damage,
    record_graze,
    record_injury,
)
from nazh.domain.encounter.timing import Speed
from tests.app_fakes import T0

GM = 100
GUILD, CHANNEL = 900, 500

# -- by hand -----------------------------------------------------------------------------------


def player(name: str, owner: int = 1, health: int = 20) -> Combatant:
    """A player's character."""
    return Combatant(name, Side.PLAYER, Role.RIVAL, owner, health, health)


def enemy(name: str, role: Role = Role.RIVAL, health: int = 10) -> Combatant:
    """An enemy kept by the GM."""
    return Combatant(name, Side.ENEMY, role, GM, health, health)


def skirmish() -> Encounter:
    """An encounter in round 1's fast adversary phase: Kaladin (fast, hurt, Exhausted), a
    boss and two bandits, one Afflicted for 2 rounds."""
    kaladin = replace(player("Kaladin", owner=7), character_id="kal0000001", focus=3,
                      deflect=1, defenses=Defenses(14, 12, 13),
                      immunities=frozenset({ConditionName.SURPRISED}))
    outcome = Outcome(open_encounter("Ambush at the chasm")) \
        .then(lambda e: add_combatant(e, kaladin)) \
        .then(lambda e: add_combatant(e, enemy("Szeth", Role.BOSS, 40))) \
        .then(lambda e: add_copies(e, enemy("Bandit", Role.MINION), 2)) \
        .then(lambda e: choose_speed(e, "Kaladin", Speed.FAST)) \
        .then(lambda e: give_condition(e, "Kaladin", Affliction(ConditionName.EXHAUSTED, 2))) \
        .then(lambda e: record_damage(e, "Kaladin", 5, dealer="Szeth")) \
        .then(lambda e: done(e, "Kaladin")) \
        .then(lambda e: give_condition(e, "Bandit 1", Affliction(
            ConditionName.AFFLICTED, 3, source="fire", rounds=2)))
    return outcome.encounter


def record(encounter_id: str = "enc0000001", *, channel: int = CHANNEL, guild: int = GUILD,
           encounter: Encounter | None = None, at: datetime = T0) -> EncounterRecord:
    """A new record (version 1) of ``encounter`` (by default an empty one)."""
    return EncounterRecord(encounter_id, guild, channel, GM,
                           encounter if encounter is not None else open_encounter("Fight"),
                           at, at)


def started(item: EncounterRecord) -> list[LogEntry]:
    """The first entry of a new record's log."""
    encounter = item.encounter
    return [LogEntry(item.encounter_id, item.started_by, item.created_at, encounter.round,
                     encounter.phase, "started", None, encounter.name)]


def entries(item: EncounterRecord, outcome: Outcome, user_id: int = GM) -> list[LogEntry]:
    """The log entries of an act's events."""
    return [entry_of(item.encounter_id, user_id, item.updated_at, event)
            for event in outcome.events]


# -- any reachable encounter -------------------------------------------------------------------

_SIMPLE_NAMES = st.sampled_from(["Kaladin", "Shallan", "Bandit", "Szeth-son-son-Vallano",
                                 "Lift", "ÉLHOKAR", "Wit ✦", "the Sibling"])
_TEXT = st.text(st.characters(codec="utf-8", categories=("L", "N", "P", "S"),
                              include_characters=" "), min_size=1, max_size=12)
names = _SIMPLE_NAMES | _TEXT.map(str.strip).filter(bool)
"""Combatant names: printable, without spaces at their ends, room left for " 10"."""


@st.composite
def combatants(draw: st.DrawFn) -> Combatant:
    """Any combatant as ``/encounter add`` or ``join`` could make it."""
    side = draw(st.sampled_from(Side))
    health_max = draw(st.integers(1, MAX_HEALTH))
    defense = st.integers(0, MAX_DEFENSE)
    return Combatant(
        name=draw(names), side=side,
        role=Role.RIVAL if side is Side.PLAYER else draw(st.sampled_from(Role)),
        owner_id=draw(st.integers(0, 2**63 - 1)),
        health=draw(st.integers(0, health_max)), health_max=health_max,
        character_id=draw(st.none() | st.text("abcdef0123456789", min_size=1, max_size=16)),
        focus=draw(st.integers(0, MAX_FOCUS)), deflect=draw(st.integers(0, MAX_DEFLECT)),
        defenses=Defenses(draw(defense), draw(defense), draw(defense)),
        immunities=draw(st.frozensets(st.sampled_from(ConditionName), max_size=3)),
        damage_immunities=draw(st.frozensets(st.sampled_from(DamageType), max_size=2)))


@st.composite
def afflictions(draw: st.DrawFn) -> Affliction:
    """Any condition ``/encounter condition`` could give."""
    name = draw(st.sampled_from(ConditionName))
    return Affliction(
        name, draw(st.integers(1, 99)) if name.valued else 0,
        draw(st.sampled_from(Attribute)) if name is ConditionName.ENHANCED else None,
        draw(_TEXT.map(lambda s: s[:MAX_SOURCE_LENGTH])) if name is ConditionName.AFFLICTED
        and draw(st.booleans()) else "",
        draw(st.none() | st.integers(1, 5)), draw(st.booleans()))


@dataclass(frozen=True)
class Step:
    """One act: its verb, whom (an index into the combatants), and its arguments."""

    verb: str
    who: int = 0
    other: int = 0
    speed: Speed = Speed.SLOW
    affliction: Affliction = field(default_factory=lambda: Affliction(ConditionName.PRONE))
    amount: int = 0
    count: int = 1
    combatant: Combatant | None = None


Verb = Callable[[Encounter, str, str, Step], Outcome]

VERBS: dict[str, Verb] = {
    "next": lambda e, _, __, ___: next_phase(e),
    "speed": lambda e, name, _, step: choose_speed(e, name, step.speed),
    "done": lambda e, name, _, __: done(e, name),
    "action": lambda e, name, _, __: spend_action(e, name),
    "reaction": lambda e, name, _, __: spend_reaction(e, name),
    "condition": lambda e, name, _, step: give_condition(e, name, step.affliction),
    "remove": lambda e, name, _, step: remove_condition(e, name, step.affliction.name),
    "determined": lambda e, name, _, __: use_determined(e, name),
    "damage": lambda e, name, dealer, step: record_damage(e, name, step.amount,
                                                          dealer=dealer),
    "critical": lambda e, name, _, __: record_critical_hit(e, name),
    "graze": lambda e, name, _, __: record_graze(e, name),
    "injury": lambda e, name, _, __: record_injury(e, name),
    "defeat": lambda e, name, _, __: defeat(e, name),
    "keep-speed": lambda e, _, __, step: keep_speed(e, bool(step.count % 2)),
    "leave": lambda e, name, _, __: remove_combatant(e, name),
    "dodge": lambda e, name, _, __: dodge(e, name),
    "dodged": lambda e, name, _, __: dodge_used(e, name),
    "aid": lambda e, name, other, __: aid(e, name, other),
    "aided": lambda e, name, _, __: aid_used(e, name),
    "strike": lambda e, name, _, __: reactive_strike(e, name),
    "named": lambda e, name, _, step: use(e, name, STRIKE if step.count % 2 else "grapple"),
    "brace": lambda e, name, _, step: leave_cover(e, name) if step.count % 2 else brace(e, name),
    "extra": lambda e, name, _, __: extra_action(e, name),
    "recover": lambda e, name, _, step: start_recovery(e, name).then(
        lambda after: recover(after, name, step.amount)),
}
_ADDS = ("add", "copies")
# The acts that move a round on and give conditions come more often than the others, so most
# sequences reach later rounds, finished turns and conditions running out.
_OFTEN = ("next", "done", "speed", "condition") * 3

_acts = st.builds(Step, st.sampled_from([*VERBS, *_OFTEN]), st.integers(0, 29),
                  st.integers(0, 29), st.sampled_from(Speed), afflictions(),
                  st.integers(0, 60), st.integers(1, 4))
_adds = st.builds(Step, st.sampled_from(_ADDS), count=st.integers(1, 4),
                  combatant=combatants())
steps = st.one_of(_adds, _acts, _acts, _acts)


def apply(encounter: Encounter, step: Step) -> Encounter:
    """``encounter`` after ``step`` (unchanged when the rules refuse it, or nobody is there
    to act on)."""
    try:
        if step.combatant is not None:
            if step.verb == "add":
                return add_combatant(encounter, step.combatant).encounter
            return add_copies(encounter, step.combatant, step.count).encounter
        roster = encounter.combatants
        if not roster:
            return encounter
        name, other = (roster[n % len(roster)].name for n in (step.who, step.other))
        return VERBS[step.verb](encounter, name, other, step).encounter
    except EncounterError:
        return encounter


@st.composite
def encounters(draw: st.DrawFn) -> Encounter:
    """Any encounter the domain's acts can reach."""
    encounter = open_encounter(draw(st.sampled_from(["", "Ambush"]) | st.text(max_size=100)),
                               keep_speed=draw(st.booleans()))
    for combatant in draw(st.lists(combatants(), max_size=5)):
        encounter = apply(encounter, Step("add", combatant=combatant))
    length = draw(st.integers(0, 80))  # Hypothesis's own lists are short: ~5 on average
    for step in draw(st.lists(steps, min_size=length, max_size=length)):
        encounter = apply(encounter, step)
    return encounter
