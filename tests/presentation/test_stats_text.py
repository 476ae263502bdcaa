"""The dice statistics as text (``nazh audit``, /stats): each line, and the verdict that ends
the report."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from nazh.application.stats.dice_stats import (
    Cell,
    Period,
    PoolAverage,
    RollLuck,
    StatsReport,
    StatsScope,
    dice_of,
)
from nazh.domain.fairness import FitTest, chi_square
from nazh.presentation.stats_text import (
    audit_text,
    luck_line,
    p_text,
    plot_line,
    pool_line,
    verdict_line,
)

EMPTY = StatsReport.empty(StatsScope(guild_id=1), Period.ALL)
FAIR_D6 = dice_of({"d6": dict.fromkeys(range(1, 7), 100)})
LOADED_D6 = dice_of({"d6": {1: 10, 2: 10, 3: 10, 4: 10, 5: 10, 6: 550}})


def test_a_p_value_is_shown_to_four_digits_or_as_a_bound() -> None:
    assert p_text(FitTest(18.24, 19, 0.5071, enough=True)) == "χ² 18.2 (19 df), p = 0.5071"
    assert p_text(FitTest(99.0, 5, 0.00001, enough=True)) == "χ² 99.0 (5 df), p < 0.0001"


def test_a_report_of_no_rolls_has_nothing_to_judge() -> None:
    assert plot_line(EMPTY) is None
    assert pool_line(EMPTY) is None
    assert verdict_line(EMPTY).startswith("NOTHING TO JUDGE: too few rolls")
    assert audit_text(EMPTY).splitlines()[-1] == verdict_line(EMPTY)


def test_fair_dice_pass_and_a_loaded_die_fails_by_name() -> None:
    fair = replace(EMPTY, rolls=600, dice=FAIR_D6)
    loaded = replace(EMPTY, rolls=600, dice=LOADED_D6)
    assert verdict_line(fair) == "PASS: every die size is consistent with fair dice"
    assert verdict_line(loaded) == "FAIL: d6 not consistent with fair dice"
    assert "d6: 600 rolled · χ² 0.0 (5 df), p = 1" in audit_text(fair)


def test_the_plot_die_the_most_rolled_pool_and_the_luckiest_rolls_have_their_lines() -> None:
    report = replace(EMPTY, rolls=300, plot=(100, 100, 100),
                     plot_test=chi_square([100, 100, 100], [1 / 3] * 3),
                     pool=PoolAverage("1d20", 40, 11.0, 10.5))
    assert plot_line(report) == (
        "plot die: 300 faces · Complication 33.3%, blank 33.3%, Opportunity 33.3% "
        "(fair: 33.3% each) · " + report.words(report.plot_test))
    assert pool_line(report) == "most rolled: 1d20 ×40 · average 11.00, expected 10.50 (+0.50)"
    luck = RollLuck("k3v9x0q2md", Cell(1, 2, 3, 0, 0), datetime(2026, 1, 1, tzinfo=UTC),
                    "a1d20+5", 25, 98.4)
    assert luck_line(luck) == "k3v9x0q2md: a1d20+5 → 25 (percentile 98.4)"
