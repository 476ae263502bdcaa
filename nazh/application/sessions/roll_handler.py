"""The sessions' part in what follows a roll: a roll made (or a secret revealed) in a channel
whose open session has lapsed (a quiet spell longer than the server's setting came before it)
closes that session at its last activity, and its result says so. Where sessions are open is
answered from memory (one read for every channel, as where endeavors run), and a channel
checked less than a minute ago (the shortest quiet spell) is not read again: most rolls pay no
read of the database for it."""

from __future__ import annotations

from datetime import datetime, timedelta

from nazh.application.rolls.events import Happened, RollEvent
from nazh.application.rolls.model import Offers, Rolled, RollRecord
from nazh.application.sessions.ports import OpenChannels
from nazh.application.sessions.use_cases import Sessions
from nazh.domain.session import QUIET_LEAST

OPEN_SECONDS = 10.0
"""How long the channels with an open session are answered from memory."""
CHECKED_KEPT = 10_000
"""The channels whose last check this replica remembers at most."""


class OpenSessions:
    """Where sessions are open, read once a window; and when each channel was last checked
    for a quiet spell."""

    def __init__(self, sessions: Sessions, reader: OpenChannels, *,
                 open_seconds: float = OPEN_SECONDS) -> None:
        self._sessions = sessions
        self._reader = reader
        self._fresh_for = timedelta(seconds=open_seconds)
        self._open: tuple[datetime, frozenset[int]] | None = None
        self._checked: dict[int, datetime] = {}

    async def open_here(self, channel_id: int, now: datetime) -> bool:
        """Whether a session is open in the channel (as read less than a window before
        ``now``)."""
        if self._open is None or not timedelta(0) <= now - self._open[0] < self._fresh_for:
            self._open = (now, await self._reader.open_channels())
        return channel_id in self._open[1]

    def forget(self) -> None:
        """Read where sessions are open again at the next roll (one started or ended here)."""
        self._open = None

    def due(self, channel_id: int, now: datetime) -> bool:
        """Whether the channel is due a check: none for a minute at least (no quiet spell,
        at least a minute long, can have come since)."""
        last = self._checked.get(channel_id)
        return last is None or not timedelta(0) <= now - last < QUIET_LEAST

    def checked(self, channel_id: int, at: datetime) -> None:
        """The channel was checked at ``at``."""
        if len(self._checked) >= CHECKED_KEPT:
            self._checked.clear()
        self._checked[channel_id] = at


class SessionRolls:
    """A lapsed session closed by the next roll in its channel."""

    def __init__(self, sessions: Sessions, open_sessions: OpenSessions) -> None:
        self._sessions = sessions
        self._open = open_sessions

    async def check(self, event: RollEvent) -> None:
        """Nothing to refuse."""

    async def handle(self, event: RollEvent) -> Rolled:
        """The roll, saying that the session it ended (after a quiet spell) is over."""
        rolled = event.rolled
        if event.happened is Happened.CHANGED:  # a roll kept, or a secret's reveal, is an act
            return rolled
        channel_id = rolled.record.roller.channel_id
        now = self._sessions.clock.now()
        if not await self._open.open_here(channel_id, now) or not self._open.due(channel_id,
                                                                                  now):
            return rolled
        lapsed = await self._sessions.lapse(channel_id)
        self._open.checked(channel_id, now)
        if lapsed is None:
            return rolled
        self._open.forget()
        name = f" «{lapsed.session.name}»" if lapsed.session.name else ""
        return rolled.noted(f"The session{name} ended after a quiet spell, before this roll: "
                            "/session recap shows its recap.")

    async def offers(self, record: RollRecord, offers: Offers) -> Offers:
        """Nothing offered."""
        return offers
