"""Is the SQLite file a healthy roll log? Checked at start, before anything writes to it."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from sqlalchemy.engine import URL

from nazh.adapters.storage.database import is_sqlite, normalise_url

QUICK_CHECK_SECONDS = 30.0
INIT_HINT = "if a new, empty roll log is what you want, run `nazh db upgrade --init`"


class StorageDamagedError(Exception):
    """The database exists but cannot be trusted; the message says what and what to do."""


def sqlite_path(url: str | URL) -> Path | None:
    """The file of a SQLite URL (``None`` for PostgreSQL or an in-memory database)."""
    parsed = normalise_url(url)
    database = parsed.database or ""
    if not is_sqlite(parsed) or database in {"", ":memory:"} or database.startswith("file:"):
        return None
    return Path(database).expanduser()


def check_sqlite(url: str | URL, *, allow_empty: bool = False,
                 seconds: float = QUICK_CHECK_SECONDS) -> None:
    """Refuse a damaged SQLite roll log (nothing to do for PostgreSQL or a new file)."""
    path = sqlite_path(url)
    if path is None or not path.exists():
        return
    # A log truncated by a crash or a bad copy would otherwise be silently re-created empty, all
    # history gone (``nazh db upgrade --init`` does it on purpose).
    if path.stat().st_size == 0:
        if allow_empty:
            return
        raise StorageDamagedError(
            f"the roll log {path} is an empty file (0 bytes) where a database should be; "
            f"restore it from a backup, or {INIT_HINT}")
    problem = _quick_check(path, seconds)
    if problem is not None:
        raise StorageDamagedError(
            f"the roll log {path} is damaged ({problem}); restore it from a backup "
            "(`nazh log verify` tells what is intact), or move it aside to start a new log")


def _quick_check(path: Path, seconds: float) -> str | None:
    deadline = time.monotonic() + seconds
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
    except sqlite3.Error as error:
        return str(error)
    try:
        connection.set_progress_handler(lambda: int(time.monotonic() > deadline), 10_000)
        rows = connection.execute("PRAGMA quick_check").fetchall()
    except sqlite3.OperationalError as error:
        if "interrupted" in str(error):
            return f"the integrity check took longer than {seconds:.0f} s"
        return str(error)
    except sqlite3.Error as error:
        return str(error)
    finally:
        connection.close()
    found = [str(row[0]) for row in rows]
    return None if found == ["ok"] else "; ".join(found[:3])
