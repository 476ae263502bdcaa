"""``nazh audit``: are the dice in the log fair? Exit 0 when every die size is consistent
with fair dice, 1 when one fails at the chosen significance (Bonferroni-corrected), so it can
run as a cron check."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path

from nazh.adapters.cli.app import Console
from nazh.application.stats import (
    PRIVATE,
    PUBLIC,
    SECRET,
    DiceStats,
    DieFairness,
    Period,
    StatsScope,
    report_dict,
)
from nazh.presentation.stats_text import audit_text

EXIT_OK, EXIT_FAILED = 0, 1


async def run_audit(args: argparse.Namespace, stats: DiceStats,
                    chart: Callable[[DieFairness, str], bytes], console: Console) -> int:
    """Audit the scope; print the report; 1 when a die size fails."""
    scope = StatsScope(args.guild, args.channel, args.user, (PUBLIC, PRIVATE, SECRET))
    report = await stats.report(scope, Period(args.period), args.alpha)
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
            Path(args.chart).write_bytes(chart(die, title))
    return EXIT_FAILED if report.failing else EXIT_OK
