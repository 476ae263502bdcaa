"""An in-memory ``CharacterStore`` for the characters' unit tests (the SQL one's semantics:
the limits counted with the insert, the version compare-and-swap, the once keys)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Sequence

from nazh.application.characters.model import AuditEntry, CharacterRecord, HeldEffect
from nazh.application.characters.ports import NameTakenError


class FakeCharacterStore:
    """A ``CharacterStore`` in dicts.

    With ``yielding``, every read hands control to the event loop after it, so use cases
    gathered on the store read before either writes (as two replicas would), and the
    compare-and-swap is what keeps both changes.
    """

    def __init__(self, *records: CharacterRecord, yielding: bool = False) -> None:
        self.records: dict[str, CharacterRecord] = {r.character_id: r for r in records}
        self.entries: list[AuditEntry] = []
        self.actives: dict[tuple[int, int], str] = {}
        self.onces: dict[str, str] = {}
        self.updates = 0
        self.refused = 0
        self._yielding = yielding

    async def _yield(self) -> None:
        if self._yielding:
            await asyncio.sleep(0)

    def _name_free(self, record: CharacterRecord) -> None:
        """Refuse a name the owner has there on another character, as the unique index
        does."""
        for other in self.records.values():
            if (other.character_id != record.character_id and other.scope == record.scope
                    and other.owner_id == record.owner_id
                    and other.name.casefold() == record.name.casefold()):
                raise NameTakenError(record.name)

    async def get(self, character_id: str) -> CharacterRecord | None:
        """One character (``None``: no such id)."""
        record = self.records.get(character_id)
        await self._yield()
        return record

    async def in_scope(self, scope: int) -> list[CharacterRecord]:
        """Every character of a scope, by name (any case)."""
        found = _by_name(r for r in self.records.values() if r.scope == scope)
        await self._yield()
        return found

    async def owned(self, scope: int, owner_id: int) -> list[CharacterRecord]:
        """A user's characters in a scope, by name (any case)."""
        found = _by_name(r for r in self.records.values()
                         if r.scope == scope and r.owner_id == owner_id)
        await self._yield()
        return found

    async def create(self, records: Sequence[CharacterRecord], audit: Sequence[AuditEntry], *,
                     per_user: int, per_server: int) -> bool:
        """Keep them all, unless a limit would be passed (then nothing)."""
        if not records:
            return True
        scope, owner_id = records[0].scope, records[0].owner_id
        in_scope = [r for r in self.records.values() if r.scope == scope]
        owned = [r for r in in_scope if r.owner_id == owner_id]
        if (len(owned) + len(records) > per_user
                or len(in_scope) + len(records) > per_server):
            return False
        for record in records:
            self._name_free(record)
        for record in records:
            self.records[record.character_id] = record
        self.entries.extend(audit)
        return True

    async def update(self, record: CharacterRecord, audit: Sequence[AuditEntry], *,
                     once: str | None = None) -> bool:
        """Replace the sheet kept at ``record.version - 1`` (and keep ``once``), else
        ``False`` and nothing kept."""
        self._name_free(record)
        kept = self.records.get(record.character_id)
        if ((once is not None and once in self.onces) or kept is None
                or kept.version != record.version - 1):
            self.refused += 1
            return False
        self.records[record.character_id] = record
        self.entries.extend(audit)
        if once is not None:
            self.onces[once] = record.character_id
        self.updates += 1
        return True

    async def done(self, once: str) -> bool:
        """Whether a change with that key was kept."""
        return once in self.onces

    async def delete(self, character_id: str) -> bool:
        """Remove it, its audit, the actives pointing at it and its once keys."""
        if self.records.pop(character_id, None) is None:
            return False
        self.entries = [e for e in self.entries if e.character_id != character_id]
        self.actives = {k: v for k, v in self.actives.items() if v != character_id}
        self.onces = {k: v for k, v in self.onces.items() if v != character_id}
        return True

    async def active(self, scope: int, user_id: int) -> str | None:
        """The user's active character's id there."""
        return self.actives.get((scope, user_id))

    async def set_active(self, scope: int, user_id: int, character_id: str) -> None:
        """Make it the user's active one there."""
        self.actives[scope, user_id] = character_id

    async def audit(self, character_id: str, limit: int) -> list[AuditEntry]:
        """Its latest entries, newest first."""
        mine = [e for e in self.entries if e.character_id == character_id]
        return mine[::-1][:limit]


def _by_name(records: Iterable[CharacterRecord]) -> list[CharacterRecord]:
    return sorted(records, key=lambda r: (r.name.casefold(), r.character_id))


class FakeHeldEffects:
    """A ``HeldEffects`` in a dict, keyed by the effects' once keys (in holding order)."""

    def __init__(self) -> None:
        self.effects: dict[str, HeldEffect] = {}

    async def hold(self, held: HeldEffect) -> None:
        """Keep it, unless its key is kept."""
        self.effects.setdefault(held.once, held)

    async def held(self, roll_id: str) -> list[HeldEffect]:
        """The roll's, in holding order."""
        return [held for held in self.effects.values() if held.roll_id == roll_id]

    async def drop(self, once: str) -> None:
        """Forget it."""
        self.effects.pop(once, None)
