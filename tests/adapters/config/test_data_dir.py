"""``NAZH_DATA_DIR`` that cannot hold Nazh's files: a regular file, a path under a regular file,
a directory nobody may write in. ``nazh run``, ``nazh serve``, ``nazh db upgrade`` and the
commands that read the log stop with one line naming the setting and exit 2, never a
traceback; a missing directory is made (with its parents), as on the first run. The same for a
``NAZH_LOG_FILE`` that cannot be written."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from nazh.adapters.config.data_dir import DataDirError, check_data_dir
from nazh.adapters.config.environment import load_storage_config

REPO = Path(__file__).resolve().parents[3]
TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GzQxWv.QuIbBlEdSecretPartNazhTest_8f3k2j9"
PUBLIC_KEY = "ab" * 32
EXIT_USAGE = 2
UNWRITABLE = Path("/sys/fs")
"""A directory of sysfs: no one, root included, can make a file in it."""


def nazh(tmp_path: Path, data_dir: Path, *argv: str,
         **settings: str) -> subprocess.CompletedProcess[str]:
    """The real command line, with only the settings given here (and no ``.env``)."""
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp_path),
           "PYTHONPATH": str(REPO), "NAZH_DATA_DIR": str(data_dir), "DISCORD_TOKEN": TOKEN,
           "DISCORD_PUBLIC_KEY": PUBLIC_KEY, "NAZH_HTTP_PORT": "0",
           "NAZH_DISCORD_API_URL": "http://127.0.0.1:9/api/v10", **settings}
    return subprocess.run([sys.executable, "-m", "nazh", *argv], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=60, check=False)


def a_file(tmp_path: Path) -> tuple[Path, str]:
    path = tmp_path / "plain"
    path.write_text("not a directory")
    return path, f"NAZH_DATA_DIR: {path} is a file, not a directory"


def under_a_file(tmp_path: Path) -> tuple[Path, str]:
    (tmp_path / "plain").write_text("not a directory")
    path = tmp_path / "plain" / "data"
    return path, f"NAZH_DATA_DIR: {path} cannot be a directory: {tmp_path / 'plain'} is a file"


def unwritable(tmp_path: Path) -> tuple[Path, str]:
    return UNWRITABLE, f"NAZH_DATA_DIR: cannot write in {UNWRITABLE}: "


@pytest.mark.parametrize("place", [a_file, under_a_file, unwritable])
@pytest.mark.parametrize("argv", [["db", "upgrade"], ["run"], ["serve"]])
def test_a_data_dir_that_cannot_hold_the_files_stops_with_one_line(
        tmp_path: Path, place: object, argv: list[str]) -> None:
    assert callable(place)
    data_dir, expected = place(tmp_path)
    assert UNWRITABLE.is_dir()
    done = nazh(tmp_path, data_dir, *argv)
    assert done.returncode == EXIT_USAGE, done.stderr
    assert done.stderr.startswith(f"nazh {argv[0]}: {expected}")
    assert done.stderr.count("\n") == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout == ""


@pytest.mark.parametrize("place", [a_file, under_a_file])
@pytest.mark.parametrize("argv", [["history"], ["audit", "--json"], ["log", "export"]])
def test_the_commands_that_read_the_log_say_so_too(tmp_path: Path, place: object,
                                                   argv: list[str]) -> None:
    assert callable(place)
    data_dir, expected = place(tmp_path)
    done = nazh(tmp_path, data_dir, *argv)
    assert done.returncode == EXIT_USAGE, done.stderr
    assert done.stderr == f"nazh {argv[0]}: {expected}\n"
    assert done.stdout == ""


def test_a_missing_data_dir_is_made_with_its_parents(tmp_path: Path) -> None:
    data_dir = tmp_path / "state" / "nazh" / "data"
    done = nazh(tmp_path, data_dir, "db", "upgrade")
    assert done.returncode == 0, done.stderr
    assert (data_dir / "nazh.sqlite3").is_file()
    assert [path.name for path in data_dir.iterdir()] == ["nazh.sqlite3"]  # no probe left


def test_a_data_dir_nothing_is_kept_in_is_not_checked(tmp_path: Path) -> None:
    plain, _ = a_file(tmp_path)
    settings = load_storage_config({
        "NAZH_DATA_DIR": str(plain), "NAZH_DATABASE_URL": "postgresql://nazh@db/nazh",
        "NAZH_JOURNAL_DIR": str(tmp_path / "journal")}, env_file=None)
    check_data_dir(settings, create=True)
    with pytest.raises(DataDirError, match="is a file, not a directory"):
        check_data_dir(load_storage_config({"NAZH_DATA_DIR": str(plain)}, env_file=None),
                       create=False)


@pytest.mark.parametrize(("where", "reason"), [
    ("under_a_file", "File exists: {tmp_path}/plain"),
    ("a_directory", "Is a directory"),
    ("unwritable", "Permission denied"),
])
@pytest.mark.parametrize("command", ["run", "serve"])
def test_a_log_file_that_cannot_be_written_stops_with_one_line(
        tmp_path: Path, command: str, where: str, reason: str) -> None:
    (tmp_path / "plain").write_text("not a directory")
    log_file = {"under_a_file": tmp_path / "plain" / "nazh.log", "a_directory": tmp_path,
                "unwritable": UNWRITABLE / "nazh.log"}[where]
    done = nazh(tmp_path, tmp_path / "data", command, NAZH_LOG_FILE=str(log_file))
    assert done.returncode == EXIT_USAGE, done.stderr
    assert done.stderr == (f"nazh {command}: NAZH_LOG_FILE: cannot write {log_file} "
                           f"({reason.format(tmp_path=tmp_path)})\n")


@pytest.mark.parametrize("argv", [["history"], ["log", "verify"], ["audit"]])
def test_a_journal_dir_that_cannot_be_used_is_named_not_the_database(
        tmp_path: Path, argv: list[str]) -> None:
    assert nazh(tmp_path, tmp_path / "data", "db", "upgrade").returncode == 0
    (tmp_path / "plain").write_text("not a directory")
    journal = tmp_path / "plain" / "journal"
    done = nazh(tmp_path, tmp_path / "data", *argv, NAZH_JOURNAL_DIR=str(journal))
    assert done.returncode == 3, done.stderr
    assert done.stderr == (f"nazh {argv[0]}: the roll journal directory {journal} cannot be "
                           "used (Not a directory); set NAZH_JOURNAL_DIR (or NAZH_DATA_DIR) to "
                           "a writable directory\n")
