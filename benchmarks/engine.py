"""Nazh's dice engine against avrae's ``d20``, in the same process.

Run from the repository root (the virtualenv has both libraries)::

    .venv/bin/python -m benchmarks.engine            # prints the tables, always exits 0
    .venv/bin/python -m benchmarks.engine --check    # exits 1 when a target is missed
    .venv/bin/python benchmarks/engine.py            # the same

Three measurements, each against a target:

1. Parse + roll throughput over a fixed corpus: Nazh (``RollDice(SystemRandomSource())``:
   parse, validate, roll with the OS CSPRNG) against ``d20.roll`` on the equivalent expressions
   (d20 draws from ``random``, a Mersenne Twister). Targets, per expression: every one at
   least 2.5x d20, the geometric mean of the ratios at least 3x, ``1d20+5`` at least 3x.
2. One CSPRNG die, ``SystemRandomSource().roll(20)``, against ``secrets.randbelow(20)``.
   Target: at most 0.4x its cost.
3. The worst legal roll (every limit at its maximum). Target: under 200 µs.

Method: every case is timed in batches of calls (about ``--batch-ms`` milliseconds each) with
``time.perf_counter_ns`` and the garbage collector paused, as ``timeit`` does, after a warm-up
of at least 5 ms. The batches of the cases being compared are interleaved, round after round
(alternating which goes first), so a load spike on a shared machine hits them all; the figure
reported is the median per-call time over the rounds.
"""

from __future__ import annotations

import argparse
import gc
import math
import secrets
import statistics
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar, cast

if __package__ in (None, ""):  # run as a file: python benchmarks/engine.py
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import d20

from benchmarks.report import Verdict
from nazh.adapters.rng.system import SystemRandomSource
from nazh.application.rolls.dice import RollDice
from nazh.domain import limits, notation
from nazh.domain.errors import NazhError

T = TypeVar("T")

ROW_TARGET = 2.5
"""Nazh must roll every corpus expression at least this many times faster than d20."""
GEOMEAN_TARGET = 3.0
"""...and the geometric mean of the per-expression ratios must be at least this."""
COMMON_TARGET = 3.0
COMMON_ROLL = "1d20+5"
"""The most common roll must be at least :data:`COMMON_TARGET` times faster."""
DIE_COST_TARGET = 0.4
"""One CSPRNG die must cost at most this fraction of ``secrets.randbelow``."""
WORST_ROLL_TARGET_US = 200.0
"""The worst legal roll must take less than this many microseconds."""
DIE_SIDES = 20
"""The die of the CSPRNG comparison: the Cosmere skill die (one byte per draw, 6% rejected)."""

# The corpus: (Nazh notation, the equivalent d20 expression).
#
# * ``a1d20`` (advantage: roll twice, keep the higher) is d20's ``2d20kh1``, ``d1d20`` is
#   ``2d20kl1``; the plot die ``p`` is a ``1d6`` (d20 has no plot die: reading its face and
#   adding its bonus to the skill pools is extra work that Nazh does and d20 does not).
# * Several pools are ONE d20 set expression, ``(A, B, C)``, rather than one ``d20.roll`` call
#   per pool. It is the fairest equivalent: like Nazh, d20 then reads one string in one call,
#   rolls every pool, and keeps each pool's own total (``result.expr.roll.values[i].total``).
#   It is also the cheaper of the two for d20 (measured: three calls for ``a1d20+5, 2d6+3, p``
#   cost about 20% more than the set, five ``20d100`` calls about 6% more), so any error in
#   the comparison is in d20's favour.
# * ``d20.roll`` keeps parsed expressions in an LFU cache (256 entries), so in a loop it parses
#   each string once. Nazh keeps its plainly written rolls in an LRU cache (256 entries) too.
#   The targets compare the two as their users run them, caches on; a second table compares
#   them with both caches off (every call parses), for information.
CORPUS: tuple[tuple[str, str], ...] = (
    ("1d20+5", "1d20+5"),
    ("a1d20+5", "2d20kh1+5"),
    ("d1d20-2", "2d20kl1-2"),
    ("2d6+3", "2d6+3"),
    ("20d6", "20d6"),
    ("a1d20+5, 2d6+3, p", "(2d20kh1+5, 2d6+3, 1d6)"),
    ("4d8+2, 1d20, 1d4", "(4d8+2, 1d20, 1d4)"),
    ("1d100", "1d100"),
    ("1d101", "1d101"),
    ("3d1000+10", "3d1000+10"),
    ("20d1000", "20d1000"),
    ("a1d20+5, 2d100, 4d101", "(2d20kh1+5, 2d100, 4d101)"),
    (", ".join(["20d100"] * 5), "(" + ", ".join(["20d100"] * 5) + ")"),
)
"""Dice of every common size, the largest legal ones (d1000) and both sides of the d100 fast
path's edge (d100, d101): no row sits just under a boundary by construction."""


# -- timing -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Case(Generic[T]):
    """A callable and its argument, timed together: ``call(argument)``."""

    label: str
    call: Callable[[T], object]
    argument: T


@dataclass(frozen=True, slots=True)
class Timing:
    """Per-call times (ns) of one case, one per round."""

    samples: tuple[float, ...]

    @property
    def median_us(self) -> float:
        """The median per-call time in microseconds."""
        return statistics.median(self.samples) / 1000


def _batch_ns(call: Callable[[T], object], argument: T, calls: int) -> int:
    """Wall time of ``calls`` calls, garbage collector paused."""
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        start = time.perf_counter_ns()
        for _ in range(calls):
            call(argument)
        return time.perf_counter_ns() - start
    finally:
        if gc_was_enabled:
            gc.enable()


def _calls_per_batch(case: Case[object], batch_ms: float) -> int:
    """Warm the case up (at least 5 ms), then size its batches to about ``batch_ms``."""
    calls = 1
    while True:
        elapsed = _batch_ns(case.call, case.argument, calls)
        if elapsed >= 5_000_000 or calls >= 1 << 20:
            break
        calls *= 2
    return max(1, round(batch_ms * 1_000_000 * calls / max(elapsed, 1)))


def measure(cases: Sequence[Case[Any]], rounds: int, batch_ms: float) -> list[Timing]:
    """Time ``cases`` side by side: each round runs one batch of every case, interleaved."""
    sizes = [_calls_per_batch(case, batch_ms) for case in cases]
    samples: list[list[float]] = [[] for _ in cases]
    order = list(range(len(cases)))
    for round_index in range(rounds):
        gc.collect()
        for index in order if round_index % 2 == 0 else order[::-1]:
            calls = sizes[index]
            samples[index].append(_batch_ns(cases[index].call, cases[index].argument, calls)
                                  / calls)
    return [Timing(tuple(values)) for values in samples]


# -- 1. the corpus ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Row:
    """One corpus expression: Nazh and d20 per-call medians in microseconds."""

    notation: str
    d20_expression: str
    nazh_us: float
    d20_us: float

    @property
    def ratio(self) -> float:
        """How many times faster Nazh is (d20 time / Nazh time)."""
        return self.d20_us / self.nazh_us


class _NoCache(dict[str, Any]):
    """A parse cache that never keeps anything (d20's ``Roller._parse_cache``)."""

    def __setitem__(self, key: str, value: object) -> None:
        del key, value


@contextmanager
def _nazh_parse_cache_off() -> Iterator[None]:
    """Nazh without its cache of parsed rolls: every call parses (for information only)."""
    module = cast(Any, notation)
    cached = module._parse_plain
    module._parse_plain = cached.__wrapped__
    try:
        yield
    finally:
        module._parse_plain = cached


def corpus_rows(rounds: int, batch_ms: float, *, caches: bool = True) -> list[Row]:
    """Every corpus expression, rolled by Nazh (CSPRNG) and by d20, in one process.

    With ``caches=False`` neither library keeps parsed expressions: each call parses.
    """
    roll_dice = RollDice(SystemRandomSource())
    roller = d20.Roller()
    if not caches:
        roller._parse_cache = _NoCache()
    rows: list[Row] = []
    for nazh_notation, expression in CORPUS:
        roll_dice(nazh_notation)  # fail early on a typo in either notation
        roller.roll(expression)
        nazh, other = measure(
            [Case("nazh", roll_dice, nazh_notation), Case("d20", roller.roll, expression)],
            rounds, batch_ms,
        )
        rows.append(Row(nazh_notation, expression, nazh.median_us, other.median_us))
    return rows


# -- 2. one CSPRNG die ------------------------------------------------------------------------


def die_costs(rounds: int, batch_ms: float) -> tuple[float, float]:
    """Median cost (µs) of one ``SystemRandomSource`` die and of one ``secrets.randbelow``."""
    source = SystemRandomSource()
    ours, theirs = measure(
        [Case("SystemRandomSource.roll", source.roll, DIE_SIDES),
         Case("secrets.randbelow", secrets.randbelow, DIE_SIDES)],
        rounds, batch_ms,
    )
    return ours.median_us, theirs.median_us


# -- 3. the worst legal roll ------------------------------------------------------------------


def worst_roll_candidates() -> list[str]:
    """Rolls with every limit at its maximum; the slowest legal one is the worst legal roll.

    Five pools (the maximum) of 20 dice (the maximum), every die with advantage (rolled twice:
    200 dice, 400 draws), the largest modifier, rolled against the largest DC.
    ``aaaaaaaaaaaaaaaaaaaa20d1000+1000`` is 32 characters, so five of them fit in the 200
    allowed (168 with ", " between them). The plot die would take the place of a 20-die pool
    (one d6, or two with ``ap``, instead of 40 draws), so it is left out. The spare characters
    are spent in each of the ways that could cost the most, one candidate each:

    * nothing (spaces at the end): the plain roll;
    * spaces between the tokens of every pool;
    * tabs between the tokens, or a Unicode minus sign (``−1000``, the largest negative
      modifier): every pool goes through the full tokenizer and parser, not the fast path;
    * tags standing apart (``a a a … a 20 d 1000``: one token per tag, joined by the parser);
    * leading zeros on every number;
    * the die sizes whose draws are rejected most often (129 sides: 127 one-byte draws in 256
      are rejected; the two-byte size up to 1,000 with the most rejections).
    """
    count, sides, bonus = limits.MAX_DICE, limits.MAX_SIDES, limits.MAX_MODIFIER
    tags = "a" * count

    def padded(pools: list[str], separator: str = ", ") -> str:
        text = separator.join(pools)
        return text + " " * max(0, limits.MAX_INPUT_LENGTH - len(text))

    def compact(die_sides: int = sides, zeros: str = "", sign: str = "+") -> str:
        return f"{tags}{zeros}{count}d{zeros}{die_sides}{sign}{zeros}{bonus}"

    def spaced(space: str) -> str:
        return space.join([tags, str(count), "d", str(sides), "+", str(bonus)])

    byte_worst = max(range(2, 257), key=lambda s: 256 % s / s)
    word_worst = max(range(257, sides + 1), key=lambda s: 65536 % s)
    spare = limits.MAX_INPUT_LENGTH - len(", ".join([compact()] * limits.MAX_POOLS))
    zeros = "0" * (spare // limits.MAX_POOLS // 3)
    apart = f"{' '.join(tags)} {count} d {sides} + {bonus}"
    candidates = [
        padded([compact()] * limits.MAX_POOLS),
        padded([spaced(" ")] * limits.MAX_POOLS, separator=" , "),
        padded([spaced("\t")] * limits.MAX_POOLS, separator="\t,\t"),
        padded([compact(sign="\u2212")] * limits.MAX_POOLS),
        padded([apart] + [compact()] * (limits.MAX_POOLS - 1)),
        padded([compact(zeros=zeros)] * limits.MAX_POOLS),
        padded([compact(byte_worst)] * limits.MAX_POOLS),
        padded([compact(word_worst)] * limits.MAX_POOLS),
    ]
    return [text for text in candidates if len(text) <= limits.MAX_INPUT_LENGTH]


def worst_rolls(rounds: int, batch_ms: float) -> tuple[list[tuple[str, float]], list[str]]:
    """(median µs of every legal candidate, slowest first; the candidates found illegal).

    Run it with Nazh's parse cache off: a worst case is a roll never seen before.
    """
    roll_dice = RollDice(SystemRandomSource())

    def roll_at_max_dc(text: str) -> object:
        return roll_dice(text, dc=limits.MAX_DC)

    legal: list[str] = []
    illegal: list[str] = []
    for text in worst_roll_candidates():
        try:
            roll_at_max_dc(text)
        except NazhError:
            illegal.append(text)
        else:
            legal.append(text)
    timings = measure([Case(text, roll_at_max_dc, text) for text in legal], rounds, batch_ms)
    results = [(text, timing.median_us) for text, timing in zip(legal, timings, strict=True)]
    return sorted(results, key=lambda result: -result[1]), illegal


# -- report -----------------------------------------------------------------------------------


def _shorten(text: str, width: int) -> str:
    text = text.rstrip(" ")
    return text if len(text) <= width else text[: width - 1] + "…"


def geometric_mean(ratios: Sequence[float]) -> float:
    """The geometric mean of ``ratios``."""
    return math.exp(statistics.fmean(math.log(ratio) for ratio in ratios))


def _corpus_table(title: str, rows: list[Row]) -> None:
    """Print one corpus table: each row's ratio (a row under the per-row target is marked),
    the geometric mean, and the sum for information."""
    width = max(len(row.notation) for row in rows)
    d20_width = max(len(row.d20_expression) for row in rows)
    print(title)
    print(f"  {'nazh notation':<{width}}  {'d20 expression':<{d20_width}}"
          f"  {'nazh µs':>9}  {'d20 µs':>9}  {'ratio':>7}")
    for row in rows:
        mark = "" if row.ratio >= ROW_TARGET else f"  < {ROW_TARGET:g}x"
        print(f"  {row.notation:<{width}}  {row.d20_expression:<{d20_width}}"
              f"  {row.nazh_us:9.2f}  {row.d20_us:9.2f}  {row.ratio:6.2f}x{mark}")
    nazh_total = sum(row.nazh_us for row in rows)
    d20_total = sum(row.d20_us for row in rows)
    print(f"  {'geometric mean of the ratios':<{width + d20_width + 2}}"
          f"  {'':>9}  {'':>9}  {geometric_mean([r.ratio for r in rows]):6.2f}x")
    print(f"  {'(sum of one of each, for information)':<{width + d20_width + 2}}"
          f"  {nazh_total:9.2f}  {d20_total:9.2f}  {d20_total / nazh_total:6.2f}x")


def report(rows: list[Row], cold_rows: list[Row], die: tuple[float, float],
           worst: list[tuple[str, float]], illegal: list[str]) -> list[Verdict]:
    """Print the tables; return the verdicts."""
    _corpus_table(
        "Parse + roll, as shipped: both parse caches on "
        "(median µs per call; ratio = d20 / nazh):", rows)
    print()
    _corpus_table("For information, both parse caches off (every call parses):", cold_rows)

    ours, theirs = die
    die_ratio = ours / theirs
    print()
    print(f"One die of {DIE_SIDES} sides (median µs per call):")
    print(f"  SystemRandomSource().roll({DIE_SIDES})  {ours:7.3f}")
    print(f"  secrets.randbelow({DIE_SIDES})          {theirs:7.3f}   ratio {die_ratio:.2f}x")

    print()
    print("Worst legal rolls, RollDice(SystemRandomSource())(text, dc=MAX_DC), parse cache off "
          "(median µs):")
    for text, micros in worst:
        print(f"  {micros:8.2f}  {len(text):3d} chars  {_shorten(text, 72)!r}")
    for text in illegal:
        print(f"  (not legal, skipped: {_shorten(text, 60)!r})")
    worst_text, worst_us = worst[0] if worst else ("", math.inf)
    slowest = min(rows, key=lambda row: row.ratio)
    geomean = geometric_mean([row.ratio for row in rows])
    common = next(row for row in rows if row.notation == COMMON_ROLL)

    return [
        Verdict(f"every corpus expression >= {ROW_TARGET:g}x d20 (CSPRNG vs Mersenne Twister)",
                slowest.ratio >= ROW_TARGET,
                f"slowest {slowest.notation!r} {slowest.ratio:.2f}x "
                f"({slowest.nazh_us:.1f} µs vs {slowest.d20_us:.1f} µs)"),
        Verdict(f"geometric mean of the ratios >= {GEOMEAN_TARGET:g}x", geomean >= GEOMEAN_TARGET,
                f"{geomean:.2f}x over {len(rows)} expressions"),
        Verdict(f"{COMMON_ROLL} >= {COMMON_TARGET:g}x d20", common.ratio >= COMMON_TARGET,
                f"{common.ratio:.2f}x ({common.nazh_us:.1f} µs vs {common.d20_us:.1f} µs)"),
        Verdict(f"one CSPRNG die <= {DIE_COST_TARGET:g}x secrets.randbelow",
                die_ratio <= DIE_COST_TARGET,
                f"{die_ratio:.2f}x ({ours:.3f} µs vs {theirs:.3f} µs)"),
        Verdict(f"worst legal roll < {WORST_ROLL_TARGET_US:g} µs",
                worst_us < WORST_ROLL_TARGET_US,
                f"{worst_us:.1f} µs ({len(worst_text)} chars: {_shorten(worst_text, 40)!r})"),
    ]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; with ``--check``, exit 1 when a target is missed."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.engine",
        description="Nazh's dice engine against avrae's d20, in the same process.",
    )
    parser.add_argument("--check", action="store_true",
                        help="exit with status 1 when a target is missed")
    parser.add_argument("--rounds", type=int, default=21,
                        help="interleaved rounds per measurement (default: 21)")
    parser.add_argument("--batch-ms", type=float, default=4.0,
                        help="approximate length of one timed batch (default: 4 ms)")
    args = parser.parse_args(argv)
    rounds, batch_ms = max(1, args.rounds), max(0.1, args.batch_ms)

    print(f"Python {sys.version.split()[0]}, d20 {_d20_version()}: "
          f"{rounds} rounds of ~{batch_ms:g} ms batches per case, medians\n")
    started = time.perf_counter()
    rows = corpus_rows(rounds, batch_ms)
    with _nazh_parse_cache_off():
        cold_rows = corpus_rows(rounds, batch_ms, caches=False)
    die = die_costs(rounds, batch_ms)
    with _nazh_parse_cache_off():  # a worst case is a roll never seen before
        worst, illegal = worst_rolls(rounds, batch_ms)
    verdicts = report(rows, cold_rows, die, worst, illegal)
    print()
    print(f"Targets ({time.perf_counter() - started:.1f} s):")
    for verdict in verdicts:
        print(verdict.line())
    failed = not all(verdict.passed for verdict in verdicts)
    return 1 if args.check and failed else 0


def _d20_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("d20")
    except PackageNotFoundError:
        return "?"


if __name__ == "__main__":
    sys.exit(main())
