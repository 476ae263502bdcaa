"""The chi-square test against published critical values, and percentiles by enumeration."""

from __future__ import annotations

from itertools import product

import pytest

from nazh.domain.fairness import chi_square, chi_square_sf, in_words, percentile
from nazh.domain.notation import parse_roll
from nazh.domain.odds import pool_odds


@pytest.mark.parametrize(("statistic", "degrees", "p"), [
    (3.841459, 1, 0.05), (6.634897, 1, 0.01), (5.991465, 2, 0.05), (11.0705, 5, 0.05),
    (30.14353, 19, 0.05), (36.19087, 19, 0.01), (43.82016, 19, 0.001), (10.0, 10, 0.4404933),
    (0.5, 3, 0.9188914), (150.0, 19, 3.4e-22),
])
def test_p_values_match_the_tables(statistic: float, degrees: int, p: float) -> None:
    assert chi_square_sf(statistic, degrees) == pytest.approx(p, rel=1e-4)


def test_a_perfectly_even_count_has_p_one_and_a_loaded_one_fails() -> None:
    assert chi_square([50] * 20, [0.05] * 20).p_value == 1.0
    loaded = chi_square([50] * 19 + [150], [0.05] * 20)
    assert loaded.statistic == pytest.approx((150 - 55) ** 2 / 55 + 19 * (50 - 55) ** 2 / 55)
    assert in_words(loaded, 0.01) == "not consistent with fair dice"


def test_too_few_rolls_are_not_judged() -> None:
    test = chi_square([1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3], [0.05] * 20)
    assert not test.enough
    assert in_words(test, 0.01) == "too few rolls to tell"


def test_percentiles_match_enumeration() -> None:
    pool = parse_roll("a1d20+2").pools[0]
    distribution = pool_odds(pool).distribution
    totals = [max(a, b) + 2 for a, b in product(range(1, 21), repeat=2)]
    for total in (3, 12, 22):
        below = sum(t < total for t in totals) / 400
        equal = sum(t == total for t in totals) / 400
        assert percentile(distribution, total) == pytest.approx(100 * (below + equal / 2))
