"""Gain Advantage, Grapple and Shove on the encounter (the basic actions, starter rules part 3).

Gain Advantage: on a success, the next test against that enemy that uses a different skill gains
an advantage. Grapple: on a success the target is Restrained until the grappler falls
Unconscious, ends it, or the target is out of reach; a successful Shove of one's grappler ends
it. Shove: on a success the target is pushed or pulled 5 feet, unless it is Immobilized."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from enum import Enum

from nazh.domain.encounter.acts import Affliction, give_condition, remove_condition
from nazh.domain.encounter.combatant import Combatant
from nazh.domain.encounter.conditions import ConditionName, effective, has
from nazh.domain.encounter.encounter import Encounter, Outcome, changed
from nazh.domain.encounter.errors import EncounterError
from nazh.domain.encounter.events import Event, EventKind
from nazh.domain.encounter.holds import MAX_HOLDS, Hold, HoldKind

ATHLETICS = "athletics"


class BasicAction(Enum):
    """The basic actions that are a test against an enemy's defense, with what follows it."""

    GAIN_ADVANTAGE = "gain-advantage"
    GRAPPLE = "grapple"
    SHOVE = "shove"

    @property
    def title(self) -> str:
        """``Gain Advantage``."""
        return self.value.replace("-", " ").title()

    @property
    def cost(self) -> int:
        """The actions it costs (the starter rules' table of actions: 1, 2, 2)."""
        return 1 if self is BasicAction.GAIN_ADVANTAGE else 2

    @property
    def skill(self) -> str | None:
        """The skill it tests, when the rules name one (Athletics), else ``None``: any."""
        return None if self is BasicAction.GAIN_ADVANTAGE else ATHLETICS


def gain_advantage(encounter: Encounter, name: str, foe: str, skill: str) -> Outcome:
    """``name``'s Gain Advantage on ``foe`` with ``skill`` succeeded (a new one replaces it)."""
    holder, other = encounter.find(name), encounter.find(foe)
    _not_itself(holder, other)
    hold = Hold(HoldKind.ADVANTAGE, other.name, skill)
    kept = tuple(h for h in holder.holds
                 if not (h.kind is HoldKind.ADVANTAGE and h.other == other.name))
    gained = encounter.event(EventKind.ADVANTAGE_GAINED, holder.name,
                             note=f"{other.name} (not with {hold.skill_title})")
    return Outcome(changed(encounter, _holding(holder, (*kept, hold))), (gained,))


def edge_on(combatant: Combatant, foe: str, skill: str | None) -> Hold | None:
    """The advantage ``combatant`` gained on ``foe`` that a test with ``skill`` uses, if any."""
    key = foe.strip().casefold()
    return next((h for h in combatant.holds if h.kind is HoldKind.ADVANTAGE
                 and h.other.casefold() == key and h.skill != (skill or "")), None)


def use_edge(encounter: Encounter, name: str, foe: str) -> Outcome:
    """The advantage ``name`` gained on ``foe`` used by a test (refused when it is gone)."""
    holder = encounter.find(name)
    key = foe.strip().casefold()
    held = [h for h in holder.holds if h.kind is HoldKind.ADVANTAGE and h.other.casefold() == key]
    if not held:
        raise EncounterError("{name} holds no advantage gained on {foe}", combatant=holder.name,
                             fields={"name": holder.name, "foe": foe})
    used = encounter.event(EventKind.ADVANTAGE_USED, holder.name, note=held[0].other)
    kept = tuple(h for h in holder.holds if h not in held)
    return Outcome(changed(encounter, _holding(holder, kept)), (used,))


def grapple(encounter: Encounter, name: str, foe: str) -> Outcome:
    """``name``'s Grapple of ``foe`` succeeded: ``foe`` is Restrained, held by ``name``."""
    grappler, other = encounter.find(name), encounter.find(foe)
    _not_itself(grappler, other)
    grabbed = encounter.event(EventKind.GRAPPLED, grappler.name, note=other.name)
    restrained = give_condition(encounter, other.name, Affliction(ConditionName.RESTRAINED))
    held = restrained.encounter.find(other.name)
    kept = tuple(h for h in held.holds if h.kind is not HoldKind.GRAPPLED)
    holding = changed(restrained.encounter,
                      _holding(held, (*kept, Hold(HoldKind.GRAPPLED, grappler.name))))
    return Outcome(holding, (grabbed, *restrained.events))


def grappler_of(combatant: Combatant) -> str | None:
    """Who holds ``combatant`` grappled, if anyone."""
    return next((h.other for h in combatant.holds if h.kind is HoldKind.GRAPPLED), None)


def unmoved(combatant: Combatant) -> bool:
    """Whether nothing may move ``combatant`` (rule, Immobilized: it "can't move or be moved by
    other effects")."""
    return ConditionName.IMMOBILIZED in effective(combatant.conditions)


def shove(encounter: Encounter, name: str, foe: str) -> Outcome:
    """``name``'s Shove of ``foe`` succeeded: moved 5 feet (unless Immobilized); a grappled
    shover escapes ``foe``."""
    shover, other = encounter.find(name), encounter.find(foe)
    _not_itself(shover, other)
    shoved = encounter.event(EventKind.SHOVE_HELD if unmoved(other) else EventKind.SHOVED,
                             shover.name, note=other.name)
    if grappler_of(shover) != other.name:
        return Outcome(encounter, (shoved,))
    return Outcome(encounter, (shoved,)).then(
        lambda e: _let_go(e, shover.name, f"it escaped {other.name}"))


def escapes(shover: Combatant, foe: str) -> bool:
    """Whether a Shove of ``foe`` by ``shover`` is a test to escape (``foe`` grapples it)."""
    held = grappler_of(shover)
    return held is not None and held.casefold() == foe.strip().casefold()


def released(encounter: Encounter) -> Outcome:
    """``encounter`` with every grapple whose grappler can hold no more ended (Unconscious,
    defeated, gone) and every hold naming a combatant gone, or a Restrained removed, dropped."""
    outcome = Outcome(encounter)
    for combatant in encounter.combatants:
        outcome = outcome.then(_releasing(combatant.name))
    return outcome


def _releasing(name: str) -> Callable[[Encounter], Outcome]:
    return lambda encounter: _released_one(encounter, name)


def _released_one(encounter: Encounter, name: str) -> Outcome:
    combatant = encounter.find(name)
    names = {c.name for c in encounter.combatants}
    kept = tuple(h for h in combatant.holds if h.other in names and (
        h.kind is not HoldKind.GRAPPLED or has(combatant.conditions, ConditionName.RESTRAINED)))
    grappler = grappler_of(replace(combatant, holds=kept))
    if kept != combatant.holds:
        encounter = changed(encounter, _holding(combatant, kept))
    if grappler is not None and not _can_hold(encounter.find(grappler)):
        return _let_go(encounter, name, f"{grappler} can hold it no more")
    # a grapple whose grappler left the encounter ends too
    if any(h.kind is HoldKind.GRAPPLED and h.other not in names for h in combatant.holds) \
            and has(combatant.conditions, ConditionName.RESTRAINED):
        return _let_go(encounter, name, "its grappler left the encounter")
    return Outcome(encounter)


def _can_hold(grappler: Combatant) -> bool:
    return not grappler.defeated and not has(grappler.conditions, ConditionName.UNCONSCIOUS)


def _let_go(encounter: Encounter, name: str, why: str) -> Outcome:
    """``name``'s grapple ended: its hold dropped and its Restrained removed."""
    held = encounter.find(name)
    kept = tuple(h for h in held.holds if h.kind is not HoldKind.GRAPPLED)
    loose = changed(encounter, _holding(held, kept))
    ended: tuple[Event, ...] = (loose.event(EventKind.GRAPPLE_ENDED, held.name, note=why),)
    if has(held.conditions, ConditionName.RESTRAINED):
        return Outcome(loose, ended).then(
            lambda e: remove_condition(e, held.name, ConditionName.RESTRAINED))
    return Outcome(loose, ended)


def _holding(combatant: Combatant, holds: tuple[Hold, ...]) -> Combatant:
    if len(holds) > MAX_HOLDS:
        raise EncounterError("{name} holds {most} advantages and grapples, the most an encounter "
                             "keeps", combatant=combatant.name,
                             fields={"name": combatant.name, "most": MAX_HOLDS})
    return replace(combatant, holds=holds)


def _not_itself(actor: Combatant, other: Combatant) -> None:
    if actor.key == other.key:
        raise EncounterError("{name} cannot take that action against itself", combatant=actor.name,
                             fields={"name": actor.name})

