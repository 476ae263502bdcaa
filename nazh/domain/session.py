"""A session of play in a channel: its name, when it started and when it ended, by a GM's word
or after a quiet spell (no roll nor change for longer than the server's setting).

A session is closed lazily: when someone next acts or asks, :func:`lapsed_at` finds, from the
times of what happened in the channel since the session started, the first quiet spell longer
than the setting; the session ended at the last activity before it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import Enum

from nazh.domain.errors import NazhError

MAX_NAME_LENGTH = 100
QUIET_DEFAULT = timedelta(hours=3)
QUIET_LEAST = timedelta(minutes=1)
QUIET_MOST = timedelta(days=1)
_QUIET = re.compile(r"(?:(\d{1,4})d)?\s*(?:(\d{1,5})h)?\s*(?:(\d{1,6})m(?:in)?)?")


class SessionError(NazhError):
    """An act the session refuses (none open, one open already, a bad name or setting)."""


class Ending(Enum):
    """How a session ended."""

    ENDED = "ended"
    """A GM ended it."""
    QUIET = "quiet"
    """Nazh closed it after a quiet spell, at its last activity."""


@dataclass(frozen=True, slots=True)
class Session:
    """A session: its name (may be empty), start, and end (``None``: open)."""

    name: str
    started_at: datetime
    ended_at: datetime | None = None
    ending: Ending | None = None

    @property
    def open(self) -> bool:
        """Whether it has not ended."""
        return self.ended_at is None

    def length(self, now: datetime) -> timedelta:
        """How long it ran (an open one: until ``now``)."""
        return (self.ended_at or now) - self.started_at

    def holds(self, at: datetime) -> bool:
        """Whether ``at`` falls within it (an open one: from its start on)."""
        return self.started_at <= at and (self.ended_at is None or at <= self.ended_at)


def start_session(name: str, at: datetime) -> Session:
    """A session named ``name`` started at ``at``.

    Raises:
        SessionError: the name is too long or not printable.
    """
    return Session(check_name(name), at)


def end_session(session: Session, at: datetime, ending: Ending) -> Session:
    """``session`` ended at ``at`` (never before it started).

    Raises:
        SessionError: it has ended already.
    """
    if not session.open:
        raise SessionError("this session has ended already")
    return replace(session, ended_at=max(at, session.started_at), ending=ending)


def check_name(name: str) -> str:
    """The name, trimmed.

    Raises:
        SessionError: longer than :data:`MAX_NAME_LENGTH` or not printable.
    """
    name = name.strip()
    if len(name) > MAX_NAME_LENGTH:
        raise SessionError("a session's name has at most {most} characters (got {got})",
                           fields={"most": MAX_NAME_LENGTH, "got": len(name)})
    if not name.isprintable():
        raise SessionError("a session's name must be printable text")
    return name


def lapsed_at(session: Session, activity: Iterable[datetime], quiet: timedelta,
              now: datetime) -> datetime | None:
    """When an open session ended by a quiet spell longer than ``quiet``: its last activity
    (or its start) before the first such spell up to ``now``; ``None`` while none came.
    ``activity``: the times things happened in its channel, oldest first."""
    last = session.started_at
    for at in activity:
        if at <= last:
            continue
        if at - last > quiet:
            return last
        last = at
    return last if now - last > quiet else None


def parse_quiet(text: str) -> timedelta:
    """``"3h"``, ``"90m"``, ``"1h30m"``, ``"1d"`` (or bare minutes, ``"45"``) -> its
    duration, within :data:`QUIET_LEAST` and :data:`QUIET_MOST`.

    Raises:
        SessionError: not a duration, or out of that range.
    """
    typed = text.strip().lower().replace(" ", "")
    if typed.isascii() and typed.isdigit() and len(typed) <= 6:
        quiet = timedelta(minutes=int(typed))
    else:
        found = _QUIET.fullmatch(typed) if 0 < len(typed) <= 20 else None
        if found is None or not any(found.groups()):
            raise SessionError("quiet: {value} is not a duration",
                               hint="write it as 90m, 3h, 1h30m or 1d",
                               fields={"value": repr(text.strip()[:20])})
        days, hours, minutes = (int(part or 0) for part in found.groups())
        quiet = timedelta(days=days, hours=hours, minutes=minutes)
    if not QUIET_LEAST <= quiet <= QUIET_MOST:
        raise SessionError("quiet: from 1 minute to 1 day (got {got})",
                           fields={"got": quiet_words(quiet)})
    return quiet


def quiet_words(quiet: timedelta) -> str:
    """``3 h``, ``1 h 30 min``, ``45 min``, ``1 day``."""
    minutes = int(quiet.total_seconds() // 60)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    parts = ([f"{days} day" + ("" if days == 1 else "s")] if days else []) + \
        ([f"{hours} h"] if hours else []) + ([f"{minutes} min"] if minutes else [])
    return " ".join(parts) or "0 min"
