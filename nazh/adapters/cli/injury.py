"""``nazh injury``: an injury roll, its duration band with the days and its effect, text or JSON."""

from __future__ import annotations

import argparse
import json

from nazh.adapters.cli.app import EXIT_OK, EXIT_USAGE, Console
from nazh.application.rolls.dice import RollDice
from nazh.domain.errors import NazhError
from nazh.domain.injury import Injury, InjuryTerms
from nazh.presentation.injury import injury_lines, injury_to_dict


def run_injury(args: argparse.Namespace, roll_dice: RollDice, console: Console) -> int:
    """``nazh injury``: roll, print the injury (text or JSON); 2 on bad input, nothing rolled."""
    terms = InjuryTerms(args.deflect, args.injuries, args.modifier)
    try:
        result = roll_dice.injury(terms)
    except NazhError as error:
        print(f"nazh injury: {error.describe()}", file=console.stderr)
        return EXIT_USAGE
    injury = Injury.of(terms, result)
    if args.json:
        payload = injury_to_dict(injury, result, seed=args.seed)
        console.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
        return EXIT_OK
    console.stdout.write("\n".join(injury_lines(injury, result, console.markup())) + "\n")
    return EXIT_OK
