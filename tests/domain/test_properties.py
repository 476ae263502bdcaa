"""Properties over many inputs: the parser is total, totals stay in bounds, rendering works."""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass, field

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from nazh.application.rolls.dice import RollDice
from nazh.domain import limits
from nazh.domain.errors import NazhError
from nazh.domain.notation import parse_full, parse_plain, parse_roll
from nazh.domain.results import RollResult
from nazh.domain.rolling import roll
from nazh.domain.spec import DieMode, PoolSpec, RollSpec
from nazh.presentation.roll_json import roll_to_dict
from nazh.presentation.rows import PlainMarkup, dc_line, legend, result_rows
from nazh.presentation.text import AnsiMarkup, render_result

PROPERTY = settings(max_examples=400, deadline=None)

NOTATION_ALPHABET = list("0123456789adpDAPlot+-−–,  \t\x00🎲ex*")
notation_like = st.text(alphabet=st.sampled_from(NOTATION_ALPHABET), max_size=80)
any_text = st.one_of(st.text(max_size=120), notation_like)

PLOT_WORDS = ["p", "P", "plot", "p1d6", "pd6", "ap", "dp", "AP", "ap1d6", "dplot"]
MINUS_SIGNS = ["-", "\u2212", "\u2013"]


@dataclass
class Generated:
    """A valid roll as text, with the pools it must parse to."""

    text: str
    pools: list[PoolSpec] = field(default_factory=list)
    plot_mode: DieMode | None = None


@st.composite
def pool_texts(draw: st.DrawFn) -> tuple[str, PoolSpec]:
    """One pool within the limits, in one of the ways a player may type it."""
    count = draw(st.integers(limits.MIN_DICE, limits.MAX_DICE))
    sides = draw(st.one_of(st.sampled_from([2, 4, 6, 8, 10, 12, 20, 100, 1000]),
                           st.integers(limits.MIN_SIDES, limits.MAX_SIDES)))
    modifier = draw(st.integers(limits.MIN_MODIFIER, limits.MAX_MODIFIER))
    tags = draw(st.text(alphabet="adAD", max_size=count))
    implicit = count == 1 and draw(st.booleans())
    count_text = "" if implicit else str(count)
    space = draw(st.sampled_from(["", " "]))
    sign = "+" if modifier > 0 else draw(st.sampled_from(MINUS_SIGNS))
    modifier_text = f"{space}{sign}{space}{abs(modifier)}" if modifier else ""
    text = f"{tags}{count_text}{space}d{space}{sides}{modifier_text}"
    modes = [DieMode.from_tag(tag) for tag in tags.lower()]
    modes += [DieMode.NORMAL] * (count - len(modes))
    return text, PoolSpec(count, sides, modifier, tuple(modes))


@st.composite
def valid_rolls(draw: st.DrawFn) -> Generated:
    """Up to five pools, one of which may be the plot die, at most 200 characters."""
    with_plot = draw(st.booleans())
    pools = draw(st.lists(pool_texts(), min_size=0 if with_plot else 1,
                          max_size=limits.MAX_POOLS - with_plot))
    parts = [text for text, _ in pools]
    generated = Generated("", [spec for _, spec in pools])
    if with_plot:
        word = draw(st.sampled_from(PLOT_WORDS))
        parts.insert(draw(st.integers(0, len(parts))), word)
        tag = word[0].lower()
        generated.plot_mode = DieMode.from_tag(tag) if tag in "ad" else DieMode.NORMAL
    generated.text = draw(st.sampled_from([",", ", ", " , "])).join(parts)
    if len(generated.text) > limits.MAX_INPUT_LENGTH:
        generated.text = ",".join(parts).replace(" ", "")
    return generated


class ScriptedFaces:
    """A random source for properties: always the lowest face, always the highest, or faces
    from a local ``random.Random`` (hypothesis picks which, and the seed)."""

    def __init__(self, style: str, seed: int) -> None:
        self._style = style
        self._random = random.Random(seed)

    def roll(self, sides: int) -> int:
        if self._style == "lowest":
            return 1
        if self._style == "highest":
            return sides
        return self._random.randint(1, sides)


faces = st.builds(ScriptedFaces, st.sampled_from(["lowest", "highest", "random"]),
                  st.integers(0, 2**32))


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
@given(generated=valid_rolls(), dc=st.none() | st.integers(1, 60), rng=faces)
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


@PROPERTY
@given(generated=valid_rolls(), dc=st.none() | st.integers(1, 60), rng=faces)
def test_rendering_never_fails(generated: Generated, dc: int | None, rng: ScriptedFaces) -> None:
    result = roll(parse_roll(generated.text), rng, dc)
    for outcome in (result, *result.plot_options()):
        rows = result_rows(outcome, PlainMarkup())
        assert len(rows) == outcome.spec.pool_count
        assert [row.pool for row in rows] == outcome.notation.split(", ")
        dc_line(outcome)
        legend(outcome)
        assert render_result(outcome, PlainMarkup()).count("\n") >= len(rows) + 1
        render_result(outcome, AnsiMarkup())
        payload = roll_to_dict(outcome, notation=generated.text, seed=None)
        assert json.loads(json.dumps(payload, ensure_ascii=False)) == payload


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
    "a d20", "A D 20 + 5", "1d20, a p", "1d20+5, a plot", "a\td20", "p1d6, 2d6",
])
def test_rolls_the_fast_path_leaves_to_the_token_parser(text: str) -> None:
    assert parse_plain(text) is None
    assert parse_roll(text) == parse_full(text)
