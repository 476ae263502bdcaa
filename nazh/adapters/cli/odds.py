"""The ``nazh odds`` command: the odds of a roll as text, JSON or a PNG chart.

Only the standard library and the core are imported here; matplotlib loads only for
``--chart`` (inside the chart adapter, reached through the :class:`OddsChart` port).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from nazh.adapters.cli.app import EXIT_OK, EXIT_USAGE, Console
from nazh.application.odds import OddsOf
from nazh.application.odds_presentation import (
    Bin,
    bar,
    format_percent,
    histogram,
    pool_summary,
    story_summary,
)
from nazh.application.odds_serialization import odds_notes, odds_to_dict
from nazh.application.ports import OddsChart
from nazh.domain.errors import NazhError
from nazh.domain.odds import PoolOdds, RollOdds

EXIT_FAILURE = 1
BAR_WIDTH = 32
MEETS_DC = "✓"

def run_odds(args: argparse.Namespace, odds_of: OddsOf, console: Console,
             chart: OddsChart | None = None) -> int:
    """``nazh odds``: print the odds (text or JSON), draw the chart; 2 on bad input."""
    notation = " ".join(args.pools)
    try:
        odds = odds_of(notation, add_plot=args.plot, dc=args.dc)
    except NazhError as error:
        print(f"nazh odds: {error.describe()}", file=console.stderr)
        return EXIT_USAGE
    if args.chart is not None:
        status = write_chart(odds, chart, Path(args.chart), console)
        if status != EXIT_OK:
            return status
    if args.json:
        payload = odds_to_dict(odds, notation=notation)
        console.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    else:
        console.stdout.write(render_odds(odds))
    return EXIT_OK


def write_chart(odds: RollOdds, chart: OddsChart | None, path: Path, console: Console) -> int:
    """Draw the chart into ``path``; 1 (with a message) when it cannot be drawn or written."""
    if chart is None:
        print("nazh odds: charts are not available here", file=console.stderr)
        return EXIT_FAILURE
    try:
        path.write_bytes(chart.render(odds))
    except ImportError as error:
        print(f"nazh odds: charts need matplotlib ({error})", file=console.stderr)
        return EXIT_FAILURE
    except OSError as error:
        print(f"nazh odds: cannot write the chart: {error}", file=console.stderr)
        return EXIT_FAILURE
    return EXIT_OK


def render_odds(odds: RollOdds) -> str:
    """The odds as terminal text: the roll, the story odds, then each pool and its histogram."""
    title = f"Odds of {odds.spec.notation}"
    if odds.dc is not None:
        title += f" against DC {odds.dc}"
    lines = [title, story_summary(odds)]
    lines += [f"Note: {note}." for note in odds_notes(odds)]
    for pool in odds.pools:
        lines += ["", *render_pool(pool)]
    return "\n".join(lines) + "\n"


def render_pool(pool: PoolOdds) -> list[str]:
    """A pool's heading, its summary and its histogram rows."""
    heading = pool.spec.notation
    if pool.plot_bonus:
        heading += " (plot die bonus included)"
    if not pool.exact:
        heading += " (floating point)"
    bins = histogram(pool)
    return [heading, f"  {pool_summary(pool)}", *histogram_lines(bins)]


def histogram_lines(bins: list[Bin]) -> list[str]:
    """``  15-16 ✓ ██████▌   10.25%``: label, DC mark, bar scaled to the tallest row, percent."""
    tallest = max(b.probability for b in bins) or 1.0
    label_width = max(len(b.label) for b in bins)
    marks = any(b.meets_dc for b in bins)
    lines = []
    for row in bins:
        mark = (MEETS_DC if row.meets_dc else " ") + " " if marks else ""
        drawn = bar(row.probability / tallest, BAR_WIDTH).ljust(BAR_WIDTH)
        chance = format_percent(row.probability, possible=True, certain=len(bins) == 1)
        lines.append(f"  {row.label.rjust(label_width)} {mark}{drawn} {chance}")
    return lines
