"""The odds engine (``nazh odds``, ``/odds``) against ``dyce``, in the same process.

Run from the repository root (the virtualenv has numpy and dyce)::

    .venv/bin/python -m benchmarks.odds            # prints the tables, always exits 0
    .venv/bin/python -m benchmarks.odds --check    # exits 1 when a target is missed
    .venv/bin/python benchmarks/odds.py            # the same

Nazh is measured as it runs in production: ``OddsOf(NumpyConvolution())``, notation in, the
odds of the whole roll out (every pool's distribution, mean, standard deviation, P(total >= DC),
and the exact P(at least one Opportunity / Complication)). Targets:

1. The worst legal rolls in at most 50 ms each, with bounded memory (peak traced allocations
   under 64 MiB). A pool costs at most one FFT of at most 20,000 points (20 dice of 1000 sides,
   whatever their modes, plus the plot bonus) or, when counted exactly, at most
   ``EXACT_WORK_LIMIT`` integer operations; so the worst roll is five pools at either bound.
   The candidates: five identical ``a20d1000`` pools (the issue's worst case; identical pools are
   computed once), five *distinct* maximal pools (nothing shared), with modes and modifiers
   mixed, and five distinct pools just under the exact-count limit. Their JSON data
   (``odds_to_dict``, the object ``nazh odds --json`` prints) in at most 3 ms each.
2. At least 10x faster than dyce on the sum of ``20d20`` (dyce: ``20 @ H(20)``).
3. No slower than dyce on ``a1d20+5`` (dyce: ``(2 @ P(20)).at(-1) + 5``).
4. What an ``/odds`` user waits for (the odds, the embed's text, the chart, the worker's answer).
5. The odds of an attack (``OddsOf.attack``), the worst legal damage included, in at most 50 ms
   against a target (deflect, health: the damage after deflect and the chance to drop it) as
   without one; the target adding at most ``TARGET_EXTRA_MS`` to any attack.

dyce computes only the histogram; Nazh computes the odds above as well, so the comparisons
favour dyce. Method: every case is timed in batches (about ``--batch-ms`` each, at least one
call) with ``time.perf_counter_ns`` and the garbage collector paused, after a warm-up; the
batches of the cases compared are interleaved round after round, so a load spike on a shared
machine hits them all; the figure reported is the median per-call time.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

if __package__ in (None, ""):  # run as a file: python benchmarks/odds.py
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import dyce
import orjson

from benchmarks.report import Verdict
from nazh.adapters.numeric.numpy_convolution import NumpyConvolution
from nazh.application.odds.use_cases import EXACT_WORK_LIMIT, OddsOf
from nazh.domain.attack_odds import AttackTerms
from nazh.domain.convolution import exact_work
from nazh.domain.encounter.damage import DamageType
from nazh.domain.notation import parse_roll
from nazh.domain.odds import pool_sum
from nazh.domain.target_odds import Target
from nazh.presentation.odds_json import odds_to_dict

WORST_TARGET_MS = 50.0
"""Every legal roll's odds in at most this many milliseconds."""
MEMORY_TARGET_MIB = 64.0
TO_DICT_TARGET_MS = 3.0
"""``odds_to_dict`` (the JSON data of ``nazh odds --json``) of each worst legal roll."""
"""Peak memory traced while computing the worst roll's odds."""
SUM_20D20_TARGET = 10.0
"""At least this many times faster than dyce on 20d20."""
ADVANTAGE_TARGET = 1.0
"""At least as fast as dyce on a1d20+5."""
DC = 15


@dataclass(frozen=True, slots=True)
class Case:
    """Something to time: ``call()``, under a label."""

    label: str
    call: Callable[[], object]


def _batch_ns(call: Callable[[], object], calls: int) -> int:
    """Wall time of ``calls`` calls, garbage collector paused."""
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        start = time.perf_counter_ns()
        for _ in range(calls):
            call()
        return time.perf_counter_ns() - start
    finally:
        if gc_was_enabled:
            gc.enable()


def _calls_per_batch(case: Case, batch_ms: float) -> int:
    """Warm the case up (at least 5 ms and 2 calls), then size its batches to ``batch_ms``."""
    calls = 2
    while True:
        elapsed = _batch_ns(case.call, calls)
        if elapsed >= 5_000_000 or calls >= 1 << 20:
            break
        calls *= 2
    return max(1, round(batch_ms * 1_000_000 * calls / max(elapsed, 1)))


def measure(cases: Sequence[Case], rounds: int, batch_ms: float) -> list[list[float]]:
    """Per-call times (ms) of ``cases``, one per round, their batches interleaved."""
    sizes = [_calls_per_batch(case, batch_ms) for case in cases]
    samples: list[list[float]] = [[] for _ in cases]
    order = list(range(len(cases)))
    for round_index in range(rounds):
        gc.collect()
        for index in order if round_index % 2 == 0 else order[::-1]:
            calls = sizes[index]
            samples[index].append(_batch_ns(cases[index].call, calls) / calls / 1e6)
    return samples


# -- 1. the worst rolls --------------------------------------------------------------------------


def exact_limit_pools() -> list[str]:
    """Five distinct pools each just under the exact-count limit.

    Their dice alternate advantage and disadvantage (two kinds of dice, the slowest per
    operation), with -1000 (the Minimum 1 Rule at work): the largest such pools counted exactly.
    """
    def tags(count: int) -> str:
        return ("ad" * count)[:count]

    def work(count: int, sides: int) -> int:
        pool = parse_roll(f"{tags(count)}{count}d{sides}").pools[0]
        return exact_work(pool_sum(pool, plot_bonus=False).factors)

    best: tuple[int, int, int] = (0, 1, 2)
    for count in range(1, 21):
        sides = max((s for s in range(2, 1001) if work(count, s) <= EXACT_WORK_LIMIT),
                    default=0)
        if sides and work(count, sides) > best[0]:
            best = (work(count, sides), count, sides)
    _, count, sides = best
    return [f"{tags(count)}{count}d{sides - i}-1000" for i in range(5)]


def worst_rolls() -> list[tuple[str, str]]:
    """(label, notation) of the candidates for the slowest legal roll."""
    tags = "a" * 20
    mixed = "ad" * 10
    return [
        ("5 x a20d1000 (identical)", ", ".join([f"{tags}20d1000"] * 5)),
        ("5 distinct a20d1000..996", ", ".join(f"{tags}20d{1000 - i}" for i in range(5))),
        ("5 distinct, mixed, -1000", ", ".join([
            f"{mixed}20d1000-1000", f"{tags}20d999+1000", "20d998-999",
            f"{'d' * 20}20d997-1000", f"{mixed}20d996+7"])),
        ("5 distinct at exact limit", ", ".join(exact_limit_pools())),
        ("4 x a20d20+1000 and p", ", ".join([f"{tags}20d20+{1000 - i}" for i in range(4)] + ["p"])),
    ]


def peak_memory_mib(call: Callable[[], object]) -> float:
    """Peak memory traced during one call, in MiB."""
    gc.collect()
    tracemalloc.start()
    try:
        call()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / (1 << 20)


# -- the report ----------------------------------------------------------------------------------


def worst_table(odds_of: OddsOf, rounds: int) -> tuple[float, float, str, float, str]:
    """Time every worst-roll candidate; (slowest median ms, largest peak MiB, its label,
    slowest ``odds_to_dict`` ms, its label)."""
    candidates = worst_rolls()
    cases = [Case(label, partial(odds_of, text, dc=10_000)) for label, text in candidates]
    samples = measure(cases, rounds, batch_ms=1.0)
    print(f"1. Worst legal rolls (median and slowest of {rounds} rounds, peak memory), and their")
    print("   JSON data: odds_to_dict in the current version 2 and in version 1 (fastest of")
    print("   five calls), and the text `nazh odds --json` prints from version 2")
    print(f"   {'roll':28} {'median':>9} {'slowest':>9} {'memory':>9}  {'dict v2':>8} "
          f"{'dict v1':>8} {'text v2':>8}")
    medians, memories, dict_ms = [], [], []
    for (label, text), case, times in zip(candidates, cases, samples, strict=True):
        medians.append(statistics.median(times))
        memories.append(peak_memory_mib(case.call))
        odds = odds_of(text, dc=10_000)
        v2, v1 = (min(_batch_ns(partial(odds_to_dict, odds, notation=text, version=version), 1)
                      for _ in range(5)) / 1e6 for version in (2, 1))
        data = odds_to_dict(odds, notation=text)
        dumped = min(_batch_ns(partial(orjson.dumps, data, option=orjson.OPT_INDENT_2), 1)
                     for _ in range(3)) / 1e6
        dict_ms.append(v2)
        print(f"   {label:28} {medians[-1]:7.2f}ms {max(times):7.2f}ms "
              f"{memories[-1]:6.1f}MiB {v2:7.2f}ms {v1:7.2f}ms {dumped:7.1f}ms")
    slowest = max(range(len(cases)), key=medians.__getitem__)
    slowest_dict = max(range(len(cases)), key=dict_ms.__getitem__)
    return (medians[slowest], max(memories), candidates[slowest][0], dict_ms[slowest_dict],
            candidates[slowest_dict][0])


def ratio_table(odds_of: OddsOf, rounds: int, batch_ms: float) -> tuple[float, float]:
    """Nazh against dyce on 20d20 and a1d20+5; the two speed-ups (dyce time / Nazh time)."""
    pairs = [
        ("20d20", Case("nazh", lambda: odds_of("20d20", dc=DC)),
         Case("dyce", lambda: 20 @ dyce.H(20))),
        ("a1d20+5", Case("nazh", lambda: odds_of("a1d20+5", dc=DC)),
         Case("dyce", lambda: (2 @ dyce.P(20)).at(-1) + 5)),
    ]
    print(f"\n2-3. Against dyce {_version('dyce')} (medians of {rounds} rounds)")
    print(f"   {'roll':10} {'nazh':>11} {'dyce':>11} {'speed-up':>9}")
    ratios = []
    for label, ours, theirs in pairs:
        nazh_times, dyce_times = measure([ours, theirs], rounds, batch_ms)
        nazh_ms, dyce_ms = statistics.median(nazh_times), statistics.median(dyce_times)
        ratios.append(dyce_ms / nazh_ms)
        print(f"   {label:10} {nazh_ms * 1000:8.1f} µs {dyce_ms * 1000:8.1f} µs "
              f"{dyce_ms / nazh_ms:8.1f}x")
    return ratios[0], ratios[1]


# -- 4. what the user waits for: odds, JSON, the embed's text and the chart -------------------

WAIT_CASES = ("a1d20+5", "20d20", "20d1000")
FIRST_CHART_TARGET_MS = 150.0
"""The first chart of a fresh process (the worker is warmed at start, so users never see it)."""


def user_wait_table(odds_of: OddsOf, rounds: int) -> tuple[float, str, float]:
    """Per case: the odds, the embed's text and the chart in this process, and the whole answer
    as the bot gets it from its worker process (pickling both ways included); returns (slowest
    chart of a worst roll in ms, its label, first chart of a fresh process in ms)."""
    import asyncio

    from nazh.adapters.chart.pillow_chart import PillowOddsChart
    from nazh.adapters.workers.odds import ProcessOddsWorker
    from nazh.composition.jobs import odds_with_chart
    from nazh.presentation.chat import pool_line

    chart = PillowOddsChart()
    chart.warm()  # the bot warms its worker at start; the first chart is timed apart below
    cases = [*[(case, case) for case in WAIT_CASES], *worst_rolls()]
    repeats = max(3, rounds // 3)

    def timed(call: Callable[[], object]) -> float:
        started = time.perf_counter()
        call()
        return (time.perf_counter() - started) * 1000

    async def through_worker(worker: ProcessOddsWorker, text: str) -> float:
        started = time.perf_counter()
        answer = await worker.compute(text, add_plot=False, dc=DC)
        [pool_line(answer.odds, pool) for pool in answer.odds.pools]
        return (time.perf_counter() - started) * 1000

    async def whole_answers() -> list[float]:
        worker = ProcessOddsWorker(odds_with_chart)
        try:
            await worker.warm()
            return [statistics.median([await through_worker(worker, text)
                                       for _ in range(repeats)]) for _, text in cases]
        finally:
            await worker.close()

    print("\n4. What /odds users wait for (median ms): the odds, the embed's text and the chart,"
          "\n   and the whole answer from the bot's worker process (pickling included)")
    print(f"   {'roll':28} {'odds':>7} {'embed':>7} {'chart':>7} {'answer':>8}")
    wholes = asyncio.run(whole_answers())
    charts: dict[str, float] = {}
    for (label, text), whole in zip(cases, wholes, strict=True):
        odds = odds_of(text, dc=DC)
        compute = partial(odds_of, text, dc=DC)
        lines = partial(lambda done: [pool_line(done, pool) for pool in done.pools], odds)
        draw = partial(chart.render, odds)
        odds_ms, embed_ms, charts[label] = (
            statistics.median(timed(call) for _ in range(repeats))
            for call in (compute, lines, draw))
        print(f"   {label:28} {odds_ms:7.1f} {embed_ms:7.1f} {charts[label]:7.1f} {whole:8.1f}")
    first = _first_chart_ms()
    print(f"   {'first chart':28} {'':7} {'':7} {first:7.1f} (a fresh process, imports excluded)")
    worst_labels = [label for label, _ in worst_rolls()]
    slowest = max(worst_labels, key=charts.__getitem__)
    return charts[slowest], slowest, first


def _first_chart_ms() -> float:
    import subprocess

    code = ("import time; from nazh.adapters.chart.pillow_chart import PillowOddsChart;"
            "from nazh.application.odds.use_cases import OddsOf; odds = OddsOf()('1d20', dc=15);"
            "import PIL.Image, PIL.ImageDraw, PIL.ImageFont;"
            "t = time.perf_counter(); PillowOddsChart().render(odds);"
            "print((time.perf_counter() - t) * 1000)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    return float(done.stdout.strip())


# -- 5. the odds of an attack, against a target ---------------------------------------------------

ATTACKS = (("1d20+5 vs 15, 1d8", "1d20+5", "1d8"),
           ("a1d20+5, p vs 15, 4d6+3", "a1d20+5, p", "4d6+3"),
           ("worst: a1d20, p vs 15, a20d1000+1000", "a1d20, p", "a20d1000+1000"))
TARGET = Target(deflect=20, damage_type=DamageType.KEEN, health=999)
"""The most deflect and the most health a target may have (the chance to drop it summed over
the damage's whole range)."""
TARGET_EXTRA_MS = 2.0
"""The odds against a target cost at most this much more than those of the attack alone."""


def attack_table(odds_of: OddsOf, rounds: int, batch_ms: float) -> tuple[float, float, str]:
    """Each attack alone and against :data:`TARGET`, interleaved; (slowest median against the
    target in ms, the most the target added in ms, that attack's label)."""
    print(f"\n5. The odds of an attack, alone and against deflect {TARGET.deflect} and "
          f"{TARGET.health} health (medians of {rounds} rounds)")
    print(f"   {'attack':38} {'alone':>9} {'target':>9} {'added':>9}")
    slowest, most_added, worst_label = 0.0, 0.0, ""
    for label, test, damage in ATTACKS:
        alone = Case("alone", partial(odds_of.attack, test, AttackTerms(15, damage)))
        against = Case("target", partial(odds_of.attack, test, AttackTerms(15, damage, TARGET)))
        alone_times, target_times = measure([alone, against], rounds, batch_ms)
        alone_ms, target_ms = statistics.median(alone_times), statistics.median(target_times)
        added = target_ms - alone_ms
        slowest = max(slowest, target_ms)
        if added > most_added or not worst_label:
            most_added, worst_label = added, label
        print(f"   {label:38} {alone_ms:7.2f}ms {target_ms:7.2f}ms {added:7.3f}ms")
    return slowest, most_added, worst_label


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; with ``--check``, exit 1 when a target is missed."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.odds",
                                     description="Nazh's odds engine against dyce.")
    parser.add_argument("--check", action="store_true",
                        help="exit with status 1 when a target is missed")
    parser.add_argument("--rounds", type=int, default=15,
                        help="interleaved rounds per measurement (default: 15)")
    parser.add_argument("--batch-ms", type=float, default=20.0,
                        help="approximate length of one timed batch (default: 20 ms)")
    args = parser.parse_args(argv)
    rounds, batch_ms = max(1, args.rounds), max(0.1, args.batch_ms)
    odds_of = OddsOf(NumpyConvolution())
    print(f"Python {sys.version.split()[0]}, numpy {_version('numpy')}, "
          f"exact counts up to {EXACT_WORK_LIMIT:,} integer operations per pool\n")
    started = time.perf_counter()
    worst_ms, memory, worst_label, dict_ms, dict_label = worst_table(odds_of, rounds)
    sum_ratio, advantage_ratio = ratio_table(odds_of, rounds, batch_ms)
    chart_ms, chart_label, first_chart_ms = user_wait_table(odds_of, rounds)
    attack_ms, target_added_ms, added_label = attack_table(odds_of, rounds, batch_ms)
    verdicts = [
        Verdict(f"worst legal roll <= {WORST_TARGET_MS:g} ms", worst_ms <= WORST_TARGET_MS,
                f"{worst_ms:.2f} ms ({worst_label})"),
        Verdict(f"bounded memory <= {MEMORY_TARGET_MIB:g} MiB", memory <= MEMORY_TARGET_MIB,
                f"peak {memory:.1f} MiB"),
        Verdict(f"worst legal roll's odds_to_dict <= {TO_DICT_TARGET_MS:g} ms",
                dict_ms <= TO_DICT_TARGET_MS, f"{dict_ms:.2f} ms ({dict_label})"),
        Verdict(f"20d20 >= {SUM_20D20_TARGET:g}x faster than dyce",
                sum_ratio >= SUM_20D20_TARGET, f"{sum_ratio:.1f}x"),
        Verdict("a1d20+5 no slower than dyce", advantage_ratio >= ADVANTAGE_TARGET,
                f"{advantage_ratio:.1f}x"),
        Verdict(f"worst legal roll's chart <= {WORST_TARGET_MS:g} ms",
                chart_ms <= WORST_TARGET_MS, f"{chart_ms:.1f} ms ({chart_label})"),
        Verdict(f"first chart of a process <= {FIRST_CHART_TARGET_MS:g} ms",
                first_chart_ms <= FIRST_CHART_TARGET_MS, f"{first_chart_ms:.0f} ms"),
        Verdict(f"worst attack against a target <= {WORST_TARGET_MS:g} ms",
                attack_ms <= WORST_TARGET_MS, f"{attack_ms:.2f} ms"),
        Verdict(f"a target adds <= {TARGET_EXTRA_MS:g} ms to an attack",
                target_added_ms <= TARGET_EXTRA_MS,
                f"{target_added_ms:.3f} ms at most ({added_label})"),
    ]
    print(f"\nTargets ({time.perf_counter() - started:.1f} s):")
    for verdict in verdicts:
        print(verdict.line())
    failed = not all(verdict.passed for verdict in verdicts)
    return 1 if args.check and failed else 0


def _version(package: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:
        return "?"


if __name__ == "__main__":
    sys.exit(main())
