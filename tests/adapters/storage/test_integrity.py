"""A damaged SQLite roll log is refused at start with one clear line and exit 3 (``nazh run``
and the storage commands); an empty file only with ``nazh db upgrade --init``."""

from __future__ import annotations

import os
import random
import sqlite3
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from nazh.adapters.storage.database import create_engine
from nazh.adapters.storage.integrity import StorageDamagedError, check_sqlite
from nazh.adapters.storage.migrations import upgrade_database
from nazh.adapters.storage.roll_log import SqlRollLog
from nazh.application.log.chain import EntryKind, LogEntry
from nazh.application.log.format import encode_result
from nazh.application.rolls.dice import RollDice
from tests.app_fakes import T0
from tests.bootstrap_kit import TOKEN, nazh_run
from tests.fakes import FakeRng

REPO = Path(__file__).resolve().parents[3]


def url(path: Path) -> str:
    return f"sqlite+aiosqlite:///{path}"


async def a_real_log(path: Path, records: int = 400) -> None:
    """A migrated roll log with ``records`` records (many pages)."""
    engine = create_engine(url(path))
    try:
        await upgrade_database(engine)
        result = encode_result(RollDice(FakeRng((20, 7)))("1d20"))
        await SqlRollLog(engine).append([
            LogEntry(roll_id=f"r{n:09d}", version=1, kind=EntryKind.ROLL,
                     at=T0 + timedelta(seconds=n), channel_id=n % 3, user_id=1,
                     notation="1d20", result=result, label="x" * 200)
            for n in range(records)])
    finally:
        await engine.dispose()


def corrupt(path: Path) -> None:
    """Random bytes over the data pages (the header page is left alone)."""
    size = path.stat().st_size
    noise = random.Random(7)
    with path.open("r+b") as file:
        for offset in range(4096 * 2, size, 4096 * 3):
            file.seek(offset)
            file.write(bytes(noise.randrange(256) for _ in range(2048)))


async def test_a_healthy_log_and_a_new_file_pass(tmp_path: Path) -> None:
    path = tmp_path / "nazh.sqlite3"
    check_sqlite(url(path))  # no file yet: a new log
    await a_real_log(path)
    check_sqlite(url(path))
    check_sqlite("postgresql+asyncpg://nazh@127.0.0.1/nazh")  # not SQLite: nothing to check


def test_an_empty_file_is_refused_unless_initialised(tmp_path: Path) -> None:
    path = tmp_path / "nazh.sqlite3"
    path.touch()
    with pytest.raises(StorageDamagedError, match=r"empty file \(0 bytes\).*--init"):
        check_sqlite(url(path))
    check_sqlite(url(path), allow_empty=True)


async def test_random_bytes_in_the_data_pages_are_found(tmp_path: Path) -> None:
    path = tmp_path / "nazh.sqlite3"
    await a_real_log(path)
    corrupt(path)
    with pytest.raises(StorageDamagedError, match="is damaged"):
        check_sqlite(url(path))


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "nazh.sqlite3"
    path.write_bytes(b"these are not the rolls you are looking for" * 100)
    with pytest.raises(StorageDamagedError, match="is damaged"):
        check_sqlite(url(path))


def test_a_check_that_takes_too_long_is_a_refusal(tmp_path: Path) -> None:
    path = tmp_path / "nazh.sqlite3"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE t (x)")
        connection.executemany("INSERT INTO t VALUES (?)", [(n,) for n in range(20_000)])
    with pytest.raises(StorageDamagedError, match="took longer than 0 s"):
        check_sqlite(url(path), seconds=0.0)


# -- as real processes -----------------------------------------------------------------------


def nazh(tmp_path: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp_path),
           "PYTHONPATH": str(REPO), "NAZH_DATA_DIR": str(tmp_path / "data")}
    return subprocess.run([sys.executable, "-m", "nazh", *argv], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=60, check=False)


async def test_nazh_run_refuses_a_damaged_log_with_one_line_and_exit_3(tmp_path: Path) -> None:
    path = tmp_path / "data" / "nazh.sqlite3"
    path.parent.mkdir()
    await a_real_log(path)
    corrupt(path)
    done = nazh_run(tmp_path, DISCORD_TOKEN=TOKEN, NAZH_DATA_DIR=str(tmp_path / "data"))
    assert done.returncode == 3, done.stderr
    errors = [line for line in done.stderr.splitlines() if "ERROR" in line]
    assert len(errors) == 1
    assert "is damaged" in errors[0]
    assert "Traceback" not in done.stderr


def test_an_empty_log_file_is_refused_until_initialised(tmp_path: Path) -> None:
    path = tmp_path / "data" / "nazh.sqlite3"
    path.parent.mkdir()
    path.touch()
    refused = nazh_run(tmp_path, DISCORD_TOKEN=TOKEN, NAZH_DATA_DIR=str(tmp_path / "data"))
    assert refused.returncode == 3
    assert "empty file (0 bytes)" in refused.stderr
    assert "nazh db upgrade --init" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert path.stat().st_size == 0  # nothing was written over it
    plain = nazh(tmp_path, "db", "upgrade")
    assert plain.returncode == 3
    assert "empty file (0 bytes)" in plain.stderr
    initialised = nazh(tmp_path, "db", "upgrade", "--init")
    assert initialised.returncode == 0, initialised.stderr
    assert "schema at revision" in initialised.stdout
    assert nazh(tmp_path, "log", "verify").returncode == 0
