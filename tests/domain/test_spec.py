"""A roll's parsed form and what it derives: a pool's bounds and notation, the plot die appended,
which pools a DC judges."""

from __future__ import annotations

import pytest

from nazh.domain.notation import parse_roll
from nazh.domain.spec import PlotSpec, PoolSpec, RollSpec
from tests.domain.kit import A, D, N


def test_pool_spec_bounds_and_notation() -> None:
    pool = PoolSpec(2, 20, -3, (A, N))
    assert pool.skill
    assert pool.notation == "a2d20-3"
    assert pool.min_total() == 1
    assert pool.max_total(with_plot=False) == 37
    assert pool.max_total(with_plot=True) == 41
    damage = PoolSpec(3, 6, 2, (N, N, N))
    assert (damage.min_total(), damage.max_total(with_plot=True)) == (5, 20)


def test_roll_spec_with_plot_appends_it() -> None:
    spec = RollSpec((PoolSpec(1, 20, 0, (N,)),))
    assert spec.pool_count == 1
    with_plot = spec.with_plot(PlotSpec(D))
    assert (with_plot.notation, with_plot.pool_count, with_plot.plot_position) == ("1d20, dp", 2, 1)


@pytest.mark.parametrize(("text", "judged"), [
    ("1d20, 2d6", [True, False]),
    ("2d6, 1d8", [True, True]),
    ("a1d20+5, d1d20, 3d6", [True, True, False]),
])
def test_a_dc_judges_the_tests_or_every_pool_when_there_is_none(
        text: str, judged: list[bool]) -> None:
    spec = parse_roll(text)
    assert [spec.judged(pool) for pool in spec.pools] == judged
