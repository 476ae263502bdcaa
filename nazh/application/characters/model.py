"""What the characters' use cases keep: a sheet with its owner and place, and its audit trail."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from nazh.domain.character import Character, Kind

MAX_PER_USER = 20
"""Characters (and adversaries) one user keeps in one server, or outside servers."""
MAX_PER_SERVER = 300
"""Characters and adversaries in one server, everyone's together (outside servers each user's
scope is their own: :mod:`nazh.application.characters.scopes`)."""
MAX_AUDIT_SHOWN = 10


@dataclass(frozen=True, slots=True)
class CharacterRecord:
    """A sheet as kept.

    Attributes:
        character_id: A short random id (stable across renames).
        scope: The server's id, or outside servers the owner's own scope
            (:func:`~nazh.application.characters.scopes.own_scope`).
        owner_id: Who made it (a player's own character, or the GM who keeps an adversary).
        sheet: The character.
        shared: The owner shows the sheet to the table (else only the owner and the GMs see
            it); never outside a server.
        version: Grows by one with each change; a change is kept only on the version it read.
        updated_at: When it last changed.
    """

    character_id: str
    scope: int
    owner_id: int
    sheet: Character
    shared: bool = False
    version: int = 1
    updated_at: datetime | None = None

    @property
    def name(self) -> str:
        """The character's name."""
        return self.sheet.name

    @property
    def adversary(self) -> bool:
        """An adversary (kept by a GM)."""
        return self.sheet.kind is Kind.ADVERSARY


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One change of one field: who, what, the old and the new value, when, and why (e.g.
    ``graze on roll k3v9x0q2md``)."""

    character_id: str
    user_id: int
    field: str
    old: str
    new: str
    at: datetime
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class HeldEffect:
    """An effect of a secret roll on a sheet, held until the roll is revealed.

    Attributes:
        roll_id: The roll.
        character_id: The sheet it changes.
        kind: The effect's kind (:data:`nazh.application.characters.effects.KINDS`).
        data: Its fields (:meth:`~nazh.application.characters.effects.Effect.encode`).
        once: The key that makes it happen once, whoever asks.
        reason: Why, in the sheet's audit (e.g. ``short rest, roll k3v9x0q2md``).
        user_id: Who rolled (the change is theirs in the audit).
        guild_id: Where.
    """

    roll_id: str
    character_id: str
    kind: str
    data: Mapping[str, int | str]
    once: str
    reason: str
    user_id: int
    guild_id: int | None
