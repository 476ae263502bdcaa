"""A roll's terms in its stored result: each kind under its key, in the table's order, if any."""

from __future__ import annotations

from nazh.application.log.format import encode_result
from nazh.application.rolls.terms import KINDS
from nazh.application.rolls.terms.changes import CHANGES
from nazh.application.rolls.terms.kind import NO_TERMS, Terms, terms_of
from nazh.application.shared.json_types import JsonMapping, JsonObject
from nazh.domain.amend import DieChange
from nazh.domain.results import RollResult

_KEYS = frozenset(kind.key for kind in KINDS)


def encode_terms(payload: JsonMapping, terms: Terms, *,
                 committed: bool = False) -> JsonObject:
    """The stored result with ``terms`` alongside (``committed``: only the kinds it covers)."""
    stored = dict(payload)
    held = terms.by_key
    if held:
        for kind in KINDS:
            value = held.get(kind.key)
            if value is not None and (kind.committed or not committed):
                stored[kind.key] = kind.encode(value)
    return stored


def decode_terms(stored: JsonMapping) -> Terms:
    """The terms a stored result carries (malformed: LogFormatError)."""
    # a result with no kind's key: none, without asking each kind
    if _KEYS.isdisjoint(stored):
        return NO_TERMS
    return terms_of(*((kind, kind.read(stored)) for kind in KINDS))


def readable_terms(stored: JsonMapping) -> Terms:
    """The terms a stored result carries that can be read (for display: malformed left out)."""
    return terms_of(*((kind, kind.readable(stored)) for kind in KINDS))


def committed_payload(result: RollResult, terms: Terms) -> JsonObject:
    """What a secret roll's commitment covers: its stored result and every term but the secret."""
    return encode_terms(encode_result(result), terms, committed=True)




def with_changes(payload: JsonMapping, changes: tuple[DieChange, ...]) -> JsonObject:
    """The stored result with the dice changes alongside (none: unchanged)."""
    return encode_terms(payload, terms_of((CHANGES, changes)))
