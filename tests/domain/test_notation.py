"""The notation's parser: what it accepts, and every rejection with its structured fields."""

from __future__ import annotations

import pytest

from nazh.domain import limits
from nazh.domain.errors import LimitError, NazhError, NotationError, PlotDieError
from nazh.domain.notation import add_plot_die, parse_roll
from nazh.domain.spec import DieMode, PlotSpec, PoolSpec, RollSpec
from tests.domain.kit import LIMITS_HINT

N, A, D = DieMode.NORMAL, DieMode.ADVANTAGE, DieMode.DISADVANTAGE
POOL_HINT = "a pool looks like 2d6+3, d20 or a1d20+5"
TAG_HINT = "tags go before the dice, one per die: a = advantage, d = disadvantage, e.g. ad2d20"
PLOT_HINT = "the plot die is a pool of its own: write p (or ap / dp for advantage / disadvantage)"
CHAR_HINT = "a pool looks like a1d20+5: tags a/d, dice count, d, sides, then +M or -M"


# -- what is accepted -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "pool"),
    [
        ("1d20", PoolSpec(1, 20, 0, (N,))),
        ("d20", PoolSpec(1, 20, 0, (N,))),
        ("D20", PoolSpec(1, 20, 0, (N,))),
        ("2D6+3", PoolSpec(2, 6, 3, (N, N))),
        ("1 d 20 + 5", PoolSpec(1, 20, 5, (N,))),
        ("  d 20\t", PoolSpec(1, 20, 0, (N,))),
        ("1d20-3", PoolSpec(1, 20, -3, (N,))),
        ("1d20 \u2212 3", PoolSpec(1, 20, -3, (N,))),
        ("1d20\u22123", PoolSpec(1, 20, -3, (N,))),
        ("1d20-0", PoolSpec(1, 20, 0, (N,))),
        ("001d020+0005", PoolSpec(1, 20, 5, (N,))),
        ("a1d20+5", PoolSpec(1, 20, 5, (A,))),
        ("ad20", PoolSpec(1, 20, 0, (A,))),
        ("dd20", PoolSpec(1, 20, 0, (D,))),
        ("d1d20", PoolSpec(1, 20, 0, (D,))),
        ("A1D20", PoolSpec(1, 20, 0, (A,))),
        ("ad2d20", PoolSpec(2, 20, 0, (A, D))),
        ("da3d20", PoolSpec(3, 20, 0, (D, A, N))),
        ("a4d6", PoolSpec(4, 6, 0, (A, N, N, N))),
        ("aaa3d8-1", PoolSpec(3, 8, -1, (A, A, A))),
        # spaces between the tags and the dice
        ("a 1d20", PoolSpec(1, 20, 0, (A,))),
        ("a d20", PoolSpec(1, 20, 0, (A,))),
        ("A d 20 + 5", PoolSpec(1, 20, 5, (A,))),
        ("d d20", PoolSpec(1, 20, 0, (D,))),
        ("ad 2 d 20", PoolSpec(2, 20, 0, (A, D))),
        ("a d 2d6", PoolSpec(2, 6, 0, (A, D))),
    ],
)
def test_a_single_pool_parses_to_its_spec(text: str, pool: PoolSpec) -> None:
    assert parse_roll(text) == RollSpec((pool,))


@pytest.mark.parametrize(
    ("text", "mode"),
    [
        ("p", N), ("P", N), ("plot", N), ("PLOT", N), ("p1d6", N), ("pd6", N), ("p 1 d 6", N),
        ("ap", A), ("AP", A), ("ap1d6", A), ("aplot", A),
        ("dp", D), ("dp1d6", D), ("dplot", D), ("p01d06", N), ("a p", A), ("d plot", D),
    ],
)
def test_the_plot_die_alone_parses_with_its_mode(text: str, mode: DieMode) -> None:
    assert parse_roll(text) == RollSpec((), PlotSpec(mode), 0)


def test_several_pools_keep_their_order_and_the_plot_position() -> None:
    spec = parse_roll("a1d20+5, 2d6+3, p1d6")
    assert spec == RollSpec(
        (PoolSpec(1, 20, 5, (A,)), PoolSpec(2, 6, 3, (N, N))), PlotSpec(N), 2
    )
    assert spec.notation == "a1d20+5, 2d6+3, p"
    assert spec.pool_count == 3


def test_the_plot_die_keeps_its_place_among_the_pools() -> None:
    spec = parse_roll("2d6, dp, d20-1")
    assert spec.plot == PlotSpec(D)
    assert spec.plot_position == 1
    assert spec.notation == "2d6, dp, 1d20-1"


@pytest.mark.parametrize(
    "text",
    [
        "20d6",  # dice upper bound
        "1d6",  # dice lower bound
        "1d2",  # sides lower bound
        "1d1000",  # sides upper bound
        "1d20+1000",  # modifier upper bound
        "1d20-1000",  # modifier lower bound
        "1d4, 1d6, 1d8, 1d10, 1d12",  # five pools
        "1d4, 1d6, 1d8, 1d10, p",  # five pools, the plot die included
        "20d20" + " " * (limits.MAX_INPUT_LENGTH - 5),  # exactly 200 characters
    ],
)
def test_inputs_at_the_limits_are_accepted(text: str) -> None:
    assert parse_roll(text).pool_count >= 1


def test_add_plot_appends_a_plain_plot_die() -> None:
    spec = parse_roll("a1d20+5, 2d6", add_plot=True)
    assert spec.plot == PlotSpec(N)
    assert spec.plot_position == 2
    assert spec.notation == "a1d20+5, 2d6, p"


def test_add_plot_die_on_a_spec() -> None:
    spec = parse_roll("1d20")
    assert add_plot_die(spec) == RollSpec((PoolSpec(1, 20, 0, (N,)),), PlotSpec(N), 1)


# -- what is rejected, field by field -------------------------------------------------------


BAD_INPUTS: list[tuple[str, type[NazhError], str, int | None, int | None, str]] = [
    # text, error class, str(error), pool index, column, hint (or the start of it)
    ("", NotationError, "empty roll", None, 1, POOL_HINT),
    ("   ", NotationError, "empty roll", None, 1, POOL_HINT),
    (",", NotationError, 'pool 1 "": empty pool', 1, 1, "remove the extra comma; " + POOL_HINT),
    (",,,", NotationError, 'pool 1 "": empty pool', 1, 1, "remove the extra comma"),
    ("2d6,", NotationError, 'pool 2 "": empty pool', 2, 5, "remove the extra comma"),
    ("21d6", LimitError, 'pool 1 "21d6": at most 20 dice per pool (got 21)', 1, 1, LIMITS_HINT),
    ("0d6", LimitError, 'pool 1 "0d6": at least 1 die per pool (got 0)', 1, 1, LIMITS_HINT),
    ("1d1", LimitError, 'pool 1 "1d1": at least 2 sides per die (got 1)', 1, 3, LIMITS_HINT),
    ("1d0", LimitError, 'pool 1 "1d0": at least 2 sides per die (got 0)', 1, 3, LIMITS_HINT),
    ("1d1001", LimitError, 'pool 1 "1d1001": at most 1000 sides per die (got 1001)', 1, 3,
     LIMITS_HINT),
    ("1d20+1001", LimitError, 'pool 1 "1d20+1001": modifier at most +1000 (got 1001)', 1, 5,
     LIMITS_HINT),
    ("1d20-1001", LimitError, 'pool 1 "1d20-1001": modifier at least -1000 (got -1001)', 1, 5,
     LIMITS_HINT),
    ("1d99999999999999999999", LimitError,
     'pool 1 "1d99999999999999999999": at most 1000 sides per die (got more)', 1, 3,
     LIMITS_HINT),
    ("99999999999999999999d6", LimitError,
     'pool 1 "99999999999999999999d6": at most 20 dice per pool (got more)', 1, 1, LIMITS_HINT),
    ("1d6,1d6,1d6,1d6,1d6,1d6", LimitError, 'pool 6 "1d6": at most 5 pools per roll (got 6)',
     6, 21, "roll the other pools in a second command"),
    ("1d6, 1d6, 1d6, 1d6, 1d6, p", LimitError, 'pool 6 "p": at most 5 pools per roll (got 6)',
     6, 26, "roll the other pools in a second command"),
    ("aaa1d20", NotationError, 'pool 1 "aaa1d20": 3 tags for 1 die', 1, 1,
     "at most one tag per die; " + TAG_HINT),
    ("ad1d20", NotationError, 'pool 1 "ad1d20": 2 tags for 1 die', 1, 1, "at most one tag"),
    ("add20", NotationError, 'pool 1 "add20": 2 tags for 1 die', 1, 1, "at most one tag"),
    ("a a d 2d20", NotationError, 'pool 1 "a a d 2d20": 3 tags for 2 dice', 1, 1,
     "at most one tag"),
    ("a x1d20", NotationError, "pool 1 \"a x1d20\": unknown tag 'x'", 1, 1, TAG_HINT),
    ("x1d20", NotationError, "pool 1 \"x1d20\": unknown tag 'x'", 1, 1, TAG_HINT),
    ("1d20+", NotationError, "pool 1 \"1d20+\": missing the number after '+'", 1, 5,
     "write the modifier as +5 or -2"),
    ("1d20-", NotationError, "pool 1 \"1d20-\": missing the number after '-'", 1, 5,
     "write the modifier as +5 or -2"),
    ("1d20++5", NotationError, "pool 1 \"1d20++5\": unexpected '+' after '+'", 1, 6,
     "write the modifier as +5 or -2, with one sign"),
    ("1d20+5+2", NotationError, 'pool 1 "1d20+5+2": only one modifier per pool', 1, 7,
     "add the modifiers up, e.g. +7 instead of +5+2"),
    ("1d20 2d6", NotationError, "pool 1 \"1d20 2d6\": unexpected '2'", 1, 6,
     "separate pools with commas; " + POOL_HINT),
    ("d", NotationError, 'pool 1 "d": missing the number of sides after d', 1, 1, POOL_HINT),
    ("1d", NotationError, 'pool 1 "1d": missing the number of sides after d', 1, 2, POOL_HINT),
    ("1e5", NotationError, 'pool 1 "1e5": expected d after the number of dice', 1, 2, POOL_HINT),
    ("5", NotationError, 'pool 1 "5": expected d after the number of dice', 1, 1, POOL_HINT),
    ("-5", NotationError, "pool 1 \"-5\": unexpected '-' at the start of the pool", 1, 1,
     POOL_HINT),
    ("a", NotationError, "pool 1 \"a\": unexpected 'a'", 1, 1, TAG_HINT),
    ("p2d6", PlotDieError, 'pool 1 "p2d6": the plot die is a single d6', 1, 1,
     PLOT_HINT + "; roll other dice in their own pool: 2d6, p"),
    ("p1d20", PlotDieError, 'pool 1 "p1d20": the plot die is a single d6', 1, 1,
     PLOT_HINT + "; roll other dice in their own pool: 1d20, p"),
    ("ap1d20", PlotDieError, 'pool 1 "ap1d20": the plot die is a single d6', 1, 1,
     PLOT_HINT + "; roll other dice in their own pool: 1d20, ap"),
    ("d20, dp2d6", PlotDieError, 'pool 2 "dp2d6": the plot die is a single d6', 2, 6,
     PLOT_HINT + "; roll other dice in their own pool: 2d6, dp"),
    ("p+1", NotationError, 'pool 1 "p+1": the plot die takes no modifier', 1, 2,
     "write p and put the modifier on the d20 pool"),
    ("ap1d6-2", NotationError, 'pool 1 "ap1d6-2": the plot die takes no modifier', 1, 6,
     "write ap and put the modifier on the d20 pool"),
    ("pad6", NotationError, "pool 1 \"pad6\": misplaced p in 'pa'", 1, 1, PLOT_HINT),
    ("p, p", PlotDieError, 'pool 2 "p": at most one plot die per roll', 2, 4,
     "remove the second plot die"),
    ("d20, ap, dp", PlotDieError, 'pool 3 "dp": at most one plot die per roll', 3, 10,
     "remove the second plot die"),
    ("1d20\x00", NotationError, 'pool 1 "1d20\\x00": unexpected character U+0000', 1, 5,
     CHAR_HINT),
    ("\x00", NotationError, 'pool 1 "\\x00": unexpected character U+0000', 1, 1,
     CHAR_HINT),
    ("1d20🎲", NotationError, "pool 1 \"1d20🎲\": unexpected character '🎲' (U+1F3B2)", 1, 5,
     CHAR_HINT),
    ("🎲", NotationError, "pool 1 \"🎲\": unexpected character '🎲' (U+1F3B2)", 1, 1,
     CHAR_HINT),
    ("d20, 1d6*2", NotationError, "pool 2 \"1d6*2\": unexpected character '*' (U+002A)", 2, 9,
     CHAR_HINT),
]


@pytest.mark.parametrize(
    ("text", "kind", "summary", "pool_index", "column", "hint"),
    BAD_INPUTS,
    ids=[repr(case[0]) for case in BAD_INPUTS],
)
def test_bad_input_is_rejected_with_its_fields(
    text: str,
    kind: type[NazhError],
    summary: str,
    pool_index: int | None,
    column: int | None,
    hint: str,
) -> None:
    with pytest.raises(NazhError) as caught:
        parse_roll(text)
    error = caught.value
    assert type(error) is kind
    assert str(error) == summary
    assert error.summary == summary
    assert error.pool_index == pool_index
    assert error.column == column
    assert error.hint is not None
    assert error.hint.startswith(hint)


def test_the_error_text_is_the_offending_pool_as_typed() -> None:
    with pytest.raises(LimitError) as caught:
        parse_roll("a1d20+5,   21d6 ")
    assert caught.value.text == "21d6"
    assert caught.value.pool_index == 2
    assert caught.value.column == 12
    assert caught.value.reason == "at most 20 dice per pool (got 21)"


def test_ten_kilobytes_of_pools_are_rejected_by_length_first() -> None:
    text = "1d6," * 2560
    with pytest.raises(LimitError) as caught:
        parse_roll(text)
    error = caught.value
    assert len(text) == 10240
    assert str(error) == "at most 200 characters per roll (got 10240)"
    assert error.pool_index is None
    assert error.text == "1d6,1d6,1d6,1d6,1d6,…"
    assert error.column == 201
    assert error.hint == "split the roll in several commands"


PATHOLOGICAL = [
    ("a" * 200, NotationError), ("d" * 200, NotationError), ("p" * 200, NotationError),
    ("ad" * 100, NotationError), ("9" * 200, NotationError), ("1d" + "9" * 198, LimitError),
    ("9" * 198 + "d6", LimitError), ("+" * 200, NotationError), ("\u2212" * 200, NotationError),
    ("," * 200, LimitError), (" " * 200, NotationError), ("\x00" * 200, NotationError),
    ("1d6" + "+1" * 98 + "1", NotationError), ("a " * 100, NotationError),
    ("a " * 99 + " p", NotationError), ("🎲" * 200, NotationError),
]


@pytest.mark.parametrize(("text", "kind"), PATHOLOGICAL, ids=[repr(t[:8]) for t, _ in PATHOLOGICAL])
def test_pathological_inputs_are_plain_errors(text: str, kind: type[NazhError]) -> None:
    assert len(text) == limits.MAX_INPUT_LENGTH
    with pytest.raises(NazhError) as caught:
        parse_roll(text)
    assert type(caught.value) is kind


def test_two_hundred_and_one_characters_are_too_many() -> None:
    with pytest.raises(LimitError, match=r"^at most 200 characters per roll \(got 201\)$"):
        parse_roll("1d20" + " " * 197)


def test_add_plot_to_a_roll_that_has_a_plot_die_points_at_it() -> None:
    with pytest.raises(PlotDieError) as caught:
        parse_roll("2d6, ap, d20", add_plot=True)
    error = caught.value
    assert str(error) == 'pool 2 "ap": this roll already has a plot die'
    assert error.column == 6
    assert error.hint == "leave out add_plot / --plot, or remove the p pool"


def test_add_plot_needs_room_for_a_sixth_pool() -> None:
    with pytest.raises(LimitError) as caught:
        parse_roll("1d4, 1d6, 1d8, 1d10, 1d12", add_plot=True)
    assert str(caught.value) == "at most 5 pools per roll, the plot die included"
    assert caught.value.hint == "remove a pool to make room for the plot die"


def test_add_plot_die_on_a_spec_with_a_plot_die() -> None:
    with pytest.raises(PlotDieError) as caught:
        add_plot_die(parse_roll("d20, dp"))
    assert str(caught.value) == 'pool 2 "dp": this roll already has a plot die'


def test_add_plot_die_on_a_full_spec() -> None:
    with pytest.raises(LimitError, match="at most 5 pools per roll, the plot die included"):
        add_plot_die(parse_roll("d4, d4, d4, d4, d4"))


# -- the tokenizer ------------------------------------------------------------------------


