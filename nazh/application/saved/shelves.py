"""Saved rolls: a player names a roll (``/save stealth a1d20+6``) and rolls it (``@stealth``).
A name resolves on the player's shelf, then the channel's, then the server's (a GM's to change)."""

from __future__ import annotations

import builtins
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Protocol

from nazh.application.settings.server import DEFAULTS, GuildSettings, Member, is_gm
from nazh.application.shared.json_types import JsonArray, JsonValue
from nazh.application.shared.untrusted_json import JsonFile, UntrustedJsonError, read_json
from nazh.domain.errors import NazhError, NotationError, NotYoursError, RoomError
from nazh.domain.notation import parse_roll

MAX_SAVED_PER_USER = 200
MAX_SAVED_PER_SERVER = 200
"""Saved rolls on a server's shelf and its channels' shelves together."""
MAX_IMPORT_BYTES = 256 * 1024
IMPORT_SIZE_HINT = "split it into parts"
MAX_SHOWN_VERSION = 20
MAX_IMPORT_DEPTH = 16
"""How deeply an imported file's arrays and objects may nest (an export nests 3 levels)."""
IMPORT_HINT = "export your saved rolls with /saved export to see the format"
EXPORT_FORMAT = "nazh-saved-rolls"
EXPORT_VERSION = 1
MAX_NAME_LENGTH = 32
NAME_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-_")
SAVED_PREFIX = "@"


class NotYourShelfError(NotYoursError):
    """A shelf asked for by someone who may not change it, or where there is none."""


class Scope(Enum):
    """Whose shelf a saved roll is on."""

    ME = "me"
    CHANNEL = "channel"
    SERVER = "server"


@dataclass(frozen=True, slots=True)
class Shelf:
    """Where saved rolls are kept: a player's (``owner_id``: the user), a channel's, a server's."""

    scope: Scope
    owner_id: int
    guild_id: int | None = None  # a channel's or server's shelf's server


@dataclass(frozen=True, slots=True)
class SavedRoll:
    """A named roll; ``user_id`` is who saved it (on a player's shelf: its owner)."""

    user_id: int
    name: str
    notation: str
    shelf: Shelf | None = field(default=None, compare=True)

    @property
    def where(self) -> Shelf:
        return self.shelf or Shelf(Scope.ME, self.user_id)


@dataclass(frozen=True, slots=True)
class ImportLine:
    """One entry of an imported file: its name and what became of it."""

    name: str
    problem: str | None = None


class SavedRollNotFoundError(NazhError):
    """No saved roll has that name."""


@dataclass(frozen=True, slots=True)
class PlannedImport:
    """A file's saved rolls, every one checked and none kept yet (the report can be shown first)."""

    lines: tuple[ImportLine, ...]
    rolls: tuple[SavedRoll, ...]
    shelf: Shelf


class ImportFileError(UntrustedJsonError):
    """A file to import cannot be read as a whole (not JSON, not an export), naming the file."""

    def __init__(self, filename: str | None, problem: str, *,
                 hint: str | None = IMPORT_HINT) -> None:
        super().__init__(filename, problem, hint=hint)


SAVED_FILE = JsonFile(MAX_IMPORT_BYTES, MAX_IMPORT_DEPTH, hint=IMPORT_HINT,
                      size_hint=IMPORT_SIZE_HINT)


def check_name(name: str) -> str:
    """The name, lower-cased, if it is 1-32 letters, digits, ``-`` or ``_`` (else NotationError)."""
    cleaned = name.strip().removeprefix(SAVED_PREFIX).lower()
    if not 1 <= len(cleaned) <= MAX_NAME_LENGTH:
        raise NotationError(f"a name has 1 to {MAX_NAME_LENGTH} characters (got {len(cleaned)})",
                            text=name[:40], hint="e.g. stealth, longsword-2h")
    bad = next((c for c in cleaned if c not in NAME_CHARACTERS), None)
    if bad is not None:
        raise NotationError(f"'{bad}' is not allowed in a name", text=name[:40],
                            hint="use letters, digits, - and _")
    return cleaned


class SavedRolls:
    """Save, list, delete and resolve saved rolls."""

    def __init__(self, store: SavedRollStore, settings: GuildSettings | None = None) -> None:
        self._store = store
        self._settings = settings

    async def save(self, user_id: int, name: str, notation: str) -> SavedRoll:
        """Save ``notation`` (validated exactly like /roll) under ``name``."""
        key = check_name(name)
        parse_roll(notation)
        existing = await self._store.list(user_id)
        if len(existing) >= MAX_SAVED_PER_USER and all(r.name != key for r in existing):
            raise RoomError(f"at most {MAX_SAVED_PER_USER} saved rolls per person",
                             hint="delete one with /saved delete first")
        saved = SavedRoll(user_id, key, notation.strip())
        await self._store.put(saved)
        return saved

    async def list(self, user_id: int) -> builtins.list[SavedRoll]:
        return await self._store.list(user_id)

    async def delete(self, user_id: int, name: str) -> None:
        """Delete one (SavedRollNotFoundError: there is none)."""
        if not await self._store.delete(user_id, check_name(name)):
            raise SavedRollNotFoundError(f"you have no saved roll named {name.strip()!r}",
                                         hint="/saved list shows yours")

    async def resolve(self, user_id: int, pool: str, channel_id: int | None = None,
                      guild_id: int | None = None) -> str:
        """``@name`` -> its saved notation (the player's, the channel's, the server's)."""
        if not pool.strip().startswith(SAVED_PREFIX):
            return pool
        key = check_name(pool)
        for saved in await self.visible(user_id, channel_id, guild_id):
            if saved.name == key:
                return saved.notation
        raise SavedRollNotFoundError(f"you have no saved roll named @{key}",
                                     hint="save one with /save, list them with /saved list")

    # -- shelves --------------------------------------------------------------------------------

    async def visible(self, user_id: int, channel_id: int | None,
                      guild_id: int | None) -> builtins.list[SavedRoll]:
        """What the player may use here, in order: theirs, the channel's, the server's."""
        found = list(await self._store.list(user_id))
        if channel_id is not None and guild_id is not None:
            found += await self._store.on_shelf(Shelf(Scope.CHANNEL, channel_id, guild_id))
        if guild_id is not None:
            found += await self._store.on_shelf(Shelf(Scope.SERVER, guild_id, guild_id))
        return found

    def shelf(self, member: Member, channel_id: int | None, scope: Scope) -> Shelf:
        """The shelf of ``scope`` where the member is (a channel's or server's needs a server)."""
        if scope is Scope.ME:
            return Shelf(Scope.ME, member.user_id)
        if member.guild_id is None or channel_id is None:
            raise NotYourShelfError(f"a {scope.value} shelf needs a server where Nazh is "
                                   "installed", hint="save it for yourself (scope:me)")
        owner = channel_id if scope is Scope.CHANNEL else member.guild_id
        return Shelf(scope, owner, member.guild_id)

    async def save_to(self, member: Member, channel_id: int | None, scope: Scope, name: str,
                      notation: str) -> SavedRoll:
        """Save on the shelf of ``scope`` (a channel's or server's: GMs and Manage Server)."""
        where = self.shelf(member, channel_id, scope)
        if where.scope is Scope.ME:
            return await self.save(member.user_id, name, notation)
        await self._may_change(member, where)
        key = check_name(name)
        parse_roll(notation)
        roll = SavedRoll(member.user_id, key, notation.strip(), where)
        await self._check_room([roll])
        await self._store.put_all([roll])
        return roll

    async def delete_from(self, member: Member, channel_id: int | None, scope: Scope,
                          name: str) -> None:
        where = self.shelf(member, channel_id, scope)
        if where.scope is Scope.ME:
            await self.delete(member.user_id, name)
            return
        await self._may_change(member, where)
        if not await self._store.remove(where, check_name(name)):
            raise SavedRollNotFoundError(f"the {scope.value} has no saved roll named "
                                         f"{name.strip()!r}", hint="/saved list shows them")

    async def rename(self, member: Member, channel_id: int | None, scope: Scope, name: str,
                     new_name: str) -> SavedRoll:
        """Rename one (replacing any roll of the new name on that shelf)."""
        where = self.shelf(member, channel_id, scope)
        if where.scope is not Scope.ME:
            await self._may_change(member, where)
        old, new = check_name(name), check_name(new_name)
        if not await self._store.rename(where, old, new):
            raise SavedRollNotFoundError(f"no saved roll named {name.strip()!r} there",
                                         hint="/saved list shows them")
        current = [r for r in await self._on(where) if r.name == new]
        return current[0]

    async def export(self, user_id: int, channel_id: int | None,
                     guild_id: int | None) -> bytes:
        """Every saved roll the player may see here, as the versioned JSON file."""
        # {"format": "nazh-saved-rolls", "version": 1, "rolls": [{"name", "notation", "scope"},
        # ...]}
        rolls = [{"name": r.name, "notation": r.notation, "scope": r.where.scope.value}
                 for r in await self.visible(user_id, channel_id, guild_id)]
        document = {"format": EXPORT_FORMAT, "version": EXPORT_VERSION, "rolls": rolls}
        return json.dumps(document, indent=2, ensure_ascii=False).encode("utf-8") + b"\n"

    async def import_(self, member: Member, channel_id: int | None, scope: Scope,
                      data: bytes, filename: str | None = None) -> builtins.list[ImportLine]:
        """Import a file onto the shelf of ``scope``, all or nothing (plan, then keep)."""
        return await self.keep_import(await self.plan_import(member, channel_id, scope, data,
                                                             filename))

    async def plan_import(self, member: Member, channel_id: int | None, scope: Scope,
                          data: bytes, filename: str | None = None) -> PlannedImport:
        """Read a file to import onto the shelf of ``scope``, every entry checked; nothing kept."""
        # A wrong entry refuses the whole file (ImportRefusedError with the report).
        where = self.shelf(member, channel_id, scope)
        if where.scope is not Scope.ME:
            await self._may_change(member, where)
        lines: builtins.list[ImportLine] = []
        rolls: builtins.list[SavedRoll] = []
        for index, entry in enumerate(_entries(data, filename), 1):
            try:
                key, notation = _entry(entry, {roll.name for roll in rolls})
            except NazhError as error:
                lines.append(ImportLine(_entry_label(entry, index), error.summary))
                continue
            rolls.append(SavedRoll(member.user_id, key, notation.strip(),
                                   None if where.scope is Scope.ME else where))
            lines.append(ImportLine(key))
        if any(line.problem for line in lines):
            raise ImportRefusedError(lines)
        await self._check_room(rolls, where)
        return PlannedImport(tuple(lines), tuple(rolls), where)

    async def keep_import(self, plan: PlannedImport) -> builtins.list[ImportLine]:
        """Keep what :meth:`plan_import` read, all or nothing (LimitError: no room now)."""
        await self._check_room(plan.rolls, plan.shelf)
        await self._store.put_all(plan.rolls)
        return list(plan.lines)

    async def _on(self, where: Shelf) -> builtins.list[SavedRoll]:
        if where.scope is Scope.ME:
            return await self._store.list(where.owner_id)
        return await self._store.on_shelf(where)

    async def _may_change(self, member: Member, where: Shelf) -> None:
        settings = (await self._settings.of(member.guild_id) if self._settings is not None
                    else DEFAULTS)
        if not (member.manages_guild or is_gm(settings, member)):
            raise NotYourShelfError(f"only GMs and Manage Server holders change the "
                                   f"{where.scope.value}'s saved rolls",
                                   hint="save it for yourself (scope:me)")

    async def _check_room(self, rolls: Sequence[SavedRoll],
                          where: Shelf | None = None) -> None:
        if not rolls:
            return
        shelf = where or rolls[0].where
        existing = {r.name for r in await self._on(shelf)}
        new = sum(1 for roll in rolls if roll.name not in existing)
        if shelf.scope is Scope.ME:
            if len(existing) + new > MAX_SAVED_PER_USER:
                raise RoomError(f"at most {MAX_SAVED_PER_USER} saved rolls per person "
                                 f"(you have {len(existing)}, this adds {new})",
                                 hint="delete some with /saved delete first")
            return
        held = await self._store.count_in_guild(shelf.guild_id or 0)
        if held + new > MAX_SAVED_PER_SERVER:
            raise RoomError(f"at most {MAX_SAVED_PER_SERVER} saved rolls per server, its "
                             f"channels included (it has {held}, this adds {new})",
                             hint="delete some with /saved delete first")


class ImportRefusedError(NazhError):
    """An imported file has entries that cannot be saved: nothing was imported."""

    def __init__(self, lines: builtins.list[ImportLine], *, done: str = "saved") -> None:
        self.lines = lines
        wrong = sum(1 for line in lines if line.problem)
        super().__init__(f"{wrong} of {len(lines)} entries cannot be {done}, so nothing was "
                         "imported", hint="fix them and import the file again")


def _entries(data: bytes, filename: str | None) -> JsonArray:
    """The entries of an export file (ImportFileError: not one, or of an unknown version)."""
    document = read_json(data, filename, SAVED_FILE)
    if (not isinstance(document, dict) or document.get("format") != EXPORT_FORMAT
            or not isinstance(document.get("rolls"), list)):
        raise ImportFileError(filename, f'not a "{EXPORT_FORMAT}" export')
    if document.get("version") != EXPORT_VERSION:
        version = repr(document.get("version"))
        version = version if len(version) <= MAX_SHOWN_VERSION else \
            version[:MAX_SHOWN_VERSION - 1] + "…"
        raise ImportFileError(filename, f"version {version} of the format is not known "
                                        f"(this Nazh reads version {EXPORT_VERSION})", hint=None)
    rolls: JsonArray = document["rolls"]
    return rolls


def _entry(entry: JsonValue, seen: set[str]) -> tuple[str, str]:
    """One entry's name (checked) and notation (parsed like /roll), else NotationError."""
    if not isinstance(entry, dict):
        raise NotationError("an entry is an object with a name and a notation")
    name = entry.get("name")
    if not isinstance(name, str):
        raise NotationError("the name is missing" if name is None else "the name is text")
    key = check_name(name)
    notation = entry.get("notation")
    if not isinstance(notation, str):
        raise NotationError("the notation is missing" if notation is None
                            else "the notation is text")
    parse_roll(notation)
    if key in seen:
        raise NotationError(f"@{key} is in the file twice")
    return key, notation


def _entry_label(entry: JsonValue, index: int) -> str:
    name = entry.get("name") if isinstance(entry, dict) else None
    return name if isinstance(name, str) and name.strip() else f"entry {index}"


class SavedRollStore(Protocol):
    """Where saved rolls are kept (names are stored lower-cased)."""

    async def list(self, user_id: int) -> list[SavedRoll]:
        """The user's saved rolls, by name."""
        ...

    async def put(self, roll: SavedRoll) -> None:
        """Create or replace a saved roll."""
        ...

    async def delete(self, user_id: int, name: str) -> bool:
        """Remove one; ``False`` when there was none."""
        ...

    async def on_shelf(self, shelf: Shelf) -> builtins.list[SavedRoll]:
        """A channel's or server's saved rolls, by name."""
        ...

    async def put_all(self, rolls: Sequence[SavedRoll]) -> None:
        """Create or replace every one (on any shelves), in one transaction."""
        ...

    async def remove(self, shelf: Shelf, name: str) -> bool:
        """Remove one from a shelf; ``False`` when there was none."""
        ...

    async def rename(self, shelf: Shelf, name: str, new_name: str) -> bool:
        """Rename one (replacing ``new_name`` there) in one transaction (``False``: none)."""
        ...

    async def count_in_guild(self, guild_id: int) -> int:
        """Saved rolls on a server's shelf and its channels' shelves."""
        ...
