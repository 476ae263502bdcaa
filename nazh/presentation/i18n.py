"""What Nazh says, in the reader's language: the ``Translator`` port and the voices of a block.

Text is written in English and wrapped where it is made: ``_("Roll")``, ``ngettext("{n} die",
"{n} dice", n)``, ``listed(words)``; ``N_`` marks a constant translated where it is shown.
``pybabel extract`` finds the three (``scripts/extract_messages``). Inside an interaction the
Discord adapter sets the :class:`Voices` (:class:`Speaking`): text speaks the table's language,
and the reader's in a :class:`ToReader` block (what only the presser sees). Elsewhere (the CLI,
logs) it is English. Dice notation, ids, hashes and JSON are never wrapped.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextvars import ContextVar, Token
from dataclasses import dataclass
from typing import Protocol


class Translator(Protocol):
    """One language's catalog."""

    def gettext(self, message: str) -> str:
        """``message`` in this language (itself where no translation is kept)."""
        ...

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """The form of ``singular``/``plural`` this language uses for ``n``."""
        ...

    def listed(self, items: Sequence[str]) -> str:
        """``items`` as this language lists them (``a, b and c``: CLDR's rule)."""
        ...


class English:
    """The source language: every message is itself."""

    def gettext(self, message: str) -> str:
        """``message``."""
        return message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """``singular`` for 1, else ``plural``."""
        return singular if n == 1 else plural

    def listed(self, items: Sequence[str]) -> str:
        """``a``, ``a and b``, ``a, b, and c`` (CLDR's English)."""
        if len(items) <= 2:
            return " and ".join(items)
        return ", ".join(items[:-1]) + ", and " + items[-1]


ENGLISH = English()


@dataclass(frozen=True, slots=True)
class Voices:
    """The languages of one interaction: its table's (shared cards) and its reader's (answers
    only the presser sees)."""

    table: Translator
    reader: Translator


IN_ENGLISH = Voices(ENGLISH, ENGLISH)
_VOICES: ContextVar[Voices] = ContextVar("nazh_voices", default=IN_ENGLISH)
_TO_READER: ContextVar[bool] = ContextVar("nazh_to_reader", default=False)


class Speaking:
    """For the block: text speaks ``voices`` (the table's, unless :class:`ToReader`)."""

    __slots__ = ("_token", "_voices")
    _token: Token[Voices]

    def __init__(self, voices: Voices) -> None:
        self._voices = voices

    def __enter__(self) -> None:
        self._token = _VOICES.set(self._voices)

    def __exit__(self, *_: object) -> None:
        _VOICES.reset(self._token)


class ToReader:
    """For the block: text speaks the reader's language (``private=False``: unchanged)."""

    __slots__ = ("_private", "_token")
    _token: Token[bool]

    def __init__(self, private: bool = True) -> None:
        self._private = private

    def __enter__(self) -> None:
        self._token = _TO_READER.set(self._private or _TO_READER.get())

    def __exit__(self, *_: object) -> None:
        _TO_READER.reset(self._token)


class ToTable:
    """For the block: text speaks the table's language, even inside a :class:`ToReader` block
    (a shared card edited while answering the presser alone)."""

    __slots__ = ("_token",)
    _token: Token[bool]

    def __enter__(self) -> None:
        self._token = _TO_READER.set(False)

    def __exit__(self, *_: object) -> None:
        _TO_READER.reset(self._token)


def speaking() -> Translator:
    """The translator text is made with here."""
    voices = _VOICES.get()
    return voices.reader if _TO_READER.get() else voices.table


def _(message: str) -> str:
    """``message`` in the language spoken here."""
    return speaking().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of ``singular``/``plural`` for ``n`` in the language spoken here."""
    return speaking().ngettext(singular, plural, n)


def listed(items: Sequence[str]) -> str:
    """``items`` listed in the language spoken here."""
    return speaking().listed(items)


def N_(message: str) -> str:  # noqa: N802 (gettext's name for a marker)
    """``message`` itself: marks a constant for the catalogs, translated where it is shown."""
    return message


CARD_FOOTER = N_("roll {roll_id}")
"""The words a roll card's footer ends with (how a click tells the language it was posted in)."""
