"""The injury roll's rules: bands, days, effects, the option ranges, and the dice rolled (every
property with scripted dice)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nazh.adapters.rng.seeded import SeededRandomSource
from nazh.domain import injury
from nazh.domain.errors import LimitError
from nazh.domain.injury import EFFECTS, Band, Effect, Injury, InjuryTerms, roll_injury
from nazh.domain.notation import parse_roll
from nazh.domain.results import RollResult
from tests.fakes import FakeRng, d, script

terms_in_range = st.builds(
    InjuryTerms,
    st.integers(injury.MIN_DEFLECT, injury.MAX_DEFLECT),
    st.integers(injury.MIN_INJURIES, injury.MAX_INJURIES),
    st.integers(injury.MIN_MODIFIER, injury.MAX_MODIFIER))


@pytest.mark.parametrize(("total", "band"), [
    (-70, Band.DEATH), (-6, Band.DEATH), (-5, Band.PERMANENT), (0, Band.PERMANENT),
    (1, Band.VICIOUS), (5, Band.VICIOUS), (6, Band.SHALLOW), (15, Band.SHALLOW),
    (16, Band.FLESH), (60, Band.FLESH),
])
def test_the_band_of_each_boundary(total: int, band: Band) -> None:
    assert Band.of(total) is band


@given(st.integers(-100, 100))
def test_the_bands_cover_every_total_in_order(total: int) -> None:
    expected = (Band.DEATH if total <= -6 else Band.PERMANENT if total <= 0
                else Band.VICIOUS if total <= 5 else Band.SHALLOW if total <= 15
                else Band.FLESH)
    assert Band.of(total) is expected


@pytest.mark.parametrize(("band", "dice", "effect"), [
    (Band.DEATH, 0, False), (Band.PERMANENT, 0, True), (Band.VICIOUS, 6, True),
    (Band.SHALLOW, 1, True), (Band.FLESH, 0, True),
])
def test_days_dice_and_effect_by_band(band: Band, dice: int, effect: bool) -> None:
    assert band.days_dice == dice
    assert band.has_effect is effect


def test_the_effect_table() -> None:
    assert [Effect.of(face).name for face in range(1, 9)] == [
        "Exhausted -1", "Exhausted -1", "Exhausted -2", "Slowed", "Slowed", "Disoriented",
        "Surprised", "Can use only one hand"]
    assert set(EFFECTS) == set(range(1, 9))


@pytest.mark.parametrize("face", [0, 9])
def test_a_face_a_d8_does_not_have_has_no_effect(face: int) -> None:
    with pytest.raises(ValueError, match=f"no face {face}"):
        Effect.of(face)


def test_the_bonus_is_deflect_plus_modifier_less_5_per_injury() -> None:
    assert InjuryTerms(deflect=3, injuries=2, modifier=-1).bonus == 3 - 1 - 10
    assert InjuryTerms().bonus == 0


@pytest.mark.parametrize(("terms", "message"), [
    (InjuryTerms(deflect=21), "deflect must be between 0 and 20 (got 21)"),
    (InjuryTerms(deflect=-1), "deflect must be between 0 and 20 (got -1)"),
    (InjuryTerms(injuries=11), "injuries must be between 0 and 10 (got 11)"),
    (InjuryTerms(injuries=-1), "injuries must be between 0 and 10 (got -1)"),
    (InjuryTerms(modifier=21), "modifier must be between -20 and 20 (got 21)"),
    (InjuryTerms(modifier=-21), "modifier must be between -20 and 20 (got -21)"),
])
def test_an_option_out_of_range_is_named_with_its_range(terms: InjuryTerms,
                                                        message: str) -> None:
    with pytest.raises(LimitError) as raised:
        terms.check()
    assert raised.value.summary == message
    assert raised.value.hint is not None


@pytest.mark.parametrize("terms", [InjuryTerms(0, 0, -20), InjuryTerms(20, 10, 20)])
def test_the_ends_of_each_range_are_allowed(terms: InjuryTerms) -> None:
    assert terms.check() is terms


def test_a_shallow_injury_rolls_its_d6_and_effect_at_once() -> None:
    rng = script(d(20, 14), d(6, 4), d(8, 5))
    terms = InjuryTerms(deflect=2, injuries=1, modifier=0)
    result = roll_injury(terms, rng)
    rng.assert_exhausted()
    assert result.notation == "1d20-3, 1d6, 1d8"
    assert Injury.of(terms, result) == Injury(terms, 14, 11, Band.SHALLOW, 4, Effect(5, "Slowed"))


def test_a_vicious_injury_rolls_6d6_days() -> None:
    rng = script(d(20, 3), d(6, 1, 2, 3, 4, 5, 6), d(8, 8))
    result = roll_injury(InjuryTerms(), rng)
    rng.assert_exhausted()
    hurt = Injury.of(InjuryTerms(), result)
    assert (hurt.band, hurt.days, hurt.effect) == (Band.VICIOUS, 21,
                                                   Effect(8, "Can use only one hand"))


def test_the_total_is_not_raised_to_1_and_death_rolls_nothing_more() -> None:
    rng = script(d(20, 1))
    terms = InjuryTerms(deflect=0, injuries=2, modifier=0)
    result = roll_injury(terms, rng)
    rng.assert_exhausted()
    assert result.notation == "1d20-10"
    assert result.pools[0].total == 1  # a pool's Minimum 1 Rule: not the injury's total
    hurt = Injury.of(terms, result)
    assert (hurt.total, hurt.band, hurt.days, hurt.effect) == (-9, Band.DEATH, None, None)


def test_a_permanent_injury_and_a_flesh_wound_have_an_effect_and_no_days() -> None:
    permanent = Injury.of(InjuryTerms(injuries=1), roll_injury(
        InjuryTerms(injuries=1), script(d(20, 5), d(8, 3))))
    flesh = Injury.of(InjuryTerms(deflect=4), roll_injury(
        InjuryTerms(deflect=4), script(d(20, 12), d(8, 6))))
    assert (permanent.total, permanent.band, permanent.days) == (0, Band.PERMANENT, None)
    assert permanent.effect == Effect(3, "Exhausted -2")
    assert (flesh.total, flesh.band, flesh.days) == (16, Band.FLESH, None)
    assert flesh.effect == Effect(6, "Disoriented")


@given(terms_in_range, st.integers(1, 20), st.lists(st.integers(1, 6), min_size=6,
                                                     max_size=6), st.integers(1, 8))
def test_any_injury_follows_the_rules(terms: InjuryTerms, natural: int, sixes: list[int],
                                      eight: int) -> None:
    total = natural + terms.deflect + terms.modifier - 5 * terms.injuries
    band = Band.of(total)
    days = sixes[:band.days_dice]
    effect = [eight] if band.has_effect else []
    rng = script(d(20, natural), d(6, *days), d(8, *effect))
    result = roll_injury(terms, rng)
    rng.assert_exhausted()  # exactly the dice of the band, in order
    hurt = Injury.of(terms, result)
    assert (hurt.natural, hurt.total, hurt.band) == (natural, total, band)
    assert hurt.days == (sum(days) if days else None)
    assert hurt.effect == (Effect(eight, EFFECTS[eight]) if effect else None)
    assert result.plot is None


@given(terms_in_range, st.integers(0, 2**32))
def test_an_injury_reads_back_from_its_notation(terms: InjuryTerms, seed: int) -> None:
    result = roll_injury(terms, SeededRandomSource(seed))
    reparsed = RollResult.settle(parse_roll(result.notation),
                                 tuple(pool.dice for pool in result.pools), None, None)
    assert Injury.of(terms, reparsed) == Injury.of(terms, result)


def test_a_roll_of_other_terms_or_other_dice_is_not_read_as_an_injury() -> None:
    result = roll_injury(InjuryTerms(deflect=2), script(d(20, 10), d(6, 2), d(8, 1)))
    with pytest.raises(ValueError, match="not an injury roll"):
        Injury.of(InjuryTerms(deflect=3), result)
    shallow_without_days = RollResult.settle(parse_roll("1d20+2, 1d8"),
                                             (result.pools[0].dice, result.pools[2].dice),
                                             None, None)
    with pytest.raises(ValueError, match="do not match"):
        Injury.of(InjuryTerms(deflect=2), shallow_without_days)


def test_no_die_is_rolled_by_checking_terms() -> None:
    rng = FakeRng()
    with pytest.raises(LimitError):
        roll_injury(InjuryTerms(injuries=11).check(), rng)
    assert rng.calls == []
