"""``nazh session export``: a session's journal as Markdown or ``--json``, to standard output or
``--output FILE``; the channel's latest by default, one named by ``--session``; exit 1 when
there is none, 2 when the file cannot be written; and from the database, where none exists yet,
one line."""

from __future__ import annotations

import argparse
import json
from datetime import timedelta
from pathlib import Path

import pytest

from nazh.adapters.cli.app import build_parser
from nazh.adapters.cli.session import run_session_export
from nazh.adapters.rng.seeded import SeededRandomSource
from nazh.application.sessions.use_cases import SessionReading, Sessions
from nazh.application.settings.server import GuildSettings, Member
from nazh.bootstrap import run_cli
from tests.adapters.cli.kit import errors, output, pipes
from tests.app_fakes import FakeClock, MemoryStore
from tests.session_fakes import (
    CHANNEL,
    GM,
    GUILD,
    T0,
    FakeActivity,
    FakeQuiet,
    FakeSessionLog,
    FakeSessionPlay,
    FakeSessionStore,
    the_endeavor,
    the_fight,
    the_request,
    the_rolls,
)


async def sessions_played() -> Sessions:
    """A session played and ended an hour after it started."""
    clock = FakeClock(T0)
    sessions = Sessions(FakeSessionStore(), FakeQuiet(), GuildSettings(MemoryStore(), clock),
                        FakeActivity(), SessionReading(
                            FakeSessionLog(the_rolls()),
                            FakeSessionPlay([the_fight()], [the_request()], [the_endeavor()])),
                        clock, SeededRandomSource(1))
    gm = Member(GM, GUILD, manages_guild=True, channel_id=CHANNEL)
    await sessions.start(gm, "The Shattered Plains")
    clock.advance(timedelta(hours=1))
    await sessions.end(gm)
    return sessions


def parsed(*argv: str) -> argparse.Namespace:
    return build_parser().parse_args(["session", "export", *argv])


async def test_the_journal_in_markdown_or_json() -> None:
    sessions = await sessions_played()
    console = pipes()
    assert await run_session_export(parsed("--channel", str(CHANNEL)), sessions,
                                    console) == 0
    assert output(console).startswith("# The Shattered Plains\n")
    console = pipes()
    assert await run_session_export(parsed("--channel", str(CHANNEL), "--json", "--session",
                                           "The Shattered Plains"),
                                    sessions, console) == 0
    payload = json.loads(output(console))
    assert (payload["format"], payload["chain"]["roll_id"]) == ("nazh-session", "roll000008")


async def test_a_file_is_written_and_none_found_or_an_unwritable_file_said(
        tmp_path: Path) -> None:
    sessions = await sessions_played()
    target = tmp_path / "journal.md"
    console = pipes()
    assert await run_session_export(parsed("--channel", str(CHANNEL), "--output",
                                           str(target)), sessions, console) == 0
    assert output(console) == f"exported the journal of 6 scene(s) to {target}\n"
    assert target.read_text(encoding="utf-8").startswith("# The Shattered Plains")
    console = pipes()
    assert await run_session_export(parsed("--channel", "9", "--session", "x"),
                                    sessions, console) == 1
    assert errors(console) == "no session 'x' in channel 9\n"
    console = pipes()
    assert await run_session_export(parsed("--channel", str(CHANNEL), "--output",
                                           str(tmp_path / "no" / "such" / "dir" / "j.md")),
                                    sessions, console) == 2
    assert "cannot write" in errors(console)


def test_without_a_database_it_says_so_and_creates_nothing(
        database: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["session", "export", "--channel", "42"]) == 1
    assert capsys.readouterr().err == (f"no session: there is no database at {database} "
                                       "yet\n")
    assert not database.exists()
