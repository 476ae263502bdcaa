"""The schema brought up to date in a forked child before the bot starts: the bot's own
process never imports Alembic, a database already there is not forked for, and a failure or
a signal in the child comes back to the bot as it would from its own start-up."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from nazh.adapters.storage.migrations import HEAD_REVISION, at_newest_schema
from nazh.composition import schema
from tests.local_http import free_port

REPO = Path(__file__).resolve().parents[2]
UPGRADE = """
import logging, sys
logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
from nazh.composition.schema import StoppedWhileMigratingError, upgrade_apart
from nazh.composition.lifecycles import StorageUnavailableError
try:
    upgrade_apart(sys.argv[1], attempts=int(sys.argv[2]))
except StorageUnavailableError as error:
    print("unavailable:", error)
except StoppedWhileMigratingError as stopped:
    print("stopped:", stopped.reason)
else:
    print("done")
print("alembic imported:", "alembic" in sys.modules)
"""


def upgrade_in_a_process(url: str, attempts: int = 1) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", UPGRADE, url, str(attempts)], cwd=REPO,
                          capture_output=True, text=True, timeout=120, check=True)


def test_a_new_database_is_migrated_without_alembic_in_the_process(tmp_path: Path) -> None:
    path = tmp_path / "nazh.sqlite3"
    done = upgrade_in_a_process(f"sqlite+aiosqlite:///{path}")
    assert done.stdout.splitlines() == ["done", "alembic imported: False"], done.stderr
    assert f"database schema at revision {HEAD_REVISION}" in done.stderr
    assert at_newest_schema(path)


def test_a_database_at_the_newest_schema_is_not_forked_for(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "nazh.sqlite3"
    upgrade_in_a_process(f"sqlite+aiosqlite:///{path}")

    def no_fork() -> int:
        raise AssertionError("forked")

    monkeypatch.setattr(os, "fork", no_fork)
    schema.upgrade_apart(f"sqlite+aiosqlite:///{path}")


def test_a_damaged_file_stops_the_start_with_the_childs_reason(tmp_path: Path) -> None:
    path = tmp_path / "nazh.sqlite3"
    path.write_bytes(b"")
    failed = upgrade_in_a_process(f"sqlite+aiosqlite:///{path}")
    assert failed.stdout.splitlines()[0].startswith(
        f"unavailable: the roll log {path} is an empty file (0 bytes)")
    assert "ERROR" not in failed.stderr  # the bot logs it, once
    assert path.stat().st_size == 0  # not made a new log behind the user's back


def test_an_unreachable_database_is_retried_then_given_up() -> None:
    url = f"postgresql://nazh@127.0.0.1:{free_port()}/nazh"
    failed = upgrade_in_a_process(url, attempts=2)
    reason = failed.stdout.splitlines()[0]
    assert reason.startswith("unavailable: nazh run: the database is unreachable")
    assert reason.endswith("giving up")
    assert "retrying in 1 s" in failed.stderr


def test_a_signal_stops_the_child_and_the_start_at_once() -> None:
    url = f"postgresql://nazh@127.0.0.1:{free_port()}/nazh"
    process = subprocess.Popen([sys.executable, "-c", UPGRADE, url, "6"], cwd=REPO,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stderr is not None
    while "retrying" not in process.stderr.readline():
        pass
    process.send_signal(signal.SIGTERM)
    sent = time.monotonic()
    out, _ = process.communicate(timeout=20)
    assert time.monotonic() - sent < 3
    assert out.splitlines() == ["stopped: SIGTERM", "alembic imported: False"]


def test_only_a_readable_file_at_the_newest_revision_is_known_to_be_there(
        tmp_path: Path) -> None:
    assert not at_newest_schema(None)
    assert not at_newest_schema(tmp_path / "missing.sqlite3")
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(b"not a database at all" * 100)
    assert not at_newest_schema(garbage)
    behind = tmp_path / "behind.sqlite3"
    with sqlite3.connect(behind) as connection:
        connection.execute("CREATE TABLE alembic_version (version_num TEXT)")
        connection.execute("INSERT INTO alembic_version VALUES ('0012')")
    connection.close()
    assert not at_newest_schema(behind)
