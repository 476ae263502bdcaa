"""The database brought to the newest schema before the bot starts, in a forked child."""

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
    """Bring the database to the newest schema in a forked child (else the bot migrates itself)."""
    # Migrating imports Alembic, Mako and Pygments (~17 MiB), which a process keeps for life though
    # a running bot never migrates again: so fork before the event loop and threads exist.
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
    """The child's life: stopped by a signal as the bot is; why it failed goes to ``writing``."""
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
    """Write out what the logs hold (before a fork, and before the child's ``os._exit``)."""
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
