"""The database brought to the newest schema before the bot starts, in a forked child.

Migrating imports Alembic, Mako and Pygments (about 17 MiB, measured), and a process that
imported them keeps them for its whole life, though a running bot never migrates again. So
``nazh run`` and ``nazh serve`` fork before their event loop and their threads exist, and the
child checks the SQLite file, migrates (retrying while the database is unreachable, as the bot
would) and exits; the bot then finds its database at the newest schema and never imports
Alembic. A SQLite file already at the newest schema is recognised without forking.
Where there is no ``fork``, or threads already run, the bot migrates in its own process, as
the storage lifecycle always can.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import threading
from types import FrameType

from nazh.adapters.storage.database import create_engine
from nazh.adapters.storage.integrity import StorageDamagedError, sqlite_path
from nazh.adapters.storage.migrations import at_newest_schema
from nazh.composition.lifecycles import (
    STORAGE_ATTEMPTS,
    StorageUnavailableError,
    checked_upgrade,
)

log = logging.getLogger(__name__)

MIGRATED = 0
"""The child's exit code when the database is at the newest schema."""
FAILED = 1
"""The child's exit code when it is not (the child logged why)."""
STOPPING = (signal.SIGTERM, signal.SIGINT)
REASON_BYTES = 4096
"""The most of the child's reason the parent reads."""


class StoppedWhileMigratingError(Exception):
    """A signal stopped the start while the child migrated (the child was stopped too)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def upgrade_apart(database_url: str, attempts: int = STORAGE_ATTEMPTS) -> None:
    """Bring the database to the newest schema in a forked child (where the process cannot
    fork, the bot migrates in its own process as it starts).

    Raises:
        StorageUnavailableError: the child could not (the error says why: a damaged SQLite
            file, a database unreachable after every attempt).
    """
    if at_newest_schema(sqlite_path(database_url)):
        return
    if not hasattr(os, "fork") or threading.active_count() > 1 \
            or threading.current_thread() is not threading.main_thread():
        return
    _flush_logs()
    signalled: list[str] = []
    child = 0

    def stop_the_child(number: int, _frame: FrameType | None) -> None:
        signalled.append(signal.Signals(number).name)
        if child:
            with contextlib.suppress(ProcessLookupError):
                os.kill(child, signal.SIGTERM)

    previous = {number: signal.signal(number, stop_the_child) for number in STOPPING}
    reading, writing = os.pipe()
    try:
        child = os.fork()
        if child == 0:
            os.close(reading)
            _run_child(database_url, attempts, writing)
        os.close(writing)
        if signalled:  # a signal came between the fork and knowing the child
            stop_the_child(signal.SIGTERM, None)
        with os.fdopen(reading, "rb") as said:
            reason = said.read(REASON_BYTES).decode("utf-8", "replace")
        _, status = os.waitpid(child, 0)
    finally:
        for number, was in previous.items():
            signal.signal(number, was)
    if signalled:
        raise StoppedWhileMigratingError(signalled[0])
    code = os.waitstatus_to_exitcode(status)
    if code != MIGRATED:
        raise StorageUnavailableError(
            reason or f"nazh: the database could not be brought to the newest schema (the "
                      f"migration exited with {code})")


def _run_child(database_url: str, attempts: int, writing: int) -> None:
    """The child's life: a signal stops it as it would the bot; why it failed goes to the
    parent through ``writing`` (the bot logs it as its own one line); it never returns."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    code = FAILED
    try:
        code, reason = _migrate(database_url, attempts)
        os.write(writing, reason.encode("utf-8", "replace")[:REASON_BYTES])
    finally:
        _flush_logs()
        os._exit(code)


def _flush_logs() -> None:
    """Write out what the logs hold (before a fork, so the child does not write it again,
    and before the child's exit, which skips Python's own clean-up)."""
    for handler in logging.getLogger().handlers:
        handler.flush()


def _migrate(database_url: str, attempts: int) -> tuple[int, str]:
    """In the child: check and migrate; its exit code and why it failed."""
    try:
        asyncio.run(_checked_upgrade(database_url, attempts))
    except (StorageUnavailableError, StorageDamagedError) as error:
        return FAILED, str(error)
    except Exception as error:
        log.exception("nazh: the database could not be brought to the newest schema")
        return FAILED, (f"nazh: the database could not be brought to the newest schema "
                        f"({type(error).__name__})")
    return MIGRATED, ""


async def _checked_upgrade(database_url: str, attempts: int) -> None:
    engine = create_engine(database_url)
    try:
        await checked_upgrade(engine, attempts)
    finally:
        await engine.dispose()
