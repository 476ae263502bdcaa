"""``nazh audit``: are the dice in the log fair? 0 yes, 1 no (Bonferroni), 5 nothing to judge."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path

from nazh.adapters.cli.app import EXIT_USAGE, Console
from nazh.application.stats.dice_stats import (
    FAIL,
    NOTHING_TO_JUDGE,
    PRIVATE,
    PUBLIC,
    SECRET,
    DiceStats,
    DieFairness,
    Period,
    StatsReport,
    StatsScope,
    report_dict,
)
from nazh.presentation.stats_text import audit_text

EXIT_OK, EXIT_FAILED = 0, 1
EXIT_NOTHING_TO_JUDGE = 5
"""No die size had rolls enough to be tested (an empty log, or no log at all)."""
STATUSES = {FAIL: EXIT_FAILED, NOTHING_TO_JUDGE: EXIT_NOTHING_TO_JUDGE}


async def run_audit(args: argparse.Namespace, stats: DiceStats,
                    chart: Callable[[DieFairness, str], bytes], console: Console) -> int:
    """Audit the scope; print the report; 1 when a die size fails, 5 when nothing to judge."""
    report = await stats.report(scope_of(args), Period(args.period), args.alpha)
    return show_audit(args, report, chart, console)


def run_audit_without_log(args: argparse.Namespace, path: str, console: Console) -> int:
    """``nazh audit`` with no roll log yet: nothing to judge (an empty JSON report, or a line)."""
    if args.json:
        return show_audit(args, StatsReport.empty(scope_of(args), Period(args.period),
                                                  args.alpha), lambda *_: b"", console)
    console.stdout.write(f"nothing to audit: there is no roll log at {path} yet (`nazh run` "
                         "creates it, or `nazh db upgrade`)\n")
    return EXIT_NOTHING_TO_JUDGE


def scope_of(args: argparse.Namespace) -> StatsScope:
    """The rolls ``--guild``, ``--channel`` and ``--user`` choose, of every visibility."""
    return StatsScope(args.guild, args.channel, args.user, (PUBLIC, PRIVATE, SECRET))


def show_audit(args: argparse.Namespace, report: StatsReport,
               chart: Callable[[DieFairness, str], bytes], console: Console) -> int:
    """Print the report (text or JSON) and draw the chart; the exit status (2: chart unwritable)."""
    if args.json:
        console.stdout.write(json.dumps(report_dict(report), indent=2) + "\n")
    else:
        console.stdout.write(audit_text(report))
    if args.chart:
        die = report.die("d20") or max(report.dice, key=lambda d: d.rolled, default=None)
        if die is None:
            console.stderr.write("nazh audit: no dice rolled yet, so no chart\n")
        else:
            title = f"{die.die}: {report.words(die.test)}"
            try:
                Path(args.chart).write_bytes(chart(die, title))
            except OSError as error:
                console.stderr.write(f"nazh audit: cannot write the chart to {args.chart}: "
                                     f"{error.strerror or error}\n")
                return EXIT_USAGE
    return STATUSES.get(report.verdict, EXIT_OK)
