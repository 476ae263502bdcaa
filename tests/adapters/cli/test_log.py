"""``nazh db upgrade``, ``nazh history`` and ``nazh log verify|purge`` through
``nazh.bootstrap.run_cli`` on a SQLite file (no Discord token needed)."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from sqlalchemy.engine import make_url

from nazh.adapters.config.environment import load_storage_config
from nazh.adapters.crypto.ed25519 import new_key, public_key_of
from nazh.adapters.storage.checkpoint_file import read_checkpoints
from nazh.adapters.storage.database import create_engine
from nazh.adapters.storage.journal import FileJournal
from nazh.adapters.storage.migrations import HEAD_REVISION
from nazh.adapters.storage.roll_log import SqlRollLog
from nazh.application.log.chain import LogEntry
from nazh.bootstrap import run_cli
from nazh.composition.storage_commands import storage_container
from tests.adapters.storage.conftest import POSTGRES_OFF
from tests.adapters.storage.support import entry, postgres_admin_url

NOW = datetime.now(UTC).replace(microsecond=0)


def append(entries: list[LogEntry]) -> None:
    """Write records as the bot would (straight through the storage adapter)."""
    async def write() -> None:
        engine = create_engine(f"sqlite+aiosqlite:///{Path('db/nazh.sqlite3').resolve()}")
        try:
            await SqlRollLog(engine).append(entries)
        finally:
            await engine.dispose()
    asyncio.run(write())


@pytest.fixture
def seeded(database: Path) -> Path:
    """A migrated database with rolls in channels 1 and 2 (one private, one amended)."""
    assert run_cli(["db", "upgrade"]) == 0
    append([
        entry("aaaaaaaaaa", channel=1, user=10, at=NOW - timedelta(days=40), total=9),
        entry("bbbbbbbbbb", channel=1, user=11, at=NOW - timedelta(days=2), total=17,
              label="Stealth"),
        entry("cccccccccc", channel=1, user=11, private=True, at=NOW - timedelta(days=1)),
        entry("dddddddddd", channel=2, user=10, at=NOW - timedelta(hours=1), total=21),
        entry("bbbbbbbbbb", channel=1, user=11, version=2, at=NOW - timedelta(days=2),
              total=20, label="Stealth"),
    ])
    return database


def test_log_verify_first_appends_what_a_killed_bot_left_in_the_journal(
    seeded: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    crashed = FileJournal(Path("data/journal"))
    crashed.recover()
    crashed.write(
        [
            entry("eeeeeeeeee", channel=2, user=10, at=NOW),
            entry("dddddddddd", channel=2, user=10, at=NOW - timedelta(hours=1), total=21),
        ]
    )  # already in the log: not written twice
    os.close(crashed._fd)  # type: ignore[arg-type]  # the process died without closing
    capsys.readouterr()
    assert run_cli(["log", "verify"]) == 0
    captured = capsys.readouterr()
    assert "2 roll record(s) a stopped run left in the roll journal were appended" in captured.err
    assert "channel 2: 2 records, intact" in captured.out
    assert not list(Path("data/journal").glob("*.journal"))
    assert run_cli(["log", "verify"]) == 0
    assert "roll journal" not in capsys.readouterr().err


def test_a_journal_held_by_a_running_bot_is_left_alone(
    seeded: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    running = FileJournal(Path("data/journal"))
    running.recover()
    running.write([entry("eeeeeeeeee", channel=2, user=10, at=NOW)])
    assert run_cli(["log", "verify"]) == 0
    assert "channel 2: 1 records, intact" in capsys.readouterr().out
    assert running.path is not None
    assert running.path.exists()
    running.close(settled=False)


def tamper(path: Path, sql: str) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute(sql)


# -- db upgrade ------------------------------------------------------------------------------


def test_db_upgrade_creates_the_database_and_is_repeatable(
        database: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["db", "upgrade"]) == 0
    assert database.exists()
    assert run_cli(["db", "upgrade"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [f"database sqlite+aiosqlite:///{database}: schema at revision "
                   f"{HEAD_REVISION}"] * 2


def test_data_dir_holds_the_default_database(monkeypatch: pytest.MonkeyPatch,
                                             tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NAZH_DATABASE_URL", raising=False)
    monkeypatch.setenv("NAZH_DATA_DIR", str(tmp_path / "state"))
    assert run_cli(["db", "upgrade"]) == 0
    assert (tmp_path / "state" / "nazh.sqlite3").is_file()


@pytest.mark.parametrize(("command", "said"), [
    (["history"], "no rolls yet"),
    (["log", "verify"], "nothing to verify"),
    (["log", "purge", "--days", "3"], "nothing to purge"),
])
def test_reading_where_no_log_exists_says_so_and_creates_nothing(
        database: Path, command: list[str], said: str,
        capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(command) == 0
    captured = capsys.readouterr()
    assert captured.out == (f"{said}: there is no roll log at {database} yet (`nazh run` "
                            "creates it, or `nazh db upgrade`)\n")
    assert captured.err == ""
    assert not database.parent.exists()
    assert not Path("data").exists()


def test_history_json_where_no_log_exists_is_an_empty_list(
        database: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["history", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


@pytest.mark.parametrize("to_file", [False, True])
def test_export_where_no_log_exists_is_an_empty_export(
        database: Path, tmp_path: Path, to_file: bool,
        capsys: pytest.CaptureFixture[str]) -> None:
    export = tmp_path / "chains.jsonl"
    assert run_cli(["log", "export", *(["--output", str(export)] if to_file else [])]) == 0
    captured = capsys.readouterr()
    text = export.read_text() if to_file else captured.out
    assert [json.loads(line) for line in text.splitlines()] == [
        {"format": "nazh-log-export", "version": 1, "heads": {}}]
    assert captured.out == (f"exported 0 record(s) of 0 chain(s) to {export}\n" if to_file
                            else text)
    assert captured.err == (f"nothing to export: there is no roll log at {database} yet "
                            "(`nazh run` creates it, or `nazh db upgrade`)\n")
    assert not database.parent.exists()
    # the empty export is an export: it verifies offline, with no chain in it
    exported = tmp_path / "exported.jsonl"
    exported.write_text(text)
    assert run_cli(["log", "verify", "--offline", str(exported)]) == 0
    assert capsys.readouterr().out == "0 chain(s) checked offline, 0 broken\n"


def test_export_to_a_missing_directory_names_the_file(
        seeded: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "missing" / "chains.jsonl"
    capsys.readouterr()
    assert run_cli(["log", "export", "--output", str(target)]) == 2
    captured = capsys.readouterr()
    assert captured.err == f"nazh log export: cannot write {target}: No such file or directory\n"
    assert captured.out == ""


def test_reading_a_database_without_the_schema_says_what_to_do(
        database: Path, capsys: pytest.CaptureFixture[str]) -> None:
    database.parent.mkdir()
    with sqlite3.connect(database) as connection:
        connection.execute("CREATE TABLE other (x)")
    assert run_cli(["history"]) == 3
    assert capsys.readouterr().err == (
        f"nazh history: the database at sqlite+aiosqlite:///{database} has no schema yet; "
        "run `nazh db upgrade` first\n")


def test_an_empty_log_has_no_rolls_yet(database: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["db", "upgrade"]) == 0
    capsys.readouterr()
    assert run_cli(["history"]) == 0
    assert capsys.readouterr().out == "no rolls yet\n"
    assert run_cli(["history", "--user", "5"]) == 0
    assert capsys.readouterr().out == "no rolls match\n"


def test_a_bad_database_url_exits_2(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NAZH_DATABASE_URL", "mysql://root:hunter2@db/nazh")
    assert run_cli(["log", "verify"]) == 2
    err = capsys.readouterr().err
    assert "NAZH_DATABASE_URL" in err
    assert "hunter2" not in err


def test_an_unreachable_database_exits_3_without_the_password(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NAZH_DATABASE_URL", "postgresql://nazh:hunter2@127.0.0.1:9/nazh")
    assert run_cli(["history", "--channel", "1"]) == 3
    err = capsys.readouterr().err
    assert "the database at postgresql+asyncpg://nazh:***@127.0.0.1:9/nazh failed" in err
    assert "hunter2" not in err


# -- history ---------------------------------------------------------------------------------


def test_history_lists_public_rolls_newest_first(seeded: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["history"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == ["dddddddddd", "bbbbbbbbbb", "aaaaaaaaaa"]
    stamp = f"{NOW - timedelta(days=2):%Y-%m-%d %H:%M:%S}Z"
    assert lines[1] == (f"bbbbbbbbbb  {stamp}  #1  user 11  a1d20+5  = 20  DC 15  [Stealth]")


def test_history_of_a_user_includes_their_private_rolls(
        seeded: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["history", "--channel", "1", "--user", "11"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == ["cccccccccc", "bbbbbbbbbb"]
    assert lines[0].endswith("(private)")


def test_history_limit_and_json(seeded: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["history", "--channel", "1", "--limit", "1", "--json"]) == 0
    [record] = json.loads(capsys.readouterr().out)
    assert record["roll_id"] == "bbbbbbbbbb"
    assert record["version"] == 2
    assert record["result"]["pools"][0]["total"] == 20
    assert len(record["hash"]) == 64


# -- log verify and purge --------------------------------------------------------------------


def test_verify_reports_each_chain_and_exits_0(seeded: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["log", "verify"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "channel 1: 4 records, intact",
        "channel 2: 1 records, intact",
        "2 chain(s) checked, 0 broken",
    ]


def test_verify_finds_an_altered_record_and_exits_1(
        seeded: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tamper(seeded, "UPDATE roll_log SET notation = '1d20+30' WHERE channel_id = 1 AND seq = 2")
    assert run_cli(["log", "verify"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == ("channel 1: BROKEN at seq 2 (1 records intact before it): the content "
                      "does not match its hash (the record was altered)")
    assert out[1:] == ["channel 2: 1 records, intact", "2 chain(s) checked, 1 broken"]


def test_verify_one_channel(seeded: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tamper(seeded, "DELETE FROM roll_log WHERE channel_id = 1 AND seq = 2")
    assert run_cli(["log", "verify", "--channel", "2"]) == 0
    assert run_cli(["log", "verify", "--channel", "1"]) == 1
    assert "a record is missing" in capsys.readouterr().out


def test_purge_keeps_the_chains_verifiable(seeded: Path, monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["log", "purge"]) == 2  # keep forever unless told
    assert "NAZH_HISTORY_DAYS is not set" in capsys.readouterr().err
    for days in ("0", "-3"):
        assert run_cli(["log", "purge", "--days", days]) == 2
        assert capsys.readouterr().err == (
            f"nazh log purge: --days must be at least 1 (got {days}); records younger than a "
            "day are never purged\n")
    monkeypatch.setenv("NAZH_HISTORY_DAYS", "30")
    assert run_cli(["log", "purge"]) == 0
    assert "purged 1 record(s)" in capsys.readouterr().out
    assert run_cli(["log", "verify"]) == 0
    assert run_cli(["history", "--channel", "1"]) == 0
    assert "aaaaaaaaaa" not in capsys.readouterr().out


# -- the container's storage lifecycle -------------------------------------------------------


async def test_the_container_upgrades_writes_behind_and_flushes_on_close(database: Path) -> None:
    container = storage_container(load_storage_config(env_file=None))
    running: Any = container.storage.running
    await running.init()  # migrates, starts the writer
    writer = container.storage.writer()
    for n in range(30):
        await writer.keep(entry(f"w{n:04d}", channel=5, at=NOW))
    await running.shutdown()  # flushes what is waiting, closes the pool
    engine = create_engine(f"sqlite+aiosqlite:///{database}")
    try:
        chain = await SqlRollLog(engine).chain(5)
    finally:
        await engine.dispose()
    assert [record.seq for record in chain] == list(range(1, 31))


def test_db_backup_copies_the_log_and_the_copy_verifies(
        seeded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    backup = tmp_path / "backups" / "nazh-backup.sqlite3"
    backup.parent.mkdir()
    capsys.readouterr()
    assert run_cli(["db", "backup", str(backup)]) == 0
    assert capsys.readouterr().out == (
        f"backed up 5 roll record(s) from sqlite+aiosqlite:///{seeded} to {backup}\n")
    assert not list(backup.parent.glob("*.partial"))
    with sqlite3.connect(backup) as copy, sqlite3.connect(seeded) as original:
        query = "SELECT channel_id, seq, hash FROM roll_log ORDER BY channel_id, seq"
        assert copy.execute(query).fetchall() == original.execute(query).fetchall()
    # the backup is a roll log nazh reads and verifies as it is
    monkeypatch.setenv("NAZH_DATABASE_URL", f"sqlite+aiosqlite:///{backup}")
    assert run_cli(["log", "verify"]) == 0
    assert capsys.readouterr().out.endswith("2 chain(s) checked, 0 broken\n")


def test_db_backup_refuses_an_existing_file(
        seeded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    existing = tmp_path / "there.sqlite3"
    existing.write_bytes(b"keep me")
    capsys.readouterr()
    assert run_cli(["db", "backup", str(existing)]) == 2
    assert capsys.readouterr().err == (
        f"nazh db backup: {existing} already exists: name a new file\n")
    assert existing.read_bytes() == b"keep me"


def test_db_copy_moves_the_log_into_an_empty_database_with_its_chains(
        seeded: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "target.sqlite3"
    capsys.readouterr()
    assert run_cli(["db", "copy", "--to", f"sqlite:///{target}"]) == 0
    assert capsys.readouterr().out == (
        f"copied 5 roll record(s) from sqlite+aiosqlite:///{seeded}; 2 chain(s) verified in "
        "the copy, 0 broken\n")
    with sqlite3.connect(target) as copy, sqlite3.connect(seeded) as original:
        for table in ("roll_log", "chain_heads", "roll_heads", "saved_rolls"):
            query = f"SELECT * FROM {table} ORDER BY 1, 2"
            assert copy.execute(query).fetchall() == original.execute(query).fetchall()
    # a second copy into the same (no longer empty) database is refused, and changes nothing
    assert run_cli(["db", "copy", "--to", f"sqlite:///{target}"]) == 2
    assert capsys.readouterr().err == (
        "nazh db copy: the target already holds 5 roll record(s): copy into a new, empty "
        "database\n")
    with sqlite3.connect(target) as copy:
        assert copy.execute("SELECT count(*) FROM roll_log").fetchone() == (5,)


def test_db_copy_to_an_unsupported_database_is_refused(
        seeded: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert run_cli(["db", "copy", "--to", "mysql://root@localhost/nazh"]) == 2
    error = capsys.readouterr().err
    assert error.startswith("nazh db copy: ")
    assert error.count("\n") == 1


def closed_port() -> int:
    """A local port nothing listens on."""
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        return int(closed.getsockname()[1])


def test_db_copy_to_an_unreachable_database_names_that_database(
        seeded: Path, capsys: pytest.CaptureFixture[str]) -> None:
    port = closed_port()
    capsys.readouterr()
    assert run_cli(["db", "copy", "--to", f"postgresql://nazh:hunter2@127.0.0.1:{port}/x"]) == 3
    error = capsys.readouterr().err
    assert error.startswith(f"nazh db copy: the target database at "
                            f"postgresql+asyncpg://nazh:***@127.0.0.1:{port}/x failed: ")
    assert error.count("\n") == 1
    assert str(seeded) not in error
    assert "hunter2" not in error


def test_db_copy_to_a_file_under_a_file_names_that_file(
        seeded: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "plain").write_text("not a directory")
    target = tmp_path / "plain" / "copy.sqlite3"
    capsys.readouterr()
    assert run_cli(["db", "copy", "--to", f"sqlite:///{target}"]) == 3
    error = capsys.readouterr().err
    assert error.startswith(f"nazh db copy: the target database at sqlite:///{target} failed: ")
    assert error.count("\n") == 1
    assert str(seeded) not in error


def test_db_backup_under_a_file_names_the_file(
        seeded: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "plain").write_text("not a directory")
    target = tmp_path / "plain" / "backup.sqlite3"
    capsys.readouterr()
    assert run_cli(["db", "backup", str(target)]) == 2
    assert capsys.readouterr().err == (
        f"nazh db backup: cannot write {target}: unable to open database file\n")


def test_backup_or_copy_where_no_log_exists_says_so(
        database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["db", "backup", str(tmp_path / "b.sqlite3")]) == 0
    assert capsys.readouterr().out.startswith("nothing to backup: there is no roll log at ")
    assert not (tmp_path / "b.sqlite3").exists()
    assert not database.exists()


@pytest.mark.skipif(postgres_admin_url() is None, reason=POSTGRES_OFF)
def test_db_copy_from_sqlite_to_postgresql_keeps_every_chain_verifiable(
        seeded: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    admin_url = postgres_admin_url()
    assert admin_url is not None
    name = f"nazh_copy_{os.getpid()}"
    admin = make_url(admin_url).set(drivername="postgresql").render_as_string(
        hide_password=False)

    async def create_or_drop(sql: str) -> None:
        connection = await asyncpg.connect(admin)
        try:
            await connection.execute(sql)
        finally:
            await connection.close()

    asyncio.run(create_or_drop(f'DROP DATABASE IF EXISTS "{name}"'))
    asyncio.run(create_or_drop(f'CREATE DATABASE "{name}"'))
    try:
        target = make_url(admin_url).set(drivername="postgresql", database=name)
        url = target.render_as_string(hide_password=False)
        capsys.readouterr()
        assert run_cli(["db", "copy", "--to", url]) == 0
        assert capsys.readouterr().out == (
            f"copied 5 roll record(s) from sqlite+aiosqlite:///{seeded}; 2 chain(s) verified "
            "in the copy, 0 broken\n")
        # the bot pointed at PostgreSQL now reads the same log
        monkeypatch.setenv("NAZH_DATABASE_URL", url)
        assert run_cli(["log", "verify"]) == 0
        assert capsys.readouterr().out.endswith("2 chain(s) checked, 0 broken\n")
        assert run_cli(["history", "--json", "--limit", "10"]) == 0
        listed = json.loads(capsys.readouterr().out)
        assert {record["roll_id"] for record in listed} == {"aaaaaaaaaa", "bbbbbbbbbb",
                                                            "dddddddddd"}
    finally:
        asyncio.run(create_or_drop(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def test_an_export_verifies_offline_without_the_database(
        seeded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    export = tmp_path / "chains.jsonl"
    capsys.readouterr()
    assert run_cli(["log", "export", "--output", str(export)]) == 0
    assert capsys.readouterr().out == f"exported 5 record(s) of 2 chain(s) to {export}\n"
    header, *records = export.read_text().splitlines()
    assert json.loads(header)["format"] == "nazh-log-export"
    assert len(records) == 5
    # offline: no database at all
    monkeypatch.setenv("NAZH_DATABASE_URL", "postgresql://nobody@127.0.0.1:1/none")
    assert run_cli(["log", "verify", "--offline", str(export)]) == 0
    out = capsys.readouterr().out
    assert out.endswith("2 chain(s) checked offline, 0 broken\n")


@pytest.mark.parametrize(("tamper", "problem"), [
    ("edit", "the content does not match its hash (the record was altered)"),
    ("drop_last", "the chain ends at record #3, before its recorded head #4"),
    ("drop_middle", "sequence jumps from 1 to 3 (a record is missing)"),
])
def test_a_tampered_export_fails_offline(
        seeded: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], tamper: str,
        problem: str) -> None:
    export = tmp_path / "chains.jsonl"
    assert run_cli(["log", "export", "--channel", "1", "--output", str(export)]) == 0
    header, *records = export.read_text().splitlines()
    assert len(records) == 4
    if tamper == "edit":
        record = json.loads(records[1])
        record["entry"]["notation"] = "1d20+20"
        records[1] = json.dumps(record)
    elif tamper == "drop_last":
        records = records[:-1]
    else:
        records = [records[0], *records[2:]]
    export.write_text("\n".join([header, *records]) + "\n")
    capsys.readouterr()
    assert run_cli(["log", "verify", "--offline", str(export)]) == 1
    assert problem in capsys.readouterr().out


def test_a_file_that_is_not_an_export_is_refused(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    bogus = tmp_path / "bogus.jsonl"
    bogus.write_text('{"hello": 1}\n')
    assert run_cli(["log", "verify", "--offline", str(bogus)]) == 2
    assert "is not a readable export" in capsys.readouterr().err


def test_a_deeply_nested_export_is_refused_without_a_traceback(
        seeded: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    export = tmp_path / "chains.jsonl"
    assert run_cli(["log", "export", "--channel", "1", "--output", str(export)]) == 0
    header, *records = export.read_text().splitlines()
    deep = "[" * 100_000 + "]" * 100_000
    for lines in ([deep, *records], [header, deep, *records]):
        export.write_text("\n".join(lines) + "\n")
        capsys.readouterr()
        assert run_cli(["log", "verify", "--offline", str(export)]) == 2
        assert "is not a readable export" in (err := capsys.readouterr().err)
        assert "nested more than 64 levels deep" in err


def test_keys_new_prints_a_key_and_its_public_key(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["keys", "new"]) == 0
    out = capsys.readouterr().out.splitlines()
    seed = out[0].removeprefix("NAZH_SIGNING_KEY=")
    public = next(line for line in out if line.startswith("# public key: ")).split(": ")[1]
    assert len(seed) == 64
    assert public == public_key_of(seed)
    assert run_cli(["keys", "new"]) == 0
    assert capsys.readouterr().out.splitlines()[0] != out[0]  # a new key each time


def checkpoints_of_seeded(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Sign and publish a checkpoint of each channel of the seeded log, as the bot does."""
    seed, _ = new_key()
    monkeypatch.setenv("NAZH_SIGNING_KEY", seed)
    anchors = tmp_path / "anchors.jsonl"
    monkeypatch.setenv("NAZH_CHECKPOINT_FILE", str(anchors))
    assert publish_checkpoints() == 2
    return anchors


def publish_checkpoints() -> int:
    """Publish the due checkpoints with the environment's key into its checkpoint file."""

    async def publish() -> int:
        container = storage_container(load_storage_config(env_file=None))
        try:
            job = container.storage.checkpoints()
            assert job is not None
            published: int = await job.publish_due()
            return published
        finally:
            await container.storage.engine().dispose()

    return asyncio.run(publish())


def test_verify_against_signed_checkpoints(seeded: Path, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    anchors = checkpoints_of_seeded(monkeypatch, tmp_path)
    capsys.readouterr()
    assert run_cli(["log", "verify", "--anchors", str(anchors),
                    "--public-key", public_key_of(os.environ["NAZH_SIGNING_KEY"])]) == 0
    assert capsys.readouterr().out.endswith(
        f"2 chain(s) checked against 2 signed checkpoint(s) (key "
        f"{public_key_of(os.environ['NAZH_SIGNING_KEY'])[:16]}…), 0 broken\n")
    # the newest record of channel 1 removed and its head rewound: intact alone, not here
    tamper(seeded, "DELETE FROM roll_log WHERE channel_id = 1 AND seq = 4")
    tamper(seeded, "UPDATE chain_heads SET seq = 3, hash = (SELECT hash FROM roll_log "
                   "WHERE channel_id = 1 AND seq = 3) WHERE channel_id = 1")
    assert run_cli(["log", "verify"]) == 0
    capsys.readouterr()
    assert run_cli(["log", "verify", "--anchors", str(anchors)]) == 1  # NAZH_SIGNING_KEY's
    out = capsys.readouterr().out
    assert "channel 1: record #4 was checkpointed at" in out
    assert "(records removed and the head rewound)" in out
    # another key's checkpoints are not trusted
    assert run_cli(["log", "verify", "--anchors", str(anchors), "--public-key",
                    new_key()[1]]) == 1
    assert "is signed by another key" in capsys.readouterr().out


def test_an_export_verifies_offline_against_the_checkpoints(
        seeded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    anchors = checkpoints_of_seeded(monkeypatch, tmp_path)
    export = tmp_path / "chains.jsonl"
    assert run_cli(["log", "export", "--output", str(export)]) == 0
    capsys.readouterr()
    monkeypatch.delenv("NAZH_SIGNING_KEY")  # a player has only the public key
    public = read_checkpoints(anchors)[0].public_key
    assert run_cli(["log", "verify", "--offline", str(export), "--anchors", str(anchors),
                    "--public-key", public]) == 0
    header, *records = export.read_text().splitlines()
    heads = json.loads(header)
    heads["heads"]["1"] = [3, json.loads(records[2])["hash"]]  # rewound in the export
    export.write_text("\n".join([json.dumps(heads), *records[:3], *records[4:]]) + "\n")
    assert run_cli(["log", "verify", "--offline", str(export)]) == 0  # alone: intact
    capsys.readouterr()
    assert run_cli(["log", "verify", "--offline", str(export), "--anchors", str(anchors),
                    "--public-key", public]) == 1
    assert "record #4 was checkpointed" in capsys.readouterr().out


def test_a_missing_checkpoint_file_is_refused(seeded: Path, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert run_cli(["log", "verify", "--anchors", str(tmp_path / "none.jsonl"),
                    "--public-key", new_key()[1]]) == 2
    assert "no checkpoint file at" in capsys.readouterr().err


@pytest.mark.parametrize("offline", [False, True])
def test_checkpoints_re_signed_by_another_key_never_pass_on_the_files_word(
        seeded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str], offline: bool) -> None:
    anchors = checkpoints_of_seeded(monkeypatch, tmp_path)  # signed by the operator's key
    operators = public_key_of(os.environ["NAZH_SIGNING_KEY"])
    export = tmp_path / "chains.jsonl"
    assert run_cli(["log", "export", "--output", str(export)]) == 0
    forger_seed, forger_public = new_key()
    monkeypatch.setenv("NAZH_SIGNING_KEY", forger_seed)
    forged = tmp_path / "forged.jsonl"
    monkeypatch.setenv("NAZH_CHECKPOINT_FILE", str(forged))
    publish_checkpoints()  # the chains' checkpoints again, signed by another key
    assert forged.exists()
    monkeypatch.delenv("NAZH_SIGNING_KEY")
    source = ["--offline", str(export)] if offline else []
    capsys.readouterr()
    assert run_cli(["log", "verify", *source, "--anchors", str(forged)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0
    assert "--anchors needs the public key" in err
    assert run_cli(["log", "verify", *source, "--anchors", str(forged),
                    "--public-key", operators]) == 1
    assert "is signed by another key" in capsys.readouterr().out
    assert run_cli(["log", "verify", *source, "--anchors", str(anchors),
                    "--public-key", operators]) == 0
    assert forger_public != operators
