"""What SessionFeature says around its cards: a session's name, the journal's files, a session
to choose from (the whole flow on Discord is ``tests/e2e/test_sessions.py``)."""

from __future__ import annotations

from dataclasses import replace

from nazh.adapters.discord.sessions.commands import (
    SessionFeature,
    choice_label,
    journal_files,
    session_name,
    stamp,
)
from tests.session_fakes import T0, the_session


def test_a_session_s_name_files_and_choice() -> None:
    record = the_session()
    assert session_name(record) == "«The Shattered Plains»"
    unnamed = replace(record, session=replace(record.session, name=""))
    assert session_name(unnamed) == "the session"
    assert journal_files(record) == ("session-2026-03-06-session001.md",
                                     "session-2026-03-06-session001.json")
    assert choice_label(record) == "The Shattered Plains · 2026-03-06 19:00 UTC"
    assert choice_label(the_session(ended=False)).endswith(" (open)")
    assert stamp(T0) == f"<t:{int(T0.timestamp())}:f>"
    assert SessionFeature.build.__doc__ == "The feature, from the sessions' use cases."
