"""Properties over many inputs: the parser is total, totals stay in bounds, rendering works."""

from __future__ import annotations

import re

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from nazh.application.rolls.dice import RollDice
from nazh.domain import limits
from nazh.domain.errors import NazhError
from nazh.domain.notation import parse_full, parse_plain, parse_roll
from nazh.domain.results import RollResult
from nazh.domain.rolling import roll
from nazh.domain.spec import DieMode, RollSpec
from tests.domain.kit import (
    PROPERTY,
    Generated,
    ScriptedFaces,
    scripted_faces,
    valid_rolls,
)

NOTATION_ALPHABET = list("0123456789adpDAPlot+-−–,  \t\x00🎲ex*")
notation_like = st.text(alphabet=st.sampled_from(NOTATION_ALPHABET), max_size=80)
any_text = st.one_of(st.text(max_size=120), notation_like)


class CountingRng:
    """A random source that counts its draws (always the highest face)."""

    def __init__(self) -> None:
        self.calls = 0

    def roll(self, sides: int) -> int:
        self.calls += 1
        return sides


# -- the parser is total ------------------------------------------------------------------


@PROPERTY
@given(text=any_text, add_plot=st.booleans())
def test_any_string_parses_or_raises_a_nazh_error(text: str, add_plot: bool) -> None:
    try:
        spec = parse_roll(text, add_plot=add_plot)
    except NazhError as error:
        assert_well_formed(error, text)
    else:
        assert 1 <= spec.pool_count <= limits.MAX_POOLS
        assert parse_roll(spec.notation) == spec


def assert_well_formed(error: NazhError, text: str) -> None:
    assert error.reason
    assert error.hint
    assert str(error) == error.summary
    assert error.describe().isprintable()
    if error.pool_index is not None:
        assert 1 <= error.pool_index <= text.count(",") + 1
        assert error.text is not None
        assert error.column is not None
        assert 1 <= error.column <= len(text) + 1
        assert error.summary.startswith(f"pool {error.pool_index} ")


@PROPERTY
@given(text=any_text, add_plot=st.booleans(), dc=st.none() | st.integers(-5, 100_005))
def test_a_rejected_roll_draws_no_die(text: str, add_plot: bool, dc: int | None) -> None:
    rng = CountingRng()
    try:
        RollDice(rng)(text, add_plot=add_plot, dc=dc)
    except NazhError:
        assert rng.calls == 0
    else:
        assert rng.calls > 0


# -- valid rolls --------------------------------------------------------------------------


@PROPERTY
@given(generated=valid_rolls())
def test_generated_rolls_parse_to_their_pools(generated: Generated) -> None:
    spec = parse_roll(generated.text)
    assert list(spec.pools) == generated.pools
    assert (spec.plot.mode if spec.plot else None) == generated.plot_mode
    assert parse_roll(spec.notation) == spec


@PROPERTY
@given(generated=valid_rolls(), dc=st.none() | st.integers(1, 60), rng=scripted_faces)
def test_totals_lie_within_the_computed_bounds(
    generated: Generated, dc: int | None, rng: ScriptedFaces
) -> None:
    result = roll(parse_roll(generated.text), rng, dc)
    for outcome in (result, *result.plot_options()):
        assert_within_bounds(outcome)


def assert_within_bounds(result: RollResult) -> None:
    with_plot = result.spec.plot is not None
    for pool in result.pools:
        assert pool.spec.min_total() <= pool.total <= pool.spec.max_total(with_plot=with_plot)
        assert pool.total == max(1, pool.subtotal + pool.plot_bonus)
        assert pool.floored == (pool.subtotal + pool.plot_bonus < 1)
        assert pool.plot_bonus == (result.plot_bonus if pool.skill else 0)
        for die in pool.dice:
            assert 1 <= die.kept <= pool.spec.sides
            if die.mode is DieMode.NORMAL:
                assert die.dropped is None
            elif die.mode is DieMode.ADVANTAGE:
                assert die.dropped is not None
                assert die.kept >= die.dropped
            else:
                assert die.dropped is not None
                assert die.kept <= die.dropped


def full_or_error(text: str, *, add_plot: bool = False) -> RollSpec | str:
    """The token parser's answer: the roll, or its error in full."""
    try:
        return parse_full(text, add_plot=add_plot)
    except NazhError as error:
        return error.describe()


def roll_or_error(text: str, *, add_plot: bool = False) -> RollSpec | str:
    """:func:`parse_roll`'s answer (fast paths included): the roll, or its error in full."""
    try:
        return parse_roll(text, add_plot=add_plot)
    except NazhError as error:
        return error.describe()


@st.composite
def spaced_rolls(draw: st.DrawFn) -> str:
    """Valid rolls re-spaced and re-cased the ways players type them: spaces or tabs between
    any two characters, upper case, a minus sign of another kind."""
    text = draw(valid_rolls()).text
    gaps = draw(st.lists(st.sampled_from(["", "", " ", "\t", "\u00a0"]),
                         min_size=len(text), max_size=len(text)))
    text = "".join(char + gap for char, gap in zip(text, gaps, strict=True))
    return text.upper() if draw(st.booleans()) else text


@PROPERTY
@given(text=st.one_of(valid_rolls().map(lambda generated: generated.text), spaced_rolls(),
                      notation_like),
       add_plot=st.booleans())
def test_the_fast_paths_agree_with_the_token_parser(text: str, add_plot: bool) -> None:
    # parse_plain answers only what the token parser accepts, with the same roll; and
    # parse_roll (whole-roll and per-pool fast paths) answers exactly as the token parser,
    # errors included.
    plain = parse_plain(text)
    full = full_or_error(text)
    assert plain is None or plain == full
    assert roll_or_error(text, add_plot=add_plot) == full_or_error(text, add_plot=add_plot)


@PROPERTY
@given(generated=valid_rolls())
def test_plainly_written_rolls_take_the_fast_path(generated: Generated) -> None:
    # The fast path reads every plainly written pool; the plot die's long forms (p1d6, pd6)
    # are left to the token parser.
    typed = generated.text.lower()
    assume("p1d6" not in typed and "pd6" not in typed)
    assume(re.search(r"[a-z] +[a-z]", typed) is None)  # "a d20": spaced words go to the parser
    plain = parse_plain(generated.text)
    assert plain is not None
    assert plain == parse_full(generated.text)


@pytest.mark.parametrize("text", [
    "a d20", "A D 20 + 5", "1d20, a p", "1d20+5, a plot", "a\td20", "d d20",
    "a a a a 20 d 1000 + 1000",
])
def test_tags_apart_at_a_pools_start_take_the_fast_path_joined_as_the_parser_joins_them(
        text: str) -> None:
    # the engine's worst legal roll stands its tags apart: through the tokens, 30% slower
    plain = parse_plain(text)
    assert plain is not None
    assert plain == parse_full(text)


@pytest.mark.parametrize("text", ["p1d6, 2d6", "d20 a", "1 2d6", "a ad20", "a a a 2 d 6"])
def test_rolls_the_fast_path_leaves_to_the_token_parser(text: str) -> None:
    assert parse_plain(text) is None
    assert roll_or_error(text) == full_or_error(text)
