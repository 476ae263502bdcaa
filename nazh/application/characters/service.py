"""The characters' use cases: make, find, show, list, use, change, share, delete, rest."""

from __future__ import annotations

import builtins
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from nazh.application.characters.access import Act, NotYourCharacterError, allowed, check
from nazh.application.characters.fields import differences
from nazh.application.characters.model import (
    MAX_AUDIT_SHOWN,
    MAX_PER_SERVER,
    MAX_PER_USER,
    AuditEntry,
    CharacterRecord,
)
from nazh.application.characters.ports import CharacterStore
from nazh.application.characters.scopes import check_shareable, over_limit, scope_of
from nazh.application.settings.server import GuildSettings, Member, is_gm
from nazh.application.shared.clock import Clock
from nazh.application.shared.ids import new_roll_id
from nazh.domain.character import (
    Attribute,
    Character,
    CharacterError,
    Kind,
)
from nazh.domain.errors import NazhError
from nazh.domain.rolling import RandomSource

# Each attempt lost is another change kept, so up to this many changes made at once all land.
ATTEMPTS = 12
"""How often a change is tried while other changes keep winning."""


ALREADY_DELETED = "{name} was already deleted"
"""A deletion that came second (its fields: the name)."""


class CharacterNotFoundError(NazhError):
    """No character of that name (or id) that the user may see here."""


class CharacterConflictError(NazhError):
    """A character kept changing under a change (it was tried :data:`ATTEMPTS` times)."""


@dataclass(frozen=True, slots=True)
class Why:
    """Why a sheet changes: the audit's reason, the once key, the act allowed, and by whom."""

    reason: str | None = None
    once: str | None = None  # None: made every time asked
    act: Act = Act.CHANGE  # a roll's step: Act.ROLL
    # whose change the audit names (a secret's effect at its reveal: its roller's)
    by: int | None = None


@dataclass(frozen=True, slots=True)
class Changed:
    """A change kept: the record after it, and what it changed (``(field, old, new)``)."""

    record: CharacterRecord
    changes: tuple[tuple[str, str, str], ...]


class Characters:
    """Characters kept in ``store``; GMs are read from the server's settings."""

    def __init__(self, store: CharacterStore, settings: GuildSettings, clock: Clock,
                 ids: RandomSource) -> None:
        self._store = store
        self._settings = settings
        self._clock = clock
        self._ids = ids

    # -- made ------------------------------------------------------------------------------

    async def new(self, member: Member, name: str, kind: Kind = Kind.CHARACTER, *,
                  level: int = 1, attributes: dict[Attribute, int] | None = None,
                  shared: bool = False) -> CharacterRecord:
        """Make a character (an adversary: a GM, in a server); the user's first here is active."""
        # Limits: 20 per user per server, 300 per server; 20 per user outside servers.
        sheet = Character.new(name, kind, level=level, attributes=attributes)
        return (await self.keep(member, [sheet], shared=shared))[0]

    async def keep(self, member: Member, sheets: Sequence[Character], *,
                   shared: bool = False) -> builtins.list[CharacterRecord]:
        """Keep new sheets (checked) as the member's, all or none; the first becomes active."""
        scope = scope_of(member)
        check_shareable(scope, shared)
        if any(sheet.kind is Kind.ADVERSARY for sheet in sheets):
            await self._must_be_gm(member)
        owned = await self._store.owned(scope, member.user_id)
        taken = {record.name.casefold() for record in owned}
        for sheet in sheets:
            sheet.check()
            if sheet.name.casefold() in taken:
                raise CharacterError("you already have a character named {name} here",
                                     hint="choose another name, or delete the old one with "
                                          "/character delete", fields={"name": repr(sheet.name)})
            taken.add(sheet.name.casefold())
        now = self._clock.now()
        records = [CharacterRecord(self._new_id(), scope, member.user_id, sheet, shared,
                                   1, now) for sheet in sheets]
        audit = [AuditEntry(record.character_id, member.user_id, "created", "",
                            record.name, now) for record in records]
        if not await self._store.create(records, audit, per_user=MAX_PER_USER,
                                        per_server=MAX_PER_SERVER):
            raise over_limit(scope, len(owned), len(records))
        if records and await self._store.active(scope, member.user_id) is None:
            first = next((r for r in records if not r.adversary), None)
            if first is not None:
                await self._store.set_active(scope, member.user_id, first.character_id)
        return records

    # -- found -----------------------------------------------------------------------------

    async def find(self, member: Member, name: str | None, act: Act = Act.SEE
                   ) -> CharacterRecord:
        """The character ``name`` the member may see here (else their active one), for ``act``."""
        gm = await self.is_gm(member)
        if name is None or not name.strip():
            active = await self._store.active(scope_of(member), member.user_id)
            record = None if active is None else await self._store.get(active)
            if record is None:
                raise CharacterNotFoundError(
                    "you have no active character here",
                    hint="make one with /character new, or choose one with /character use")
            return check(record, member.user_id, gm, act)
        # their own first, then the adversaries for a GM, then shared ones
        wanted = " ".join(name.split()).casefold()
        for record in await self.visible(member, gm=gm):
            if record.name.casefold() == wanted:
                return check(record, member.user_id, gm, act)
        raise CharacterNotFoundError("no character named {name} here that you may see",
                                     hint="/character list shows them",
                                     fields={"name": repr(name.strip()[:64])})

    async def get(self, member: Member, character_id: str, act: Act) -> CharacterRecord:
        """The character of a control's id, for ``act`` (unseen: answered like an unknown one)."""
        record = await self._store.get(character_id)
        gm = await self.is_gm(member)
        if (record is None or record.scope != scope_of(member)
                or not allowed(record, member.user_id, gm, Act.SEE)):
            raise CharacterNotFoundError("that character is no longer kept, or not here")
        return check(record, member.user_id, gm, act)

    async def visible(self, member: Member, *, gm: bool | None = None
                      ) -> builtins.list[CharacterRecord]:
        """What the member may see here: their own, then (a GM) adversaries, then shared ones."""
        gm = await self.is_gm(member) if gm is None else gm
        everyone = await self._store.in_scope(scope_of(member))
        own = [r for r in everyone if r.owner_id == member.user_id]
        adversaries = [r for r in everyone
                       if r.owner_id != member.user_id and r.adversary and gm]
        others = [r for r in everyone if r.owner_id != member.user_id
                  and r not in adversaries and allowed(r, member.user_id, gm, Act.SEE)]
        return [*own, *adversaries, *others]

    async def rollable(self, member: Member) -> builtins.list[CharacterRecord]:
        """What the member may roll with here (autocomplete of ``character:``)."""
        gm = await self.is_gm(member)
        return [r for r in await self.visible(member, gm=gm)
                if allowed(r, member.user_id, gm, Act.ROLL)]

    async def active_id(self, member: Member) -> str | None:
        return await self._store.active(scope_of(member), member.user_id)

    async def use(self, member: Member, name: str) -> CharacterRecord:
        """Make one of the member's own characters their active one here."""
        wanted = " ".join(name.split()).casefold()
        for record in await self._store.owned(scope_of(member), member.user_id):
            if record.name.casefold() == wanted:
                await self._store.set_active(scope_of(member), member.user_id,
                                             record.character_id)
                return record
        raise CharacterNotFoundError("you have no character named {name} here",
                                     hint="/character list shows yours",
                                     fields={"name": repr(name.strip()[:64])})

    async def audit(self, record: CharacterRecord) -> builtins.list[AuditEntry]:
        """Its latest changes, newest first (the caller found it with :data:`Act.SEE`)."""
        return await self._store.audit(record.character_id, MAX_AUDIT_SHOWN)

    async def is_gm(self, member: Member) -> bool:
        return is_gm(await self._settings.of(member.guild_id), member)

    # -- changed ---------------------------------------------------------------------------

    async def share(self, member: Member, name: str | None, shared: bool) -> CharacterRecord:
        """Show the sheet to the table (or stop); its owner only, in a server."""
        check_shareable(scope_of(member), shared)
        record = await self.find(member, name, Act.CHANGE)
        if record.owner_id != member.user_id:
            raise NotYourCharacterError("only {name}'s owner shares the sheet",
                                        fields={"name": record.name})
        changed = await self._kept(member, record.character_id,
                                   lambda kept: replace(kept, shared=shared), Why())
        return changed.record

    async def delete(self, member: Member, name: str) -> CharacterRecord:
        """Delete a character (its owner, or a GM)."""
        record = await self.find(member, name, Act.CHANGE)
        if not await self._store.delete(record.character_id):
            raise CharacterNotFoundError(ALREADY_DELETED, fields={"name": record.name})
        return record

    async def delete_confirmed(self, member: Member, character_id: str,
                               version: int) -> CharacterRecord:
        """Delete the character a confirmation names, if still at ``version`` (else a conflict)."""
        record = await self.get(member, character_id, Act.CHANGE)
        if record.version != version:
            raise CharacterConflictError("{name} changed since you asked to delete it",
                                         hint="run /character delete again to see it as it is",
                                         fields={"name": record.name})
        if not await self._store.delete(record.character_id):
            raise CharacterNotFoundError(ALREADY_DELETED, fields={"name": record.name})
        return record

    async def change(self, member: Member, character_id: str,
                     how: Callable[[Character], Character], why: Why | None = None) -> Changed:
        """Apply ``how`` to the newest sheet, kept on the version read (again when one won)."""
        return await self._kept(member, character_id,
                                lambda record: replace(record, sheet=how(record.sheet)),
                                why or Why())

    async def _kept(self, member: Member, character_id: str,
                    edit: Callable[[CharacterRecord], CharacterRecord], why: Why) -> Changed:
        for _ in range(ATTEMPTS):
            # with why.once, a change already kept is not made again (the record now, no changes)
            if why.once is not None and await self._store.done(why.once):
                return Changed(await self.get(member, character_id, Act.SEE), ())
            record = await self.get(member, character_id, why.act)
            edited = edit(record)
            edited.sheet.check()
            now = self._clock.now()
            changes = differences(record.sheet, edited.sheet)
            if edited.shared != record.shared:
                changes.append(("shared", _yes(record.shared), _yes(edited.shared)))
            if not changes and why.once is None:
                return Changed(record, ())
            changed = replace(edited, version=record.version + 1, updated_at=now)
            who = member.user_id if why.by is None else why.by
            audit = [AuditEntry(character_id, who, name, old, new, now, why.reason)
                     for name, old, new in changes]
            if await self._store.update(changed, audit, once=why.once):
                return Changed(changed, tuple(changes))
        raise CharacterConflictError("the character kept changing meanwhile",
                                     hint="try again in a moment")

    # -- helpers ---------------------------------------------------------------------------

    async def _must_be_gm(self, member: Member) -> None:
        """Refuse a member who is not a GM of a server the keeping of adversaries."""
        if member.guild_id is None or not await self.is_gm(member):
            raise NotYourCharacterError("only a server's GMs keep adversaries",
                                        hint="make a player character (kind:character)")

    def _new_id(self) -> str:
        return new_roll_id(self._ids)


def _yes(value: bool) -> str:
    return "yes" if value else "no"
