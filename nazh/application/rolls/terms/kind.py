"""What a roll carries beyond its dice: terms, each of a kind that owns its codec.

A :class:`TermKind` names where the log keeps its terms (its ``key`` in a record's stored
result) and how they are written and read back; :class:`Terms` is a roll's terms by kind. A
kind's value is absent (``None``) when the roll has none of it: a roll without an attack, a
character or spending is stored exactly as before those kinds existed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from nazh.application.log.errors import LogFormatError
from nazh.application.shared.json_types import JsonMapping
from nazh.domain.frozen import quick_init
from nazh.domain.results import RollResult

T = TypeVar("T")


@dataclass(frozen=True, slots=True, eq=False)
class TermKind(Generic[T]):
    """A kind of term.

    Attributes:
        key: Where a record's stored result keeps it.
        encode: Its stored (JSON) form.
        decode: It, from its stored form (raises anything on a malformed one: the caller
            turns that into :class:`LogFormatError`).
        committed: Whether a secret roll's commitment covers it (every kind but the secret).
        fixed_dice: A roll with it has the rules' dice (an injury): they are not amended or
            copied, only seen, published and revealed.
        grants: The Opportunities a roll with it gains beside its dice, from its term and the
            roll's result (``None``: none, e.g. a Determined test's failure gains one).
        least_dc: The lowest DC a roll with it is judged against, when its DC is no test's
            (an attack's defense: 0, met by every test); ``None``: a test's limits.
        table_dice: A roll with it has dice rolled at the table: Nazh draws no new face for it
            (no plot die added, no advantage applied, no reroll) and the fairness statistics
            leave it out.
    """

    key: str
    encode: Callable[[T], object]
    decode: Callable[[object], T]
    committed: bool = True
    fixed_dice: bool = False
    grants: Callable[[T, RollResult], int] | None = None
    least_dc: int | None = None
    table_dice: bool = False

    def read(self, stored: JsonMapping) -> T | None:
        """Its term in a stored result (``None``: the roll has none).

        Raises:
            LogFormatError: it is malformed.
        """
        value = stored.get(self.key)
        if value is None:
            return None
        try:
            return self.decode(value)
        except (KeyError, TypeError, ValueError, IndexError, AttributeError) as error:
            raise LogFormatError(f"unreadable {self.key} ({type(error).__name__})") from None

    def readable(self, stored: JsonMapping) -> T | None:
        """Its term in a stored result, or ``None``: none, or unreadable (for display)."""
        try:
            return self.read(stored)
        except LogFormatError:
            return None


@quick_init
@dataclass(frozen=True, slots=True)
class Terms:
    """A roll's terms, by their kind's key (an empty tuple or ``None`` is not kept)."""

    by_key: JsonMapping = field(default_factory=dict)

    def get(self, kind: TermKind[T]) -> T | None:
        """The roll's term of ``kind`` (``None``: it has none)."""
        value: T | None = self.by_key.get(kind.key)
        return value

    def with_term(self, kind: TermKind[T], value: T | None) -> Terms:
        """These terms with ``kind``'s set to ``value`` (``None`` or empty: removed)."""
        kept = dict(self.by_key)
        if value is None or (isinstance(value, tuple) and not value):  # no __eq__ of a value
            kept.pop(kind.key, None)
        else:
            kept[kind.key] = value
        return Terms(kept)

    def merged(self, other: Terms) -> Terms:
        """These terms with every one of ``other``'s."""
        return Terms({**self.by_key, **other.by_key}) if other.by_key else self


NO_TERMS = Terms()
"""A roll with nothing beyond its dice."""


def terms_of(*pairs: tuple[TermKind[Any], Any]) -> Terms:
    """Terms from ``(kind, value)`` pairs (absent values skipped)."""
    return Terms({kind.key: value for kind, value in pairs if value is not None and value != ()})
