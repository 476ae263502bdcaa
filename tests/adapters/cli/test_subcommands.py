"""The table of ``nazh`` sub-commands: one row each, in the parser once, and each run by the
composition root's command its row names."""

from __future__ import annotations

import argparse

import pytest

from nazh.adapters.cli.app import SUBCOMMANDS, build_parser, main


class RecordingCommands:
    """The ``Commands`` port, recording which one ran (each returns its own status)."""

    def __init__(self) -> None:
        self.ran: list[str] = []

    def _ran(self, name: str, status: int) -> int:
        self.ran.append(name)
        return status

    def roll(self, args: argparse.Namespace) -> int:
        return self._ran("roll", 11)

    def odds(self, args: argparse.Namespace) -> int:
        return self._ran("odds", 12)

    def attack(self, args: argparse.Namespace) -> int:
        return self._ran("attack", 13)

    def injury(self, args: argparse.Namespace) -> int:
        return self._ran("injury", 14)

    def run(self, args: argparse.Namespace) -> int:
        return self._ran("run", 15)

    def serve(self, args: argparse.Namespace) -> int:
        return self._ran("serve", 16)

    def storage(self, args: argparse.Namespace) -> int:
        return self._ran("storage", 17)

    def keys(self, args: argparse.Namespace) -> int:
        return self._ran("keys", 18)


def test_every_sub_command_of_the_parser_has_one_row() -> None:
    parser = build_parser()
    [commands] = [action for action in parser._actions
                  if isinstance(action, argparse._SubParsersAction)]
    names = [row.name for row in SUBCOMMANDS]
    assert list(commands.choices) == names
    assert len(set(names)) == len(names)


@pytest.mark.parametrize(("argv", "runner", "status"), [
    (["roll", "d20"], "roll", 11),
    (["odds", "d20"], "odds", 12),
    (["attack", "--damage", "1d6"], "attack", 13),
    (["injury"], "injury", 14),
    (["run"], "run", 15),
    (["serve"], "serve", 16),
    (["db", "upgrade"], "storage", 17),
    (["keys", "new"], "keys", 18),
    (["log", "verify"], "storage", 17),
    (["audit"], "storage", 17),
    (["history"], "storage", 17),
    (["session", "export", "--channel", "42"], "storage", 17),
])
def test_a_sub_command_is_run_by_the_command_its_row_names(argv: list[str], runner: str,
                                                          status: int) -> None:
    commands = RecordingCommands()
    assert main(argv, commands) == status
    assert commands.ran == [runner]
