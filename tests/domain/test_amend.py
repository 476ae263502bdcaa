"""Advantage and disadvantage on one die of a posted roll."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nazh.domain.amend import (
    PLOT,
    DieChange,
    apply,
    can_take,
    choose,
    eligible,
    net_mode,
    reroll,
    rerollable,
    settled,
)
from nazh.domain.errors import RollStateError
from nazh.domain.notation import parse_roll
from nazh.domain.results import DieResult, RollResult
from nazh.domain.rolling import roll
from nazh.domain.spec import DieMode
from tests.fakes import FakeRng

ADV, DIS = DieMode.ADVANTAGE, DieMode.DISADVANTAGE
PROPERTY = settings(max_examples=300, deadline=None)


def posted(notation: str, *faces: tuple[int, int], dc: int | None = None) -> RollResult:
    return roll(parse_roll(notation), FakeRng(*faces), dc)


def test_only_untagged_dice_without_a_change_are_eligible() -> None:
    result = posted("a1d20+5, 2d6", (20, 7), (20, 12), (6, 3), (6, 4))
    assert [(r.pool, r.die, r.face) for r in eligible(result, (), ADV)] == [(1, 0, 3), (1, 1, 4)]


def test_the_die_is_rolled_again_and_the_chooser_keeps_either_face() -> None:
    result = posted("1d20+5", (20, 7), dc=15)
    changes = apply(result, (), (0, 0), ADV, by=9, rng=FakeRng((20, 15)))
    assert changes == (DieChange(0, 0, ADV, (7, 15), 9),)
    assert settled(result, changes).pools[0].total == 12  # pending: unchanged
    assert eligible(result, changes, ADV) == []  # nothing else while pending
    lower = settled(result, choose(changes, 0))
    assert (lower.pools[0].total, lower.pools[0].success) == (12, False)
    higher = settled(result, choose(changes, 1))
    assert (higher.pools[0].total, higher.pools[0].success) == (20, True)
    die = higher.pools[0].dice[0]
    assert (die.mode, die.kept, die.dropped) == (ADV, 15, 7)


def test_opportunities_and_complications_follow_the_kept_face() -> None:
    result = posted("1d20", (20, 7))
    changes = choose(apply(result, (), (0, 0), ADV, 1, FakeRng((20, 20))), 1)
    assert settled(result, changes).pools[0].opportunities == 1


def test_a_disadvantage_cancels_an_advantage_given_after_posting() -> None:
    result = posted("1d20", (20, 7))
    given = choose(apply(result, (), (0, 0), ADV, 1, FakeRng((20, 15))), 1)
    after = settled(result, given)
    assert eligible(after, given, ADV) == []  # it holds one advantage
    [ref] = eligible(after, given, DIS)
    assert ref.cancels
    cancelled = apply(after, given, (0, 0), DIS, 2, FakeRng())  # nothing is rolled
    assert cancelled == (*given, DieChange(0, 0, DIS, (7,), 2, kept=0))
    assert cancelled[-1].cancellation
    assert (cancelled[-1].cancelling, cancelled[-1].cancelled) == (DIS, ADV)
    final = settled(after, cancelled)
    assert (final.pools[0].dice[0].mode, final.pools[0].total) == (DieMode.NORMAL, 7)
    assert net_mode(DieMode.NORMAL, cancelled) == 0


def test_a_cancelled_die_is_a_normal_die_again_and_takes_either() -> None:
    result = posted("1d20", (20, 7))
    given = choose(apply(result, (), (0, 0), ADV, 1, FakeRng((20, 15))), 1)
    cancelled = apply(settled(result, given), given, (0, 0), DIS, 2, FakeRng())
    final = settled(result, cancelled)
    assert [r.cancels for r in eligible(final, cancelled, ADV)] == [False]
    [ref] = eligible(final, cancelled, DIS)
    assert (ref.face, ref.cancels) == (7, False)
    imposed = choose(apply(final, cancelled, (0, 0), DIS, 2, FakeRng((20, 3))), 1)
    assert settled(result, imposed).pools[0].dice[0] == DieResult(20, DIS, 3, 7)


def test_an_advantage_cancels_a_gm_s_disadvantage() -> None:
    result = posted("1d20+3", (20, 12), dc=15)
    imposed = choose(apply(result, (), (0, 0), DIS, 2, FakeRng((20, 4))), 1)
    after = settled(result, imposed)
    assert after.pools[0].success is False
    assert eligible(after, imposed, DIS) == []
    [ref] = eligible(after, imposed, ADV)
    assert (ref.face, ref.cancels) == (4, True)
    cancelled = apply(after, imposed, (0, 0), ADV, 1, FakeRng())
    assert cancelled[-1] == DieChange(0, 0, ADV, (12,), 1, kept=0)
    final = settled(after, cancelled)
    assert (final.pools[0].total, final.pools[0].success) == (15, True)


@pytest.mark.parametrize(("pick", "face"), [(1, 18), (2, 3)])
def test_a_typed_advantage_cancelled_keeps_one_of_its_faces_at_random(pick: int,
                                                                       face: int) -> None:
    result = posted("a1d20+3", (20, 18), (20, 3), dc=15)
    assert eligible(result, (), ADV) == []
    [ref] = eligible(result, (), DIS)
    assert (ref.face, ref.cancels) == (18, True)
    rng = FakeRng((2, pick))
    cancelled = apply(result, (), (0, 0), DIS, 2, rng)
    rng.assert_exhausted()
    assert cancelled == (DieChange(0, 0, DIS, (face,), 2, kept=0),)
    die = settled(result, cancelled).pools[0].dice[0]
    assert die == DieResult(20, DieMode.NORMAL, face)


def test_a_typed_disadvantage_is_cancelled_by_the_roller_s_advantage() -> None:
    result = posted("d1d20", (20, 18), (20, 3))
    assert eligible(result, (), DIS) == []
    cancelled = apply(result, (), (0, 0), ADV, 1, FakeRng((2, 2)))
    assert settled(result, cancelled).pools[0].dice[0] == DieResult(20, DieMode.NORMAL, 18)


def test_a_typed_plot_advantage_is_cancelled_too() -> None:
    result = posted("1d20, ap", (20, 10), (6, 2), (6, 6)).choose_plot_face(1)  # Opportunity
    [*_, plot] = eligible(result, (), DIS)
    assert (plot.pool, plot.cancels) == (PLOT, True)
    cancelled = apply(result, (), (PLOT, 0), DIS, 2, FakeRng((2, 1)))
    final = settled(result, cancelled)
    assert final.plot is not None
    assert (final.plot.mode, final.plot.faces, final.plot_bonus) == (DieMode.NORMAL, (2,), 4)


def test_a_legacy_cancellation_reads_back_as_before() -> None:
    """Records written before typed dice could be cancelled: the advantage's change dropped,
    a NORMAL change with one face in its place."""
    result = posted("1d20", (20, 15))
    legacy = (DieChange(0, 0, DieMode.NORMAL, (7,), 2, kept=0),)
    final = settled(result, legacy)
    assert final.pools[0].dice[0] == DieResult(20, DieMode.NORMAL, 7)
    assert (legacy[0].cancellation, legacy[0].cancelling, legacy[0].cancelled) == (
        True, DIS, ADV)
    assert net_mode(DieMode.NORMAL, legacy) == 0
    assert [r.cancels for r in eligible(final, legacy, ADV)] == [False]


def test_the_plot_die_can_take_one() -> None:
    result = posted("1d20, p", (20, 10), (6, 3))  # plot die 3: blank
    [*_, plot] = eligible(result, (), ADV)
    assert (plot.pool, plot.face) == (PLOT, 3)
    changes = choose(apply(result, (), (PLOT, 0), ADV, 1, FakeRng((6, 2))), 1)
    final = settled(result, changes)
    assert final.plot is not None
    assert (final.plot.face, final.plot_bonus) == (2, 4)  # Complication +4 kept
    assert final.pools[0].total == 14


def test_refusals() -> None:
    result = posted("a1d20, 1d6", (20, 7), (20, 12), (6, 3))
    with pytest.raises(RollStateError, match="that die cannot take advantage now"):
        apply(result, (), (0, 0), ADV, 1, FakeRng())  # it holds one advantage already
    with pytest.raises(RollStateError, match="that die cannot take disadvantage now"):
        apply(result, (), (4, 0), DIS, 1, FakeRng())  # no such pool
    with pytest.raises(RollStateError, match="no die is waiting for a choice"):
        choose((), 0)
    pending = apply(result, (), (1, 0), ADV, 1, FakeRng((6, 6)))
    with pytest.raises(RollStateError, match="first or the second face"):
        choose(pending, 2)


def test_a_reroll_replaces_the_face_once_per_die() -> None:
    result = posted("1d20, 1d6", (20, 7), (6, 2))
    changes = reroll(result, (), 1, 0, 5, FakeRng((6, 5)))
    final = settled(result, changes)
    assert final.pools[1].total == 5
    assert [(r.pool, r.die) for r in rerollable(final, changes)] == [(0, 0)]
    with pytest.raises(RollStateError, match="cannot be rerolled now"):
        reroll(final, changes, 1, 0, 5, FakeRng())


def test_a_rerolled_die_takes_no_advantage_or_disadvantage() -> None:
    result = posted("1d20", (20, 7))
    changes = reroll(result, (), 0, 0, 5, FakeRng((20, 12)))
    final = settled(result, changes)
    assert eligible(final, changes, ADV) == eligible(final, changes, DIS) == []


class DrawnRng:
    """Faces drawn by hypothesis, each in range."""

    def __init__(self, data: st.DataObject) -> None:
        self._data = data

    def roll(self, sides: int) -> int:
        return self._data.draw(st.integers(1, sides))


def refused(result: RollResult, changes: tuple[DieChange, ...], mode: DieMode,
            rng: DrawnRng) -> bool:
    """Applying ``mode`` to the first die is refused (what it would give is dropped)."""
    try:
        apply(result, changes, (0, 0), mode, 1, rng)
    except RollStateError:
        return True
    return False


@PROPERTY
@given(tag=st.sampled_from(["", "a", "d"]),
       acts=st.lists(st.tuples(st.sampled_from([ADV, DIS]), st.integers(0, 1)), max_size=12),
       data=st.data())
def test_advantages_and_disadvantages_cancel_one_for_one_whatever_the_order(
        tag: str, acts: list[tuple[DieMode, int]], data: st.DataObject) -> None:
    """Whatever order the acts come in, a die's net mode is its advantages minus its
    disadvantages (the typed tag included), it never holds more than one, a die at net 0 is a
    normal die showing a face rolled before, and an act is refused only when the die holds
    that mode already."""
    rng = DrawnRng(data)
    base = roll(parse_roll(f"{tag}1d20+3"), rng, 15)
    result = base
    changes: tuple[DieChange, ...] = ()
    net = {"": 0, "a": 1, "d": -1}[tag]
    seen = {base.pools[0].dice[0].kept, base.pools[0].dice[0].dropped}
    for mode, index in acts:
        step = 1 if mode is ADV else -1
        refs = eligible(result, changes, mode)
        assert [ref.cancels for ref in refs] == ([] if net == step else [net == -step])
        assert can_take(result, changes, mode) is bool(refs)
        assert refused(result, changes, mode, rng) is (net == step)
        if not refs:
            continue  # the die holds this mode already
        changes = apply(result, changes, (0, 0), mode, 1, rng)
        if changes[-1].pending:
            changes = choose(changes, index)
        seen.update(changes[-1].faces)
        result = settled(base, changes)
        net += step
        die = result.pools[0].dice[0]
        assert net_mode(base.spec.pools[0].modes[0], changes) == net
        assert -1 <= net <= 1
        assert die.mode is {1: ADV, 0: DieMode.NORMAL, -1: DIS}[net]
        assert die.kept in seen
        assert result.pools[0].total == die.kept + 3


@PROPERTY
@given(tags=st.lists(st.sampled_from(["", "a", "d"]), min_size=1, max_size=4),
       sides=st.sampled_from([4, 6, 20]), plot=st.sampled_from(["", "p", "ap", "dp"]),
       data=st.data())
def test_a_fresh_roll_can_take_a_mode_exactly_when_some_die_is_eligible(
        tags: list[str], sides: int, plot: str, data: st.DataObject) -> None:
    """What the buttons ask of every fresh roll, answered without listing the dice, is
    :func:`eligible`'s answer (tagged dice, several pools, a plain, advantaged or pending plot
    die)."""
    pools = [f"{tag}1d{sides}" for tag in tags] + ([plot] if plot else [])
    result = roll(parse_roll(", ".join(pools)), DrawnRng(data), None)
    for mode in (ADV, DIS):
        assert can_take(result, (), mode) is bool(eligible(result, (), mode))
