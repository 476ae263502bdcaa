"""The roll use cases: one transaction, limits before dice, add a plot die, choose a face."""

from __future__ import annotations

import pytest

from nazh.adapters.rng.seeded import SeededRandomSource
from nazh.application.rolls.dice import RollDice
from nazh.domain.errors import (
    LimitError,
    NazhError,
    NotationError,
    NothingToJudgeError,
    PlotDieError,
    RollStateError,
)
from nazh.domain.plot import PlotOutcome
from nazh.domain.results import DieResult, PlotResult
from nazh.domain.spec import DieMode, PlotSpec
from nazh.presentation.roll_json import roll_to_dict
from tests.fakes import FakeRng, d, script

N, A, D = DieMode.NORMAL, DieMode.ADVANTAGE, DieMode.DISADVANTAGE

BAD_INPUTS = [
    "", ",", ",,,", "21d6", "0d6", "1d1", "1d0", "1d1001", "1d20+1001", "1d20-1001",
    "d4, d4, d4, d4, d4, d4", "aaa1d20", "x1d20", "1d20+", "1d20++5", "d", "1e5", "p2d6",
    "p1d20", "ap1d20", "p, p", "d20, ap, dp", "1d6," * 2560, "1d99999999999999999999",
    "1d20\x00", "\x00\x00", "🎲", "d20 🎲", "20d20, 20d20, 20d20, 20d20, 21d20",
    "20d1000, 20d1000, 1d1001",
]


def test_a_whole_roll_with_exact_faces() -> None:
    rng = script(d(20, 3, 18), d(6, 2, 5), d(6, 2))
    result = RollDice(rng)("a1d20+5, 2d6+3, p", dc=25)
    rng.assert_exhausted()
    skill, damage = result.pools
    assert skill.dice == (DieResult(20, A, 18, 3),)
    assert (skill.subtotal, skill.plot_bonus, skill.total, skill.success) == (23, 4, 27, True)
    assert damage.dice == (DieResult(6, N, 2), DieResult(6, N, 5))
    assert (damage.subtotal, damage.plot_bonus, damage.total, damage.success) == (10, 0, 10, None)
    assert result.plot == PlotResult(N, (2,), 0)
    assert result.notation == "a1d20+5, 2d6+3, p"


@pytest.mark.parametrize("text", BAD_INPUTS, ids=[repr(t[:24]) for t in BAD_INPUTS])
def test_limits_and_notation_are_checked_before_any_die(text: str) -> None:
    rng = FakeRng()  # any draw fails the test
    with pytest.raises(NazhError):
        RollDice(rng)(text)
    assert rng.calls == []


def test_a_later_bad_pool_stops_the_whole_roll_before_any_die() -> None:
    rng = FakeRng()
    with pytest.raises(LimitError, match=r'^pool 3 "1d1001"'):
        RollDice(rng)("20d20, 20d6, 1d1001")
    assert rng.calls == []


@pytest.mark.parametrize("notation", ["p", "ap", "dp"])
def test_a_dc_on_the_plot_die_alone_is_refused_before_any_die(notation: str) -> None:
    """/roll and ``nazh roll`` both roll through RollDice: ``pool:p dc:10`` is refused."""
    rng = FakeRng()
    with pytest.raises(NothingToJudgeError, match=r"^a DC needs a pool to judge"):
        RollDice(rng)(notation, dc=10)
    assert rng.calls == []


@pytest.mark.parametrize("dc", [0, 100_001])
def test_a_bad_dc_is_rejected_before_any_die(dc: int) -> None:
    rng = FakeRng()
    with pytest.raises(LimitError, match="the DC must be between 1 and 100000"):
        RollDice(rng)("d20+5", dc=dc)
    assert rng.calls == []


def test_an_attacks_defense_of_0_is_judged_where_the_least_dc_is_0() -> None:
    rng = FakeRng((20, 1), (6, 3))
    result = RollDice(rng)("1d20, 1d6", dc=0, least_dc=0)
    assert (result.dc, result.pools[0].success) == (0, True)
    with pytest.raises(LimitError, match="the DC must be between 0 and 100000"):
        RollDice(FakeRng())("1d20", dc=-1, least_dc=0)


def test_add_plot_rolls_a_plain_plot_die_last() -> None:
    rng = FakeRng((20, 11), (6, 1))
    result = RollDice(rng)("d20+2", add_plot=True, dc=15)
    assert rng.calls == [20, 6]
    assert result.notation == "1d20+2, p"
    assert result.plot == PlotResult(N, (1,), 0)
    assert result.pools[0].total == 15
    assert result.pools[0].success is True


def test_add_plot_with_a_plot_die_already_typed_is_rejected_before_any_die() -> None:
    rng = FakeRng()
    with pytest.raises(PlotDieError, match=r'^pool 2 "p": this roll already has a plot die$'):
        RollDice(rng)("d20, p", add_plot=True)
    assert rng.calls == []


def test_add_plot_counts_as_a_pool_before_any_die() -> None:
    rng = FakeRng()
    with pytest.raises(LimitError, match="at most 5 pools per roll, the plot die included"):
        RollDice(rng)("d4, d6, d8, d10, d12", add_plot=True)
    assert rng.calls == []


# -- adding a plot die to an existing roll ---------------------------------------------------


def test_add_plot_die_rolls_only_one_d6() -> None:
    roll_dice = RollDice(FakeRng((20, 9), (20, 14), (8, 3), (8, 8)))
    before = roll_dice("a1d20+2, 2d8", dc=18)
    rng = FakeRng((6, 2))
    after = RollDice(rng).add_plot_die(before)
    assert rng.calls == [6]
    assert [pool.dice for pool in after.pools] == [pool.dice for pool in before.pools]
    assert [pool.spec for pool in after.pools] == [pool.spec for pool in before.pools]
    assert after.plot == PlotResult(N, (2,), 0)
    assert after.spec.plot == PlotSpec(N)
    assert after.notation == "a1d20+2, 2d8, p"
    assert after.dc == 18
    assert [pool.total for pool in before.pools] == [16, 11]
    assert [pool.total for pool in after.pools] == [20, 11]
    assert [pool.success for pool in before.pools] == [False, None]
    assert [pool.success for pool in after.pools] == [True, None]


def test_add_plot_die_to_a_roll_with_a_plot_die_draws_nothing() -> None:
    before = RollDice(FakeRng((20, 9), (6, 4)))("d20, p")
    rng = FakeRng()
    with pytest.raises(PlotDieError, match="this roll already has a plot die"):
        RollDice(rng).add_plot_die(before)
    assert rng.calls == []


def test_add_plot_die_to_a_full_roll_draws_nothing() -> None:
    before = RollDice(FakeRng(*d(4, 1, 2, 3, 4, 4)))("d4, d4, d4, d4, d4")
    rng = FakeRng()
    with pytest.raises(LimitError, match="at most 5 pools per roll, the plot die included"):
        RollDice(rng).add_plot_die(before)
    assert rng.calls == []


# -- choosing a plot face --------------------------------------------------------------------


def test_choose_plot_face_settles_a_pending_roll() -> None:
    rng = script(d(20, 12), d(6, 5, 2))
    pending = RollDice(rng)("d20+1, ap", dc=16)
    assert pending.pending
    assert pending.pools[0].total == 13
    chosen = RollDice.choose_plot_face(pending, 1)
    assert not chosen.pending
    assert chosen.plot is not None
    assert (chosen.plot.face, chosen.plot.outcome, chosen.plot.bonus) == (
        2, PlotOutcome.COMPLICATION, 4,
    )
    assert (chosen.pools[0].total, chosen.pools[0].success) == (17, True)


def test_choose_plot_face_on_a_settled_roll_fails() -> None:
    settled = RollDice(FakeRng((20, 12), (6, 5)))("d20, p")
    with pytest.raises(RollStateError, match="already chosen"):
        RollDice.choose_plot_face(settled, 0)


def test_a_plot_die_typed_first_is_still_drawn_last() -> None:
    rng = script(d(20, 4), d(6, 6, 1))
    result = RollDice(rng)("dp, d20")
    assert rng.calls == [20, 6, 6]
    assert result.plot == PlotResult(D, (6, 1), None)
    assert [option.pools[0].total for option in result.plot_options()] == [4, 6]


# -- determinism --------------------------------------------------------------------------------


def test_the_same_seed_and_input_give_the_same_result() -> None:
    text = "ad2d20+3, 4d6-1, d100, ap"
    first = RollDice(SeededRandomSource(7))(text, dc=12)
    second = RollDice(SeededRandomSource(7))(text, dc=12)
    assert first == second
    assert roll_to_dict(first, notation=text, seed=7) == roll_to_dict(second, notation=text,
                                                                        seed=7)


def test_another_seed_gives_other_dice() -> None:
    text = "20d1000"
    first = RollDice(SeededRandomSource(7))(text)
    other = RollDice(SeededRandomSource(8))(text)
    assert first.pools[0].dice != other.pools[0].dice


def test_a_rejected_input_leaves_the_seeded_stream_untouched() -> None:
    rng = SeededRandomSource(7)
    roll_dice = RollDice(rng)
    with pytest.raises(NotationError):
        roll_dice("1d20++5")
    assert roll_dice("3d20") == RollDice(SeededRandomSource(7))("3d20")
