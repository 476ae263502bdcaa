"""What a roll carries beyond its dice: terms, each of a kind that owns its codec.
A roll without a kind's term is stored exactly as before that kind existed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from nazh.application.log.errors import LogFormatError
from nazh.application.shared.json_types import JsonMapping
from nazh.domain.attack import AttackView
from nazh.domain.results import RollResult
from nazh.domain.spending import Use

T = TypeVar("T")


@dataclass(frozen=True, slots=True, eq=False)
class TermKind(Generic[T]):
    """A kind of term: where a stored result keeps it, its codec, and what it does to a roll."""

    key: str
    encode: Callable[[T], object]
    # raises anything on a malformed one: read() turns it into a LogFormatError
    decode: Callable[[object], T]
    committed: bool = True  # a secret's commitment covers it (every kind but the secret)
    fixed_dice: bool = False  # the rules' dice (an injury): never amended or copied
    # Opportunities gained beside the dice (a Determined test's failure)
    grants: Callable[[T, RollResult], int] | None = None
    # what an attack's Opportunities and Complications may be spent on beside the rules' own
    # (its weapon's traits)
    spends: Callable[[T, AttackView], frozenset[Use]] | None = None
    least_dc: int | None = None  # the lowest DC when its DC is no test's (an attack's defense: 0)
    table_dice: bool = False  # dice rolled at the table: no new face drawn, no statistics

    def read(self, stored: JsonMapping) -> T | None:
        """Its term in a stored result (``None``: the roll has none; malformed: LogFormatError)."""
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
        return Terms({**self.by_key, **other.by_key}) if other.by_key else self


NO_TERMS = Terms()


def terms_of(*pairs: tuple[TermKind[Any], Any]) -> Terms:
    """Terms from ``(kind, value)`` pairs (absent values skipped)."""
    return Terms({kind.key: value for kind, value in pairs if value is not None and value != ()})
