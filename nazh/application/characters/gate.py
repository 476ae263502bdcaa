"""The one gate for what a roll does to a character's sheet.

Every effect of a roll on a sheet (a graze's focus, an Opportunity's focus, a counted injury, a
short rest's recovery, and every kind added to :data:`~nazh.application.characters.effects.KINDS`)
is applied here and nowhere else, by the visibility rule of the roll:

- a roll the table may see (public, private: the roller's own, or a secret already revealed):
  the effect is applied at once, kept once per its key with the roll's id in the audit;
- a secret roll not yet revealed (``gm``, ``blind``): nothing anyone can see changes (the
  resources, the counts, the audit, the lists): the effect is held, and applied at the reveal
  (:meth:`SheetGate.release`), once, whichever replica reveals it.

What an encounter's card has already done to a combatant standing for a sheet (its health,
its focus) passes here too (:meth:`SheetGate.follow`), once per change of the card.
"""

from __future__ import annotations

from dataclasses import dataclass

from nazh.application.characters.access import Act
from nazh.application.characters.effects import Effect, decode
from nazh.application.characters.model import HeldEffect
from nazh.application.characters.ports import HeldEffects
from nazh.application.characters.service import Characters, Why
from nazh.application.rolls.model import SheetChange
from nazh.application.settings.server import Member
from nazh.domain.character import Character, Resource
from nazh.domain.errors import NazhError

HELD = "kept secret: applied to the sheet when the roll is revealed"
"""What a secret roll's answer says of its effect (only its roller and the GMs read it)."""


@dataclass(frozen=True, slots=True)
class RollEffect:
    """One effect of one roll on one character.

    Attributes:
        roll_id: The roll.
        character_id: The sheet it changes.
        effect: What it does.
        once: The key that makes it happen once, whoever asks again (e.g. ``graze:<roll>``).
        reason: Why, in the sheet's audit (it names the roll).
    """

    roll_id: str
    character_id: str
    effect: Effect
    once: str
    reason: str


class SheetGate:
    """Applies a roll's effects to sheets kept by ``characters``, holding those of hidden
    secret rolls in ``held`` until their reveal."""

    def __init__(self, characters: Characters, held: HeldEffects) -> None:
        self._characters = characters
        self._held = held

    async def apply(self, member: Member, effect: RollEffect, *, hidden: bool) -> SheetChange:
        """Apply ``effect`` as ``member`` (the roller) asks, or, while its roll is ``hidden``
        (a secret not revealed), hold it: the character is checked for the effect's act
        either way.

        Raises:
            CharacterNotFoundError, NotYourCharacterError, CharacterConflictError.
            NazhError: the effect refused (e.g. NoFocusError: nothing changed).
        """
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
        """Refuse before a roll's step when ``member`` may no longer roll the character, or
        ``effect`` would be refused on its sheet as it stands.

        Raises:
            CharacterNotFoundError, NotYourCharacterError, NazhError (e.g. NoFocusError).
        """
        record = await self._characters.get(member, character_id, Act.ROLL)
        if effect is not None:
            effect.apply(record.sheet)

    async def release(self, roll_id: str, revealer: Member) -> list[SheetChange]:
        """Apply the effects held for a secret roll now revealed by ``revealer`` (its roller
        or a GM, who may see and change its character), each once and in its roller's name;
        an effect that no longer applies (the character deleted, focus spent meanwhile) is
        dropped and said so."""
        changes: list[SheetChange] = []
        for held in await self._held.held(roll_id):
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
            return SheetChange("The roll's character", (), f"not changed: {error.summary}")

    async def follow(self, owner: Member, character_id: str, effect: Effect, once: str,
                     reason: str, *, by: int) -> SheetChange:
        """Apply ``effect``, a change the encounter's card has made already (its rule allowed
        ``by`` to make it, whoever may see the sheet), to the sheet ``character_id`` in its
        ``owner``'s name, once under ``once``; the audit names ``by`` and ``reason``.

        Raises:
            CharacterNotFoundError, NotYourCharacterError (the sheet is gone, or no longer
                the owner's), CharacterConflictError.
        """
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
