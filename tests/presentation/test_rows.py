"""Rows, marks, the DC verdict and the legend, medium-independent."""

from __future__ import annotations

import pytest

from nazh.domain.notation import parse_roll
from nazh.domain.ranges import Ranges
from nazh.domain.results import DieResult, PlotResult, RollResult
from nazh.domain.rolling import roll
from nazh.domain.spec import DieMode
from nazh.presentation.chat import result_lines
from nazh.presentation.rows import (
    LEGEND,
    PlainMarkup,
    Row,
    dc_line,
    die_text,
    legend,
    plot_face_label,
    plot_row,
    pool_row,
    ranges_line,
    result_rows,
)
from nazh.presentation.text import render_result
from tests.fakes import FakeRng

N, A, D = DieMode.NORMAL, DieMode.ADVANTAGE, DieMode.DISADVANTAGE
ARROWS = LEGEND["↑"]
COMPLICATION = LEGEND["!!(T)"]
OPPORTUNITY = LEGEND["(O)"]
FLOORED = LEGEND["(M)"]
PLOT = LEGEND["P"]


class StarMarkup:
    """Markdown-like emphasis, so the tests can see which faces are emphasised."""

    def strong(self, text: str) -> str:
        return f"**{text}**"

    def emphasis(self, text: str) -> str:
        return f"_{text}_"


STARS = StarMarkup()


def rolled(text: str, *draws: tuple[int, int], dc: int | None = None) -> RollResult:
    rng = FakeRng(*draws)
    result = roll(parse_roll(text), rng, dc)
    rng.assert_exhausted()
    return result


# -- rows -------------------------------------------------------------------------------------


def test_the_seed_example_row_by_row() -> None:
    result = rolled("a1d20+5, 2d6+3, p", (20, 3), (20, 18), (6, 2), (6, 6), (6, 2))
    assert result_rows(result, STARS) == [
        Row("**27** (+4P)", "a1d20+5", "[18↑(3)]"),
        Row("**11**", "2d6+3", "[2, **6**]"),
        Row("!!(T) +4", "p", "[**2**]"),
    ]


def test_plain_markup_adds_nothing() -> None:
    result = rolled("a1d20+5, 2d6+3, p", (20, 3), (20, 18), (6, 2), (6, 6), (6, 2))
    assert result_rows(result, PlainMarkup()) == [
        Row("27 (+4P)", "a1d20+5", "[18↑(3)]"),
        Row("11", "2d6+3", "[2, 6]"),
        Row("!!(T) +4", "p", "[2]"),
    ]


def test_disadvantage_shows_a_down_arrow_on_the_kept_die() -> None:
    result = rolled("d1d20+1", (20, 18), (20, 3))
    assert pool_row(result.pools[0], STARS) == Row("**4**", "d1d20+1", "[3↓(18)]")


def test_positional_tags_mark_each_die() -> None:
    result = rolled("ad3d20", (20, 5), (20, 9), (20, 5), (20, 9), (20, 12))
    assert pool_row(result.pools[0], PlainMarkup()).rolls == "[9↑(5), 5↓(9), 12]"


def test_a_natural_twenty_is_bold_and_an_opportunity() -> None:
    result = rolled("a1d20", (20, 1), (20, 20))
    assert pool_row(result.pools[0], STARS) == Row("**20**", "a1d20", "[**20**↑(1)] (O)")


def test_a_natural_one_is_italic_and_a_complication() -> None:
    result = rolled("1d20+3", (20, 1))
    assert pool_row(result.pools[0], STARS) == Row("**4**", "1d20+3", "[_1_] !!(T)")


def test_several_naturals_are_each_marked() -> None:
    result = rolled("3d20", (20, 20), (20, 1), (20, 20))
    assert pool_row(result.pools[0], PlainMarkup()).rolls == "[20, 1, 20] (O) (O) !!(T)"


def test_other_dice_are_emphasised_but_not_marked() -> None:
    result = rolled("2d6", (6, 6), (6, 1))
    assert pool_row(result.pools[0], STARS) == Row("**7**", "2d6", "[**6**, _1_]")


def test_a_floored_total_is_marked_m() -> None:
    result = rolled("1d6-5", (6, 1))
    assert pool_row(result.pools[0], STARS) == Row("**1** (M)", "1d6-5", "[_1_]")


def test_plot_bonus_and_floor_together() -> None:
    result = rolled("d20-30, p", (20, 2), (6, 2))
    assert pool_row(result.pools[0], PlainMarkup()) == Row("1 (+4P) (M)", "1d20-30", "[2]")


def test_the_plot_die_row_takes_its_typed_place() -> None:
    result = rolled("p, d20, 2d4", (20, 7), (4, 1), (4, 2), (6, 5))
    assert [row.pool for row in result_rows(result, PlainMarkup())] == ["p", "1d20", "2d4"]
    assert result_rows(result, PlainMarkup())[0] == Row("(O)", "p", "[5]")


@pytest.mark.parametrize(
    ("face", "label"),
    [(1, "!!(T) +2"), (2, "!!(T) +4"), (3, "blank"), (4, "blank"), (5, "(O)"), (6, "(O)")],
)
def test_plot_face_labels(face: int, label: str) -> None:
    assert plot_face_label(face) == label
    assert plot_row(PlotResult(N, (face,), 0), STARS) == Row(label, "p", f"[**{face}**]")


def test_a_pending_plot_die_asks_for_a_choice() -> None:
    plot = PlotResult(A, (3, 5), None)
    assert plot_row(plot, STARS) == Row("choose", "ap", "[3 blank or 5 (O)]")


@pytest.mark.parametrize(
    ("plot", "row"),
    [
        (PlotResult(A, (3, 5), 1), Row("(O)", "ap", "[**5** kept, 3 dropped]")),
        (PlotResult(A, (3, 5), 0), Row("blank", "ap", "[**3** kept, 5 dropped]")),
        (PlotResult(D, (1, 6), 0), Row("!!(T) +2", "dp", "[**1** kept, 6 dropped]")),
    ],
)
def test_a_chosen_plot_face_shows_both_faces(plot: PlotResult, row: Row) -> None:
    assert plot_row(plot, STARS) == row


def test_die_text_forms() -> None:
    assert die_text(DieResult(20, N, 18), STARS) == "18"
    assert die_text(DieResult(20, A, 18, 3), STARS) == "18↑(3)"
    assert die_text(DieResult(20, D, 3, 18), STARS) == "3↓(18)"
    assert die_text(DieResult(8, D, 1, 8), STARS) == "_1_↓(8)"


# -- the DC verdict ----------------------------------------------------------------------------


def test_no_dc_no_verdict() -> None:
    assert dc_line(rolled("d20", (20, 3))) is None


@pytest.mark.parametrize(("face", "verdict"), [(10, "success"), (9, "failure")])
def test_one_judged_pool(face: int, verdict: str) -> None:
    result = rolled("d20+5, 2d6", (20, face), (6, 1), (6, 1), dc=15)
    assert dc_line(result) == f"DC 15: {verdict}"


def test_several_skill_pools_are_judged_one_by_one() -> None:
    result = rolled("d20+5, d20", (20, 10), (20, 3), dc=15)
    assert dc_line(result) == "DC 15: 1d20+5 success, 1d20 failure"


def test_without_a_skill_pool_every_pool_is_judged() -> None:
    result = rolled("2d6, 1d8", (6, 4), (6, 4), (8, 3), dc=7)
    assert dc_line(result) == "DC 7: 2d6 success, 1d8 failure"


def test_a_pending_plot_die_delays_the_verdict() -> None:
    result = rolled("d20+5, ap", (20, 10), (6, 2), (6, 5), dc=16)
    assert dc_line(result) == "DC 16: waiting for the plot die"
    assert dc_line(result.choose_plot_face(0)) == "DC 16: success"
    assert dc_line(result.choose_plot_face(1)) == "DC 16: failure"


def test_a_plot_die_alone_has_no_verdict() -> None:
    assert dc_line(rolled("p", (6, 1), dc=10)) is None


# -- the legend ------------------------------------------------------------------------------


def test_a_plain_roll_needs_no_legend() -> None:
    assert legend(rolled("2d6+1", (6, 3), (6, 4))) == []


def test_the_legend_explains_every_mark_shown_in_a_fixed_order() -> None:
    result = rolled("a1d20-30, d20, p", (20, 20), (20, 2), (20, 1), (6, 2))
    assert legend(result) == [ARROWS, COMPLICATION, OPPORTUNITY, FLOORED, PLOT]


def test_the_legend_of_a_plot_face() -> None:
    assert legend(rolled("2d6, p", (6, 3), (6, 4), (6, 6))) == [OPPORTUNITY]
    assert legend(rolled("2d6, p", (6, 3), (6, 4), (6, 1))) == [COMPLICATION]
    assert legend(rolled("d20, p", (20, 3), (6, 1))) == [COMPLICATION, PLOT]
    assert legend(rolled("d20, p", (20, 3), (6, 4))) == []


def test_the_legend_of_a_pending_plot_die_covers_both_faces() -> None:
    result = rolled("d20, dp", (20, 8), (6, 1), (6, 6))
    assert legend(result) == [COMPLICATION, OPPORTUNITY]
    assert legend(result.choose_plot_face(1)) == [OPPORTUNITY]


# -- Opportunity and Complication ranges --------------------------------------------------------


def ranged(text: str, ranges: Ranges, *draws: tuple[int, int]) -> RollResult:
    rng = FakeRng(*draws)
    result = roll(parse_roll(text), rng, None, ranges)
    rng.assert_exhausted()
    return result


def test_widened_ranges_mark_the_faces_in_them() -> None:
    result = ranged("3d20+1", Ranges(19, 2), (20, 19), (20, 2), (20, 10))
    [row] = result_rows(result, StarMarkup())
    assert row == Row("**32**", "3d20+1", "[19, 2, 10] (O) !!(T)")
    assert legend(result) == [COMPLICATION, OPPORTUNITY]


def test_widened_ranges_are_shown_and_the_default_ones_are_not() -> None:
    assert ranges_line(ranged("1d20", Ranges(opportunity=19), (20, 5))) == \
        "Opportunity on 19-20"
    assert ranges_line(ranged("1d20", Ranges(18, 3), (20, 5))) == \
        "Opportunity on 18-20 · Complication on 1-3"
    assert ranges_line(ranged("1d20", Ranges(), (20, 5))) is None


def test_the_chat_and_the_terminal_show_the_ranges_under_the_rows() -> None:
    result = ranged("1d20+2", Ranges(opportunity=19), (20, 19))
    assert result_lines(result) == ["-# **21** | `1d20+2` | [19] (O)", "-# Opportunity on 19-20",
                                    "-# (O) Opportunity"]
    assert render_result(result, PlainMarkup()) == (
        "Total | Pool   | Rolls\n"
        "21    | 1d20+2 | [19] (O)\n"
        "Opportunity on 19-20\n"
        f"Legend: {OPPORTUNITY}\n")
    plain = ranged("1d20+2", Ranges(), (20, 19))
    assert result_lines(plain) == ["-# **21** | `1d20+2` | [19]"]
