"""The steps taken on a posted roll after it is rolled: an attack's hit or graze recorded, an
Opportunity or a Complication spent; what a step does to the roll's character's sheet passes the
sheet gate (:mod:`nazh.application.characters.gate`), and what it does to an attack's target
(a graze's damage, a critical hit's difference) takes the landing's one path
(:class:`~nazh.application.rolls.landing.Landings`). A minion's attack is never a critical hit.
"""

from __future__ import annotations

from typing import Protocol

from nazh.application.characters.effects import Effect, GainFocus, SpendFocus
from nazh.application.characters.gate import RollEffect, SheetGate
from nazh.application.characters.model import SheetChange
from nazh.application.log.chain import EntryKind
from nazh.application.rolls.access import Act
from nazh.application.rolls.actions import RollActions, once_more_if_stale, settled_first
from nazh.application.rolls.counting import RunningEndeavors, offers_with_count
from nazh.application.rolls.landing import Landings
from nazh.application.rolls.metrics import RollSource
from nazh.application.rolls.model import Offers, Rolled, RollRecord
from nazh.application.rolls.terms.attack import ATTACK
from nazh.application.rolls.terms.encounter import ENCOUNTER, InEncounter
from nazh.application.rolls.terms.spending import SPENT
from nazh.application.settings.server import Member
from nazh.domain.attack import Step
from nazh.domain.character import Resource
from nazh.domain.errors import RollStateError
from nazh.domain.evolve import evolved
from nazh.domain.spending import Use, spend


def graze_key(roll_id: str) -> str:
    """The once key of a graze's focus spent from the sheet."""
    return f"graze:{roll_id}"


def _focus_key(record: RollRecord) -> str:
    """The once key of the focus recovered by the roll's latest spending."""
    return f"focus:{len(record.spent) - 1}:{record.roll_id}"


class EncounterTallies(Protocol):
    """The channel's encounter as a roll's steps reach it: its counts for the summary (what
    an attack made in it scored), and the card's focus following the sheet's."""

    async def scored(self, member: Member, channel_id: int, roll_id: str, term: InEncounter,
                     step: Step | Use) -> None:
        """A graze recorded (``Step.GRAZE``) or a critical hit spent (``Use.CRITICAL``) on the
        attack ``roll_id``, counted once for its combatant."""
        ...

    async def sheet_focus(self, member: Member, channel_id: int, character_id: str,
                          by: int, once: str, why: str) -> str | None:
        """The card's focus of the combatant standing for ``character_id`` moved by ``by``
        as its sheet's was, once under ``once``; a note when it could not move as much."""
        ...


class RollSteps:
    """Steps on rolls kept by ``table``; ``sheets``: the gate their effects on a character's
    sheet pass (without it, steps change no sheet).

    ``received`` (every method): as :class:`RollActions`'s.
    """

    def __init__(self, table: RollActions, sheets: SheetGate | None = None,
                 encounters: EncounterTallies | None = None,
                 landings: Landings | None = None,
                 endeavors: RunningEndeavors | None = None) -> None:
        self._table = table
        self._sheets = sheets
        self._encounters = encounters
        self._landings = landings
        self._endeavors = endeavors

    async def record_attack(self, roll_id: str, member: Member, step: Step, *,
                            received: float | None = None, in_channel: bool = False) -> Rolled:
        """The attacker records a graze (a miss, 1 focus: the damage dice alone) or, when no
        defense was given, a hit. A graze of an attack made with a character spends 1 of its
        focus, once whoever clicks again: the step is checked first (a graze refused spends
        nothing), then the focus is spent, then the step recorded. ``in_channel``: its answer
        updates a message the channel sees (the rule asks the channel's sight too, in the same
        check).

        Raises:
            RollNotFoundError, NotYourRollError, RollStateError (not an attack, or the step
                does not apply: said why), RollConflictError.
            NoFocusError: the character has no focus left (nothing is spent or recorded).
            CharacterNotFoundError, NotYourCharacterError: the character is gone, or no longer
                the attacker's to roll.
        """
        with self._table.counted(RollSource.BUTTON, received) as tally:
            async def change() -> Rolled:
                record = await self._table.acted_on(roll_id, member, Act.RECORD_ATTACK,
                                                    in_channel=in_channel)
                attack = record.attack_view
                if attack is None:
                    raise RollStateError("this roll is not an attack")
                settled_first(record)
                terms = attack.record(step)
                sheet = (await self._graze_focus(record, member) if step is Step.GRAZE
                         else None)
                recorded = await self._table.changed(record.with_term(ATTACK, terms),
                                               EntryKind.ATTACK_RECORDED)
                return Rolled(recorded, sheet)
            rolled = await once_more_if_stale(change)
            tally.counted(rolled.record)
            if step is Step.GRAZE:
                rolled = await self._card_follows(member, rolled, graze_key(roll_id), "graze")
                await self._scored(member, rolled.record, step)
            return await self._landed(member, rolled)

    async def spend(self, roll_id: str, member: Member, use: Use, *,
                    received: float | None = None, in_channel: bool = False) -> Rolled:
        """Spend one of the roll's Opportunities (the roller) or Complications (a GM) on
        ``use``; a critical hit only on an attack that hit. Recovering 1 focus on a roll made
        with a character gives it 1 focus (never above its maximum) once the spending is
        recorded, once per Opportunity spent (the character is checked first).
        ``in_channel``: as :meth:`record_attack`'s.

        Raises:
            RollNotFoundError, NotYourRollError, RollStateError (none left, or the use does
                not apply), RollConflictError.
            CharacterNotFoundError, NotYourCharacterError: the character is gone, or no longer
                the roller's to roll (nothing is spent).
        """
        act = Act.SPEND_OPPORTUNITY if use.opportunity else Act.SPEND_COMPLICATION
        with self._table.counted(RollSource.BUTTON, received) as tally:
            async def change() -> RollRecord:
                record = await self._table.acted_on(roll_id, member, act, in_channel=in_channel)
                settled_first(record)
                if use is Use.CRITICAL and self._landings is not None:
                    refused = await self._landings.critical_refused(record)
                    if refused is not None:
                        raise RollStateError(refused)
                spent = spend(record.result, record.spent, use, member.user_id,
                              critical=record.critical_possible, granted=record.granted)
                if use is Use.FOCUS and record.character is not None and self._sheets:
                    await self._sheets.check(member, record.character.character_id)
                return await self._table.changed(record.with_term(SPENT, spent), EntryKind.SPENT)
            record = tally.counted(await once_more_if_stale(change))
            sheet = await self._recovered_focus(record, member) if use is Use.FOCUS else None
            if use is Use.CRITICAL:
                await self._scored(member, record, use)
                return await self._landed(member, Rolled(record, sheet))
            rolled = Rolled(record, sheet, offers=await self.offers(record))
            if use is Use.FOCUS:
                return await self._card_follows(member, rolled, _focus_key(record),
                                                "Opportunity")
            return rolled

    async def offers(self, record: RollRecord) -> Offers:
        """What the result of ``record`` offers as its encounter stands (an attack's Critical
        hit, its Injury button: :class:`Offers`); a roll that is no attack, or made where
        there is no encounter, offers what any roll does; a test shown to the channel where
        an endeavor runs offers Count)."""
        if self._landings is None or record.attack is None:
            return await offers_with_count(self._endeavors, record, Offers())
        return await self._landings.offers(record)

    async def _card_follows(self, member: Member, rolled: Rolled, once: str,
                            why: str) -> Rolled:
        """The card's focus of the roll's character, when it is a combatant of the channel's
        encounter, moved as the step moved the sheet's (once), with a note when it could not
        move as much."""
        sheet, character = rolled.sheet, rolled.record.character
        if sheet is None or character is None or self._encounters is None:
            return rolled
        note = await self._encounters.sheet_focus(
            member, rolled.record.roller.channel_id, character.character_id,
            sheet.by(Resource.FOCUS), f"sheet-{once}", why)
        return rolled if note is None else evolved(rolled, notes=(*rolled.notes, note))

    async def _landed(self, member: Member, rolled: Rolled) -> Rolled:
        """An attack made against a target, with what its damage due by now did to it and
        what its result offers then."""
        if self._landings is None:
            return rolled
        landed = await self._landings.land(member, rolled.record)
        return evolved(rolled, notes=(*rolled.notes, *landed.lines), injured=landed.injured,
                       offers=await self._landings.offers(rolled.record))

    async def _scored(self, member: Member, record: RollRecord, step: Step | Use) -> None:
        """An attack made in an encounter counts its graze or critical hit there."""
        term = record.term(ENCOUNTER)
        if term is not None and self._encounters is not None:
            await self._encounters.scored(member, record.roller.channel_id, record.roll_id,
                                          term, step)

    async def _graze_focus(self, record: RollRecord, member: Member) -> SheetChange | None:
        """A graze's focus, spent from the roll's character once per roll (``None``: a raw
        roll, or no sheets here).

        Raises:
            NoFocusError, CharacterNotFoundError, NotYourCharacterError,
                CharacterConflictError.
        """
        return await self._effect(record, member, SpendFocus(), graze_key(record.roll_id),
                                  f"graze on roll {record.roll_id}")

    async def _recovered_focus(self, record: RollRecord, member: Member) -> SheetChange | None:
        """1 focus recovered by the roll's character for its latest spending, once per
        spending (``None``: a raw roll, or no sheets here).

        Raises:
            CharacterNotFoundError, NotYourCharacterError, CharacterConflictError.
        """
        return await self._effect(record, member, GainFocus(), _focus_key(record),
                                  f"Opportunity spent on roll {record.roll_id}")

    async def _effect(self, record: RollRecord, member: Member, effect: Effect, once: str,
                      reason: str) -> SheetChange | None:
        character = record.character
        if character is None or self._sheets is None:
            return None
        return await self._sheets.apply(
            member, RollEffect(record.roll_id, character.character_id, effect, once, reason),
            hidden=record.hidden)
