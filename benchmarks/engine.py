"""Nazh's dice engine against avrae's ``d20``, in the same process.

Run from the repository root (the virtualenv has both libraries)::

    .venv/bin/python -m benchmarks.engine            # prints the table, always exits 0
    .venv/bin/python -m benchmarks.engine --check    # exits 1 when a target is missed

Three measurements, each against a target:

1. Parse + roll throughput over a fixed corpus, Nazh (``RollDice(SystemRandomSource())``: parse,
   validate, roll with the OS CSPRNG) against ``d20.roll`` on the equivalent expressions (d20
   draws from ``random``, a Mersenne Twister). Target: at least 3x d20's throughput.
2. One CSPRNG die, ``SystemRandomSource().roll(20)``, against ``secrets.randbelow(20)``.
   Target: at most 0.4x its cost.
3. The worst legal roll (every limit at its maximum). Target: under 200 µs.

Method: every case is timed in batches of calls (about ``--batch-ms`` milliseconds each) with
``time.perf_counter_ns`` and the garbage collector paused, as ``timeit`` does, after a warm-up.
The batches of the two sides of a comparison are interleaved, round after round (alternating
which side goes first), so a load spike on a shared machine hits both; the figure reported is
the median per-call time over the rounds.
"""

from __future__ import annotations

import argparse
import gc
import math
import secrets
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import d20

from nazh.adapters.rng.system import SystemRandomSource
from nazh.application.rolls import RollDice
from nazh.domain import limits

T = TypeVar("T")

THROUGHPUT_TARGET = 3.0
"""Nazh must roll the corpus at least this many times faster than d20."""
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
#   applying its bonus to the skill pools is extra work Nazh does and d20 does not).
# * Several pools are ONE d20 set expression, ``(A, B, C)``, rather than one ``d20.roll`` call
#   per pool. It is the fairest equivalent: like Nazh, d20 then reads one string in one call,
#   rolls every pool, and keeps each pool's own total (``result.expr.roll.values[i].total``).
#   It is also the cheaper of the two for d20 (measured: 3 calls for ``a1d20+5, 2d6+3, p`` cost
#   about 20% more than the set, five ``20d100`` calls about 6% more), so the comparison errs
#   in d20's favour.
# * ``d20.roll`` keeps parsed expressions in an LFU cache (256 entries), so in a loop it parses
#   each string once; Nazh parses, validates and checks the limits on every call. We measure d20
#   as its users call it, cache included: again in d20's favour.
CORPUS: tuple[tuple[str, str], ...] = (
    ("1d20+5", "1d20+5"),
    ("a1d20+5", "2d20kh1+5"),
    ("d1d20-2", "2d20kl1-2"),
    ("2d6+3", "2d6+3"),
    ("20d6", "20d6"),
    ("a1d20+5, 2d6+3, p", "(2d20kh1+5, 2d6+3, 1d6)"),
    ("4d8+2, 1d20, 1d4", "(4d8+2, 1d20, 1d4)"),
    (", ".join(["20d100"] * 5), "(" + ", ".join(["20d100"] * 5) + ")"),
)


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

    @property
    def best_us(self) -> float:
        """The fastest round's per-call time in microseconds."""
        return min(self.samples) / 1000


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


def _calls_per_batch(case: Case[Any], batch_ms: float) -> int:
    """Warm the case up, then size its batches to about ``batch_ms`` milliseconds."""
    calls = 1
    while True:
        elapsed = _batch_ns(case.call, case.argument, calls)
        if elapsed >= 5_000_000 or calls >= 1 << 20:  # at least 5 ms of warm-up
            break
        calls *= 2
    per_call = elapsed / calls
    return max(1, round(batch_ms * 1_000_000 / per_call))


def measure(cases: Sequence[Case[Any]], rounds: int, batch_ms: float) -> list[Timing]:
    """Time ``cases`` side by side: each round runs one batch of every case, interleaved."""
    sizes = [_calls_per_batch(case, batch_ms) for case in cases]
    samples: list[list[float]] = [[] for _ in cases]
    order = list(range(len(cases)))
    for round_index in range(rounds):
        gc.collect()
        for index in order if round_index % 2 == 0 else reversed(order):
            case, calls = cases[index], sizes[index]
            samples[index].append(_batch_ns(case.call, case.argument, calls) / calls)
    return [Timing(tuple(values)) for values in samples]


# -- the three measurements -----------------------------------------------------------------


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


def corpus_rows(rounds: int, batch_ms: float) -> list[Row]:
    """Every corpus expression, rolled by Nazh (CSPRNG) and by d20, in one process."""
    roll_dice = RollDice(SystemRandomSource())
    for notation, expression in CORPUS:  # fail early on a typo in either notation
        roll_dice(notation)
        d20.roll(expression)
    rows: list[Row] = []
    for notation, expression in CORPUS:
        nazh, other = measure(
            [Case("nazh", roll_dice, notation), Case("d20", d20.roll, expression)],
            rounds, batch_ms,
        )
        rows.append(Row(notation, expression, nazh.median_us, other.median_us))
    return rows


def die_costs(rounds: int, batch_ms: float) -> tuple[float, float]:
    """Median cost (µs) of one ``SystemRandomSource`` die and of one ``secrets.randbelow``."""
    source = SystemRandomSource()
    ours, theirs = measure(
        [Case("SystemRandomSource.roll", source.roll, DIE_SIDES),
         Case("secrets.randbelow", secrets.randbelow, DIE_SIDES)],
        rounds, batch_ms,
    )
    return ours.median_us, theirs.median_us


def worst_rolls() -> list[str]:
    """Legal rolls with every limit at its maximum; the slowest one is the worst legal roll.

    Five pools (the maximum) of 20 dice (the maximum), every die with advantage (rolled twice),
    the largest modifier, the largest DC. ``aaaaaaaaaaaaaaaaaaaa20d1000+1000`` is 32 characters,
    so five of them fit in the 200-character limit (168 with ", " between them); the plot die
    would take a pool's place, so it is left out (one d6, or two with ``ap``, against 40 draws).
    The spare characters are spent in the ways that could cost the most, each its own
    candidate: spaces between every token (they send the input through the full tokenizer
    instead of the fast path), leading zeros, and die sizes whose draws are rejected most often
    (129 sides: 127 of 256 one-byte draws; the two-byte size up to 1,000 with the most rejects).
    """
    count, sides, bonus = limits.MAX_DICE, limits.MAX_SIDES, limits.MAX_MODIFIER
    tags = "a" * count
    byte_worst = max(range(2, 257), key=lambda s: 256 % s / s)
    word_worst = max(range(257, sides + 1), key=lambda s: 65536 % s)

    def padded(pools: list[str], separator: str = ", ") -> str:
        text = separator.join(pools)
        spare = limits.MAX_INPUT_LENGTH - len(text)
        return text + " " * spare if spare > 0 else text

    def plain(die_sides: int) -> str:
        return padded([f"{tags}{count}d{die_sides}+{bonus}"] * limits.MAX_POOLS)

    spaced_pool = f"{tags} {count} d {sides} + {bonus}"
    zeros = (limits.MAX_INPUT_LENGTH - len(plain(sides).rstrip())) // limits.MAX_POOLS // 3
    zero_pool = f"{tags}{'0' * zeros}{count}d{'0' * zeros}{sides}+{'0' * zeros}{bonus}"
    candidates = [
        plain(sides),
        padded([spaced_pool] * limits.MAX_POOLS, separator=" , "),
        padded([zero_pool] * limits.MAX_POOLS),
        plain(byte_worst),
        plain(word_worst),
    ]
    for text in candidates:
        if len(text) > limits.MAX_INPUT_LENGTH:
            raise AssertionError(f"{text!r} is longer than the limit")
    return candidates


def worst_roll(rounds: int, batch_ms: float) -> list[tuple[str, float]]:
    """Median µs of every worst-roll candidate (rolled with the largest DC), slowest first."""
    roll_dice = RollDice(SystemRandomSource())

    def roll_at_max_dc(notation: str) -> object:
        return roll_dice(notation, dc=limits.MAX_DC)

    candidates = worst_rolls()
    for text in candidates:
        roll_at_max_dc(text)  # every candidate must be legal
    timings = measure([Case(text, roll_at_max_dc, text) for text in candidates],
                      rounds, batch_ms)
    results = [(text, timing.median_us) for text, timing in zip(candidates, timings, strict=True)]
    return sorted(results, key=lambda result: -result[1])


# -- report ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Verdict:
    """One target, met or not."""

    name: str
    passed: bool
    detail: str

    def line(self) -> str:
        """``PASS  name: detail``."""
        return f"  {'PASS' if self.passed else 'FAIL'}  {self.name}: {self.detail}"


def _shorten(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def report(rows: list[Row], die: tuple[float, float],
           worst: list[tuple[str, float]]) -> list[Verdict]:
    """Print the tables; return the verdicts."""
    width = max(len(row.notation) for row in rows)
    d20_width = max(len(row.d20_expression) for row in rows)
    print("Parse + roll, per expression (median µs per call; ratio = d20 / nazh):")
    print(f"  {'nazh notation':<{width}}  {'d20 expression':<{d20_width}}"
          f"  {'nazh µs':>9}  {'d20 µs':>9}  {'ratio':>7}")
    for row in rows:
        print(f"  {row.notation:<{width}}  {row.d20_expression:<{d20_width}}"
              f"  {row.nazh_us:9.2f}  {row.d20_us:9.2f}  {row.ratio:6.2f}x")
    nazh_total = sum(row.nazh_us for row in rows)
    d20_total = sum(row.d20_us for row in rows)
    throughput = d20_total / nazh_total
    geomean = math.exp(statistics.fmean(math.log(row.ratio) for row in rows))
    print(f"  {'whole corpus (sum)':<{width + d20_width + 2}}"
          f"  {nazh_total:9.2f}  {d20_total:9.2f}  {throughput:6.2f}x")
    print(f"  (geometric mean of the per-expression ratios: {geomean:.2f}x)")

    ours, theirs = die
    die_ratio = ours / theirs
    print()
    print(f"One die of {DIE_SIDES} sides (median µs per call):")
    print(f"  SystemRandomSource().roll({DIE_SIDES})  {ours:7.3f}")
    print(f"  secrets.randbelow({DIE_SIDES})          {theirs:7.3f}   ratio {die_ratio:.2f}x")

    print()
    print("Worst legal rolls (RollDice(SystemRandomSource())(text, dc=MAX_DC), median µs):")
    for text, micros in worst:
        print(f"  {micros:8.2f}  {len(text):3d} chars  {_shorten(text, 72)!r}")
    worst_text, worst_us = worst[0]

    return [
        Verdict(f"corpus throughput >= {THROUGHPUT_TARGET:g}x d20 (CSPRNG vs Mersenne Twister)",
                throughput >= THROUGHPUT_TARGET,
                f"{throughput:.2f}x ({nazh_total:.1f} µs vs {d20_total:.1f} µs)"),
        Verdict(f"one CSPRNG die <= {DIE_COST_TARGET:g}x secrets.randbelow",
                die_ratio <= DIE_COST_TARGET,
                f"{die_ratio:.2f}x ({ours:.3f} µs vs {theirs:.3f} µs)"),
        Verdict(f"worst legal roll < {WORST_ROLL_TARGET_US:g} µs",
                worst_us < WORST_ROLL_TARGET_US,
                f"{worst_us:.1f} µs ({len(worst_text)} chars: {_shorten(worst_text, 40)!r})"),
    ]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; with ``--check``, exit 1 when a target is missed."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true",
                        help="exit with status 1 when a target is missed")
    parser.add_argument("--rounds", type=int, default=21,
                        help="interleaved rounds per measurement (default 21)")
    parser.add_argument("--batch-ms", type=float, default=4.0,
                        help="approximate length of one timed batch (default 4 ms)")
    args = parser.parse_args(argv)
    rounds, batch_ms = max(1, args.rounds), max(0.1, args.batch_ms)

    print(f"Python {sys.version.split()[0]}, d20 {_d20_version()}; "
          f"{rounds} rounds of ~{batch_ms:g} ms batches per case\n")
    started = time.perf_counter()
    rows = corpus_rows(rounds, batch_ms)
    die = die_costs(rounds, batch_ms)
    worst = worst_roll(rounds, batch_ms)
    verdicts = report(rows, die, worst)
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
