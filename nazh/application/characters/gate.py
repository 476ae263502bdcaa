"""The one gate for what a roll does to a character's sheet, by the roll's visibility rule.
A seen roll's effect applies at once; a hidden secret's is held and applied once at its reveal."""

from __future__ import annotations

from dataclasses import dataclass

from nazh.application.characters.access import Act
from nazh.application.characters.effects import Effect, decode
from nazh.application.characters.model import HeldEffect
from nazh.application.characters.ports import HeldEffects
from nazh.application.characters.service import Characters, Why
from nazh.application.rolls.model import SheetChange
from nazh.application.rolls.notes import Note
from nazh.application.settings.server import Member
from nazh.domain.character import Character, Resource
from nazh.domain.errors import NazhError

HELD = Note("kept secret: applied to the sheet when the roll is revealed")
"""What a secret roll's answer says of its effect (only its roller and the GMs read it)."""


@dataclass(frozen=True, slots=True)
class RollEffect:
    """One effect of one roll on one character."""

    roll_id: str
    character_id: str
    effect: Effect
    once: str  # makes it happen once, whoever asks again: graze:<roll>
    reason: str  # in the sheet's audit (it names the roll)


class SheetGate:
    """Applies a roll's effects to sheets, holding a hidden secret's in ``held`` until revealed."""

    def __init__(self, characters: Characters, held: HeldEffects) -> None:
        self._characters = characters
        self._held = held

    async def apply(self, member: Member, effect: RollEffect, *, hidden: bool) -> SheetChange:
        """Apply ``effect`` as ``member`` asks, or hold it while its roll is ``hidden``."""
        # the character is checked for the effect's act either way
        if not hidden:
            return await self._applied(member, effect.character_id, effect.effect,
                                       Why(effect.reason, effect.once, effect.effect.act))
        record = await self._characters.get(member, effect.character_id, effect.effect.act)
        await self._held.hold(HeldEffect(
            effect.roll_id, effect.character_id, effect.effect.kind, effect.effect.encode(),
            effect.once, effect.reason, member.user_id, member.guild_id))
        return SheetChange(record.name, (), HELD)

    async def check(self, member: Member, character_id: str,
                    effect: Effect | None = None) -> None:
        """Refuse a roll's step when ``member`` may not roll the character or ``effect`` fails."""
        record = await self._characters.get(member, character_id, Act.ROLL)
        if effect is not None:
            effect.apply(record.sheet)

    async def release(self, roll_id: str, revealer: Member) -> list[SheetChange]:
        """Apply the effects held for a secret roll now revealed, once each, as its roller."""
        changes: list[SheetChange] = []
        for held in await self._held.held(roll_id):
            # one that no longer applies (the character deleted, focus spent meanwhile) is dropped
            # and said so
            changes.append(await self._released(held, revealer))
            await self._held.drop(held.once)
        return changes

    async def _released(self, held: HeldEffect, revealer: Member) -> SheetChange:
        try:
            effect = RollEffect(held.roll_id, held.character_id, decode(held.kind, held.data),
                                held.once, held.reason)
            # the roller's act was checked when the roll was made; the revealer sees the sheet
            return await self._applied(revealer, effect.character_id, effect.effect,
                                       Why(held.reason, held.once, Act.SEE, by=held.user_id))
        except NazhError as error:
            return SheetChange(Note("The roll's character"), (),
                               Note("not changed: {reason}", reason=error))

    async def follow(self, owner: Member, character_id: str, effect: Effect, once: str,
                     reason: str, *, by: int) -> SheetChange:
        """Apply ``effect``, made already on the encounter's card, to ``owner``'s sheet."""
        # once under ``once``; the card's rule allowed ``by``, whom the audit names
        return await self._applied(owner, character_id, effect,
                                   Why(reason, once, effect.act, by=by))

    async def _applied(self, member: Member, character_id: str, effect: Effect,
                       why: Why) -> SheetChange:
        read: list[Character] = []

        def apply(sheet: Character) -> Character:
            read[:] = [sheet]
            return effect.apply(sheet)
        changed = await self._characters.change(member, character_id, apply, why)
        moved: tuple[tuple[Resource, int], ...] = ()
        if changed.changes and read:
            after = changed.record.sheet
            moved = tuple((resource, after.pool(resource).current - read[0].pool(resource)
                           .current) for resource in Resource
                          if after.pool(resource).current != read[0].pool(resource).current)
        return SheetChange(changed.record.name, changed.changes, effect.unchanged, moved)
