"""A roll's terms in its stored result: each kind under its key, in the table's order, only
when the roll has one (so a plain roll is stored exactly as before its kinds existed)."""

from __future__ import annotations

from nazh.application.log.format import encode_result
from nazh.application.rolls.terms import KINDS
from nazh.application.rolls.terms.attack import ATTACK
from nazh.application.rolls.terms.changes import CHANGES
from nazh.application.rolls.terms.character import CHARACTER, RollCharacter
from nazh.application.rolls.terms.injury import INJURY
from nazh.application.rolls.terms.kind import Terms, terms_of
from nazh.application.rolls.terms.spending import SPENT
from nazh.application.shared.json_types import JsonMapping, JsonObject
from nazh.domain.amend import DieChange
from nazh.domain.attack import Attack
from nazh.domain.injury import Injury
from nazh.domain.results import RollResult
from nazh.domain.spending import Spent


def encode_terms(payload: JsonMapping, terms: Terms, *,
                 committed: bool = False) -> JsonObject:
    """The stored result with ``terms`` alongside, each under its kind's key (with
    ``committed``: only the kinds a secret's commitment covers)."""
    stored = dict(payload)
    for kind in KINDS:
        value = terms.get(kind)
        if value is not None and (kind.committed or not committed):
            stored[kind.key] = kind.encode(value)
    return stored


def decode_terms(stored: JsonMapping) -> Terms:
    """The terms a stored result carries.

    Raises:
        LogFormatError: one is malformed.
    """
    return terms_of(*((kind, kind.read(stored)) for kind in KINDS))


def committed_payload(result: RollResult, terms: Terms) -> JsonObject:
    """What a secret roll's commitment covers: its stored result and every term but the
    secret."""
    return encode_terms(encode_result(result), terms, committed=True)


def changes_of(stored: JsonMapping) -> tuple[DieChange, ...]:
    """The dice changes a stored result carries.

    Raises:
        LogFormatError: they are malformed.
    """
    return CHANGES.read(stored) or ()


def with_changes(payload: JsonMapping, changes: tuple[DieChange, ...]) -> JsonObject:
    """The stored result with the dice changes alongside (none: unchanged)."""
    return encode_terms(payload, terms_of((CHANGES, changes)))


def attack_of(stored: JsonMapping) -> Attack | None:
    """The attack's terms a stored result carries (``None``: a plain roll).

    Raises:
        LogFormatError: they are malformed.
    """
    return ATTACK.read(stored)


def spent_of(stored: JsonMapping) -> tuple[Spent, ...]:
    """The Opportunities and Complications a stored result says were spent.

    Raises:
        LogFormatError: they are malformed.
    """
    return SPENT.read(stored) or ()


def readable_injury(stored: JsonMapping, result: RollResult | None) -> Injury | None:
    """The injury a stored injury roll shows (its ``result`` read already), or ``None``: not an
    injury roll, or unreadable (for display)."""
    terms = INJURY.readable(stored)
    try:
        return None if terms is None or result is None else Injury.of(terms, result)
    except ValueError:
        return None


def readable_character(stored: JsonMapping) -> RollCharacter | None:
    """The character of a stored roll, or ``None``: a raw roll, or unreadable (for display)."""
    return CHARACTER.readable(stored)
