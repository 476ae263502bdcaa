"""The acts a roll's result offers in its encounter: the Injury button, an action given back."""

from __future__ import annotations

from dataclasses import dataclass, replace

from nazh.application.characters.access import Act
from nazh.application.characters.rolls import CharacterRolls, InjuryAsked
from nazh.application.characters.service import Characters
from nazh.application.encounters.access import owner_or_gm
from nazh.application.encounters.changes import EncounterChanges, Step
from nazh.application.encounters.maneuvers import second_action_key
from nazh.application.encounters.model import Changed, EncounterRecord
from nazh.application.encounters.owed import action_key
from nazh.application.encounters.roll_handler import (
    EncounterRolls,
    defeated_by,
    injuries_called,
    knock_out_key,
)
from nazh.application.rolls.actions import RollActions
from nazh.application.rolls.events import Happened, RollEvent, RollHandlers
from nazh.application.rolls.model import Rolled, RollRecord, RollRequest
from nazh.application.rolls.terms.encounter import ENCOUNTER, InEncounter
from nazh.application.rolls.terms.maneuver import MANEUVER
from nazh.application.rolls.terms.target import TARGET
from nazh.application.settings.server import Member
from nazh.domain.encounter.acts import give_back_action
from nazh.domain.encounter.errors import EncounterError
from nazh.domain.encounter.health import knock_out
from nazh.domain.encounter.named import STRIKE, Hand, unuse
from nazh.domain.encounter.timing import Moment, Phase
from nazh.domain.evolve import evolved
from nazh.domain.injury import InjuryTerms


def undo_key(roll_id: str) -> str:
    return f"roll-action-undo:{roll_id}"


@dataclass(frozen=True, slots=True)
class InjuryDue:
    """A target whose injury an attack called for, to be rolled under its once ``key``."""

    channel_id: int
    encounter_id: str
    encounter: str
    round: int
    phase: str
    combatant: str
    character_id: str | None  # None: a GM's quick combatant
    deflect: int  # a quick combatant's
    injuries: int  # a quick combatant's, taken in this encounter
    key: str  # the once key it is claimed under (injury_roll_key, deadly_injury_key)


class EncounterRollActs:
    """The Injury button and giving back an action, on rolls made in encounters."""

    def __init__(self, changes: EncounterChanges, rolls: EncounterRolls,
                 characters: Characters, character_rolls: CharacterRolls, table: RollActions,
                 handlers: RollHandlers) -> None:
        self._changes = changes
        self._rolls = rolls
        self._characters = characters
        self._character_rolls = character_rolls
        self._table = table
        self._handlers = handlers

    async def target_injury(self, member: Member, attack: RollRecord,
                            request: RollRequest) -> Rolled:
        """The injury of the target ``attack`` brought to 0 health, claimed once for the attack."""
        # A sheet rolls with its deflect and injuries, counted on it; a quick combatant with its
        # deflect and the injuries it took here. The encounter counts it once seen (a secret at its
        # reveal).
        due = await self.injury_due(member, attack)
        request = evolved(request, label=request.label or f"Injury: {due.combatant}")
        if due.character_id is not None:
            record = await self._characters.get(member, due.character_id, Act.INJURE)
            await self.injury_due(member, attack, claim=due.key)
            return await self._character_rolls.injury_of(member, record, InjuryAsked(),
                                                         request)
        InjuryTerms(due.deflect, due.injuries).check()  # refused before it is claimed
        due = await self.injury_due(member, attack, claim=due.key)
        struck = InEncounter(due.encounter_id, due.encounter, due.round, due.phase,
                             due.combatant)
        roll = await self._table.roll_injury(InjuryTerms(due.deflect, due.injuries),
                                             request.with_term(ENCOUNTER, struck))
        return await self._handlers.published(RollEvent(Happened.KEPT, Rolled(roll), member))

    async def injury_due(self, member: Member, record: RollRecord, *,
                         claim: str | None = None) -> InjuryDue:
        """The target whose injury the attack ``record`` called for (at 0 health, or by its
        Deadly weapon), which its owner or a GM rolls: the next not rolled yet (checked), or the
        one of the once key ``claim`` (claimed, whoever clicks again)."""
        target, term = record.term(TARGET), record.term(ENCOUNTER)
        if target is None or term is None:
            raise EncounterError("roll {roll_id} is no attack on a combatant",
                                 fields={"roll_id": record.roll_id})
        found: list[InjuryDue] = []
        allowed = owner_or_gm(target.combatant, "roll {name}'s injury")

        def change(current: EncounterRecord, gm: bool, key: str = "") -> Step:
            if current.encounter_id != term.encounter_id:
                raise EncounterError("the encounter the attack was made in has ended")
            struck = current.encounter.find(target.combatant)
            allowed(current, member.user_id, gm)
            called = injuries_called(current, record)
            if not called or (claim is not None and claim not in called):
                if struck.defeated or struck.health:
                    raise EncounterError("{name} is not at 0 health: no injury is due",
                                         combatant=struck.name, fields={"name": struck.name})
                raise EncounterError("this attack called for no injury of {name}",
                                     combatant=struck.name,
                                     hint="the Injury button is on the attack that brought it "
                                          "to 0 health (or hit it there)",
                                     fields={"name": struck.name})
            encounter = current.encounter
            found[:] = [InjuryDue(current.channel_id, current.encounter_id, encounter.name,
                                  encounter.round, encounter.phase.value, struck.name,
                                  struck.character_id, struck.deflect, struck.tally.injuries,
                                  claim or key)]
            return Step(current)
        if claim is None:  # checked: the next injury called for and not rolled yet
            current = await self._changes.current(record.roller.channel_id)
            called = injuries_called(current, record)
            rolled = await self._changes.done_of(called)
            key = next((key for key in called if key not in rolled), None)
            if called and key is None:
                raise EncounterError("{combatant}'s injury from this attack is rolled already",
                                     combatant=target.combatant,
                                     fields={"combatant": target.combatant})
            # none called for: change() says why
            change(current, await self._changes.is_gm(member), key or "")
            return found[0]
        changed = await self._changes.change(member, record.roller.channel_id, change,
                                             once=claim)
        if changed.repeated or not found:
            raise EncounterError("{combatant}'s injury from this attack is rolled already",
                                 combatant=target.combatant, fields={"combatant": target.combatant})
        return found[0]

    async def knock_out(self, member: Member, record: RollRecord) -> Changed:
        """The target the attack ``record`` defeated knocked out instead, once (Unconscious)."""
        target, term = record.term(TARGET), record.term(ENCOUNTER)
        if target is None or term is None:
            raise EncounterError("roll {roll_id} is no attack on a combatant",
                                 fields={"roll_id": record.roll_id})
        key = knock_out_key(record.roll_id)
        if await self._changes.done(key):
            return Changed(await self._changes.current(record.roller.channel_id), repeated=True)
        allowed = owner_or_gm(term.combatant, "knock out what {name}'s attack defeated")

        def change(current: EncounterRecord, gm: bool) -> Step:
            if current.encounter_id != term.encounter_id:
                raise EncounterError("the encounter the attack was made in has ended")
            allowed(current, member.user_id, gm)
            if not defeated_by(current, record):
                raise EncounterError("this attack did not defeat {name}",
                                     combatant=target.combatant,
                                     fields={"name": target.combatant})
            outcome = knock_out(current.encounter, target.combatant, record.roll_id)
            return Step(replace(current, encounter=outcome.encounter), outcome.events)
        changed = await self._changes.change(member, record.roller.channel_id, change, once=key)
        await self._rolls.tell(record.roller.channel_id, changed)
        return changed

    async def undo_action(self, member: Member, record: RollRecord) -> Changed:
        """The action ``record`` spent given back once, in the turn it was spent in."""
        term, roll_id = record.term(ENCOUNTER), record.roll_id
        if term is None:
            raise EncounterError("roll {roll_id} was not made in an encounter",
                                 fields={"roll_id": roll_id})
        if not term.action or not await self._changes.done(action_key(roll_id)):
            raise EncounterError("roll {roll_id} spent no action of {combatant}'s",
                                 combatant=term.combatant,
                                 fields={"roll_id": roll_id, "combatant": term.combatant})
        channel_id = record.roller.channel_id
        if await self._changes.done(undo_key(roll_id)):
            return Changed(await self._changes.current(channel_id), repeated=True)
        allowed = owner_or_gm(term.combatant, "give back {name}'s action")
        maneuver = record.term(MANEUVER)
        named = STRIKE if term.hand is not None else \
            "" if maneuver is None or maneuver.action is None else maneuver.action.value
        # a Grapple's or Shove's second action, when it was spent, comes back with the first
        second = maneuver is not None and maneuver.action is not None \
            and maneuver.action.cost > 1 and await self._changes.done(second_action_key(roll_id))

        def change(current: EncounterRecord, gm: bool) -> Step:
            _check_same_turn(current, term)
            allowed(current, member.user_id, gm)
            outcome = give_back_action(current.encounter, term.combatant)
            events = outcome.events
            if second:
                outcome = give_back_action(outcome.encounter, term.combatant)
                events = (*events, *outcome.events)
            # the Strike's hand, or the basic action, may be used again this turn
            freed = unuse(outcome.encounter, term.combatant, named,
                          offhand=term.hand == Hand.OFF.value, trait=term.offhand_trait)
            return Step(replace(current, encounter=freed.encounter), (*events, *freed.events))
        changed = await self._changes.change(member, channel_id, change, once=undo_key(roll_id))
        await self._rolls.tell(channel_id, changed)
        return changed


def _check_same_turn(current: EncounterRecord, term: InEncounter) -> None:
    if current.encounter_id != term.encounter_id:
        raise EncounterError("the encounter the roll was made in has ended")
    rolled = Moment.of(term.round, Phase(term.phase))
    now = current.encounter.moment
    if now != rolled:
        raise EncounterError("the roll was made in round {round}, {phase}; it is now round "
                             "{now_round}, {now_phase}: its action can be given back only in "
                             "the turn it was spent in", combatant=term.combatant,
                             fields={"round": rolled.round, "phase": rolled.phase.title,
                                     "now_round": now.round, "now_phase": now.phase.title})
