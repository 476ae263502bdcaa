"""The ``nazh`` command line: parsing, and ``nazh roll`` (stdlib and core only, to start fast)."""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol, TextIO, TypeAlias

from nazh.application.rolls.dice import RollDice
from nazh.domain.encounter.damage import DamageType
from nazh.domain.errors import NazhError
from nazh.domain.ranges import HIGHEST_FACE, LOWEST_FACE, Ranges
from nazh.domain.results import RollResult
from nazh.domain.spec import DieMode
from nazh.presentation.roll_json import roll_to_dict
from nazh.presentation.rows import (
    Markup,
    PlainMarkup,
)
from nazh.presentation.text import AnsiMarkup, render_result

EXIT_OK = 0
EXIT_USAGE = 2
ODDS_JSON_VERSIONS = (1, 2)
"""``nazh odds --json-version`` (the odds' JSON module is imported only when it runs)."""
HISTORY_LIMIT_MAX = 1000
"""``nazh history --limit``: at most this many rolls (``nazh log export`` gives them all)."""
PUBLIC_KEY_HEX_DIGITS = 64
"""An Ed25519 public key as ``nazh keys new`` prints it."""
_ASCII_INTEGER = re.compile(r"[+-]?[0-9]+")


@dataclass(frozen=True, slots=True)
class Console:
    """The streams a command talks to."""

    stdin: TextIO
    stdout: TextIO
    stderr: TextIO

    @classmethod
    def system(cls) -> Console:
        """The process's own streams."""
        return cls(sys.stdin, sys.stdout, sys.stderr)

    @property
    def interactive(self) -> bool:
        """Both ends are a terminal: the user can be asked questions."""
        return self.stdin.isatty() and self.stdout.isatty()

    def markup(self) -> Markup:
        """ANSI emphasis on a terminal (unless ``NO_COLOR`` is set), plain text otherwise."""
        if self.stdout.isatty() and not os.environ.get("NO_COLOR"):
            return AnsiMarkup()
        return PlainMarkup()


def build_parser() -> argparse.ArgumentParser:
    """The parser for every ``nazh`` sub-command (one row of :data:`SUBCOMMANDS` each)."""
    parser = argparse.ArgumentParser(
        prog="nazh", description="Nazh: a provably fair dice engine for the Cosmere RPG."
    )
    parser.add_argument("--version", action=_Version, help="print the version and exit")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for subcommand in SUBCOMMANDS:
        subcommand.add(commands)
    return parser


Subparsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"
"""The sub-command parsers of ``nazh``."""


def _add_roll(commands: Subparsers) -> None:
    roll = commands.add_parser("roll", help="roll dice", description=ROLL_HELP,
                               formatter_class=argparse.RawDescriptionHelpFormatter)
    roll.add_argument("pools", nargs="+", metavar="POOLS",
                      help='up to 5 pools separated by commas, e.g. "a1d20+5, 2d6+3, p"')
    roll.add_argument("--seed", type=ascii_integer, help="use a deterministic random source")
    roll.add_argument("--json", action="store_true", help="print the result as JSON")
    roll.add_argument("--plot", action="store_true", help="add a plot die")
    roll.add_argument("--dc", type=ascii_integer, help="difficulty class of the test")
    roll.add_argument("--opportunity", type=ascii_integer, default=HIGHEST_FACE, metavar="N",
                      help="the lowest natural d20 face that is an Opportunity (default 20)")
    roll.add_argument("--complication", type=ascii_integer, default=LOWEST_FACE, metavar="N",
                      help="the highest natural d20 face that is a Complication (default 1)")


def _add_odds(commands: Subparsers) -> None:
    odds = commands.add_parser("odds", help="the exact odds of a roll", description=ODDS_HELP,
                               formatter_class=argparse.RawDescriptionHelpFormatter)
    odds.add_argument("pools", nargs="+", metavar="POOLS",
                      help='up to 5 pools separated by commas, e.g. "a1d20+5, 2d6+3, p"')
    odds.add_argument("--plot", action="store_true", help="add a plot die")
    odds.add_argument("--dc", type=ascii_integer, help="difficulty class of the test")
    odds.add_argument("--opportunity", type=ascii_integer, default=HIGHEST_FACE, metavar="N",
                      help="the lowest natural d20 face that is an Opportunity (default 20)")
    odds.add_argument("--complication", type=ascii_integer, default=LOWEST_FACE, metavar="N",
                      help="the highest natural d20 face that is a Complication (default 1)")
    odds.add_argument("--defense", type=ascii_integer,
                      help="the target's defense: the odds of an attack whose test is POOLS "
                      "(with --damage)")
    odds.add_argument("--damage", metavar="DICE",
                      help='the attack\'s damage dice, e.g. "2d6" (the test\'s modifier is '
                      'added on a hit) or "2d6+3" (with --defense)')
    odds.add_argument("--deflect", type=ascii_integer, metavar="N",
                      help="an attack's target: its deflect (0-20), taken off each hit's "
                      "damage")
    odds.add_argument("--pierce", action="store_true",
                      help="an attack's weapon has Pierce: it ignores deflect")
    odds.add_argument("--type", choices=[kind.value for kind in DamageType],
                      help="an attack's damage type: energy, impact and keen are reduced by "
                      "deflect, spirit and vital are not (default: taken as deflected)")
    odds.add_argument("--health", type=ascii_integer, metavar="N",
                      help="an attack's target: its health (1-999), for the chance to drop it "
                      "in one attack")
    odds.add_argument("--json", action="store_true", help="print the odds as JSON")
    odds.add_argument("--json-version", type=int, choices=ODDS_JSON_VERSIONS,
                      default=ODDS_JSON_VERSIONS[-1],
                      help="the JSON's version: 2 (default) lists each pool's probabilities "
                      "from its smallest total on, 1 maps each total to its probability")
    odds.add_argument("--chart", type=png_file, metavar="FILE.png",
                      help="also draw the odds as a PNG chart")


def _add_attack(commands: Subparsers) -> None:
    attack = commands.add_parser("attack", help="roll an attack with its damage",
                                 description=ATTACK_HELP,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    attack.add_argument("test", nargs="?", default="1d20", metavar="TEST",
                        help='the attack test, e.g. "a1d20+5" (default 1d20)')
    attack.add_argument("--damage", required=True, metavar="DICE",
                        help='the damage dice, e.g. "2d6" or "2d6+3"')
    attack.add_argument("--defense", type=ascii_integer, help="the target's defense (0-100)")
    attack.add_argument("--plot", action="store_true", help="raise the stakes: the plot die")
    attack.add_argument("--opportunity", type=ascii_integer, default=HIGHEST_FACE, metavar="N",
                        help="the lowest natural d20 face that is an Opportunity (default 20)")
    attack.add_argument("--complication", type=ascii_integer, default=LOWEST_FACE, metavar="N",
                        help="the highest natural d20 face that is a Complication (default 1)")
    attack.add_argument("--seed", type=ascii_integer, help="use a deterministic random source")
    attack.add_argument("--json", action="store_true", help="print the attack as JSON")


def _add_injury(commands: Subparsers) -> None:
    injury = commands.add_parser("injury", help="roll an injury: its duration and effect",
                                 description=INJURY_HELP,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    injury.add_argument("--deflect", type=ascii_integer, default=0, metavar="N",
                        help="the character's deflect value, 0 to 20 (default 0)")
    injury.add_argument("--injuries", type=ascii_integer, default=0, metavar="N",
                        help="injuries already taken, -5 each, 0 to 10 (default 0)")
    injury.add_argument("--modifier", type=ascii_integer, default=0, metavar="N",
                        help="other bonuses or penalties, -20 to 20 (default 0)")
    injury.add_argument("--seed", type=ascii_integer, help="use a deterministic random source")
    injury.add_argument("--json", action="store_true", help="print the injury as JSON")


def _add_run(commands: Subparsers) -> None:
    commands.add_parser("run", help="run the Discord bot over the gateway (settings from the "
                        "environment)")


def _add_serve(commands: Subparsers) -> None:
    commands.add_parser("serve", help="answer Discord's interactions over HTTP at "
                        "POST /interactions (needs DISCORD_PUBLIC_KEY)")


class _Version(argparse.Action):
    """``--version``: the installed version (read only when asked)."""

    def __init__(self, option_strings: list[str], dest: str, help: str | None = None) -> None:  # noqa: A002
        super().__init__(option_strings, dest, nargs=0, help=help)

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: object, option_string: str | None = None) -> None:
        from importlib.metadata import PackageNotFoundError, version  # noqa: PLC0415

        try:
            shown = version("nazh")
        except PackageNotFoundError:
            shown = "unknown"
        sys.stdout.write(f"nazh {shown}\n")
        parser.exit()


class Commands(Protocol):
    """What each ``nazh`` command runs (the composition root provides it)."""

    def roll(self, args: argparse.Namespace) -> int:
        """``nazh roll``."""
        ...

    def odds(self, args: argparse.Namespace) -> int:
        """``nazh odds``."""
        ...

    def attack(self, args: argparse.Namespace) -> int:
        """``nazh attack``."""
    def injury(self, args: argparse.Namespace) -> int:
        """``nazh injury``."""
        ...

    def run(self, args: argparse.Namespace) -> int:
        """``nazh run``: the bot over the gateway."""
        ...

    def serve(self, args: argparse.Namespace) -> int:
        """``nazh serve``: the bot over HTTP (Discord's Interactions Endpoint URL)."""
        ...

    def storage(self, args: argparse.Namespace) -> int:
        """``nazh db``, ``nazh log``, ``nazh history``."""
        ...

    def keys(self, args: argparse.Namespace) -> int:
        """``nazh keys new``."""
        ...


def main(argv: Sequence[str] | None, commands: Commands) -> int:
    """Parse ``argv`` and run the command; returns the exit status."""
    args = build_parser().parse_args(argv)
    subcommand = next(row for row in SUBCOMMANDS if row.name == args.command)
    return subcommand.runs(commands)(args)


@dataclass(frozen=True, slots=True)
class Subcommand:
    """One ``nazh`` sub-command: its name, its arguments, and which of :class:`Commands` runs it."""

    name: str
    add: Callable[[Subparsers], None]
    runs: Callable[[Commands], Callable[[argparse.Namespace], int]]


def _add_db(commands: Subparsers) -> None:
    """``db upgrade|backup|copy`` (see :mod:`nazh.adapters.cli.log`)."""
    db = commands.add_parser("db", help="the database (NAZH_DATABASE_URL)").add_subparsers(
        dest="action", required=True, metavar="ACTION")
    upgrade = db.add_parser("upgrade", help="apply the schema migrations")
    upgrade.add_argument("--init", action="store_true",
                         help="make a new roll log in an existing empty (0-byte) SQLite file")
    backup = db.add_parser("backup", help="copy the SQLite log to a new file while it runs "
                           "(SQLite's online backup)")
    backup.add_argument("file", metavar="FILE", help="the new file")
    copy = db.add_parser("copy", help="copy the whole log into another, empty database "
                         "(e.g. SQLite to PostgreSQL) and verify its chains there")
    copy.add_argument("--to", required=True, metavar="URL",
                      help="the target database, e.g. postgresql://user:pass@host/db")


def _add_keys(commands: Subparsers) -> None:
    keys = commands.add_parser("keys", help="signing keys for the roll log's checkpoints")
    keys.add_subparsers(dest="action", required=True, metavar="ACTION").add_parser(
        "new", help="print a new Ed25519 key (NAZH_SIGNING_KEY) and its public key")


def _add_log(commands: Subparsers) -> None:
    """``log verify|export|purge`` (see :mod:`nazh.adapters.cli.log` and :mod:`.verify`)."""
    log = commands.add_parser("log", help="the roll log").add_subparsers(
        dest="action", required=True, metavar="ACTION")
    verify = log.add_parser("verify", help="check the hash chains (exit 1 if one is broken)")
    verify.add_argument("--channel", type=ascii_integer, metavar="ID", help="only this channel")
    verify.add_argument("--offline", metavar="FILE",
                        help="check an export (nazh log export) instead, without the database")
    verify.add_argument("--anchors", metavar="FILE",
                        help="also check against signed checkpoints (NAZH_CHECKPOINT_FILE)")
    verify.add_argument("--public-key", type=public_key, metavar="HEX",
                        help="the checkpoints' public key (default: NAZH_SIGNING_KEY's)")
    export = log.add_parser("export", help="the chains as JSON lines, to verify elsewhere "
                            "(nazh log verify --offline FILE)")
    export.add_argument("--channel", type=ascii_integer, metavar="ID", help="only this channel")
    export.add_argument("--output", metavar="FILE", help="write to FILE (default: stdout)")
    purge = log.add_parser("purge", help="delete old records, keeping the chains verifiable")
    purge.add_argument("--days", type=ascii_integer, metavar="N",
                       help="keep N days (NAZH_HISTORY_DAYS)")


def _add_history(commands: Subparsers) -> None:
    history = commands.add_parser("history", help="the newest rolls in the log")
    history.add_argument("--channel", type=ascii_integer, metavar="ID", help="only this channel")
    history.add_argument("--user", type=ascii_integer, metavar="ID",
                         help="only this roller (their private rolls included)")
    history.add_argument("--limit", type=history_limit, default=20, metavar="N",
                         help=f"1 to {HISTORY_LIMIT_MAX}, default 20")
    history.add_argument("--json", action="store_true", help="print the records as JSON")


def _add_audit(commands: Subparsers) -> None:
    audit = commands.add_parser(
        "audit", help="are the dice fair? face counts per die size against uniform, from the "
        "log (exit 1 when one fails)")
    audit.set_defaults(action="audit")
    audit.add_argument("--guild", type=ascii_integer, metavar="ID", help="only this server")
    audit.add_argument("--channel", type=ascii_integer, metavar="ID", help="only this channel")
    audit.add_argument("--user", type=ascii_integer, metavar="ID", help="only this roller")
    audit.add_argument("--period", choices=("session", "7d", "30d", "all"), default="all",
                       help="which rolls (default all)")
    audit.add_argument("--alpha", type=_significance, default=0.01, metavar="P",
                       help="significance for the whole family of tests, Bonferroni-corrected "
                       "per die size (default 0.01)")
    audit.add_argument("--json", action="store_true", help="print the report as JSON")
    audit.add_argument("--chart", type=png_file, metavar="FILE.png",
                       help="also draw the d20 (else the most-rolled die) as a PNG")


def _add_encounter(commands: Subparsers) -> None:
    encounter = commands.add_parser("encounter", help="the channels' encounters")
    show = encounter.add_subparsers(dest="action", required=True, metavar="ACTION").add_parser(
        "show", help="a channel's open encounter (exit 1 when it has none)")
    show.add_argument("--channel", type=ascii_integer, required=True, metavar="ID",
                      help="the channel")
    show.add_argument("--json", action="store_true",
                      help="print it as JSON (format nazh-encounter, version 1)")


def _add_session(commands: Subparsers) -> None:
    session = commands.add_parser("session", help="the channels' sessions of play")
    export = session.add_subparsers(dest="action", required=True, metavar="ACTION").add_parser(
        "export", help="a session's journal: Markdown, or JSON (exit 1 when there is none)")
    export.add_argument("--channel", type=ascii_integer, required=True, metavar="ID",
                        help="the channel")
    export.add_argument("--session", metavar="S",
                        help="its id or name (default: the open one, else the latest)")
    export.add_argument("--json", action="store_true",
                        help="print it as JSON (format nazh-session, version 1)")
    export.add_argument("--output", metavar="FILE", help="write to FILE (default: stdout)")


SUBCOMMANDS: tuple[Subcommand, ...] = (
    Subcommand("roll", _add_roll, lambda commands: commands.roll),
    Subcommand("odds", _add_odds, lambda commands: commands.odds),
    Subcommand("attack", _add_attack, lambda commands: commands.attack),
    Subcommand("injury", _add_injury, lambda commands: commands.injury),
    Subcommand("run", _add_run, lambda commands: commands.run),
    Subcommand("serve", _add_serve, lambda commands: commands.serve),
    Subcommand("db", _add_db, lambda commands: commands.storage),
    Subcommand("keys", _add_keys, lambda commands: commands.keys),
    Subcommand("log", _add_log, lambda commands: commands.storage),
    Subcommand("audit", _add_audit, lambda commands: commands.storage),
    Subcommand("history", _add_history, lambda commands: commands.storage),
    Subcommand("encounter", _add_encounter, lambda commands: commands.storage),
    Subcommand("session", _add_session, lambda commands: commands.storage),
)
"""The sub-commands in ``nazh --help`` order: a new one is its arguments, runner and one row."""


def ascii_integer(text: str) -> int:
    """A whole number in ASCII digits (``int`` alone would take other scripts' digits, ``١٠``)."""
    if not _ASCII_INTEGER.fullmatch(text):
        raise argparse.ArgumentTypeError(
            f"expected a whole number in the digits 0-9, not {text!r}")
    return int(text)


def history_limit(text: str) -> int:
    """``--limit``: how many rolls, 1 to :data:`HISTORY_LIMIT_MAX`."""
    limit = ascii_integer(text)
    if not 1 <= limit <= HISTORY_LIMIT_MAX:
        raise argparse.ArgumentTypeError(
            f"the limit must be between 1 and {HISTORY_LIMIT_MAX}, not {text}")
    return limit


def public_key(text: str) -> str:
    """``--public-key``: an Ed25519 public key in hex (lower case)."""
    key = text.strip().lower()
    if len(key) != PUBLIC_KEY_HEX_DIGITS or any(c not in "0123456789abcdef" for c in key):
        raise argparse.ArgumentTypeError(
            f"expected an Ed25519 public key: {PUBLIC_KEY_HEX_DIGITS} hex digits, as "
            f"`nazh keys new` prints it (got {len(key)} characters: {text[:20]!r})")
    return key


def png_file(text: str) -> str:
    """``--chart``: the charts are PNG images, so the file's name ends in ``.png``."""
    if not text.lower().endswith(".png"):
        raise argparse.ArgumentTypeError(
            f"the chart is a PNG image: the file's name must end in .png (got {text!r})")
    return text


def _significance(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 < value < 1:
        raise argparse.ArgumentTypeError(f"the significance must be between 0 and 1, not {text}")
    return value


ROLL_HELP = """\
Roll up to 5 pools at once. A pool is [tags]NdS[+M|-M]: tags a (advantage) and
d (disadvantage) apply to the i-th die; p is the plot die (ap/dp: choose a face).
--opportunity 19 makes a natural 19-20 an Opportunity, --complication 2 a natural 1-2 a
Complication (talents).
Examples: nazh roll "a1d20+5, 2d6+3" --plot --dc 15    nazh roll "d20+3, ap"
          nazh roll d20+4 --opportunity 19
"""

ODDS_HELP = """\
The exact odds of a roll: each pool's totals (advantage, disadvantage, modifier, Minimum 1
Rule and, on d20 pools, the plot die's bonus), mean, spread and chance against a DC, and the
chance of at least one Opportunity / Complication in the whole roll.
With --defense and --damage, the odds of an attack (the pool is its test, one d20): the
chance to hit, to hit with an Opportunity, and the damage of a hit, a graze and a critical hit.
Against a target's --deflect (and --pierce, --type) and --health: the damage dealt after
deflect, and the chance to bring the target to 0 health in one attack.
Examples: nazh odds "a1d20+5, 2d6+3" --plot --dc 15    nazh odds 20d20 --json
          nazh odds a1d20+5 --plot --defense 15 --damage 2d6
          nazh odds 1d20+5 --defense 15 --damage 1d8 --deflect 2 --type keen --health 10
"""


ATTACK_HELP = """\
An attack: the test (one d20 with its modifier, tags a/d, the plot die with --plot) and the
damage dice rolled together. A hit (the test's total meets --defense) deals the damage dice
plus the damage's own modifier, or the test's when the damage has none; a miss can be grazed
for 1 focus (the dice alone); an Opportunity on a hit can make it critical (every die at its
maximum, plus the modifier). Without --defense, both outcomes are shown.
Examples: nazh attack a1d20+5 --damage 2d6 --defense 15    nazh attack --damage 1d8+1 --json
"""

INJURY_HELP = """\
Roll an injury: d20 + deflect + modifier - 5 for each injury already taken (no plot die, no
Opportunity or Complication; the total may be negative). The total gives the duration: -6 or
lower death; -5 to 0 permanent; 1 to 5 vicious (6d6 days); 6 to 15 shallow (1d6 days); 16 or
more a flesh wound (until after a long rest). Every injury but death has an effect (a d8).
Examples: nazh injury --deflect 2 --injuries 1    nazh injury --modifier -2 --json
"""


def run_roll(args: argparse.Namespace, roll_dice: RollDice, console: Console) -> int:
    """``nazh roll``: roll, then print the result (as text or JSON); 2 on bad input."""
    notation = " ".join(args.pools)
    try:
        ranges = Ranges(args.opportunity, args.complication)
        result = roll_dice(notation, add_plot=args.plot, dc=args.dc, ranges=ranges)
    except NazhError as error:
        print(f"nazh roll: {error.describe()}", file=console.stderr)
        return EXIT_USAGE
    if args.json:
        payload = roll_to_dict(result, notation=notation, seed=args.seed)
        console.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
        return EXIT_OK
    if result.pending and console.interactive:
        result = ask_plot_choice(result, roll_dice.choose_plot_face, console)
        if result.pending:  # no answer: the pending table is already on screen
            return EXIT_OK
    console.stdout.write(render_result(result, console.markup()))
    return EXIT_OK


def ask_plot_choice(
    result: RollResult,
    choose: Callable[[RollResult, int], RollResult],
    console: Console,
) -> RollResult:
    """Show each face of a pending plot die with its totals and ask which one to keep."""
    console.stdout.write(render_result(result, console.markup()))  # lists the options
    chooser = "You choose" if result.plot and result.plot.mode is DieMode.ADVANTAGE else (
        "The GM chooses")
    options = result.plot_options()
    while True:
        console.stdout.write(f"{chooser}: keep which face? [1-{len(options)}] ")
        console.stdout.flush()
        answer = console.stdin.readline()
        if not answer:
            console.stdout.write("\n")
            return result
        if answer.strip() in {str(n) for n in range(1, len(options) + 1)}:
            console.stdout.write("\n")
            return choose(result, int(answer) - 1)
        console.stdout.write(f"Please answer a number from 1 to {len(options)}.\n")


