"""The ports the characters' use cases keep characters and held effects of secret rolls through."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from nazh.application.characters.model import AuditEntry, CharacterRecord, HeldEffect
from nazh.application.settings.server import Member
from nazh.domain.character import CharacterError


class NameTakenError(CharacterError):
    """The owner already has a character of that name (any case) there, even made at once."""

    def __init__(self, name: str) -> None:
        super().__init__(f"its owner already has a character named {name!r} here",
                         hint="choose another name")


class CharacterStore(Protocol):
    """Where characters, each user's active one and the audit trail are kept."""

    # Every write is one transaction: a sheet changes only from the version it was read at, with its
    # audit entries or not at all.
    async def get(self, character_id: str) -> CharacterRecord | None:
        ...

    async def in_scope(self, scope: int) -> list[CharacterRecord]:
        """Every character of a server (or of DMs), by name."""
        ...

    async def owned(self, scope: int, owner_id: int) -> list[CharacterRecord]:
        """A user's characters in a server (or DMs), by name."""
        ...

    async def create(self, records: Sequence[CharacterRecord],
                     audit: Sequence[AuditEntry], *, per_user: int, per_server: int) -> bool:
        """Keep new characters within ``per_user`` and ``per_server`` in one go (else ``False``)."""
        ...

    async def update(self, record: CharacterRecord, audit: Sequence[AuditEntry], *,
                     once: str | None = None) -> bool:
        """Replace the sheet at ``record.version - 1``, keep ``audit`` (``False``: another one)."""
        # with once: False too when a change with that key was already kept (a graze's focus)
        ...

    async def done(self, once: str) -> bool:
        ...

    async def delete(self, character_id: str) -> bool:
        """Remove a character, its audit trail and any user's choice of it as active."""
        ...

    async def active(self, scope: int, user_id: int) -> str | None:
        ...

    async def set_active(self, scope: int, user_id: int, character_id: str) -> None:
        ...

    async def audit(self, character_id: str, limit: int) -> list[AuditEntry]:
        """Its latest audit entries, newest first."""
        ...


class HeldEffects(Protocol):
    """Where the effects of secret rolls wait for their reveal (shared by every replica)."""

    async def hold(self, held: HeldEffect) -> None:
        """Keep ``held`` until its roll is revealed (once per its key: again, nothing)."""
        ...

    async def held(self, roll_id: str) -> list[HeldEffect]:
        """The effects held for the roll, in the order they were held."""
        ...

    async def drop(self, once: str) -> None:
        """Forget the held effect of that key (it was applied, or cannot be)."""
        ...


@dataclass(frozen=True, slots=True)
class ActionSpent:
    """The action a sheet's act spent in a fight: whose, and how many its turn has left."""

    combatant: str
    left: int


class FightActions(Protocol):
    """The fights a sheet's combatant takes its turns in (the channels' encounters)."""

    async def spend(self, member: Member, channel_id: int, character_id: str,
                    once: str) -> ActionSpent | None:
        """One action of the sheet's combatant in the channel's fight spent under ``once``
        (refused when its turn has none to spend); None when the sheet is not fighting there."""
        ...
