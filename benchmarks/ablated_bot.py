"""``nazh run`` with parts of a roll's work removed: how ``benchmarks.ablation`` measures what
each part costs, by the CPU that goes away with it (no profiler, so nothing is inflated).

Run by the benchmark as ``python -m benchmarks.ablated_bot run`` with the bot's usual settings
and ``NAZH_ABLATE`` naming the parts to remove, comma-separated (:data:`REMOVALS`); nothing
named, it is ``nazh run`` itself. Each removal replaces one function of Nazh's before the bot
starts, in this benchmark process only: Nazh's code has no switch for it.
"""

from __future__ import annotations

import os
import runpy
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import Table

from nazh.adapters.discord.rolls import posting
from nazh.adapters.discord.runtime import answer
from nazh.adapters.storage import journal, roll_log, stats
from nazh.adapters.storage.tables import stat_faces_all, stat_pools_all
from nazh.application.log import writer
from nazh.application.stats.tally import Tally

LIFETIME = (stat_faces_all, stat_pools_all)
"""The lifetime statistics tables: the hourly counts summed over all time, kept with every
append so that the ``all`` period reads them alone."""


_TALLY_ROWS = stats.tally_rows


def hourly_tally_rows(tally: Tally) -> Iterator[tuple[Table, list[stats.Row]]]:
    """:func:`~nazh.adapters.storage.stats.tally_rows` without the :data:`LIFETIME` tables'
    rows: the bot's own ``write_tally`` then writes every other table as it does."""
    return ((table, rows) for table, rows in _TALLY_ROWS(tally) if table not in LIFETIME)


Removal = tuple[object, str, Callable[..., Any]]
"""(owner, attribute, replacement): what a removal replaces."""


async def _plain_answer(_self: object, responder: Any, *_args: object,
                        **_kwargs: object) -> None:
    await responder.message("rolled")


async def _nothing(*_args: object, **_kwargs: object) -> None:
    return None


def _unwritten(_self: object, _entries: object) -> None:
    return None


REMOVALS: dict[str, tuple[str, Removal]] = {
    "roll": ("the whole answer: settings, the roll, keeping it, its message (a plain text "
             "answer instead)", (answer.RollAnswers, "answer_roll", _plain_answer)),
    "render": ("the result message: its embed, buttons and build (a plain text answer "
               "instead)", (posting.ResultMessages, "post", _plain_answer)),
    "keep": ("keeping the roll: the journal and the roll log",
             (writer.LogWriter, "keep", _nothing)),
    "journal": ("the journal's synchronous write (the group commit itself stays)",
                (journal.FileJournal, "write", _unwritten)),
    "append": ("the roll log's append: its transaction, the chain and the statistics",
               (roll_log.SqlRollLog, "append", _nothing)),
    "stats": ("the statistics written with each append",
              (roll_log, "write_tally", _nothing)),
    "lifetime": ("the lifetime statistics counts written with each append (the hourly ones "
                 "and the rolls' luck stay)",
                 (stats, "tally_rows", hourly_tally_rows)),
}
"""What can be removed: a name, what it removes, and the function replaced."""


def started_without(names: Sequence[str]) -> dict[str, str]:
    """How a benchmark starts this bot (``tests.e2e.bot_process.BotProcess``'s module and
    settings) with the parts ``names`` names removed; none named: ``nazh run`` itself.

    Raises:
        KeyError: a name that is not in :data:`REMOVALS` (before anything is started).
    """
    for name in names:
        if name not in REMOVALS:
            raise KeyError(f"no part {name!r} to remove: the parts are {', '.join(REMOVALS)}")
    return {"module": "benchmarks.ablated_bot", "NAZH_ABLATE": ",".join(names),
            "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}


def remove(names: Iterable[str]) -> list[str]:
    """Remove the parts ``names`` names (see :data:`REMOVALS`); the names removed.

    Raises:
        KeyError: a name that is not in :data:`REMOVALS`.
        AttributeError: a removal's function is no longer where it names (Nazh moved it).
    """
    removed = []
    for name in names:
        if name not in REMOVALS:
            raise KeyError(f"NAZH_ABLATE names {name!r}: the parts are {', '.join(REMOVALS)}")
        owner, attribute, replacement = REMOVALS[name][1]
        getattr(owner, attribute)  # it must still exist: a removal of nothing measures nothing
        setattr(owner, attribute, replacement)
        removed.append(name)
    return removed


def main() -> None:
    """Remove the parts ``NAZH_ABLATE`` names, then run ``nazh`` with the arguments given."""
    try:
        remove(name for name in os.environ.get("NAZH_ABLATE", "").split(",") if name)
    except KeyError as error:
        raise SystemExit(error.args[0]) from None
    runpy.run_module("nazh", run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
