"""Where sessions and their servers' quiet settings are kept, and how a session's channel is
read (SQL in production, shared by every replica: the database decides between two acts made
at once)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Protocol

from nazh.application.endeavors.model import EndeavorRecord
from nazh.application.log.chain import ChainedEntry
from nazh.application.requests.model import RequestRecord
from nazh.application.sessions.model import Fight, SessionRecord


class SessionStore(Protocol):
    """Sessions: one open per channel, ended once."""

    async def open_in(self, channel_id: int) -> SessionRecord | None:
        """The channel's open session (``None``: none)."""
        ...

    async def get(self, session_id: str) -> SessionRecord | None:
        """A session by id (``None``: no such id)."""
        ...

    async def in_channel(self, channel_id: int, limit: int) -> list[SessionRecord]:
        """The channel's latest sessions, newest first."""
        ...

    async def create(self, record: SessionRecord) -> bool:
        """Keep a new session; ``False`` (nothing kept) when its channel has an open one
        (decided by the database, even for two at once)."""
        ...

    async def end(self, record: SessionRecord) -> bool:
        """Keep ``record``'s end; ``False`` (nothing kept) when it had ended already."""
        ...


class OpenChannels(Protocol):
    """Where sessions are open."""

    async def open_channels(self) -> frozenset[int]:
        """Every channel with an open session."""
        ...


class QuietSettings(Protocol):
    """Each server's quiet spell after which Nazh closes a session."""

    async def quiet(self, guild_id: int) -> timedelta | None:
        """The server's setting (``None``: never set)."""
        ...

    async def set_quiet(self, guild_id: int, quiet: timedelta, user_id: int,
                        at: datetime) -> None:
        """Keep the server's setting, set by ``user_id`` at ``at``."""
        ...


class ChannelActivity(Protocol):
    """When things happened in a session's channel: its rolls and the changes of its
    encounters, requests and endeavors."""

    async def activity(self, record: SessionRecord, since: datetime,
                       limit: int) -> list[datetime]:
        """The times of up to ``limit`` acts in the session's channel after ``since`` (its
        rolls: those after its first record), oldest first."""
        ...


class SessionLog(Protocol):
    """A channel's rolls in the roll log."""

    async def head(self, channel_id: int) -> int:
        """The sequence number of the channel's last record (0: none)."""
        ...

    async def rolls(self, record: SessionRecord, limit: int) -> list[ChainedEntry]:
        """The latest record of each roll first made in the session (its channel's records
        after its first, made between its start and its end), oldest first, at most
        ``limit``."""
        ...


class SessionPlay(Protocol):
    """A session's fights, requests and endeavors."""

    async def fights(self, record: SessionRecord) -> Sequence[Fight]:
        """The encounters started in its channel during it, oldest first, with their logs."""
        ...

    async def requests(self, record: SessionRecord) -> Sequence[RequestRecord]:
        """The requests asked in its channel during it, oldest first."""
        ...

    async def endeavors(self, record: SessionRecord) -> Sequence[EndeavorRecord]:
        """The endeavors started in its channel during it, oldest first."""
        ...


class Settling(Protocol):
    """The roll log's writer: what was kept so far is in the log once it settles."""

    async def flush(self, timeout: float) -> bool:
        """Wait until every record kept so far is in the roll log; ``False`` on timeout."""
        ...
