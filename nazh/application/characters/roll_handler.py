"""The sheets' part in what follows a roll: a graze's focus, an Opportunity's focus, a Loaded
weapon's last shot, once each."""

from __future__ import annotations

from nazh.application.characters.access import Act
from nazh.application.characters.effects import (
    GRAZE_FOCUS,
    Effect,
    GainFocus,
    OneShotLeft,
    SpendFocus,
)
from nazh.application.characters.gate import RollEffect, SheetGate
from nazh.application.characters.other_grazes import grazed_by_step, other_graze_key
from nazh.application.log.chain import EntryKind
from nazh.application.rolls.events import Happened, RollEvent
from nazh.application.rolls.model import Offers, Rolled, RollRecord, SheetChange
from nazh.application.rolls.notes import Note
from nazh.application.rolls.terms.encounter import ENCOUNTER
from nazh.application.rolls.terms.wielded import WIELDED
from nazh.domain.errors import NazhError
from nazh.domain.evolve import evolved
from nazh.domain.spending import Use


def graze_key(roll_id: str) -> str:
    return f"graze:{roll_id}"


FOCUSED_GRAZE = Note("Focused: the graze costs no focus")


def _grazed(record: RollRecord) -> bool:
    attack = record.attack_view
    return record.change is EntryKind.ATTACK_RECORDED and attack is not None and attack.grazed


def _focused(record: RollRecord) -> bool:
    """Whether the roller was Focused in its encounter (rule: a focus cost is 1 less)."""
    term = record.terms.get(ENCOUNTER)
    return term is not None and term.focused


def _step(record: RollRecord) -> tuple[Effect, str, str] | None:
    """What the roll's latest step does to its sheet: the effect, once key and why (or ``None``)."""
    # rule (Conditions, Focused): a graze's 1 focus costs 1 less
    cost = max(0, GRAZE_FOCUS - 1) if _focused(record) else GRAZE_FOCUS
    other = grazed_by_step(record)
    if other is not None:  # another target of the attack grazed: its own focus
        index, target = other
        if not cost:
            return None
        return (SpendFocus(cost), other_graze_key(record.roll_id, index),
                f"graze of {target.combatant} on roll {record.roll_id}")
    if _grazed(record):
        if not cost:
            return None
        return SpendFocus(cost), graze_key(record.roll_id), f"graze on roll {record.roll_id}"
    return _spent_step(record)


def _spent_step(record: RollRecord) -> tuple[Effect, str, str] | None:
    """What the roll's latest spending does to its sheet (or ``None``)."""
    spent = record.spent[-1].use if record.change is EntryKind.SPENT and record.spent else None
    if spent is Use.FOCUS:
        return (GainFocus(), f"focus:{len(record.spent) - 1}:{record.roll_id}",
                f"Opportunity spent on roll {record.roll_id}")
    wielded = record.term(WIELDED)
    if spent is Use.LOADED and wielded is not None:  # part 6, Loaded [X]: spent once an attack
        return (OneShotLeft(wielded.weapon), f"one-shot-left:{record.roll_id}",
                f"Complication spent on roll {record.roll_id}: one shot left")
    return None


class SheetRolls:
    """What follows a roll on its character's sheet, through the one ``gate``."""

    def __init__(self, gate: SheetGate) -> None:
        self._gate = gate

    async def check(self, event: RollEvent) -> None:
        """Refuse a step its character cannot pay for, or by someone who may no longer roll it."""
        step, character = _step(event.record), event.record.character
        # a GM's Complication (one shot left) changes a player's sheet, never refused
        if step is not None and character is not None and step[0].act is Act.ROLL:
            effect = step[0] if isinstance(step[0], SpendFocus) else None
            await self._gate.check(event.member, character.character_id, effect)

    async def handle(self, event: RollEvent) -> Rolled:
        """The step's effect applied once; at a reveal, what was held."""
        rolled, record = event.rolled, event.record
        if event.happened is Happened.REVEALED:
            released = await self._gate.release(record.roll_id, event.member)
            return rolled if not released else evolved(rolled, sheet=together(released))
        step, character = _step(record), record.character
        if event.happened is Happened.CHANGED and step is None and _grazed(record):
            return rolled.noted(FOCUSED_GRAZE)
        if event.happened is not Happened.CHANGED or step is None or character is None:
            return rolled
        effect, once, why = step
        try:
            sheet = await self._gate.apply(event.member, RollEffect(
                record.roll_id, character.character_id, effect, once, why), hidden=False)
        except NazhError as error:
            return rolled.noted(Note("{name}'s sheet not changed: {reason}",
                                     name=character.name, reason=error))
        return evolved(rolled, sheet=sheet)

    async def offers(self, record: RollRecord, offers: Offers) -> Offers:
        return offers


def together(changes: list[SheetChange]) -> SheetChange | None:
    """The sheet changes of one event, as one (``None``: none)."""
    if len(changes) <= 1:
        return changes[0] if changes else None
    moved = tuple(change for sheet in changes for change in sheet.changes)
    return SheetChange(changes[0].name, moved, "; ".join(sheet.unchanged for sheet in changes))
