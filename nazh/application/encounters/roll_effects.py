"""What the channel's encounter does to a roll made with a character that is one of its
combatants: the combatant's conditions change the roll (each change named, kept in the roll's
encounter term), as do an attack target's Dodge (a disadvantage, spent by the attack) and an
Aid the roller was given (an advantage, used by the test); the roll spends one of its actions
during its turn (given back by a button), and a failed test of a Determined combatant ends
Determined.

The roll is made and kept first; what it does to the encounter follows, each act once per roll
(its once key holds the roll's id), decided on the encounter's newest version. An act the
encounter refuses by then (the turn ended meanwhile) is no error for the roll: a short note
says what was not done.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace

from nazh.application.encounters.access import anyone, owner_or_gm
from nazh.application.encounters.changes import EncounterChanges, NoEncounterError, Step
from nazh.application.encounters.landing import AttackLandings
from nazh.application.encounters.model import Changed, EncounterRecord
from nazh.application.rolls.terms.encounter import InEncounter
from nazh.application.settings.server import Member
from nazh.domain.attack import Step as AttackStep
from nazh.domain.encounter.acts import give_back_action, spend_action, use_determined
from nazh.domain.encounter.combatant import Combatant
from nazh.domain.encounter.encounter import Encounter, Outcome
from nazh.domain.encounter.errors import EncounterError
from nazh.domain.encounter.reactions import aid_used, dodge_ready, dodge_used, follow_sheet
from nazh.domain.encounter.rolls import RollEffects, RollKind, roll_effects
from nazh.domain.encounter.summary import record_critical_hit, record_graze, record_injury
from nazh.domain.encounter.timing import Moment, Phase
from nazh.domain.errors import NazhError
from nazh.domain.spending import Use


def action_key(roll_id: str) -> str:
    """The once key of the action a roll spends."""
    return f"roll-action:{roll_id}"


def undo_key(roll_id: str) -> str:
    """The once key of a roll's action given back."""
    return f"roll-action-undo:{roll_id}"


def injury_key(roll_id: str) -> str:
    """The once key of the injury an injury roll counts in the encounter."""
    return f"injury:{roll_id}"


def dodge_key(roll_id: str) -> str:
    """The once key of the target's Dodge an attack spends."""
    return f"dodge:{roll_id}"


def aid_key(roll_id: str) -> str:
    """The once key of the Aid a test uses."""
    return f"aid:{roll_id}"


def determined_key(roll_id: str) -> str:
    """The once key of Determined used by a roll's failed test."""
    return f"determined:{roll_id}"


Watcher = Callable[[int, Changed], Awaitable[None]]
"""Told of each change a roll kept in a channel's encounter: ``watcher(channel_id, changed)``
(the live card's edit); it must not raise."""


class EncounterRolls:
    """The encounter's side of rolls made with characters (see the module's text)."""

    def __init__(self, changes: EncounterChanges) -> None:
        self._changes = changes
        self._watchers: list[Watcher] = []
        self.landings = AttackLandings(changes, self._tell)
        """An attack's damage landing on its target, the card told of each."""

    def watch(self, watcher: Watcher) -> None:
        """Tell ``watcher`` of every change a roll keeps from now on."""
        self._watchers.append(watcher)

    async def in_encounter(self, channel_id: int, character_id: str,
                           kind: RollKind | None, *,
                           target: str | None = None) -> InEncounter | None:
        """The roll's place in the channel's encounter: the combatant standing for
        ``character_id`` (not defeated), what its conditions do to a roll of ``kind``
        (``None``: a roll that is no test, e.g. an injury roll, which they leave alone), and
        whether the roll spends an action (its turn is running with one left); ``None`` when
        the channel has no encounter or the character is not in it. ``target``: the
        combatant an attack is made against (its conditions act on the attack: a Prone one
        gives a melee attack an advantage).

        Raises:
            EncounterError: a target named where there is no encounter, or the attacker is not
                in it, or no combatant of that name.
        """
        try:
            record = await self._changes.current(channel_id)
        except NoEncounterError:
            if target is not None:
                raise EncounterError("target: there is no encounter in this channel",
                                     hint="a target is a combatant of the channel's "
                                          "encounter") from None
            return None
        encounter = record.encounter
        combatant = next((c for c in encounter.combatants
                          if c.character_id == character_id and not c.defeated), None)
        if combatant is None:
            if target is not None:
                raise EncounterError("target: the attacker is not a combatant of this "
                                     "channel's encounter", hint="/encounter join first")
            return None
        aimed = None
        if target is not None and kind is not None:
            aimed = encounter.find(target)
            kind = replace(kind, target=aimed.conditions)
        effects = RollEffects() if kind is None else roll_effects(combatant.conditions, kind)
        reasons, advantages, disadvantages = (list(effects.reasons), effects.advantages,
                                              effects.disadvantages)
        dodged_by = aimed.name if aimed is not None and dodge_ready(aimed) else None
        if dodged_by is not None:
            reasons.append("target Dodging: disadvantage")
            disadvantages += 1
        aided_by = None if kind is None else combatant.reactions.aided_by
        if aided_by is not None:
            reasons.append(f"Aided by {aided_by}: advantage")
            advantages += 1
        return InEncounter(
            record.encounter_id, encounter.name, encounter.round, encounter.phase.value,
            combatant.name, tuple(reasons),
            tuple((m.condition.title, m.modifier) for m in effects.modifications if m.modifier),
            advantages, disadvantages, effects.determined, _action_left(combatant),
            dodged_by, aided_by)

    async def after_roll(self, member: Member, channel_id: int, roll_id: str,
                         term: InEncounter, failed: bool, *, injured: bool = False
                         ) -> str | None:
        """The kept roll's acts on the encounter: its action spent (when ``term`` says it
        spends one), Determined used when ``term.determined`` and the test ``failed``, and,
        ``injured``, an injury counted in the combatant's tally (a minion's first defeats
        it); each once per roll, by the roller. Returns a short note of what the encounter refused
        by now (``no action spent: Kaladin's turn has ended``) or what Determined did;
        ``None`` when there is nothing to say."""
        notes = await self._reactions_used(member, channel_id, roll_id, term)
        if term.action:
            refused = await self._refused(member, channel_id, term, _spend_for_roll,
                                          action_key(roll_id))
            if refused is not None:
                notes.append(f"no action spent: {refused}")
        if term.determined and failed:
            refused = await self._refused(member, channel_id, term, use_determined,
                                          determined_key(roll_id))
            notes.append(f"Determined not used: {refused}" if refused is not None else
                         f"{term.combatant} was Determined: the failed test gains an "
                         "Opportunity, and Determined ends")
        if injured:
            refused = await self._refused(member, channel_id, term, record_injury,
                                          injury_key(roll_id))
            if refused is not None:
                notes.append(f"injury not counted in the encounter: {refused}")
        return " · ".join(notes) or None

    async def _reactions_used(self, member: Member, channel_id: int, roll_id: str,
                              term: InEncounter) -> list[str]:
        """The target's Dodge spent and the roller's Aid used by the roll, once each."""
        notes: list[str] = []
        dodger = term.dodged_by
        if dodger is not None:
            refused = await self._refused(member, channel_id, term,
                                          lambda e, _: dodge_used(e, dodger),
                                          dodge_key(roll_id))
            if refused is not None:
                notes.append(f"Dodge not spent: {refused}")
        if term.aided_by is not None:
            refused = await self._refused(member, channel_id, term, aid_used, aid_key(roll_id))
            if refused is not None:
                notes.append(f"Aid not used: {refused}")
        return notes

    async def scored(self, member: Member, channel_id: int, roll_id: str, term: InEncounter,
                     step: AttackStep | Use) -> None:
        """A graze recorded or a critical hit spent on the attack ``roll_id`` made by the
        term's combatant, counted once in its tally for the summary (an encounter that has
        moved on, or ended, counts nothing)."""
        tallied, word = ((record_graze, "graze") if step is AttackStep.GRAZE
                         else (record_critical_hit, "critical"))
        await self._refused(member, channel_id, term, tallied, f"{word}:{roll_id}")

    async def sheet_focus(self, member: Member, channel_id: int, character_id: str,
                          by: int, once: str, why: str) -> str | None:
        """The card's focus of the combatant standing for ``character_id`` in the channel's
        encounter moved by ``by``, as a roll's step (``why``: a graze, an Opportunity) moved
        its sheet's, once under ``once`` (never below 0: when the card has less, it stops at
        0); not followed back to the sheet. Returns a short note when the card could not move
        by as much, or refused (``None``: nothing to say, or no such combatant here)."""
        if not by or await self._changes.done(once) \
                or not await self._stands_here(channel_id, character_id):
            return None
        moved: list[tuple[str, int, int]] = []

        def change(record: EncounterRecord, gm: bool) -> Step:
            anyone(record, member.user_id, gm)
            combatant = _standing_for(record, character_id)
            if combatant is None:
                raise EncounterError("its combatant has left the encounter")
            outcome = follow_sheet(record.encounter, combatant.name, by, why)
            moved[:] = [(combatant.name, combatant.focus,
                         outcome.encounter.find(combatant.name).focus)]
            return Step(replace(record, encounter=outcome.encounter), outcome.events,
                        follow=False)
        try:
            changed = await self._changes.change(member, channel_id, change, once=once)
        except NazhError as error:
            return f"the card's focus not moved: {error.summary}"
        if changed.repeated or not moved:
            return None
        await self._tell(channel_id, changed)
        name, before, after = moved[0]
        if after - before == by:
            return None
        if after == before:
            return f"{name} had {before} focus on the card: it stays at {after}"
        return f"{name}'s focus on the card went {before} -> {after} (the sheet's {by:+d})"

    async def _stands_here(self, channel_id: int, character_id: str) -> bool:
        """Whether a combatant of the channel's encounter stands for ``character_id``."""
        try:
            current = await self._changes.current(channel_id)
        except NoEncounterError:
            return False
        return _standing_for(current, character_id) is not None

    async def undo_action(self, member: Member, channel_id: int, roll_id: str,
                          term: InEncounter) -> Changed:
        """The action the roll ``roll_id`` (whose encounter term is ``term``) spent given back,
        by the combatant's owner or a GM, once (asked again: nothing is kept, ``repeated``);
        only in the turn it was spent in.

        Raises:
            EncounterError: the roll spent no action, or its turn is over;
            NoEncounterError, NotAllowedError: as :meth:`EncounterChanges.change`.
        """
        if not term.action or not await self._changes.done(action_key(roll_id)):
            raise EncounterError(f"roll {roll_id} spent no action of {term.combatant}'s",
                                 combatant=term.combatant)
        if await self._changes.done(undo_key(roll_id)):
            return Changed(await self._changes.current(channel_id), repeated=True)
        allowed = owner_or_gm(term.combatant, "give back {name}'s action")

        def change(record: EncounterRecord, gm: bool) -> Step:
            _check_same_turn(record, term)
            allowed(record, member.user_id, gm)
            outcome = give_back_action(record.encounter, term.combatant)
            return Step(replace(record, encounter=outcome.encounter), outcome.events)
        changed = await self._changes.change(member, channel_id, change, once=undo_key(roll_id))
        await self._tell(channel_id, changed)
        return changed

    async def _refused(self, member: Member, channel_id: int, term: InEncounter,
                       act: _ActOn, once: str) -> str | None:
        """``act`` on the term's combatant, once under ``once``; what refused it, if anything
        (nothing when it was already taken under ``once``)."""
        if await self._changes.done(once):
            return None

        def change(record: EncounterRecord, gm: bool) -> Step:
            _check_same_encounter(record, term)
            anyone(record, member.user_id, gm)
            outcome = act(record.encounter, term.combatant)
            return Step(replace(record, encounter=outcome.encounter), outcome.events)
        try:
            changed = await self._changes.change(member, channel_id, change, once=once)
        except NazhError as error:
            return error.summary
        await self._tell(channel_id, changed)
        return None

    async def _tell(self, channel_id: int, changed: Changed) -> None:
        if not changed.repeated:
            for watcher in self._watchers:
                await watcher(channel_id, changed)


_ActOn = Callable[[Encounter, str], Outcome]
"""An act on one combatant: ``act(encounter, name)``."""


def _standing_for(record: EncounterRecord, character_id: str) -> Combatant | None:
    return next((c for c in record.encounter.combatants if c.character_id == character_id),
                None)


def _action_left(combatant: Combatant) -> bool:
    return combatant.turn.current is not None and bool(combatant.turn.actions)


def _spend_for_roll(encounter: Encounter, name: str) -> Outcome:
    combatant = encounter.find(name)
    if combatant.turn.current is None:
        raise EncounterError(f"{combatant.name}'s turn has ended", combatant=combatant.name)
    return spend_action(encounter, name)


def _check_same_encounter(record: EncounterRecord, term: InEncounter) -> None:
    if record.encounter_id != term.encounter_id:
        raise EncounterError("the encounter the roll was made in has ended")


def _check_same_turn(record: EncounterRecord, term: InEncounter) -> None:
    _check_same_encounter(record, term)
    rolled = Moment.of(term.round, Phase(term.phase))
    now = record.encounter.moment
    if now != rolled:
        raise EncounterError(f"the roll was made in {rolled}; it is now {now}: its action can "
                             "be given back only in the turn it was spent in",
                             combatant=term.combatant)
