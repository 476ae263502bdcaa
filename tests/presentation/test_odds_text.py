"""The odds as text: percentages, summaries, histograms folded to fit, bars in eighths."""

from __future__ import annotations

import math

import pytest

from nazh.application.odds.use_cases import OddsOf
from nazh.domain.attack_odds import AttackTerms
from nazh.domain.encounter.damage import DamageType
from nazh.domain.target_odds import Target
from nazh.presentation.odds_text import (
    Bin,
    bar,
    distribution_histogram,
    format_percent,
    histogram,
    pool_summary,
    render_attack_odds,
    story_summary,
    visible_range,
)


@pytest.mark.parametrize(
    ("probability", "possible", "certain", "text"),
    [
        (0.7804, False, False, "78.04%"),
        (0.0, False, False, "0%"),
        (1.0, False, False, "100%"),
        (0.0, True, False, "<0.01%"),
        (1e-9, False, False, "<0.01%"),
        (0.999999, False, False, ">99.99%"),
        (1.0, True, False, ">99.99%"),
        (0.99999, False, True, "100%"),
    ],
)
def test_format_percent(probability: float, possible: bool, certain: bool, text: str) -> None:
    assert format_percent(probability, possible=possible, certain=certain) == text


def test_summaries() -> None:
    odds = OddsOf()("a1d20, 1d20, p", dc=40)
    assert pool_summary(odds.pools[0]) == (
        "mean 14.82, stdev 4.95, totals 1..24, P(total >= 40) = 0%")
    assert story_summary(OddsOf()("1d20")) == (
        "At least one Opportunity: 5.00%; at least one Complication: 5.00%")


def test_a_short_histogram_has_a_row_per_total() -> None:
    bins = histogram(OddsOf()("2d6", dc=8).pools[0])
    assert [b.label for b in bins] == [str(t) for t in range(2, 13)]
    assert [b.meets_dc for b in bins] == [False] * 6 + [True] * 5
    assert bins[5].probability == 6 / 36  # a total of 7


def test_a_long_histogram_folds_its_tails_and_never_straddles_the_dc() -> None:
    pool = OddsOf()("20d20", dc=201).pools[0]
    bins = histogram(pool)
    assert 10 <= len(bins) <= 17
    assert bins[0].open_low
    assert bins[-1].open_high
    assert bins[0].label.startswith("<=")
    assert bins[-1].label.startswith(">=")
    assert math.fsum(b.probability for b in bins) == pytest.approx(1, abs=1e-15)
    assert any(b.low == 201 for b in bins)
    assert all(b.meets_dc == (b.low >= 201) for b in bins)
    assert all(b.high < 201 or b.low >= 201 for b in bins)


def test_a_far_dc_stays_in_view() -> None:
    pool = OddsOf()("20d20", dc=380).pools[0]
    assert visible_range(pool.distribution, 16, pool.dc)[1] >= 380
    assert histogram(pool)[-1].meets_dc


def test_bin_labels() -> None:
    assert Bin(3, 3, 0.1).label == "3"
    assert Bin(3, 5, 0.1).label == "3-5"
    assert Bin(3, 5, 0.1, open_low=True).label == "<=5"
    assert Bin(3, 5, 0.1, open_high=True).label == ">=3"


def test_bars_are_drawn_in_eighths() -> None:
    assert bar(1.0, 4) == "████"
    assert bar(0.5, 3) == "█▌"
    assert bar(0.0, 4) == ""


def test_the_text_of_an_attack() -> None:
    attack = OddsOf().attack("1d20+5", AttackTerms(15, "1d6"))
    lines = render_attack_odds(attack).splitlines()
    assert lines[:3] == [
        "Odds of an attack: 1d20+5 against defense 15, damage 1d6+5 (the test's modifier)",
        "Chances: hit 55.00% (with an Opportunity, critical possible: 5.00%), miss 45.00%",
        "Expected damage: 4.80 per attack (each hit with an Opportunity made critical); "
        "6.38 grazing every miss",
    ]
    assert "  mean 8.50, 6..11" in lines
    assert "  mean 3.50, 1..6" in lines
    assert "  always 11" in lines
    assert "The test: 1d20+5 (✓ hits)" in lines


def test_any_distribution_has_a_histogram() -> None:
    attack = OddsOf().attack("1d20", AttackTerms(10, "2d6"))
    bins = distribution_histogram(attack.graze.distribution)
    assert [(b.low, b.high) for b in bins] == [(v, v) for v in range(2, 13)]
    assert math.isclose(sum(b.probability for b in bins), 1.0)


def test_the_text_of_an_attack_against_a_target() -> None:
    """1d20+5 vs 15, 1d8+5 on a hit, deflect 2 on keen damage, 10 health: a plain hit (10 in
    20) deals 4..11, 10 or more on 2 of 8 faces; a critical hit (1 in 20) 13 - 2 = 11."""
    target = Target(deflect=2, damage_type=DamageType.KEEN, health=10)
    attack = OddsOf().attack("1d20+5", AttackTerms(15, "1d8", target))
    lines = render_attack_odds(attack).splitlines()
    assert lines[3:6] == [
        "Target: deflect 2, keen damage, 10 health",
        "Expected damage after deflect: 4.30 per attack (each hit with an Opportunity made "
        "critical); 5.48 grazing every miss",
        "Chance to drop it (10 health to 0) in one attack: 17.50%; 17.50% grazing every miss",
    ]
    assert lines[6] == ""  # no note: keen damage is reduced by deflect
    assert "  after deflect 2: mean 7.50, 4..11" in lines
    assert "  after deflect 2: mean 2.62, 0..6" in lines  # the graze: 1d8 - 2, at least 0
    assert "  after deflect 2: always 11" in lines


def test_a_deflect_that_takes_nothing_is_explained() -> None:
    target = Target(deflect=3, damage_type=DamageType.SPIRIT)
    lines = render_attack_odds(OddsOf().attack("1d20", AttackTerms(10, "1d6",
                                                                   target))).splitlines()
    assert lines[3] == "Target: deflect 3, spirit damage"
    assert lines[5] == ("Note: spirit damage is not reduced by deflect (only energy, impact "
                        "and keen are): the target's deflect 3 takes nothing.")
    assert not any(line.startswith("  after deflect") for line in lines)
    assert not any(line.startswith("Chance to drop") for line in lines)  # no health given


def test_without_a_target_nothing_is_added() -> None:
    text = render_attack_odds(OddsOf().attack("1d20", AttackTerms(10, "1d6")))
    assert "Target:" not in text
    assert "after deflect" not in text
