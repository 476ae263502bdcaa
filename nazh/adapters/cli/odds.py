"""``nazh odds``: the odds of a roll as text, JSON or a PNG chart (Pillow only for ``--chart``)."""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path

import orjson

from nazh.adapters.cli.app import EXIT_OK, EXIT_USAGE, Console
from nazh.application.odds.use_cases import OddsChart, OddsOf
from nazh.domain.attack_odds import AttackOdds, attack_terms
from nazh.domain.encounter.damage import DamageType
from nazh.domain.errors import NazhError
from nazh.domain.odds import RollOdds
from nazh.domain.ranges import ranges_for
from nazh.domain.target_odds import Target
from nazh.presentation.odds_json import odds_to_dict
from nazh.presentation.odds_text import render_attack_odds, render_odds

EXIT_FAILURE = 1
def run_odds(args: argparse.Namespace, odds_of: OddsOf, console: Console,
             chart: OddsChart | None = None) -> int:
    """``nazh odds``: print the odds (of an attack with ``--defense`` and ``--damage``), chart."""
    notation = " ".join(args.pools)
    try:
        odds, attack = compute_odds(args, notation, odds_of)
    except NazhError as error:
        print(f"nazh odds: {error.describe()}", file=console.stderr)
        return EXIT_USAGE
    if args.chart is not None:
        status = write_chart(odds, chart, Path(args.chart), console)
        if status != EXIT_OK:
            return status
    if args.json:
        payload = odds_to_dict(odds, notation=notation, version=args.json_version,
                               attack=attack)
        # orjson: the largest legal roll's 100,000 probabilities in ms, not a tenth of a second
        console.stdout.write(orjson.dumps(payload, option=orjson.OPT_INDENT_2).decode() + "\n")
    else:
        console.stdout.write(render_odds(odds) if attack is None else render_attack_odds(attack))
    return EXIT_OK


def compute_odds(args: argparse.Namespace, notation: str,
                 odds_of: OddsOf) -> tuple[RollOdds, AttackOdds | None]:
    """The odds of the roll, or of the attack and its test; a NazhError before computing."""
    kind = None if args.type is None else DamageType(args.type)
    target = Target(args.deflect, args.pierce, kind, args.health)
    ranges = ranges_for(args.opportunity, args.complication)  # checked as nazh roll's
    terms = attack_terms(args.defense, args.damage, args.dc, target)
    if terms is None:
        return odds_of(notation, add_plot=args.plot, dc=args.dc, ranges=ranges), None
    attack = odds_of.attack(notation, replace(terms, ranges=ranges), add_plot=args.plot)
    return attack.test, attack


def write_chart(odds: RollOdds, chart: OddsChart | None, path: Path, console: Console) -> int:
    """Draw the chart into ``path``; 1 (with a message) when it cannot be drawn or written."""
    if chart is None:
        print("nazh odds: charts are not available here", file=console.stderr)
        return EXIT_FAILURE
    try:
        path.write_bytes(chart.render(odds))
    except ImportError as error:
        print(f"nazh odds: charts need Pillow with FreeType ({error})", file=console.stderr)
        return EXIT_FAILURE
    except OSError as error:
        print(f"nazh odds: cannot write the chart: {error}", file=console.stderr)
        return EXIT_FAILURE
    return EXIT_OK


