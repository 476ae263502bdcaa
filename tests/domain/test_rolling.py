"""The evaluator: which dice are drawn, in which order, and which face is kept."""

from __future__ import annotations

import pytest

from nazh.adapters.rng.seeded import SeededRandomSource
from nazh.domain import rolling
from nazh.domain.errors import LimitError, NothingToJudgeError
from nazh.domain.notation import parse_roll
from nazh.domain.results import DieResult, PlotResult
from nazh.domain.rolling import (
    check_dc,
    check_judged,
    keep,
    keep_each,
    roll,
    roll_die,
    roll_plot,
    roll_pool,
)
from nazh.domain.spec import DieMode, PlotSpec, PoolSpec
from tests.fakes import FakeBatchRng, FakeRng, d

N, A, D = DieMode.NORMAL, DieMode.ADVANTAGE, DieMode.DISADVANTAGE

# The evaluator draws die by die from a plain source, and a pool at a time from a source with
# roll_many: both must give the same dice from the same faces.
SOURCES = pytest.mark.parametrize("fake", [FakeRng, FakeBatchRng], ids=["roll", "roll_many"])


def test_a_normal_die_is_drawn_once() -> None:
    rng = FakeRng((20, 13))
    assert roll_die(20, N, rng) == DieResult(20, N, 13, None)
    assert rng.calls == [20]


@pytest.mark.parametrize(("first", "second"), [(18, 3), (3, 18)])
def test_advantage_draws_twice_and_keeps_the_higher(first: int, second: int) -> None:
    rng = FakeRng((20, first), (20, second))
    assert roll_die(20, A, rng) == DieResult(20, A, kept=18, dropped=3)
    assert rng.calls == [20, 20]


@pytest.mark.parametrize(("first", "second"), [(18, 3), (3, 18)])
def test_disadvantage_draws_twice_and_keeps_the_lower(first: int, second: int) -> None:
    rng = FakeRng((20, first), (20, second))
    assert roll_die(20, D, rng) == DieResult(20, D, kept=3, dropped=18)


def test_advantage_with_equal_faces_keeps_one_and_drops_the_other() -> None:
    assert roll_die(8, A, FakeRng((8, 5), (8, 5))) == DieResult(8, A, 5, 5)


@SOURCES
def test_tags_apply_to_the_die_in_their_position(fake: type[FakeRng]) -> None:
    rng = fake(*d(20, 4, 17, 9, 2, 11))
    dice = roll_pool(PoolSpec(3, 20, 0, (A, D, N)), rng)
    assert dice == (
        DieResult(20, A, 17, 4),
        DieResult(20, D, 2, 9),
        DieResult(20, N, 11, None),
    )
    rng.assert_exhausted()


@SOURCES
def test_the_second_die_can_carry_a_tag_the_first_does_not(fake: type[FakeRng]) -> None:
    # "da2d20" puts disadvantage on die 1 and advantage on die 2
    rng = fake(*d(20, 15, 6, 6, 15))
    dice = roll(parse_roll("da2d20"), rng).pools[0].dice
    assert [(die.mode, die.kept, die.dropped) for die in dice] == [(D, 6, 15), (A, 15, 6)]


@SOURCES
@pytest.mark.parametrize(
    ("text", "faces", "expected"),
    [
        ("aaa3d8", [1, 7, 7, 1, 4, 4], [(7, 1), (7, 1), (4, 4)]),
        ("ddd3d8", [1, 7, 7, 1, 4, 4], [(1, 7), (1, 7), (4, 4)]),
        ("ad3d8", [1, 7, 7, 1, 4], [(7, 1), (1, 7), (4, None)]),
        ("a3d8", [2, 3, 8, 1], [(3, 2), (8, None), (1, None)]),
        ("3d8", [8, 1, 5], [(8, None), (1, None), (5, None)]),
        ("3d1000", [1000, 1, 500], [(1000, None), (1, None), (500, None)]),
    ],
)
def test_kept_and_dropped_faces_of_a_pool(
    fake: type[FakeRng], text: str, faces: list[int], expected: list[tuple[int, int | None]]
) -> None:
    spec = parse_roll(text)
    sides = spec.pools[0].sides
    rng = fake(*d(sides, *faces))
    dice = roll(spec, rng).pools[0].dice
    assert [(die.kept, die.dropped) for die in dice] == expected
    assert [die.mode for die in dice] == list(spec.pools[0].modes)
    assert {die.sides for die in dice} == {sides}
    rng.assert_exhausted()


def test_a_batch_source_is_asked_once_per_pool_of_several_dice() -> None:
    rng = FakeBatchRng(*d(20, 3, 18), *d(6, 2, 5), *d(6, 4, 1))
    result = roll(parse_roll("a1d20+5, 2d6+3, dp"), rng)
    # a lone die (with advantage: its two faces) and the plot die are drawn face by face
    assert rng.batches == [(6, 2)]
    assert rng.calls == [20, 20, 6, 6, 6, 6]
    assert result.pools[0].dice == (DieResult(20, A, 18, 3),)


def test_a_plain_plot_die_is_one_d6_settled_at_once() -> None:
    rng = FakeRng((6, 2))
    assert roll_plot(PlotSpec(), rng) == PlotResult(N, (2,), 0)
    assert rng.calls == [6]


@pytest.mark.parametrize("mode", [A, D])
def test_a_plot_die_with_a_tag_is_two_d6_left_pending(mode: DieMode) -> None:
    rng = FakeRng((6, 5), (6, 2))
    plot = roll_plot(PlotSpec(mode), rng)
    assert plot == PlotResult(mode, (5, 2), None)
    assert plot.pending
    assert rng.calls == [6, 6]


@SOURCES
def test_pools_are_drawn_in_order_and_the_plot_die_last(fake: type[FakeRng]) -> None:
    spec = parse_roll("ap, a1d20+5, 2d6+3")
    rng = fake(*d(20, 3, 18), *d(6, 4, 1), *d(6, 6, 2))
    result = roll(spec, rng)
    rng.assert_exhausted()
    assert rng.calls == [20, 20, 6, 6, 6, 6]
    assert [pool.dice for pool in result.pools] == [
        (DieResult(20, A, 18, 3),),
        (DieResult(6, N, 4), DieResult(6, N, 1)),
    ]
    assert result.plot == PlotResult(A, (6, 2), None)


@SOURCES
def test_every_die_of_a_twenty_dice_pool_is_drawn(fake: type[FakeRng]) -> None:
    rng = fake(*d(1000, *range(1, 21)))
    result = roll(parse_roll("20d1000"), rng)
    assert result.pools[0].subtotal == 210
    assert rng.calls == [1000] * 20


@pytest.mark.parametrize("dc", [None, 1, 15, 100_000])
def test_check_dc_accepts_the_range(dc: int | None) -> None:
    check_dc(dc)


@pytest.mark.parametrize("dc", [0, -3, 100_001])
def test_check_dc_rejects_outside_the_range(dc: int) -> None:
    with pytest.raises(LimitError) as caught:
        check_dc(dc)
    assert str(caught.value) == f"the DC must be between 1 and 100000 (got {dc})"
    assert caught.value.hint == "Cosmere DCs are usually 10 (easy) to 30 (nearly impossible)"


def test_a_defense_of_0_is_a_dc_only_where_the_least_allowed_is_0() -> None:
    check_dc(0, least=0)  # an attack's defense: every total meets it
    with pytest.raises(LimitError, match=r"^the DC must be between 0 and 100000 \(got -1\)$"):
        check_dc(-1, least=0)
    with pytest.raises(LimitError, match=r"^the DC must be between 1 and 100000 \(got 0\)$"):
        check_dc(0)


@pytest.mark.parametrize("notation", ["p", "ap", "dp"])
def test_a_dc_on_the_plot_die_alone_has_nothing_to_judge(notation: str) -> None:
    with pytest.raises(NothingToJudgeError) as caught:
        check_judged(parse_roll(notation), 10)
    assert str(caught.value) == (
        f"a DC needs a pool to judge, and {notation} is the plot die alone (DC 10)")
    assert caught.value.hint == "add a pool such as 1d20, or leave out the DC"


@pytest.mark.parametrize(("notation", "dc"), [("p", None), ("2d6, p", 10), ("d20", 10)])
def test_a_dc_with_a_pool_to_judge_or_no_dc_is_accepted(notation: str, dc: int | None) -> None:
    check_judged(parse_roll(notation), dc)


def test_the_fake_rng_fails_on_the_wrong_die_size() -> None:
    with pytest.raises(AssertionError, match="asked for a d20, the script expected a d6"):
        roll(parse_roll("d20"), FakeRng((6, 3)))


def test_the_fake_rng_fails_when_it_runs_out() -> None:
    with pytest.raises(AssertionError, match="FakeRng ran out: draw 2 asked for a d20"):
        roll(parse_roll("a1d20"), FakeRng((20, 3)))


@pytest.mark.parametrize(("mode", "first", "second", "kept", "dropped"), [
    (DieMode.ADVANTAGE, 3, 18, 18, 3), (DieMode.ADVANTAGE, 18, 3, 18, 3),
    (DieMode.DISADVANTAGE, 3, 18, 3, 18), (DieMode.DISADVANTAGE, 18, 3, 3, 18),
    (DieMode.ADVANTAGE, 7, 7, 7, 7), (DieMode.DISADVANTAGE, 7, 7, 7, 7),
])
def test_keep_is_the_one_rule_of_advantage_and_disadvantage(
        mode: DieMode, first: int, second: int, kept: int, dropped: int) -> None:
    assert keep(20, mode, first, second) == DieResult(20, mode, kept, dropped)


@pytest.mark.parametrize("mode", [DieMode.ADVANTAGE, DieMode.DISADVANTAGE])
def test_a_pool_of_dice_rolled_twice_keeps_each_as_keep_does(mode: DieMode) -> None:
    firsts = [first for first in range(1, 7) for _ in range(1, 7)]
    seconds = [second for _ in range(1, 7) for second in range(1, 7)]
    assert keep_each(6, mode, firsts, seconds) == [
        keep(6, mode, first, second) for first, second in zip(firsts, seconds, strict=True)]


@pytest.mark.parametrize("text", ["ad3d20", "aa2d20", "dd2d20", "a2d6, d2d6", "ada3d8"])
def test_every_path_of_the_evaluator_keeps_alike(text: str) -> None:
    spec = parse_roll(text)
    draws = [(pool.sides, (n * 7) % pool.sides + 1) for pool in spec.pools
             for n in range(pool.count + sum(m is not DieMode.NORMAL for m in pool.modes))]
    by_die = roll(spec, FakeRng(*draws))
    for pool in by_die.pools:
        assert all(die.kept == (max if die.mode is DieMode.ADVANTAGE else min)(
            die.kept, die.dropped or die.kept) for die in pool.dice)


@pytest.mark.parametrize("sides", [100, 101, 1000])
def test_plain_dice_of_any_size_are_shared_values_equal_to_fresh_ones(sides: int) -> None:
    """Either side of the d100 edge and at the d1000 limit, a plain die showing a face is one
    shared value, the same as a die built fresh."""
    pool = PoolSpec(2, sides, 0, (DieMode.NORMAL,) * 2)
    first = roll_pool(pool, FakeBatchRng((sides, 1), (sides, sides)))
    again = roll_pool(pool, FakeBatchRng((sides, sides), (sides, 1)))
    assert first == (DieResult(sides, DieMode.NORMAL, 1), DieResult(sides, DieMode.NORMAL, sides))
    assert (first[0] is again[1], first[1] is again[0]) == (True, True)


def test_the_shared_tables_of_large_dice_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    """Past the bound, a new size of large die is built die by die: right, but not kept."""
    monkeypatch.setattr(rolling, "_NORMAL_DICE", {})
    monkeypatch.setattr(rolling, "_large_tables", 0)
    sizes = range(101, 101 + rolling._LARGE_TABLES + 1)
    dice = [roll_pool(PoolSpec(1, sides, 0, (DieMode.NORMAL,)), FakeBatchRng((sides, 7)))
            for sides in sizes]
    assert dice == [(DieResult(sides, DieMode.NORMAL, 7),) for sides in sizes]
    assert sorted(rolling._NORMAL_DICE) == list(sizes)[:-1]
    last = sizes[-1]
    again = roll_pool(PoolSpec(1, last, 0, (DieMode.NORMAL,)), FakeBatchRng((last, 7)))
    assert again == dice[-1]
    assert again[0] is not dice[-1][0]


def test_a_lone_plain_die_is_one_draw_of_the_face_a_batch_of_one_gives(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Once its size's table exists, a pool of one plain die is one ``roll`` and a lookup:
    the same face, and the same shared value, as a batch of one."""
    monkeypatch.setattr(rolling, "_NORMAL_DICE", {})
    pool = PoolSpec(1, 20, 0, (N,))
    batched = FakeBatchRng((20, 7))
    first = roll_pool(pool, batched)  # no table yet: drawn as a batch, which builds it
    looked_up = FakeBatchRng((20, 7))
    again = roll_pool(pool, looked_up)
    assert (batched.batches, looked_up.batches, looked_up.calls) == ([(20, 1)], [], [20])
    assert again == first == (DieResult(20, N, 7),)
    assert again[0] is first[0]


def test_lone_dice_from_a_seeded_source_follow_its_stream_die_by_die() -> None:
    spec = parse_roll("1d20+5")
    fast, reference = SeededRandomSource(42), SeededRandomSource(42)
    rolled = [roll(spec, fast).pools[0].dice[0].kept for _ in range(200)]
    assert rolled == [roll_die(20, N, reference).kept for _ in range(200)]
