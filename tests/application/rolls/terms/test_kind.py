"""A kind of term: read from a stored result (absent: ``None``; malformed: refused), read for
display (malformed: ``None``), and terms that keep no empty value."""

from __future__ import annotations

import pytest

from nazh.application.log.errors import LogFormatError
from nazh.application.rolls.terms import KINDS
from nazh.application.rolls.terms.kind import TermKind, Terms, terms_of

COUNT: TermKind[int] = TermKind("count", lambda value: value, lambda value: int(str(value)))
TAGS: TermKind[tuple[str, ...]] = TermKind("tags", list, lambda value: tuple(str(value)))


def test_a_term_absent_from_the_stored_result_is_none() -> None:
    assert COUNT.read({}) is None
    assert COUNT.read({"count": None}) is None
    assert COUNT.read({"count": "3"}) == 3


def test_a_malformed_term_is_refused_when_read_and_none_when_shown() -> None:
    with pytest.raises(LogFormatError, match=r"^unreadable count \(ValueError\)$"):
        COUNT.read({"count": "three"})
    assert COUNT.readable({"count": "three"}) is None
    assert COUNT.readable({"count": "4"}) == 4


def test_terms_keep_no_none_and_no_empty_tuple() -> None:
    terms = terms_of((COUNT, 2), (TAGS, ()))
    assert terms == Terms({"count": 2})
    assert terms.get(TAGS) is None
    assert terms.with_term(TAGS, ("a",)).get(TAGS) == ("a",)
    assert terms.with_term(COUNT, None) == Terms()


def test_only_an_attack_is_judged_below_a_tests_least_dc() -> None:
    assert {kind.key: kind.least_dc for kind in KINDS if kind.least_dc is not None} == {
        "attack": 0}
