"""What the characters' use cases keep: a sheet with its owner and place, and its audit trail."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from nazh.domain.character import Character, Kind

MAX_PER_USER = 20
"""Characters (and adversaries) one user keeps in one server, or outside servers."""
MAX_PER_SERVER = 300
"""Characters and adversaries in one server, everyone's together."""
MAX_AUDIT_SHOWN = 10


@dataclass(frozen=True, slots=True)
class CharacterRecord:
    """A sheet as kept."""

    character_id: str  # short, random, stable across renames
    scope: int  # the server's id, or outside servers the owner's own scope
    owner_id: int  # a player, or the GM who keeps an adversary
    sheet: Character
    shared: bool = False  # the table sees it too (never outside a server)
    version: int = 1  # a change is kept only on the version it read
    updated_at: datetime | None = None

    @property
    def name(self) -> str:
        return self.sheet.name

    @property
    def adversary(self) -> bool:
        return self.sheet.kind is Kind.ADVERSARY


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One change of one field: who, what, the old and new value, when, and why."""

    character_id: str
    user_id: int
    field: str
    old: str
    new: str
    at: datetime
    reason: str | None = None  # e.g. "graze on roll k3v9x0q2md"


@dataclass(frozen=True, slots=True)
class HeldEffect:
    """An effect of a secret roll on a sheet, held until the roll is revealed."""

    roll_id: str
    character_id: str
    kind: str  # a kind of nazh.application.characters.effects.KINDS
    data: Mapping[str, int | str]  # Effect.encode()'s
    once: str  # makes it happen once, whoever asks
    reason: str  # in the sheet's audit: "short rest, roll k3v9x0q2md"
    user_id: int  # who rolled: the change is theirs in the audit
    guild_id: int | None
