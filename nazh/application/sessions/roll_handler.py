"""The sessions' part in what follows a roll: a roll made (or a secret revealed) in a channel
whose open session has lapsed (a quiet spell longer than the server's setting came before it)
closes that session at its last activity, and its result says so.

Where sessions are open is answered from memory, read once for every channel and refreshed
behind the rolls every :data:`OPEN_SECONDS` (only the very first roll waits for a read, and
every roll arriving meanwhile shares it: a burst of rolls makes one read); a channel checked
less than a minute ago (the shortest quiet spell) is not checked again. A roll in a channel
without an open session pays no read of the database for it."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta

from nazh.application.rolls.events import Happened, RollEvent
from nazh.application.rolls.model import Offers, Rolled, RollRecord
from nazh.application.rolls.notes import Note
from nazh.application.sessions.ports import OpenChannels
from nazh.application.sessions.use_cases import Sessions
from nazh.domain.session import QUIET_LEAST

log = logging.getLogger(__name__)

OPEN_SECONDS = 10.0
"""How long the channels with an open session are answered from memory before a refresh."""
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
        self._reading: asyncio.Task[frozenset[int]] | None = None
        self._checked: dict[int, datetime] = {}

    async def open_here(self, channel_id: int, now: datetime) -> bool:
        """Whether a session is open in the channel: as last read (a read older than a
        window is refreshed behind this answer); the first time, once read."""
        known = self._open
        if known is not None:
            if not timedelta(0) <= now - known[0] < self._fresh_for:
                self._read(now)
            return channel_id in known[1]
        return channel_id in await asyncio.shield(self._read(now))

    def _read(self, now: datetime) -> asyncio.Task[frozenset[int]]:
        """The one read of where sessions are open, shared by every roll asking meanwhile."""
        reading = self._reading
        if reading is not None:
            return reading

        async def read() -> frozenset[int]:
            try:
                channels = await self._reader.open_channels()
                self._open = (now, channels)
                return channels
            finally:
                self._reading = None

        reading = self._reading = asyncio.get_running_loop().create_task(
            read(), name="open sessions")
        reading.add_done_callback(_failed_read)
        return reading

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


def _failed_read(task: asyncio.Task[frozenset[int]]) -> None:
    """A read of where sessions are open that failed: logged (the rolls waiting on the first
    one are told by their own await); the next roll tries again."""
    if task.cancelled() or (error := task.exception()) is None:
        return
    log.warning("sessions: reading where sessions are open failed (%s); the next roll reads "
                "again", type(error).__name__)


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
        try:
            if not await self._open.open_here(channel_id, now) \
                    or not self._open.due(channel_id, now):
                return rolled
            lapsed = await self._sessions.lapse(channel_id)
        except Exception as error:  # the roll is kept: a check of a session never fails it
            log.warning("sessions: a lapsed session could not be checked (%s); the next roll "
                        "checks again", type(error).__name__)
            return rolled
        self._open.checked(channel_id, now)
        if lapsed is None:
            return rolled
        if lapsed.session.name:
            return rolled.noted(Note("The session «{name}» ended after a quiet spell, before "
                                     "this roll: /session recap shows its recap.",
                                     name=lapsed.session.name))
        return rolled.noted(Note("The session ended after a quiet spell, before this roll: "
                                 "/session recap shows its recap."))

    async def offers(self, record: RollRecord, offers: Offers) -> Offers:
        """Nothing offered."""
        return offers
