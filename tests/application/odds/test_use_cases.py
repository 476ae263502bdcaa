"""The odds use case, its JSON form and its medium-independent presentation."""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction

import pytest

from nazh.application.odds.use_cases import (
    EXACT_WORK_LIMIT,
    IN_ENGLISH,
    ChartWords,
    OddsAnswer,
    OddsOf,
    ShowOdds,
)
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
from nazh.domain.ranges import DEFAULT_RANGES, Ranges
from nazh.domain.target_odds import Target
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


# -- presentation --------------------------------------------------------------------------------


class RecordingWorker:
    """An ``OddsWorker`` computing in-process and recording what it was asked."""

    def __init__(self) -> None:
        self.asked: list[tuple[str, bool, int | None]] = []
        self.attacks: list[AttackTerms | None] = []
        self.ranges: list[Ranges] = []
        self.words: list[ChartWords] = []

    async def compute(self, notation: str, *, add_plot: bool, dc: int | None,
                      attack: AttackTerms | None = None, ranges: Ranges = DEFAULT_RANGES,
                      words: ChartWords = IN_ENGLISH) -> OddsAnswer:
        self.words.append(words)
        self.asked.append((notation, add_plot, dc))
        self.attacks.append(attack)
        self.ranges.append(ranges)
        if attack is not None:
            odds = OddsOf().attack(notation, attack, add_plot=add_plot)
            return OddsAnswer(odds.test, b"png", odds)
        return OddsAnswer(OddsOf()(notation, add_plot=add_plot, dc=dc, ranges=ranges), b"png")


async def test_show_odds_hands_the_worker_the_charts_words() -> None:
    worker = RecordingWorker()
    words = ChartWords(total="total (fr)", dc="DD {dc}")
    show = ShowOdds(worker, SavedRolls(FakeSavedRollStore()))
    await show("1d20+5", 5, dc=15, words=words)
    await show.attack("1d20+5", 5, AttackTerms(15, "2d6"), words=words)
    await show("2d6", 5)
    assert worker.words == [words, words, IN_ENGLISH]


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
    ("1d20", AttackTerms(-1, "1d6"), LimitError),
    ("1d20", AttackTerms(15, "1d1001"), LimitError),
    ("1d20+", AttackTerms(15, "1d6"), NotationError),
    ("1d20", AttackTerms(15, "1d6", Target(deflect=21)), LimitError),
    ("1d20", AttackTerms(15, "1d6", Target(health=0)), LimitError),
    ("1d20", AttackTerms(15, "1d6", Target(deflect=2, health=1000)), LimitError),
])
async def test_show_odds_checks_an_attack_before_any_work_is_queued(
        pool: str, terms: AttackTerms, error: type[NazhError]) -> None:
    worker = RecordingWorker()
    with pytest.raises(error):
        await ShowOdds(worker, SavedRolls(FakeSavedRollStore())).attack(pool, 5, terms)
    assert worker.asked == []


async def test_show_odds_hands_the_target_on_to_the_worker() -> None:
    worker = RecordingWorker()
    terms = AttackTerms(14, "2d6", Target(deflect=2, health=8))
    answer = await ShowOdds(worker, SavedRolls(FakeSavedRollStore())).attack("1d20+4", 5, terms)
    assert worker.attacks == [terms]
    assert answer.attack is not None
    assert answer.attack.chance_to_drop is not None
    assert answer.attack.expected_damage_after_deflect < answer.attack.expected_damage
