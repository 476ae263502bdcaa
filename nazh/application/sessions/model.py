"""A session as it is kept, and what its channel saw during it (the rolls of the log, the
fights, requests and endeavors), which the recap and the journal are built from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from nazh.application.encounters.model import EncounterRecord
from nazh.application.encounters.model import LogEntry as EncounterEntry
from nazh.application.endeavors.model import EndeavorRecord
from nazh.application.requests.model import RequestRecord
from nazh.application.rolls.model import RollRecord
from nazh.application.shared.places import Place
from nazh.domain.errors import NazhError
from nazh.domain.session import Session

NAZH_USER_ID = 0
"""Who ended a session Nazh closed after a quiet spell."""


class SessionNotFoundError(NazhError):
    """No session of this channel is the one asked for (an unknown one, or one of another
    channel: answered alike)."""

    def __init__(self) -> None:
        super().__init__("no such session in this channel",
                         hint="/session recap lists this channel's sessions as you type")


@dataclass(frozen=True, slots=True)
class SessionRecord:
    """One session as kept.

    Attributes:
        session_id: Its id (short, random).
        guild_id: The server it was played in.
        channel_id: Its channel (one open session per channel).
        started_by: The GM who started it.
        session: The session itself.
        ended_by: Who ended it (:data:`NAZH_USER_ID`: Nazh, after a quiet spell; ``None``:
            open).
        first_seq: The head of the channel's chain when it started (0: none yet): its rolls'
            records come after it.
    """

    session_id: str
    guild_id: int
    channel_id: int
    started_by: int
    session: Session
    ended_by: int | None = None
    first_seq: int = 0

    @property
    def place(self) -> Place:
        """Its server and channel: it is reached from there only."""
        return Place(self.guild_id, self.channel_id)


@dataclass(frozen=True, slots=True)
class SessionRoll:
    """A roll of the session as the log keeps it: the roll as its latest record describes
    it, and that record's place in the channel's chain (its sequence number and hash)."""

    record: RollRecord
    seq: int
    hash: str


@dataclass(frozen=True, slots=True)
class Fight:
    """An encounter of the session and its change log, oldest first."""

    record: EncounterRecord
    log: tuple[EncounterEntry, ...] = ()


@dataclass(frozen=True, slots=True)
class Played:
    """What the channel saw during a session, read when its recap or journal is made.

    Attributes:
        session: The session.
        rolls: The rolls made in its span that the channel sees (public, or secret and
            revealed; never private), oldest first.
        fights: The encounters started in its span, oldest first.
        requests: The requests asked in its span, oldest first.
        endeavors: The endeavors started in its span, oldest first.
        now: When it was read (an open session's length runs to it).
        cut: Rolls were left out past the most a recap reads.
    """

    session: SessionRecord
    rolls: tuple[SessionRoll, ...]
    fights: tuple[Fight, ...]
    requests: tuple[RequestRecord, ...]
    endeavors: tuple[EndeavorRecord, ...]
    now: datetime
    cut: bool = False
