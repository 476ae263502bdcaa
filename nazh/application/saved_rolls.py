"""Saved rolls: a player names a roll (``/save stealth a1d20+6``) and rolls it by name
(``/roll pool:@stealth``)."""

from __future__ import annotations

from dataclasses import dataclass

from nazh.application.ports import SavedRollStore
from nazh.domain.errors import LimitError, NazhError, NotationError
from nazh.domain.notation import parse_roll

MAX_SAVED_PER_USER = 25
MAX_NAME_LENGTH = 32
NAME_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-_")
SAVED_PREFIX = "@"


@dataclass(frozen=True, slots=True)
class SavedRoll:
    """A named roll of one user."""

    user_id: int
    name: str
    notation: str


class SavedRollNotFoundError(NazhError):
    """No saved roll has that name."""


def check_name(name: str) -> str:
    """The name, lower-cased, if it is 1-32 letters, digits, ``-`` or ``_``.

    Raises:
        NotationError: naming what is wrong.
    """
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

    def __init__(self, store: SavedRollStore) -> None:
        self._store = store

    async def save(self, user_id: int, name: str, notation: str) -> SavedRoll:
        """Save ``notation`` (validated exactly like /roll) under ``name``.

        Raises:
            NazhError: a bad name or notation, or the user already has 25 other saved rolls.
        """
        key = check_name(name)
        parse_roll(notation)
        existing = await self._store.list(user_id)
        if len(existing) >= MAX_SAVED_PER_USER and all(r.name != key for r in existing):
            raise LimitError(f"at most {MAX_SAVED_PER_USER} saved rolls per person",
                             hint="delete one with /saved first")
        saved = SavedRoll(user_id, key, notation.strip())
        await self._store.put(saved)
        return saved

    async def list(self, user_id: int) -> list[SavedRoll]:
        """The user's saved rolls."""
        return await self._store.list(user_id)

    async def delete(self, user_id: int, name: str) -> None:
        """Delete one.

        Raises:
            SavedRollNotFoundError: there is no such saved roll.
        """
        if not await self._store.delete(user_id, check_name(name)):
            raise SavedRollNotFoundError(f"you have no saved roll named {name.strip()!r}",
                                         hint="/saved lists yours")

    async def resolve(self, user_id: int, pool: str) -> str:
        """``@name`` -> the saved notation; anything else unchanged.

        Raises:
            SavedRollNotFoundError: ``@name`` names no saved roll of this user.
        """
        if not pool.strip().startswith(SAVED_PREFIX):
            return pool
        key = check_name(pool)
        for saved in await self._store.list(user_id):
            if saved.name == key:
                return saved.notation
        raise SavedRollNotFoundError(f"you have no saved roll named @{key}",
                                     hint="save one with /save, list yours with /saved")
