"""A session's rules: its name checked; ended once, never before it started; closed after a
quiet spell at its last activity; the quiet setting read from 1 minute to 1 day."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from nazh.domain.session import (
    QUIET_DEFAULT,
    Ending,
    SessionError,
    end_session,
    lapsed_at,
    parse_quiet,
    quiet_words,
    start_session,
)

T0 = datetime(2026, 3, 6, 19, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)


def test_a_session_starts_with_a_trimmed_name_and_ends_once() -> None:
    session = start_session("  The Shattered Plains ", T0)
    assert (session.name, session.open) == ("The Shattered Plains", True)
    assert session.length(T0 + HOUR) == HOUR
    ended = end_session(session, T0 + 2 * HOUR, Ending.ENDED)
    assert (ended.open, ended.ending, ended.length(T0 + 9 * HOUR)) == (False, Ending.ENDED,
                                                                       2 * HOUR)
    assert ended.holds(T0 + HOUR)
    assert not ended.holds(T0 + 3 * HOUR)
    with pytest.raises(SessionError, match="has ended already"):
        end_session(ended, T0 + 3 * HOUR, Ending.ENDED)


def test_a_session_never_ends_before_it_started() -> None:
    ended = end_session(start_session("", T0), T0 - HOUR, Ending.QUIET)
    assert ended.ended_at == T0


@pytest.mark.parametrize(("name", "message"), [
    ("x" * 101, r"at most 100 characters \(got 101\)"), ("a\x00b", "printable"),
])
def test_a_bad_name_is_refused(name: str, message: str) -> None:
    with pytest.raises(SessionError, match=message):
        start_session(name, T0)


@pytest.mark.parametrize(("activity", "now", "lapsed"), [
    ([], T0 + 2 * HOUR, None),
    ([], T0 + 4 * HOUR, T0),
    ([T0 + HOUR, T0 + 2 * HOUR], T0 + 4 * HOUR, None),
    ([T0 + HOUR, T0 + 2 * HOUR], T0 + 6 * HOUR, T0 + 2 * HOUR),
    ([T0 + HOUR, T0 + 5 * HOUR, T0 + 5.5 * HOUR], T0 + 6 * HOUR, T0 + HOUR),
    ([T0 - HOUR, T0 + HOUR], T0 + 2 * HOUR, None),
])
def test_a_quiet_spell_closes_a_session_at_its_last_activity(
        activity: list[datetime], now: datetime, lapsed: datetime | None) -> None:
    assert lapsed_at(start_session("", T0), activity, QUIET_DEFAULT, now) == lapsed


@pytest.mark.parametrize(("text", "quiet"), [
    ("3h", 3 * HOUR), ("90m", timedelta(minutes=90)), ("1h30m", timedelta(minutes=90)),
    ("1 h 30 min", timedelta(minutes=90)), ("1d", timedelta(days=1)), ("45", 0.75 * HOUR),
    ("1m", timedelta(minutes=1)),
])
def test_the_quiet_setting_is_a_duration(text: str, quiet: timedelta) -> None:
    assert parse_quiet(text) == quiet


@pytest.mark.parametrize(("text", "message"), [
    ("", "is not a duration"), ("soon", "'soon' is not a duration"), ("0", r"got 0 min"),
    ("25h", r"from 1 minute to 1 day \(got 1 day 1 h\)"), ("9" * 30, "is not a duration"),
])
def test_a_bad_quiet_setting_is_refused(text: str, message: str) -> None:
    with pytest.raises(SessionError, match=message):
        parse_quiet(text)


def test_durations_in_words() -> None:
    assert [quiet_words(t) for t in (3 * HOUR, timedelta(minutes=90), timedelta(days=2),
                                     timedelta(0))] == ["3 h", "1 h 30 min", "2 days", "0 min"]
