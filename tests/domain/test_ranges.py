"""Opportunity and Complication ranges: validation, counting, and keeping them through every
amendment (scripted dice, then properties over many rolls)."""

from __future__ import annotations

import re

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from nazh.application.rolls.dice import RollDice
from nazh.domain import amend
from nazh.domain.errors import LimitError, RangesError
from nazh.domain.notation import parse_roll
from nazh.domain.ranges import DEFAULT_RANGES, Ranges, check_ranges, ranges_for
from nazh.domain.results import RollResult
from nazh.domain.rolling import roll
from nazh.domain.spec import DieMode
from tests.fakes import FakeRng, d, script

PROPERTY = settings(max_examples=300, deadline=None)
WIDE = Ranges(opportunity=19, complication=2)


def rolled(text: str, rng: FakeRng, ranges: Ranges = DEFAULT_RANGES,
           dc: int | None = None) -> RollResult:
    """Roll ``text`` with exactly the scripted draws."""
    result = roll(parse_roll(text), rng, dc, ranges)
    rng.assert_exhausted()
    return result


# -- validation ---------------------------------------------------------------------------------


def test_the_default_is_a_natural_20_and_a_natural_1() -> None:
    assert Ranges() == DEFAULT_RANGES == Ranges(20, 1)
    assert DEFAULT_RANGES.default
    assert not WIDE.default
    assert DEFAULT_RANGES.describe() is None


@pytest.mark.parametrize(
    ("ranges", "shown"),
    [
        (Ranges(opportunity=19), "Opportunity on 19-20"),
        (Ranges(complication=2), "Complication on 1-2"),
        (Ranges(18, 3), "Opportunity on 18-20 · Complication on 1-3"),
        (Ranges(2, 1), "Opportunity on 2-20"),
    ],
)
def test_widened_ranges_describe_themselves(ranges: Ranges, shown: str) -> None:
    assert ranges.describe() == shown


@pytest.mark.parametrize(
    ("opportunity", "complication", "message", "hint"),
    [
        (21, 1, "opportunity must be a d20 face, between 1 and 20 (got 21)",
         "the lowest face that is an Opportunity, e.g. 19 for 19-20 (default 20)"),
        (0, 1, "opportunity must be a d20 face, between 1 and 20 (got 0)",
         "the lowest face that is an Opportunity, e.g. 19 for 19-20 (default 20)"),
        (20, 0, "complication must be a d20 face, between 1 and 20 (got 0)",
         "the highest face that is a Complication, e.g. 2 for 1-2 (default 1)"),
        (20, 25, "complication must be a d20 face, between 1 and 20 (got 25)",
         "the highest face that is a Complication, e.g. 2 for 1-2 (default 1)"),
        (10, 12, "opportunity 10 and complication 12 overlap: a face cannot be both an "
                 "Opportunity (10-20) and a Complication (1-12)",
         "the complication must be below the opportunity: at most 9 with opportunity 10"),
        (15, 15, "opportunity 15 and complication 15 overlap: a face cannot be both an "
                 "Opportunity (15-20) and a Complication (1-15)",
         "the complication must be below the opportunity: at most 14 with opportunity 15"),
        (1, 1, "opportunity 1 and complication 1 overlap: a face cannot be both an "
               "Opportunity (1-20) and a Complication (1-1)",
         "the complication must be below the opportunity: opportunity 1 leaves no face for a "
         "Complication"),
    ],
)
def test_ranges_outside_the_d20_or_overlapping_are_refused(
        opportunity: int, complication: int, message: str, hint: str) -> None:
    with pytest.raises(RangesError) as raised:
        Ranges(opportunity, complication)
    assert raised.value.summary == message
    assert raised.value.hint == hint
    assert isinstance(raised.value, LimitError)  # counted as a limit, answered "Can't roll that"
    with pytest.raises(RangesError) as checked:
        check_ranges(opportunity, complication)
    assert checked.value.summary == message


def test_bad_ranges_are_refused_before_anything_is_rolled() -> None:
    rng = FakeRng()  # any draw fails the test
    with pytest.raises(RangesError):
        RollDice(rng)("d20", ranges=Ranges(5, 9))
    assert rng.calls == []


# -- counting -----------------------------------------------------------------------------------


def test_an_opportunity_on_19_counts_a_natural_19() -> None:
    result = rolled("d20+3", script(d(20, 19)), Ranges(opportunity=19))
    [pool] = result.pools
    assert (pool.opportunities, pool.complications) == (1, 0)
    assert result.ranges == Ranges(opportunity=19)
    assert pool.ranges == Ranges(opportunity=19)


def test_the_default_ranges_leave_a_19_and_a_2_alone() -> None:
    result = rolled("2d20", script(d(20, 19, 2)))
    [pool] = result.pools
    assert (pool.opportunities, pool.complications) == (0, 0)


def test_every_kept_d20_in_the_ranges_counts() -> None:
    result = rolled("4d20, 1d20", script(d(20, 20, 19, 2, 1), d(20, 18)), WIDE)
    tests, other = result.pools
    assert (tests.opportunities, tests.complications) == (2, 2)
    assert (other.opportunities, other.complications) == (0, 0)


def test_only_the_kept_face_of_advantage_counts() -> None:
    result = rolled("a1d20, d1d20", script(d(20, 2, 19), d(20, 19, 2)), WIDE)
    advantage, disadvantage = result.pools
    assert (advantage.opportunities, advantage.complications) == (1, 0)
    assert (disadvantage.opportunities, disadvantage.complications) == (0, 1)


def test_a_pool_that_is_not_a_test_has_none() -> None:
    result = rolled("2d6", script(d(6, 1, 6)), Ranges(2, 1))
    [pool] = result.pools
    assert (pool.opportunities, pool.complications) == (0, 0)


# -- amendments keep the ranges -----------------------------------------------------------------


def test_adding_and_choosing_a_plot_die_keeps_the_ranges() -> None:
    dice = RollDice(script(d(20, 19), d(6, 5)))
    result = dice("d20", ranges=WIDE)
    with_plot = dice.add_plot_die(result)
    assert with_plot.ranges == WIDE
    assert with_plot.pools[0].opportunities == 1
    pending = rolled("d20, ap", script(d(20, 2), d(6, 1, 6)), WIDE)
    chosen = pending.choose_plot_face(0)
    assert chosen.ranges == WIDE
    assert chosen.pools[0].complications == 1
    assert all(option.ranges == WIDE for option in pending.plot_options())


def test_advantage_after_the_roll_keeps_the_ranges() -> None:
    dice = RollDice(script(d(20, 7), d(20, 19)))
    result = dice("d20", ranges=WIDE)
    pending, changes = dice.apply_mode(result, (), 0, 0, DieMode.ADVANTAGE, by=1)
    assert pending.ranges == WIDE
    kept, changes = RollDice.keep_die_face(result, changes, 1)
    assert kept.ranges == WIDE
    assert kept.pools[0].opportunities == 1
    assert amend.settled(result, changes) == kept


def test_a_reroll_keeps_the_ranges() -> None:
    dice = RollDice(script(d(20, 7), d(20, 2)))
    result = dice("d20", ranges=WIDE)
    rerolled, _ = dice.reroll_die(result, (), 0, 0, by=1)
    assert rerolled.ranges == WIDE
    assert rerolled.pools[0].complications == 1


# -- properties ---------------------------------------------------------------------------------


@st.composite
def valid_ranges(draw: st.DrawFn) -> Ranges:
    """Any valid pair: a Complication range below an Opportunity range."""
    opportunity = draw(st.integers(2, 20))
    return Ranges(opportunity, draw(st.integers(1, opportunity - 1)))


faces = st.lists(st.integers(1, 20), min_size=1, max_size=20)


@PROPERTY
@given(ranges=valid_ranges())
def test_every_pair_apart_within_the_d20_is_valid(ranges: Ranges) -> None:
    assert 1 <= ranges.complication < ranges.opportunity <= 20
    assert Ranges(ranges.opportunity, ranges.complication) == ranges


@PROPERTY
@given(opportunity=st.integers(-5, 25), complication=st.integers(-5, 25))
def test_every_other_pair_is_refused(opportunity: int, complication: int) -> None:
    assume(not 1 <= complication < opportunity <= 20)
    with pytest.raises(RangesError):
        Ranges(opportunity, complication)


@PROPERTY
@given(ranges=valid_ranges(), kept=faces)
def test_counts_are_the_faces_in_each_range(ranges: Ranges, kept: list[int]) -> None:
    result = rolled(f"{len(kept)}d20", script(d(20, *kept)), ranges)
    [pool] = result.pools
    assert pool.opportunities == sum(face >= ranges.opportunity for face in kept)
    assert pool.complications == sum(face <= ranges.complication for face in kept)
    assert pool.opportunities + pool.complications <= len(kept)  # no face is both


@PROPERTY
@given(ranges=valid_ranges(), kept=faces)
def test_widening_never_counts_fewer(ranges: Ranges, kept: list[int]) -> None:
    wide = rolled(f"{len(kept)}d20", script(d(20, *kept)), ranges).pools[0]
    narrow = rolled(f"{len(kept)}d20", script(d(20, *kept))).pools[0]
    assert wide.opportunities >= narrow.opportunities
    assert wide.complications >= narrow.complications
    assert wide.total == narrow.total  # ranges change the story, never the totals


@PROPERTY
@given(ranges=valid_ranges(), first=st.integers(1, 20), second=st.integers(1, 20),
       plot=st.integers(1, 6), keep=st.integers(0, 1))
def test_every_amendment_keeps_the_ranges(ranges: Ranges, first: int, second: int, plot: int,
                                          keep: int) -> None:
    dice = RollDice(script(d(20, first), d(20, second), d(6, plot)))
    result = dice("d20+2", ranges=ranges)
    _, changes = dice.apply_mode(result, (), 0, 0, DieMode.ADVANTAGE, by=1)
    amended, changes = RollDice.keep_die_face(result, changes, keep)
    with_plot = dice.add_plot_die(amended)
    for later in (amended, with_plot):
        assert later.ranges == ranges
        assert later.pools[0].ranges == ranges
        face = (first, second)[keep]
        assert later.pools[0].opportunities == (face >= ranges.opportunity)
        assert later.pools[0].complications == (face <= ranges.complication)



@given(ranges=valid_ranges())
def test_ranges_for_is_one_object_per_valid_pair(ranges: Ranges) -> None:
    shared = ranges_for(ranges.opportunity, ranges.complication)
    assert shared == ranges
    assert ranges_for(ranges.opportunity, ranges.complication) is shared


def test_ranges_for_the_default_pair_is_the_default_ranges() -> None:
    assert ranges_for(20, 1) is DEFAULT_RANGES


@pytest.mark.parametrize(("opportunity", "complication"), [(21, 1), (20, 0), (5, 5), (3, 9)])
def test_ranges_for_refuses_what_ranges_refuse(opportunity: int, complication: int) -> None:
    with pytest.raises(RangesError) as refused:
        Ranges(opportunity, complication)
    with pytest.raises(RangesError, match=re.escape(str(refused.value))):
        ranges_for(opportunity, complication)
