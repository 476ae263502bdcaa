"""Damage landing on a combatant: deflect on energy, impact and keen only, Pierce, immunities,
the arithmetic said; property tests over any amount, type and defence."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nazh.domain.encounter.damage import MAX_DAMAGE, DamageType, landed
from nazh.domain.encounter.errors import EncounterError


@pytest.mark.parametrize(("kind", "taken", "said"), [
    (DamageType.KEEN, 10, "12 keen - 2 deflect = 10"),
    (DamageType.IMPACT, 10, "12 impact - 2 deflect = 10"),
    (DamageType.ENERGY, 10, "12 energy - 2 deflect = 10"),
    (DamageType.SPIRIT, 12, "12 spirit"),
    (DamageType.VITAL, 12, "12 vital"),
    (None, 10, "12 - 2 deflect = 10"),
])
def test_deflect_reduces_energy_impact_and_keen_only(kind: DamageType | None, taken: int,
                                                     said: str) -> None:
    hit = landed(12, kind, deflect=2)
    assert (hit.taken, hit.arithmetic) == (taken, said)


def test_damage_of_no_type_is_deflected_as_the_odds_count_it() -> None:
    """Part 1 "Deflect" / part 2 "Damage, Injury, and Death" (Damage Types): deflect reduces
    energy, impact and keen damage; damage whose type is not said lands as /odds and Foundry
    count it, deflected (Pierce still ignores it, and no immunity names it)."""
    assert landed(7, None, deflect=3).taken == 4
    assert landed(7, None, deflect=3, pierce=True).arithmetic == "7 (Pierce)"
    assert landed(7, None, deflect=3, immunities=frozenset(DamageType)).taken == 4


def test_pierce_ignores_deflect_and_an_immunity_takes_everything() -> None:
    pierced = landed(6, DamageType.KEEN, deflect=3, pierce=True)
    assert (pierced.taken, pierced.arithmetic) == (6, "6 keen (Pierce)")
    immune = landed(9, DamageType.ENERGY, deflect=1, immunities=frozenset({DamageType.ENERGY}))
    assert (immune.taken, immune.arithmetic) == (0, "9 energy: immune = 0")
    assert landed(9, DamageType.KEEN, immunities=frozenset({DamageType.ENERGY})).taken == 9


def test_deflect_never_takes_more_than_the_damage() -> None:
    hit = landed(1, DamageType.KEEN, deflect=5)
    assert (hit.taken, hit.arithmetic) == (0, "1 keen - 1 deflect = 0")


def test_out_of_range_is_refused_and_types_are_named() -> None:
    with pytest.raises(EncounterError, match="damage from 0 to 9999"):
        landed(MAX_DAMAGE + 1, DamageType.KEEN)
    with pytest.raises(EncounterError, match="deflect is 0 or more"):
        landed(1, DamageType.KEEN, deflect=-1)
    assert DamageType.named(" Keen ") is DamageType.KEEN
    with pytest.raises(EncounterError, match="the types are energy, impact, keen, spirit, "
                                             "vital"):
        DamageType.named("fire")


types = st.one_of(st.none(), st.sampled_from(list(DamageType)))


@given(st.integers(0, MAX_DAMAGE), types, st.integers(0, 50), st.booleans(),
       st.frozensets(st.sampled_from(list(DamageType))))
def test_what_is_taken_is_never_negative_nor_more_than_rolled(
        amount: int, kind: DamageType | None, deflect: int, pierce: bool,
        immunities: frozenset[DamageType]) -> None:
    hit = landed(amount, kind, deflect=deflect, pierce=pierce, immunities=immunities)
    immune = kind is not None and kind in immunities
    reduced = (kind is None or kind.deflected) and not pierce
    expected = 0 if immune else max(0, amount - deflect) if reduced else amount
    assert 0 <= hit.taken <= amount
    assert hit.taken == expected
    assert hit.arithmetic.startswith(str(amount))
