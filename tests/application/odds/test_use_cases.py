"""The odds use case, its JSON form and its medium-independent presentation."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from fractions import Fraction

import pytest

from nazh.application.odds.use_cases import EXACT_WORK_LIMIT, OddsAnswer, OddsOf, ShowOdds
from nazh.application.saved.shelves import SavedRoll, SavedRolls
from nazh.domain.attack_odds import AttackTerms
from nazh.domain.convolution import Factor, exact_counts, factors_denominator
from nazh.domain.errors import (
    AttackError,
    LimitError,
    NazhError,
    NotationError,
    NothingToJudgeError,
    PlotDieError,
)
from nazh.domain.notation import parse_roll
from nazh.presentation.odds_json import (
    MARGINAL_NOTE,
    ODDS_SCHEMA_VERSION,
    odds_to_dict,
)
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
from tests.app_fakes import FakeSavedRollStore


class FakeConvolution:
    """A ``FloatConvolution`` that answers from exact counts and records every call."""

    def __init__(self) -> None:
        self.calls: list[tuple[Factor, ...]] = []

    def convolve(self, factors: Sequence[Factor]) -> list[float]:
        self.calls.append(tuple(factors))
        denominator = factors_denominator(factors)
        return [count / denominator for count in exact_counts(factors)]


# -- the use case --------------------------------------------------------------------------------


def test_the_odds_of_a_notation() -> None:
    odds = OddsOf()("a1d20+5, 2d6+3", dc=16)
    skill, damage = odds.pools
    assert skill.success_fraction() == Fraction(300, 400)  # a1d20 >= 11
    assert damage.dc is None
    assert skill.exact


def test_add_plot_adds_a_plain_plot_die() -> None:
    odds = OddsOf()("1d20", add_plot=True, dc=21)
    assert odds.spec.notation == "1d20, p"
    assert odds.pools[0].success_fraction() == Fraction(1, 20)


@pytest.mark.parametrize(
    ("text", "add_plot", "error"),
    [
        ("3d6+", False, NotationError),
        ("21d6", False, LimitError),
        ("1d20, p, p", False, PlotDieError),
        ("1d20, p", True, PlotDieError),
        ("1d6, 1d6, 1d6, 1d6, 1d6", True, LimitError),
    ],
)
def test_bad_input_gets_the_errors_of_a_roll(text: str, add_plot: bool,
                                             error: type[NazhError]) -> None:
    with pytest.raises(error) as raised:
        OddsOf()(text, add_plot=add_plot)
    with pytest.raises(error) as by_parser:
        parse_roll(text, add_plot=add_plot)
    assert raised.value.describe() == by_parser.value.describe()


def test_a_dc_on_the_plot_die_alone_is_refused_like_a_roll() -> None:
    with pytest.raises(NothingToJudgeError) as raised:
        OddsOf()("p", dc=10)
    with pytest.raises(NothingToJudgeError) as by_spec:
        OddsOf().of_spec(parse_roll("p"), dc=10)
    assert raised.value.describe() == by_spec.value.describe()


def test_the_dc_is_checked_before_the_notation() -> None:
    with pytest.raises(LimitError, match="DC"):
        OddsOf()("3d6+", dc=100_001)


def test_small_pools_are_exact_even_with_a_fast_convolution() -> None:
    fast = FakeConvolution()
    odds = OddsOf(fast)("20d20, a1d20+5")
    assert fast.calls == []
    assert all(pool.exact for pool in odds.pools)


def test_big_pools_go_to_the_fast_convolution() -> None:
    fast = FakeConvolution()
    odds = OddsOf(fast)("10d1000, 2d6")
    assert len(fast.calls) == 1
    assert [pool.exact for pool in odds.pools] == [False, True]
    assert odds.pools[0].moments.mean == 5005.0
    assert math.fsum(odds.pools[0].distribution.probabilities) == pytest.approx(1, abs=1e-12)


def test_identical_pools_are_computed_once() -> None:
    fast = FakeConvolution()
    odds = OddsOf(fast, exact_work_limit=0)("3d6, 3d6+2, 3d6-1, 3d8")
    assert len(fast.calls) == 2
    assert odds.pools[1].minimum == 5
    assert odds.pools[1].distribution.probabilities == odds.pools[0].distribution.probabilities


def test_without_a_fast_convolution_everything_is_exact() -> None:
    odds = OddsOf(exact_work_limit=0)("5d100")
    assert odds.pools[0].exact
    assert EXACT_WORK_LIMIT > 0


def test_odds_of_a_parsed_roll() -> None:
    spec = parse_roll("ad2d20+3, p")
    assert OddsOf().of_spec(spec, 20) == OddsOf()("ad2d20+3, p", dc=20)


# -- the JSON form -------------------------------------------------------------------------------


def test_the_json_form() -> None:
    odds = OddsOf()("a1d20+5, 2d6+3, ap", dc=15)
    data = odds_to_dict(odds, notation="a1d20+5, 2d6+3, ap")
    assert list(data) == ["version", "input", "notation", "dc", "plot", "notes",
                          "p_opportunity", "p_complication", "pools", "attack"]
    assert data["version"] == ODDS_SCHEMA_VERSION
    assert data["attack"] is None
    assert data["plot"] == {"mode": "advantage", "odds_for": "normal"}
    assert data["notes"] == [
        "the plot die's advantage is a choice, not a rule: these odds are for a plain plot die"]
    assert data["p_opportunity"] == float(1 - Fraction(361, 400) * Fraction(4, 6))
    assert data["p_complication"] == float(1 - Fraction(399, 400) * Fraction(4, 6))
    skill, damage = data["pools"]
    assert list(skill) == ["notation", "skill", "plot_bonus", "exact", "min", "max", "mean",
                           "stdev", "dc", "p_success", "p_opportunity", "p_complication",
                           "distribution"]
    assert skill["p_opportunity"] == data["p_opportunity"]  # the only test: the same events
    assert skill["p_complication"] == data["p_complication"]
    assert (damage["p_opportunity"], damage["p_complication"]) == (None, None)
    assert (skill["notation"], skill["min"], skill["max"], skill["dc"]) == ("a1d20+5", 6, 29, 15)
    assert skill["p_success"] == odds.pools[0].p_success
    assert len(skill["distribution"]) == 29 - 6 + 1
    assert skill["distribution"][29 - 6] == float(Fraction(39, 400) / 6)  # a 20 and a +4
    assert skill["distribution"] == list(odds.pools[0].distribution.probabilities)
    assert (damage["dc"], damage["p_success"], damage["plot_bonus"]) == (None, None, False)
    assert damage["mean"] == 10.0
    assert json.loads(json.dumps(data)) == data


def test_the_json_form_without_plot_or_dc() -> None:
    data = odds_to_dict(OddsOf()("3d6"), notation="3d6")
    assert (data["plot"], data["dc"], data["notes"]) == (None, None, [])
    assert data["pools"][0]["distribution"][10 - 3] == 27 / 216


def test_correlated_skill_pools_are_noted() -> None:
    data = odds_to_dict(OddsOf()("1d20, 2d20, p"), notation="")
    assert data["notes"] == [MARGINAL_NOTE]


# -- presentation --------------------------------------------------------------------------------


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


class RecordingWorker:
    """An ``OddsWorker`` computing in-process and recording what it was asked."""

    def __init__(self) -> None:
        self.asked: list[tuple[str, bool, int | None]] = []
        self.attacks: list[AttackTerms | None] = []

    async def compute(self, notation: str, *, add_plot: bool, dc: int | None,
                      attack: AttackTerms | None = None) -> OddsAnswer:
        self.asked.append((notation, add_plot, dc))
        self.attacks.append(attack)
        if attack is not None:
            odds = OddsOf().attack(notation, attack, add_plot=add_plot)
            return OddsAnswer(odds.test, b"png", odds)
        return OddsAnswer(OddsOf()(notation, add_plot=add_plot, dc=dc), b"png")


async def test_show_odds_resolves_a_saved_roll_and_hands_it_to_the_worker() -> None:
    worker = RecordingWorker()
    saved = SavedRolls(FakeSavedRollStore(SavedRoll(5, "stealth", "a1d20+6")))
    answer = await ShowOdds(worker, saved)("@stealth", 5, add_plot=True, dc=15)
    assert worker.asked == [("a1d20+6", True, 15)]
    assert answer.chart == b"png"
    assert answer.odds.dc == 15


@pytest.mark.parametrize(("pool", "dc"), [("21d6", None), ("2x6", None), ("1d20", 0),
                                         ("p", 10)])
async def test_show_odds_checks_every_limit_before_any_work_is_queued(
        pool: str, dc: int | None) -> None:
    worker = RecordingWorker()
    with pytest.raises(NazhError):
        await ShowOdds(worker, SavedRolls(FakeSavedRollStore()))(pool, 5, dc=dc)
    assert worker.asked == []


def test_version_1_maps_each_total_as_text_to_its_probability() -> None:
    odds = OddsOf()("a1d20+5, 2d6+3, ap", dc=15)
    old, new = (odds_to_dict(odds, notation="a1d20+5", version=v) for v in (1, 2))
    assert (old["version"], new["version"]) == (1, ODDS_SCHEMA_VERSION) == (1, 2)
    for old_pool, new_pool in zip(old["pools"], new["pools"], strict=True):
        assert list(old_pool["distribution"]) == [
            str(total) for total in range(old_pool["min"], old_pool["max"] + 1)]
        assert list(old_pool["distribution"].values()) == new_pool["distribution"]
        assert {**old_pool, "distribution": None} == {**new_pool, "distribution": None}
    assert {**old, "version": 0, "pools": None} == {**new, "version": 0, "pools": None}
    assert old["pools"][0]["distribution"]["29"] == float(Fraction(39, 400) / 6)


@pytest.mark.parametrize("version", [0, 3])
def test_an_unknown_json_version_is_refused(version: int) -> None:
    with pytest.raises(ValueError, match=f"no odds JSON version {version}"):
        odds_to_dict(OddsOf()("1d20"), notation="1d20", version=version)


@pytest.mark.parametrize("notation", ["a20d1000+1000, 3d6", "1d4-10", "2d20", "20d1000"])
def test_every_total_of_the_json_data_is_its_own_text(notation: str) -> None:
    odds = OddsOf()(notation)
    for _ in range(2):  # the second time from the totals' texts kept
        data = odds_to_dict(odds, notation=notation, version=1)
        for pool, shown in zip(odds.pools, data["pools"], strict=True):
            assert shown["distribution"] == {str(total): p
                                             for total, p in pool.distribution.items()}
            assert list(shown["distribution"]) == [
                str(total) for total in range(pool.minimum, pool.maximum + 1)]


async def test_show_odds_of_an_attack_resolves_the_test_and_hands_the_terms_on() -> None:
    worker = RecordingWorker()
    saved = SavedRolls(FakeSavedRollStore(SavedRoll(5, "slash", "a1d20+4")))
    terms = AttackTerms(14, "2d6")
    answer = await ShowOdds(worker, saved).attack("@slash", 5, terms, add_plot=True)
    assert worker.asked == [("a1d20+4", True, None)]
    assert worker.attacks == [terms]
    assert answer.attack is not None
    assert answer.odds == answer.attack.test
    assert answer.odds.dc == 14
    assert answer.attack.spec.damage.notation == "2d6+4"


@pytest.mark.parametrize(("pool", "terms", "error"), [
    ("2d6", AttackTerms(15, "1d6"), AttackError),
    ("1d20", AttackTerms(15, "1d6, p"), PlotDieError),
    ("1d20", AttackTerms(0, "1d6"), LimitError),
    ("1d20", AttackTerms(15, "1d1001"), LimitError),
    ("1d20+", AttackTerms(15, "1d6"), NotationError),
])
async def test_show_odds_checks_an_attack_before_any_work_is_queued(
        pool: str, terms: AttackTerms, error: type[NazhError]) -> None:
    worker = RecordingWorker()
    with pytest.raises(error):
        await ShowOdds(worker, SavedRolls(FakeSavedRollStore())).attack(pool, 5, terms)
    assert worker.asked == []


def test_the_json_of_an_attack() -> None:
    attack = OddsOf().attack("1d20+5", AttackTerms(15, "1d6"))
    data = json.loads(json.dumps(odds_to_dict(attack.test, notation="1d20+5", attack=attack)))
    assert data["dc"] == 15
    assert data["pools"][0]["p_success"] == 0.55
    assert data["attack"] == {
        "test": "1d20+5", "defense": 15, "damage": "1d6+5", "damage_modifier_from": "test",
        "p_hit": 0.55, "p_hit_with_opportunity": 0.05, "p_miss": 0.45,
        "expected_damage": 4.8, "expected_damage_grazing": 6.375,
        "hit": {"min": 6, "max": 11, "mean": 8.5, "distribution": [1 / 6] * 6},
        "graze": {"min": 1, "max": 6, "mean": 3.5, "distribution": [1 / 6] * 6},
        "critical": {"min": 11, "max": 11, "mean": 11.0, "distribution": [1.0]},
    }
    old = odds_to_dict(attack.test, notation="1d20+5", attack=attack, version=1)["attack"]
    assert old["hit"]["distribution"] == {str(v): 1 / 6 for v in range(6, 12)}
    assert odds_to_dict(OddsOf()("1d20"), notation="1d20")["attack"] is None


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
