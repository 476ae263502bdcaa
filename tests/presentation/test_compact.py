"""A roll's result in one line (a server's answer-format compact): who, what, the total with its
dice, the outcome, the roll id."""

from __future__ import annotations

from nazh.domain.notation import parse_roll
from nazh.domain.results import RollResult
from nazh.domain.rolling import roll
from nazh.presentation.compact import compact_line, outcome_words
from tests.fakes import FakeRng


def rolled(text: str, *draws: tuple[int, int], dc: int | None = None) -> RollResult:
    rng = FakeRng(*draws)
    result = roll(parse_roll(text), rng, dc)
    rng.assert_exhausted()
    return result


def test_a_roll_against_a_dc_is_one_line_ending_with_its_roll_id() -> None:
    result = rolled("a1d20+5", (20, 12), (20, 7), dc=15)
    line = compact_line(result, who="<@1>", roll_id="k3v9x0q2md")
    assert line == "<@1> · `a1d20+5` → **17** [12↑(7)] · DC 15: Success · roll k3v9x0q2md"
    assert "\n" not in line


def test_a_test_names_its_act_and_the_marks_give_their_words() -> None:
    result = rolled("1d20+3", (20, 20), dc=25)
    line = compact_line(result, who="<@1>", roll_id="x", act="Insight test")
    assert line.startswith("<@1> · **Insight test** · `1d20+3` → **23** [")
    assert line.endswith(" · DC 25: Failure, 1 Opportunity · roll x")


def test_without_a_dc_nor_marks_the_total_says_all() -> None:
    assert outcome_words(rolled("2d6", (6, 3), (6, 4))) == ""
    assert compact_line(rolled("2d6", (6, 3), (6, 4)), who="<@1>", roll_id="x") == \
        "<@1> · `2d6` → **7** [3, 4] · roll x"


def test_several_pools_against_the_dc_are_judged_each() -> None:
    result = rolled("1d20, 1d20+10", (20, 4), (20, 9), dc=15)
    assert outcome_words(result) == "DC 15: 1d20 failure, 1d20+10 success"


def test_a_kind_s_outcome_leads_the_marks() -> None:
    result = rolled("1d20", (20, 1))
    assert outcome_words(result, "Miss") == "Miss, 1 Complication"
