"""The sessions' use cases: a GM starts and ends a session in a channel and sets the server's
quiet spell; anyone in the channel reads a session's recap and journal. Every act checks the
session's place first (one of another channel is answered as unknown).

An open session is closed lazily (no timer): whenever someone acts on sessions, or rolls in a
channel with an open one (:mod:`.roll_handler`), the channel's activity since the session
started is read and the first quiet spell longer than the server's setting ends it at its last
activity (:func:`~nazh.domain.session.lapsed_at`), once, by compare-and-swap.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from nazh.application.log.chain import ChainedEntry
from nazh.application.rolls.access import Sight, channel_of, facts_of_entry, sight_of
from nazh.application.rolls.logged_store import readable_record
from nazh.application.sessions.journal import Journal, journal_of
from nazh.application.sessions.model import (
    NAZH_USER_ID,
    Played,
    SessionNotFoundError,
    SessionRecord,
    SessionRoll,
)
from nazh.application.sessions.ports import (
    ChannelActivity,
    QuietSettings,
    SessionLog,
    SessionPlay,
    SessionStore,
    Settling,
)
from nazh.application.sessions.recap import Recap, recap_of
from nazh.application.settings.server import GuildSettings, Member, is_gm
from nazh.application.shared.clock import Clock
from nazh.application.shared.ids import new_roll_id
from nazh.application.shared.places import reaches
from nazh.domain.rolling import RandomSource
from nazh.domain.session import (
    QUIET_DEFAULT,
    Ending,
    SessionError,
    end_session,
    lapsed_at,
    parse_quiet,
    start_session,
)

GM_WHO = "a GM (the server's gm-role, or Manage Server while none is set)"
MAX_ROLLS = 2000
"""The most rolls a recap or journal reads (the rest are left out, and it says so)."""
ACTIVITY_PAGE = 500
"""The times of acts read at once when looking for a quiet spell."""
SETTLE_SECONDS = 2.0
"""How long a recap waits for the rolls just kept to reach the roll log."""
LISTED = 25
"""The channel's latest sessions offered to choose from."""


@dataclass(frozen=True, slots=True)
class Started:
    """A session started, and the one before it that Nazh found lapsed meanwhile (``None``:
    none)."""

    record: SessionRecord
    lapsed: SessionRecord | None = None


@dataclass(frozen=True, slots=True)
class SessionReading:
    """What a session's recap and journal read: the roll log (and its writer, to let the
    rolls just kept reach it) and the channel's fights, requests and endeavors."""

    log: SessionLog
    play: SessionPlay
    settling: Settling | None = None


class Sessions:
    """Sessions kept in ``store``."""

    def __init__(self, store: SessionStore, quiet: QuietSettings,  # noqa: PLR0913 - its collaborators
                 settings: GuildSettings, activity: ChannelActivity, reading: SessionReading,
                 clock: Clock, ids: RandomSource) -> None:
        self._store = store
        self._quiet = quiet
        self._settings = settings
        self._activity = activity
        self._reading = reading
        self.clock = clock
        self._ids = ids

    # -- a GM's acts ------------------------------------------------------------------------

    async def start(self, member: Member, name: str = "") -> Started:
        """A new session in the member's channel (a GM); one Nazh finds lapsed is ended
        first.

        Raises:
            SessionError: outside a server, not a GM, a bad name, or a session is open here.
        """
        guild_id, channel_id = await self._gm(member, "start a session")
        session = start_session(name, self.clock.now())
        lapsed = await self.lapse(channel_id)
        record = SessionRecord(new_roll_id(self._ids), guild_id, channel_id, member.user_id,
                               session, first_seq=await self._head(channel_id))
        if not await self._store.create(record):
            raise SessionError("a session is already open in this channel",
                               hint="end it first with /session end")
        return Started(record, lapsed)

    async def end(self, member: Member) -> SessionRecord:
        """The member's channel's open session ended now (a GM); one Nazh found lapsed is
        answered as it ended.

        Raises:
            SessionError: outside a server, not a GM, or no session is open here.
        """
        _, channel_id = await self._gm(member, "end a session")
        lapsed = await self.lapse(channel_id)
        if lapsed is not None:
            return lapsed
        record = await self._store.open_in(channel_id)
        if record is None:
            raise SessionError("no session is open in this channel",
                               hint="a GM starts one with /session start")
        ended = replace(record, session=end_session(record.session, self.clock.now(),
                                                    Ending.ENDED), ended_by=member.user_id)
        if not await self._store.end(ended):  # ended meanwhile (another GM, a quiet spell)
            return await self._store.get(record.session_id) or ended
        return ended

    async def set_quiet(self, member: Member, typed: str) -> timedelta:
        """The server's quiet spell set (a GM) from ``typed`` (``3h``, ``90m``).

        Raises:
            SessionError: outside a server, not a GM, or not a duration from 1 minute to 1 day.
        """
        guild_id, _ = await self._gm(member, "change the sessions' settings")
        quiet = parse_quiet(typed)
        await self._quiet.set_quiet(guild_id, quiet, member.user_id, self.clock.now())
        return quiet

    async def quiet_of(self, guild_id: int | None) -> timedelta:
        """The server's quiet spell (the default while unset)."""
        if guild_id is None:
            return QUIET_DEFAULT
        return await self._quiet.quiet(guild_id) or QUIET_DEFAULT

    async def _gm(self, member: Member, what: str) -> tuple[int, int]:
        """The member's server and channel, when they are a GM there.

        Raises:
            SessionError: outside a server's channel, or not a GM.
        """
        if member.guild_id is None or member.channel_id is None:
            raise SessionError("sessions are played in a server's channels, where there is a "
                               "GM")
        if not is_gm(await self._settings.of(member.guild_id), member):
            raise SessionError(f"only {GM_WHO} may {what}")
        return member.guild_id, member.channel_id

    # -- the quiet spell ----------------------------------------------------------------------

    async def lapse(self, channel_id: int) -> SessionRecord | None:
        """The channel's open session, ended at its last activity when a quiet spell longer
        than its server's setting came since (``None``: none open, or none came)."""
        record = await self._store.open_in(channel_id)
        if record is None:
            return None
        quiet = await self.quiet_of(record.guild_id)
        at = await self._lapsed_at(record, quiet)
        if at is None:
            return None
        ended = replace(record, session=end_session(record.session, at, Ending.QUIET),
                        ended_by=NAZH_USER_ID)
        return ended if await self._store.end(ended) else None

    async def _head(self, channel_id: int) -> int:
        """The head of the channel's chain, once what was kept so far is in the log."""
        if self._reading.settling is not None:
            await self._reading.settling.flush(SETTLE_SECONDS)
        return await self._reading.log.head(channel_id)

    async def _lapsed_at(self, record: SessionRecord, quiet: timedelta) -> datetime | None:
        """When the session ended by a quiet spell (``None``: it has not), reading the
        channel's activity a page at a time."""
        since = record.session.started_at
        now = self.clock.now()
        while True:
            times = await self._activity.activity(record, since, ACTIVITY_PAGE)
            probe = replace(record.session, started_at=since)
            if len(times) < ACTIVITY_PAGE:
                return lapsed_at(probe, times, quiet, now)
            found = lapsed_at(probe, times, quiet, times[-1])  # a spell within the page
            if found is not None:
                return found
            since = times[-1]

    # -- anyone's reads -----------------------------------------------------------------------

    async def find(self, member: Member, which: str | None = None) -> SessionRecord:
        """The session ``which`` names (its id, else its name) of the member's channel; by
        default the open one, else the latest.

        Raises:
            SessionNotFoundError: none, or one of another channel.
        """
        if member.channel_id is None:
            raise SessionNotFoundError()
        await self.lapse(member.channel_id)
        found = await self._named(member.channel_id, which)
        if found is None or not reaches(member.place, found.place):
            raise SessionNotFoundError()
        return found

    async def _named(self, channel_id: int, which: str | None) -> SessionRecord | None:
        typed = (which or "").strip()
        if typed:
            by_id = await self._store.get(typed.lower())
            # an id names a session of this channel only: another channel's, whose id this
            # channel's session may be named, would hide that session by its name
            if by_id is not None and by_id.channel_id == channel_id:
                return by_id
        latest = await self._store.in_channel(channel_id, LISTED)
        if not typed:
            return latest[0] if latest else None
        key = typed.casefold()
        return next((record for record in latest if record.session.name.casefold() == key),
                    None)

    async def listed(self, member: Member) -> list[SessionRecord]:
        """The member's channel's latest sessions, newest first (to choose from)."""
        if member.channel_id is None:
            return []
        return [record for record in await self._store.in_channel(member.channel_id, LISTED)
                if reaches(member.place, record.place)]

    async def recap(self, member: Member, which: str | None = None) -> Recap:
        """The recap of a session of the member's channel (see :meth:`find`).

        Raises:
            SessionNotFoundError: as :meth:`find`.
        """
        return recap_of(await self.played(await self.find(member, which)))

    async def journal(self, member: Member, which: str | None = None) -> Journal:
        """The journal of a session of the member's channel (see :meth:`find`).

        Raises:
            SessionNotFoundError: as :meth:`find`.
        """
        return journal_of(await self.played(await self.find(member, which)))

    async def exported(self, channel_id: int, which: str | None = None) -> Journal:
        """The journal of a session of the channel, for the operator's command line: what
        the channel saw, as ``/session journal`` gives it.

        Raises:
            SessionNotFoundError: none such in the channel.
        """
        await self.lapse(channel_id)
        found = await self._named(channel_id, which)
        if found is None or found.channel_id != channel_id:
            raise SessionNotFoundError()
        return journal_of(await self.played(found))

    async def played(self, record: SessionRecord) -> Played:
        """What the session's channel saw during it."""
        reading = self._reading
        if reading.settling is not None:
            await reading.settling.flush(SETTLE_SECONDS)
        entries = await reading.log.rolls(record, MAX_ROLLS + 1)
        return Played(record, tuple(_seen_by_channel(entries[:MAX_ROLLS], record.guild_id)),
                      tuple(await reading.play.fights(record)),
                      tuple(await reading.play.requests(record)),
                      tuple(await reading.play.endeavors(record)),
                      self.clock.now(), len(entries) > MAX_ROLLS)


def _seen_by_channel(entries: list[ChainedEntry], guild_id: int) -> list[SessionRoll]:
    """The rolls the channel sees in full (public, or secret and revealed; never private)."""
    channel = channel_of(guild_id)
    seen = []
    for chained in entries:
        if sight_of(facts_of_entry(chained.entry), channel) is not Sight.FULL:
            continue
        record = readable_record(chained.entry)
        if record is not None:
            seen.append(SessionRoll(record, chained.seq, chained.hash))
    return seen

