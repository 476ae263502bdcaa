"""``nazh attack``: an attack's test and damage rolled together, judged against a defense."""

from __future__ import annotations

import argparse
import json

from nazh.adapters.cli.app import EXIT_OK, EXIT_USAGE, Console
from nazh.application.rolls.dice import RollDice
from nazh.application.shared.json_types import JsonObject
from nazh.domain.attack import MIN_DEFENSE, AttackView, prepare, view
from nazh.domain.errors import NazhError
from nazh.domain.ranges import Ranges
from nazh.presentation.attack import damage_terms
from nazh.presentation.roll_json import pool_to_dict
from nazh.presentation.text import render_result

# Its --json output is a public contract (docs/cli.md): fields are added, never renamed or removed,
# within a version.
ATTACK_JSON_VERSION = 1

def run_attack(args: argparse.Namespace, roll_dice: RollDice, console: Console) -> int:
    """``nazh attack``: roll it, print it (text or JSON); 2 on bad input (JSON with ``--json``)."""
    try:
        ranges = Ranges(args.opportunity, args.complication)
        notation, terms = prepare(args.test, args.damage, args.defense)
        result = roll_dice(notation, add_plot=args.plot, dc=args.defense, ranges=ranges,
                           least_dc=MIN_DEFENSE)
    except NazhError as error:
        if args.json:
            console.stdout.write(json.dumps({"version": ATTACK_JSON_VERSION,
                                             "error": error.describe()}) + "\n")
        print(f"nazh attack: {error.describe()}", file=console.stderr)
        return EXIT_USAGE
    attack = view(result, terms)
    if args.json:
        payload = attack_to_dict(attack, notation=result.notation, seed=args.seed,
                                 pending=result.pending)
        console.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
        return EXIT_OK
    console.stdout.write(render_result(result, console.markup()))
    console.stdout.write("\n".join(attack_lines(attack, pending=result.pending)) + "\n")
    return EXIT_OK


def attack_to_dict(attack: AttackView, *, notation: str, seed: int | None,
                   pending: bool) -> JsonObject:
    """The attack as JSON-ready data (``damage.total``: the damage on a hit, ``null`` on a miss)."""
    return {
        "version": ATTACK_JSON_VERSION,
        "notation": notation,
        "seed": seed,
        "pending": pending,
        "defense": attack.attack.defense,
        "test": {**pool_to_dict(attack.test, pending=pending), "natural": attack.natural},
        "hit": None if pending else attack.hit,
        "damage": {"dice": list(attack.dice),
                   "sides": None if attack.damage is None else attack.damage.spec.sides,
                   "modifier": attack.attack.modifier,
                   "total": None if attack.hit is False else attack.hit_damage},
        "graze": attack.graze,
        "critical": attack.critical_damage,
        "opportunities": attack.opportunities,
        "complications": attack.complications,
    }


def attack_lines(attack: AttackView, *, pending: bool) -> list[str]:
    """The attack's outcome as plain lines."""
    hit_sum, dice, _ = damage_terms(attack)
    hit = f"{attack.hit_damage} damage ({hit_sum})"
    graze = f"{attack.graze} damage ({dice}; costs 1 focus)"
    critical = f"critical hit (an Opportunity): {attack.critical_damage} damage"
    if pending:
        return ["The plot die's face is still to be chosen: hit or miss waits for it."]
    extra = [f"Or, spending an Opportunity, a {critical}"] if attack.opportunities else []
    if attack.hit is None:
        return [f"On a hit: {hit}", *extra, f"On a miss, a graze: {graze}"]
    if attack.hit:
        return [f"Hit (vs defense {attack.attack.defense}): {hit}", *extra]
    return [f"Miss (vs defense {attack.attack.defense}): a graze would deal {graze}"]
