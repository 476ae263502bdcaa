"""A roll's terms in its stored result: each kind under its key, a plain roll stored exactly as
before, a secret's commitment covering every kind but the secret, malformed terms refused."""

from __future__ import annotations

import pytest

from nazh.application.log.errors import LogFormatError
from nazh.application.rolls.terms import KINDS
from nazh.application.rolls.terms.attack import ATTACK
from nazh.application.rolls.terms.changes import CHANGES
from nazh.application.rolls.terms.character import CHARACTER
from nazh.application.rolls.terms.codec import decode_terms, encode_terms, readable_terms
from nazh.application.rolls.terms.injury import INJURY
from nazh.application.rolls.terms.kind import NO_TERMS, TermKind, Terms, terms_of
from nazh.application.rolls.terms.spending import SPENT
from nazh.application.rolls.terms.wielded import WIELDED
from nazh.domain.attack import Attack
from nazh.domain.injury import InjuryTerms
from nazh.domain.weapon_traits import Wielded

PAYLOAD = {"version": 1, "notation": "1d20-3"}
HURT = InjuryTerms(deflect=2, injuries=1, modifier=0)


def test_a_plain_roll_is_stored_exactly_as_before_and_reads_back_without_terms() -> None:
    assert encode_terms(PAYLOAD, Terms()) == PAYLOAD
    assert decode_terms(PAYLOAD) == Terms()
    assert (CHANGES.read(PAYLOAD), SPENT.read(PAYLOAD), CHARACTER.readable(PAYLOAD)) == (
        None, None, None)
    assert readable_terms(PAYLOAD) == Terms()


def test_a_malformed_term_is_left_out_of_what_is_shown() -> None:
    stored = {**encode_terms(PAYLOAD, terms_of((INJURY, HURT))), "character": {"id": 5}}
    assert readable_terms(stored) == terms_of((INJURY, HURT))


def test_a_term_is_stored_under_its_key_and_reads_back_as_itself() -> None:
    stored = encode_terms(PAYLOAD, terms_of((INJURY, HURT)))
    assert stored == {**PAYLOAD, "injury": {"deflect": 2, "injuries": 1, "modifier": 0}}
    assert decode_terms(stored).get(INJURY) == HURT
    assert PAYLOAD == {"version": 1, "notation": "1d20-3"}  # the payload itself is untouched


def test_a_malformed_term_is_refused_naming_its_kind() -> None:
    with pytest.raises(LogFormatError, match=r"unreadable injury \(KeyError\)"):
        decode_terms({**PAYLOAD, "injury": {"deflect": 2}})


def test_an_attacks_fixed_damage_is_stored_only_when_it_has_one() -> None:
    plain = encode_terms(PAYLOAD, terms_of((ATTACK, Attack(15, 3))))
    assert plain["attack"] == {"defense": 15, "modifier": 3, "steps": []}
    fixed = encode_terms(PAYLOAD, terms_of((ATTACK, Attack(15, 3, fixed=7))))
    assert fixed["attack"] == {"defense": 15, "modifier": 3, "steps": [], "fixed": 7}
    assert decode_terms(fixed).get(ATTACK) == Attack(15, 3, fixed=7)


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.key)
def test_each_kind_s_key_alone_is_read_as_that_kind_s_term(kind: TermKind[object]) -> None:
    """A result with no kind's key reads as no terms without asking each kind; one key is
    enough for every kind to be asked (a malformed value is then refused, naming it)."""
    assert decode_terms(PAYLOAD) is NO_TERMS
    with pytest.raises(LogFormatError, match=kind.key):
        decode_terms({**PAYLOAD, kind.key: "not a term"})


def test_a_weapon_s_traits_are_stored_only_when_they_do_something() -> None:
    """The wielded term keeps Cumbersome's Strengths and each flag only when set."""
    loaded = Wielded("Crossbow", loaded=(0, 1))  # Loaded [1]: its one shot spent
    assert decode_terms(encode_terms(PAYLOAD, terms_of((WIELDED, loaded)))).get(WIELDED) == loaded
    heavy = Wielded("Poleaxe", (4, 3), fragile=True)
    stored = encode_terms(PAYLOAD, terms_of((WIELDED, heavy)))
    assert stored["wielded"] == {"weapon": "Poleaxe", "cumbersome": [4, 3], "fragile": True}
    assert decode_terms(stored).get(WIELDED) == heavy
    assert decode_terms({**PAYLOAD, "wielded": {"weapon": "Club", "deadly": True}}).get(
        WIELDED) == Wielded("Club", deadly=True)
    with pytest.raises(LogFormatError, match="unreadable wielded"):
        decode_terms({**PAYLOAD, "wielded": {"weapon": "Club", "cumbersome": [4]}})
