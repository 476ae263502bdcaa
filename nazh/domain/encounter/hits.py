"""Damage landing on a combatant's health, health recovered, and the latest of these undone."""

from __future__ import annotations

from dataclasses import dataclass, replace

from nazh.domain.encounter.applied import Applied, AppliedKind, kept
from nazh.domain.encounter.combatant import Role
from nazh.domain.encounter.conditions import ConditionName, has
from nazh.domain.encounter.damage import MAX_DAMAGE, DamageType, Landed, landed
from nazh.domain.encounter.encounter import Encounter, Outcome, changed
from nazh.domain.encounter.errors import EncounterError
from nazh.domain.encounter.events import Event, EventKind
from nazh.domain.encounter.flow import catch_up
from nazh.domain.encounter.health import wake, wakes_when_healed
from nazh.domain.encounter.summary import record_damage


@dataclass(frozen=True, slots=True)
class Landing:
    """What a hit did: its arithmetic, and the target's health before and after."""

    landed: Landed
    target: str
    before: int
    after: int
    injury: bool = False
    defeated: bool = False
    fell: bool = False

    @property
    def said(self) -> str:
        """``12 keen - 2 deflect = 10 -> Bandit 2: 11 -> 1``."""
        return f"{self.landed.arithmetic} -> {self.target}: {self.before} -> {self.after}"


def hit(encounter: Encounter, target: str, amount: int, damage_type: DamageType | None, *,  # noqa: PLR0913 - a hit's terms
        pierce: bool = False, dealer: str | None = None, roll_id: str | None = None,
        already: int = 0, part: str | None = None) -> tuple[Outcome, Landing]:
    """``amount`` damage of ``damage_type`` landing on ``target``, and what it did."""
    struck = encounter.find(target)
    if struck.defeated:
        raise EncounterError("{name} is defeated", combatant=struck.name,
                             fields={"name": struck.name})
    immunities = struck.damage_immunities
    what = landed(amount, damage_type, deflect=struck.deflect, pierce=pierce,
                  immunities=immunities)
    if already:  # an earlier part of the same hit landed: only the difference (a critical hit)
        before_part = landed(min(already, MAX_DAMAGE), damage_type, deflect=struck.deflect,
                             pierce=pierce, immunities=immunities)
        what = replace(what, already=before_part.taken)
    outcome = record_damage(encounter, struck.name, what.taken, dealer=dealer)
    after = outcome.encounter.find(struck.name)
    kinds = {event.kind for event in outcome.events[1:]}
    # rule: a hit reaching a player character or rival at 0 calls for an injury roll
    injury = bool(what.taken) and not after.health and struck.role is not Role.MINION
    applied = Applied(AppliedKind.DAMAGE, amount, damage_type, what.deflected,
                      struck.health - after.health, struck.health, after.health, roll_id,
                      dealer, fell=EventKind.CONDITION_ADDED in kinds,
                      defeated=EventKind.DEFEATED in kinds, injury=injury, part=part)
    noted = replace(after, applications=kept(after.applications, applied))
    events = (replace(outcome.events[0], applied=applied), *outcome.events[1:])
    landing = Landing(what, struck.name, struck.health, after.health, injury=injury,
                      defeated=after.defeated, fell=applied.fell)
    return Outcome(changed(outcome.encounter, noted), events), landing


def heal(encounter: Encounter, name: str, amount: int) -> Outcome:
    """``name`` recovers ``amount`` health (up to its maximum)."""
    # rule (Conditions, Unconscious): it wakes an NPC; a PC chooses to wake (its player removes
    # Unconscious, which gives 1 health at 0)
    if not 1 <= amount <= MAX_DAMAGE:
        raise EncounterError("healing from 1 to {most} (got {got})", combatant=name,
                             fields={"most": MAX_DAMAGE, "got": amount})
    healed = encounter.find(name)
    gained = min(amount, healed.health_max - healed.health)
    applied = Applied(AppliedKind.HEAL, amount, None, 0, gained, healed.health,
                      healed.health + gained)
    after = replace(healed, health=healed.health + gained,
                    applications=kept(healed.applications, applied))
    events: tuple[Event, ...] = (
        encounter.event(EventKind.HEALED, after.name, amount=gained, applied=applied),)
    if wakes_when_healed(after):
        unconscious = [c for c in after.conditions if c.name is ConditionName.UNCONSCIOUS]
        after, woke = wake(after, encounter.moment)
        events += (*(encounter.event(EventKind.CONDITION_ENDED, after.name, condition=c)
                     for c in unconscious), *woke)
    return Outcome(changed(encounter, after), events).then(catch_up)


def undo(encounter: Encounter, name: str) -> Outcome:
    """The latest damage or healing to ``name`` undone: health, Unconscious, defeat and tallies."""
    combatant = encounter.find(name)
    if not combatant.applications:
        raise EncounterError("{name} has no damage or healing to undo", combatant=combatant.name,
                             hint="undo reverses damage or healing applied in this encounter",
                             fields={"name": combatant.name})
    last = combatant.applications[-1]
    if last.kind is AppliedKind.HEAL:
        health = max(0, combatant.health - last.applied)
        restored = replace(combatant, health=health, applications=combatant.applications[:-1])
        return Outcome(changed(encounter, restored),
                       (encounter.event(EventKind.APPLICATION_UNDONE, combatant.name,
                                        amount=health, applied=last),))
    health = min(combatant.health_max, combatant.health + last.applied)
    conditions = combatant.conditions
    if last.fell and has(conditions, ConditionName.UNCONSCIOUS):
        conditions = tuple(c for c in conditions if c.name is not ConditionName.UNCONSCIOUS)
    restored = replace(combatant, health=health, conditions=conditions,
                       defeated=combatant.defeated and not last.defeated,
                       tally=combatant.tally.taken(-last.applied),
                       applications=combatant.applications[:-1])
    undone = changed(encounter, restored)
    if last.dealer is not None and any(c.key == last.dealer.casefold()
                                       for c in undone.combatants):
        dealer = undone.find(last.dealer)
        undone = changed(undone, replace(dealer, tally=dealer.tally.dealt(-last.applied)))
    return Outcome(undone, (encounter.event(EventKind.APPLICATION_UNDONE, combatant.name,
                                            amount=health, applied=last),))
