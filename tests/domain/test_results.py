"""Result values: plot faces, totals, the Minimum 1 Rule, natural 20/1, the DC, the choice."""

from __future__ import annotations

import pytest

from nazh.adapters.rng.seeded import SeededRandomSource
from nazh.domain import results
from nazh.domain.errors import RollStateError
from nazh.domain.notation import parse_roll
from nazh.domain.plot import PlotOutcome, plot_face
from nazh.domain.results import DieResult, PlotResult, PoolResult, RollResult
from nazh.domain.rolling import roll
from tests.domain.kit import A, D, N
from tests.fakes import FakeRng

worked_out = results._settled
"""What works a roll's pools and luck out (counted by a test)."""
COMPLICATION, BLANK, OPPORTUNITY = (
    PlotOutcome.COMPLICATION, PlotOutcome.BLANK, PlotOutcome.OPPORTUNITY,
)


def rolled(text: str, *draws: tuple[int, int], dc: int | None = None) -> RollResult:
    """Roll ``text`` with exactly the scripted draws (all of them must be used)."""
    rng = FakeRng(*draws)
    result = roll(parse_roll(text), rng, dc)
    rng.assert_exhausted()
    return result


# -- the plot die's faces ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("face", "outcome", "bonus"),
    [
        (1, COMPLICATION, 2),
        (2, COMPLICATION, 4),
        (3, BLANK, 0),
        (4, BLANK, 0),
        (5, OPPORTUNITY, 0),
        (6, OPPORTUNITY, 0),
    ],
)
def test_each_plot_face(face: int, outcome: PlotOutcome, bonus: int) -> None:
    assert plot_face(face) == (outcome, bonus)
    result = rolled("d20+1, 2d6, p", (20, 10), (6, 3), (6, 3), (6, face))
    assert result.plot == PlotResult(N, (face,), 0)
    assert result.plot.face == face
    assert result.plot.outcome is outcome
    assert result.plot.bonus == bonus
    assert result.plot_bonus == bonus
    skill, damage = result.pools
    assert (skill.subtotal, skill.plot_bonus, skill.total) == (11, bonus, 11 + bonus)
    assert (damage.subtotal, damage.plot_bonus, damage.total) == (6, 0, 6)


@pytest.mark.parametrize("face", [0, 7, -1])
def test_plot_face_rejects_a_face_a_d6_does_not_have(face: int) -> None:
    with pytest.raises(ValueError, match=f"a plot die has faces 1-6, not {face}"):
        plot_face(face)


def test_the_plot_bonus_goes_to_every_skill_pool() -> None:
    result = rolled("d20, 2d20+1, d6, p", (20, 5), (20, 7), (20, 8), (6, 6), (6, 2))
    assert [pool.plot_bonus for pool in result.pools] == [4, 4, 0]
    assert [pool.total for pool in result.pools] == [9, 20, 6]


def test_a_roll_without_a_plot_die_has_no_bonus() -> None:
    result = rolled("d20", (20, 5))
    assert result.plot is None
    assert result.plot_bonus == 0
    assert not result.pending
    assert result.pools[0].plot_bonus == 0


# -- advantage, disadvantage and totals ---------------------------------------------------


def test_advantage_totals_use_only_the_kept_face() -> None:
    result = rolled("a1d20+5", (20, 3), (20, 18))
    pool = result.pools[0]
    assert pool.dice == (DieResult(20, A, 18, 3),)
    assert (pool.subtotal, pool.total) == (23, 23)


def test_disadvantage_totals_use_only_the_kept_face() -> None:
    result = rolled("d1d20+5", (20, 3), (20, 18))
    pool = result.pools[0]
    assert pool.dice == (DieResult(20, D, 3, 18),)
    assert (pool.subtotal, pool.total) == (8, 8)


def test_subtotal_is_the_kept_faces_plus_the_modifier() -> None:
    result = rolled("ad3d8-2", (8, 1), (8, 7), (8, 1), (8, 7), (8, 4))
    pool = result.pools[0]
    assert [die.kept for die in pool.dice] == [7, 1, 4]
    assert [die.dropped for die in pool.dice] == [1, 7, None]
    assert pool.subtotal == 10


# -- the Minimum 1 Rule -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "face", "subtotal", "total", "floored"),
    [
        ("1d6-30", 2, -28, 1, True),
        ("1d6-2", 2, 0, 1, True),
        ("1d6-1", 2, 1, 1, False),
        ("1d6-1", 3, 2, 2, False),
    ],
)
def test_totals_below_one_are_raised_to_one(
    text: str, face: int, subtotal: int, total: int, floored: bool
) -> None:
    pool = rolled(text, (6, face)).pools[0]
    assert (pool.subtotal, pool.total, pool.floored) == (subtotal, total, floored)


@pytest.mark.parametrize(
    ("text", "plot", "subtotal", "floored"),
    [
        ("1d20-7", 2, -4, True),  # -4 + 4 = 0
        ("1d20-6", 2, -3, False),  # -3 + 4 = 1
        ("1d20-30", 2, -27, True),  # -27 + 4 = -23
        ("1d20-5", 1, -2, True),  # -2 + 2 = 0
        ("1d20-4", 1, -1, False),  # -1 + 2 = 1
    ],
)
def test_the_floor_applies_after_the_plot_bonus(
    text: str, plot: int, subtotal: int, floored: bool
) -> None:
    pool = rolled(f"{text}, p", (20, 3), (6, plot)).pools[0]
    assert (pool.subtotal, pool.total, pool.floored) == (subtotal, 1, floored)


# -- natural 20 and natural 1 ---------------------------------------------------------------


def test_a_natural_twenty_is_an_opportunity_and_a_natural_one_a_complication() -> None:
    result = rolled("3d20", (20, 20), (20, 1), (20, 20))
    pool = result.pools[0]
    assert (pool.opportunities, pool.complications) == (2, 1)


def test_only_kept_d20s_count() -> None:
    advantage = rolled("a1d20", (20, 1), (20, 20)).pools[0]
    assert (advantage.opportunities, advantage.complications) == (1, 0)
    disadvantage = rolled("d1d20", (20, 1), (20, 20)).pools[0]
    assert (disadvantage.opportunities, disadvantage.complications) == (0, 1)


def test_a_rolls_luck_is_its_tests_naturals_and_its_plot_dies_outcome() -> None:
    settled = rolled("2d20, 1d20, 2d6, p", (20, 20), (20, 1), (20, 20), (6, 6), (6, 1), (6, 5))
    # two natural 20s and the plot die's Opportunity; one natural 1; no d6 of the damage counts
    assert settled.luck == (3, 1)
    troubled = rolled("1d20, p", (20, 1), (6, 2))
    assert troubled.luck == (0, 2)
    pending = rolled("1d20, ap", (20, 20), (6, 1), (6, 6))
    assert pending.luck == (1, 0)  # no face of the plot die is kept yet
    assert pending.choose_plot_face(1).luck == (2, 0)
    assert pending.choose_plot_face(0).luck == (1, 1)


def test_a_rolls_luck_once_counted_changes_neither_equality_nor_its_repr() -> None:
    counted = rolled("1d20", (20, 20))
    fresh = rolled("1d20", (20, 20))
    assert counted.luck == (1, 0)
    assert counted == fresh
    assert repr(counted) == repr(fresh)


def test_other_dice_have_no_naturals() -> None:
    pool = rolled("2d6, d20", (6, 6), (6, 1), (20, 10)).pools[0]
    assert not pool.skill
    assert (pool.opportunities, pool.complications) == (0, 0)


def test_naturals_stack_with_the_plot_die() -> None:
    result = rolled("d20+2, p", (20, 20), (6, 5))
    pool = result.pools[0]
    assert pool.opportunities == 1
    assert result.plot is not None
    assert result.plot.outcome is OPPORTUNITY
    assert pool.total == 22


def test_a_natural_one_is_not_a_plot_bonus() -> None:
    pool = rolled("d20+2", (20, 1)).pools[0]
    assert (pool.complications, pool.plot_bonus, pool.total) == (1, 0, 3)


def test_die_natural_flags() -> None:
    assert DieResult(12, N, 12).natural_max
    assert not DieResult(12, N, 12).natural_one
    assert DieResult(12, N, 1).natural_one
    assert not DieResult(12, A, 11, 12).natural_max


# -- the DC -------------------------------------------------------------------------------


def test_the_dc_judges_skill_pools_only() -> None:
    result = rolled("d20+5, 2d6", (20, 10), (6, 1), (6, 1), dc=15)
    skill, damage = result.pools
    assert (skill.dc, skill.success) == (15, True)
    assert (damage.dc, damage.success) == (None, None)
    assert result.dc == 15


def test_the_dc_judges_every_pool_when_there_is_no_skill_pool() -> None:
    result = rolled("2d6, 1d8+1", (6, 4), (6, 4), (8, 3), dc=5)
    assert [pool.success for pool in result.pools] == [True, False]


def test_meeting_the_dc_exactly_is_a_success() -> None:
    assert rolled("d20+4", (20, 11), dc=15).pools[0].success is True
    assert rolled("d20+4", (20, 10), dc=15).pools[0].success is False


def test_the_plot_bonus_counts_against_the_dc() -> None:
    result = rolled("d20+4, p", (20, 9), (6, 2), dc=15)
    assert result.pools[0].total == 17
    assert result.pools[0].success is True


def test_without_a_dc_success_is_none() -> None:
    assert rolled("d20", (20, 20)).pools[0].success is None


def test_a_roll_works_out_neither_its_pools_nor_its_luck_until_one_is_read() -> None:
    result = rolled("a1d20+5, 2d6, p", (20, 20), (20, 3), (6, 2), (6, 4), (6, 5), dc=15)
    assert set(vars(result)) == {"spec", "dice", "plot", "dc", "ranges", "plot_bonus",
                                 "pending"}
    assert result.luck == (2, 0)  # the natural 20 and the plot die's Opportunity
    assert vars(result)["pools"] is result.pools
    test = result.pools[0]
    assert (test.subtotal, test.total, test.opportunities, test.complications, test.success) \
        == (25, 25, 1, 0, True)
    assert [pool.dice for pool in result.pools] == list(result.dice)


def test_a_rolls_pools_and_luck_are_worked_out_once_whatever_is_read_and_how_often(
        monkeypatch: pytest.MonkeyPatch) -> None:
    settled: list[RollResult] = []

    def counting(result: RollResult) -> tuple[tuple[PoolResult, ...], tuple[int, int]]:
        settled.append(result)
        return worked_out(result)

    monkeypatch.setattr(results, "_settled", counting)
    result = rolled("d20+1, 2d6, p", (20, 10), (6, 3), (6, 3), (6, 1), dc=12)
    for _ in range(3):
        assert [(pool.total, pool.success, pool.subtotal) for pool in result.pools] == [
            (13, True, 11), (6, None, 6)]
        assert result.luck == (0, 1)
    assert settled == [result]


# -- the pending plot die ---------------------------------------------------------------------


def pending() -> RollResult:
    return rolled("d20+5, 2d6, ap", (20, 8), (6, 2), (6, 3), (6, 5), (6, 2), dc=15)


def test_a_pending_plot_die_adds_nothing_yet() -> None:
    result = pending()
    assert result.pending
    assert result.plot == PlotResult(A, (5, 2), None)
    assert (result.plot.face, result.plot.outcome, result.plot.bonus) == (None, None, 0)
    assert result.pools[0].total == 13


@pytest.mark.parametrize(
    ("index", "face", "outcome", "total", "success"),
    [(0, 5, OPPORTUNITY, 13, False), (1, 2, COMPLICATION, 17, True)],
)
def test_choosing_a_face_settles_the_roll(
    index: int, face: int, outcome: PlotOutcome, total: int, success: bool
) -> None:
    result = pending().choose_plot_face(index)
    assert not result.pending
    assert result.plot == PlotResult(A, (5, 2), index)
    assert (result.plot.face, result.plot.outcome) == (face, outcome)
    assert [pool.total for pool in result.pools] == [total, 5]
    assert result.pools[0].success is success
    assert result.pools[1].plot_bonus == 0


def test_choosing_keeps_every_die_as_rolled() -> None:
    before = pending()
    after = before.choose_plot_face(1)
    assert [pool.dice for pool in after.pools] == [pool.dice for pool in before.pools]
    assert after.spec == before.spec
    assert after.dc == before.dc


def test_plot_options_show_each_face_s_totals_in_order() -> None:
    options = pending().plot_options()
    assert [option.plot.face for option in options if option.plot] == [5, 2]
    assert [[pool.total for pool in option.pools] for option in options] == [[13, 5], [17, 5]]
    assert [option.pools[0].success for option in options] == [False, True]


def test_a_settled_roll_has_no_options() -> None:
    assert pending().choose_plot_face(0).plot_options() == ()
    assert rolled("d20, p", (20, 3), (6, 1)).plot_options() == ()
    assert rolled("d20", (20, 3)).plot_options() == ()


def test_a_face_cannot_be_chosen_twice() -> None:
    settled = pending().choose_plot_face(0)
    with pytest.raises(RollStateError, match=r"^the plot die's face was already chosen$"):
        settled.choose_plot_face(1)


def test_a_plain_plot_die_has_nothing_to_choose() -> None:
    with pytest.raises(RollStateError, match="already chosen"):
        rolled("p", (6, 4)).choose_plot_face(0)


@pytest.mark.parametrize(("index", "shown"), [(2, 3), (-1, 0)])
def test_the_chosen_face_must_exist(index: int, shown: int) -> None:
    with pytest.raises(RollStateError) as caught:
        pending().choose_plot_face(index)
    assert str(caught.value) == f"the plot die has 2 faces to choose from (got {shown})"


def test_choosing_without_a_plot_die_fails() -> None:
    with pytest.raises(RollStateError, match=r"^this roll has no plot die$"):
        rolled("d20", (20, 4)).choose_plot_face(0)


def test_a_disadvantaged_plot_die_is_pending_too() -> None:
    result = rolled("dp, d20", (20, 12), (6, 1), (6, 6))
    assert result.pending
    assert result.choose_plot_face(0).pools[0].total == 14
    assert result.choose_plot_face(1).pools[0].total == 12


# -- adding a plot die to a result ----------------------------------------------------------------


def test_with_plot_adds_the_die_and_its_bonus_only() -> None:
    before = rolled("d20+1, 2d6", (20, 9), (6, 3), (6, 4), dc=14)
    after = before.with_plot(PlotResult(N, (2,), 0))
    assert after.notation == "1d20+1, 2d6, p"
    assert [pool.dice for pool in after.pools] == [pool.dice for pool in before.pools]
    assert [pool.total for pool in after.pools] == [14, 7]
    assert (before.pools[0].success, after.pools[0].success) == (False, True)


def test_with_plot_refuses_a_second_plot_die() -> None:
    with pytest.raises(RollStateError, match=r"^this roll already has a plot die$"):
        rolled("d20, p", (20, 9), (6, 3)).with_plot(PlotResult(N, (2,), 0))





@pytest.mark.parametrize("text", ["1d20, 2d6", "2d6, 1d8", "a1d20+5, d1d20, 3d6, p", "3d6",
                                  "1d20+5", "4d8+2, 1d20, 1d4", "2d6, 1d8, 1d4, 1d10, 1d12"])
def test_a_rolled_pool_carries_the_dc_exactly_when_the_spec_judges_it(text: str) -> None:
    """Results are settled on their own fast path: it must follow ``RollSpec.judged``."""
    spec = parse_roll(text)
    result = roll(spec, SeededRandomSource(3), dc=15)
    assert [pool.dc for pool in result.pools] == [
        15 if spec.judged(pool) else None for pool in spec.pools]
    assert [pool.plot_bonus == result.plot_bonus for pool in result.pools] == [
        pool.skill or result.plot_bonus == 0 for pool in spec.pools]
