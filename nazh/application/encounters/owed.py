"""What a roll made in an encounter owes it, act by act, each under its own once key.
First seen: its action, Dodge, Aid, Determined, injury; every seen event: damage, counts, focus."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from nazh.application.encounters.model import EncounterRecord
from nazh.application.log.chain import EntryKind
from nazh.application.rolls.events import Happened, RollEvent
from nazh.application.rolls.model import RollRecord
from nazh.application.rolls.notes import Note
from nazh.application.rolls.terms.encounter import ENCOUNTER, InEncounter
from nazh.application.rolls.terms.target import TARGET
from nazh.application.rolls.terms.targets import OTHER_TARGETS
from nazh.domain.character import Resource
from nazh.domain.encounter.acts import spend_action, use_determined
from nazh.domain.encounter.brace import ATTACKED, leave_cover
from nazh.domain.encounter.combatant import Side
from nazh.domain.encounter.damage import DamageType
from nazh.domain.encounter.dues import Due, Part, dues
from nazh.domain.encounter.encounter import Outcome
from nazh.domain.encounter.errors import EncounterError
from nazh.domain.encounter.events import EventKind
from nazh.domain.encounter.hits import Landing, hit
from nazh.domain.encounter.named import STRIKE, use
from nazh.domain.encounter.reactions import aid_used, dodge_used, follow_sheet
from nazh.domain.encounter.summary import record_critical_hit, record_graze, record_injury
from nazh.domain.injury import Band, Injury
from nazh.domain.spending import Use
from nazh.domain.targets import grazed_now


class NotHereError(EncounterError):
    """The act has nothing to act on here, which the result need not say (no such combatant)."""


Done = tuple[Outcome, Note | None]
"""What an act did, and what the result says of it (``None``: nothing)."""


@dataclass(frozen=True, slots=True)
class Owed:
    """One act a roll owes the encounter: its once key, the act (raising to refuse), its refusal."""

    key: str
    act: Callable[[EncounterRecord], Done]
    refused: Note  # "no action spent": the reason follows
    follow: bool = True
    """The sheets follow what it does to their combatants (not when it follows a sheet)."""


def action_key(roll_id: str) -> str:
    return f"roll-action:{roll_id}"


def land_key(part: str, roll_id: str) -> str:
    return f"land:{part}:{roll_id}"


def owed(event: RollEvent) -> list[Owed]:
    """What ``event``'s roll, as it now stands, owes its encounter (the caller drops those kept)."""
    record = event.record
    term = record.term(ENCOUNTER)
    acts: list[Owed] = []
    if term is not None and event.happened is not Happened.CHANGED:
        acts += _first(record, term)
    acts += _landing(record)
    if term is not None:
        acts += _scored(record, term)
        acts += _determined(record, term)
    moved = 0 if event.rolled.sheet is None else event.rolled.sheet.by(Resource.FOCUS)
    if moved and record.character is not None and event.happened is Happened.CHANGED:
        acts.append(_focus(record, record.character.character_id, moved))
    return acts


def _first(record: RollRecord, term: InEncounter) -> list[Owed]:
    """What a roll owes once it is seen: its action, Dodge, Aid, Determined, injury."""
    roll_id, name = record.roll_id, term.combatant
    acts = []
    if term.action:
        hand, trait = term.hand, term.offhand_trait
        acts.append(Owed(action_key(roll_id), lambda r: _spend_for_roll(r, name, hand, trait),
                         Note("no action spent")))
    dodger = term.dodged_by
    if dodger is not None:
        acts.append(Owed(f"dodge:{roll_id}", lambda r: (dodge_used(r.encounter, dodger), None),
                         Note("Dodge not spent")))
    if term.aided_by is not None:
        acts.append(Owed(f"aid:{roll_id}", lambda r: (aid_used(r.encounter, name), None),
                         Note("Aid not used")))
    if record.attack is not None:
        acts.append(Owed(f"brace-ended:{roll_id}", lambda r: (_attacked(r, name), None),
                         Note("Brace not ended")))
    injury = record.injury
    if injury is not None and Injury.of(injury, record.result).band is not Band.DEATH:
        acts.append(Owed(f"injury:{roll_id}", lambda r: (record_injury(r.encounter, name), None),
                         Note("injury not counted in the encounter")))
    return acts


def _attacked(current: EncounterRecord, name: str) -> Outcome:
    """``name``'s Brace ended by its attack (rule, Brace: "If you attack ... the benefits of
    this action end")."""
    if not current.encounter.find(name).reactions.braced:
        raise NotHereError("not Braced")
    return leave_cover(current.encounter, name, ATTACKED)


def _determined(record: RollRecord, term: InEncounter) -> list[Owed]:
    """Determined used by its player on the failed test: the condition ends, once."""
    if not term.determined or not failed(record):
        return []
    name = term.combatant
    return [Owed(f"determined:{record.roll_id}", lambda r: (
        use_determined(r.encounter, name), Note("{name} used Determined: the failed test gains "
                                                "an Opportunity, and Determined ends",
                                                name=name)), Note("Determined not ended"))]


def _landing(record: RollRecord) -> list[Owed]:
    target, attack = record.term(TARGET), record.attack_view
    if target is None or attack is None or record.result.pending:
        return []
    kind = None if target.damage_type is None else DamageType.named(target.damage_type)
    term = record.term(ENCOUNTER)

    def landed(due: Due) -> Callable[[EncounterRecord], Done]:
        def act(current: EncounterRecord) -> Done:
            encounter = current.encounter
            struck = encounter.find(target.combatant)
            if struck.defeated and any(a.defeated and a.roll_id == record.roll_id
                                       for a in struck.applications):
                return Outcome(encounter, ()), None  # its own earlier part defeated it
            dealer = None if term is None else next(
                (c.name for c in encounter.combatants if c.key == term.combatant.casefold()),
                None)
            outcome, landing = hit(encounter, target.combatant, due.amount, kind,
                                   pierce=target.pierce, dealer=dealer, roll_id=record.roll_id,
                                   already=due.already, part=due.part.value)
            return outcome, said(landing, due, struck.side is not Side.ENEMY
                                 or current.show_health)
        return act
    return [Owed(land_key(due.part.value, record.roll_id), landed(due),
                 not_applied(due.part)) for due in dues(attack)]


def _scored(record: RollRecord, term: InEncounter) -> list[Owed]:
    attack, name = record.attack_view, term.combatant
    if attack is None:
        return []
    acts = []
    if attack.grazed:
        acts.append(Owed(f"graze:{record.roll_id}",
                         lambda r: (record_graze(r.encounter, name), None),
                         Note("graze not counted")))
    if any(one.use is Use.CRITICAL for one in record.spent):
        acts.append(Owed(f"critical:{record.roll_id}",
                         lambda r: (record_critical_hit(r.encounter, name), None),
                         Note("critical hit not counted")))
    return acts


def _focus(record: RollRecord, character_id: str, by: int) -> Owed:
    """The card's focus of the roll's character's combatant, moved as the sheet's was."""
    # not followed back: the sheet moved first
    graze = record.change is EntryKind.ATTACK_RECORDED
    other = grazed_now(record.term(OTHER_TARGETS), record.version)  # another target's graze
    key = (f"sheet-graze:{record.roll_id}" + ("" if other is None else f":{other + 2}")
           if graze else f"sheet-focus:{len(record.spent) - 1}:{record.roll_id}")
    lost = bool(record.spent) and record.spent[-1].use is Use.LOSE_FOCUS
    why = "graze" if graze else "Complication" if lost else "Opportunity"

    def act(current: EncounterRecord) -> Done:
        combatant = next((c for c in current.encounter.combatants
                          if c.character_id == character_id), None)
        if combatant is None:
            raise NotHereError("no combatant stands for the character")
        outcome = follow_sheet(current.encounter, combatant.name, by, why)
        after = outcome.encounter.find(combatant.name).focus
        return outcome, _focus_said(combatant.name, combatant.focus, after, by)
    return Owed(key, act, Note("the card's focus not moved"), follow=False)


def _focus_said(name: str, before: int, after: int, by: int) -> Note | None:
    if after - before == by:
        return None
    if after == before:
        return Note("{name} had {before} focus on the card: it stays at {after}", name=name,
                    before=before, after=after)
    return Note("{name}'s focus on the card went {before} -> {after} (the sheet's {by})",
                name=name, before=before, after=after, by=f"{by:+d}")


def _spend_for_roll(current: EncounterRecord, name: str, hand: str | None,
                    trait: bool = False) -> Done:
    combatant = current.encounter.find(name)
    if combatant.turn.current is None:
        raise EncounterError("{name}'s turn has ended", combatant=combatant.name,
                             fields={"name": combatant.name})
    spent = spend_action(current.encounter, name)
    if hand is None:  # no Strike (or a record kept before hands were)
        return spent, None
    struck = use(spent.encounter, name, STRIKE, trait=trait)
    outcome = Outcome(struck.encounter, (*spent.events, *struck.events))
    paid = next((e for e in struck.events if e.kind is EventKind.OFFHAND_STRIKE), None)
    if paid is None:
        return outcome, None
    return outcome, Note("offhand Strike: {name} spends {cost} focus ({left} left)",
                         name=combatant.name, cost=paid.note, left=paid.amount)


def failed(record: RollRecord) -> bool:
    """Whether the roll's test is seen to fail: its total under its DC."""
    test = record.result.pools[0]
    return not record.hidden and record.result.dc is not None and test.success is False


_LANDED = {Part.HIT: "hit: {landing}", Part.GRAZE: "graze: {landing}",
           Part.CRITICAL: "critical: {landing}"}
_NOT_APPLIED = {Part.HIT: "hit damage not applied", Part.GRAZE: "graze damage not applied",
                Part.CRITICAL: "critical damage not applied"}


def not_applied(part: Part) -> Note:
    """``hit damage not applied``: the reason follows."""
    return Note(_NOT_APPLIED[part])


def said(landing: Landing, due: Due, health_shown: bool) -> Note:
    """One part's line: ``hit: 12 keen - 2 deflect = 10 -> Bandit 2: 11 -> 1``, and at 0."""
    # an enemy whose health the table does not see: "... -> Bandit 2"
    shown: Landing | Note = landing if health_shown else Note(
        "{damage} -> {target}", damage=landing.landed, target=landing.target)
    line = Note(_LANDED[due.part], landing=shown)
    if landing.defeated:
        return Note("{line} · {target} is defeated", line=line, target=landing.target)
    if landing.injury and landing.fell:
        return Note("{line} · {target} falls Unconscious and takes an injury", line=line,
                    target=landing.target)
    if landing.injury:
        return Note("{line} · {target} is at 0 health and takes an injury", line=line,
                    target=landing.target)
    return line
