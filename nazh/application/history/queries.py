"""Reading the roll log for people: a channel's recent rolls, and one roll's verification."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from nazh.application.checkpoints.signed import Checkpoint, CheckpointCheck, check_against, watched
from nazh.application.log.chain import ChainedEntry, ChainVerdict, LogEntry
from nazh.application.log.ports import ChainReader, RollHistory
from nazh.application.rolls.access import Sight, Viewer, audience_of, facts_of_entry, sight_of
from nazh.application.rolls.errors import RollNotFoundError

MAX_PAGE_SIZE = 25


@dataclass(frozen=True, slots=True)
class HistoryPage:
    """One page of a channel's rolls, newest first."""

    entries: tuple[ChainedEntry, ...]
    page: int
    has_more: bool


@dataclass(frozen=True, slots=True)
class Verification:
    """A roll's records (oldest first) and the state of its channel's chain around it."""

    # With signed checkpoints only the stretch from the one before the roll (start) to the first at
    # or after it (end) is checked: start's signed hash vouches for the rest, so /verify costs the
    # same on any chain.
    trail: tuple[ChainedEntry, ...]
    verdict: ChainVerdict
    checkpoints: tuple[Checkpoint, ...] = ()
    """The channel's validly signed checkpoints (empty: none, or signing is off)."""
    problems: tuple[str, ...] = ()
    start: Checkpoint | None = None
    end: Checkpoint | None = None
    public_key: str | None = None
    """The key the checkpoints are signed with (``None``: signing is off)."""
    shown: bool = True
    """The answer may show the result (``False``: a hidden secret: its commitment only)."""


class RollLogQueries:
    """History pages, recent notations and roll verification."""

    def __init__(self, history: RollHistory, chains: ChainReader,
                 checkpoints: CheckpointCheck | None = None) -> None:
        self._history = history
        self._chains = chains
        self._checkpoints = checkpoints

    async def page(self, channel_id: int, viewer_id: int, *, guild_id: int | None = None,  # noqa: PLR0913 - the page's place, asker and filters
                   user_id: int | None = None, size: int = 10, page: int = 0,
                   since: datetime | None = None) -> HistoryPage:
        """Page ``page`` (0-based) of the channel's rolls the viewer may see, made ``since`` on,
        in the viewer's server ``guild_id`` (``None``: outside any)."""
        size = max(1, min(size, MAX_PAGE_SIZE))
        page = max(0, page)
        entries = await self._history.recent(channel_id, viewer_id=viewer_id, user_id=user_id,
                                              limit=size + 1, offset=page * size)
        if since is not None:  # newest first: the ones too old are a suffix
            entries = [record for record in entries if record.entry.at >= since]
        more = len(entries) > size
        # A channel's rolls are its server's, save those made where Nazh was only user-installed
        # (outside any server): each is listed only to an asker in its own place. A channel
        # holding both has shorter pages, its paging unchanged.
        shown = [record for record in entries[:size] if record.entry.guild_id == guild_id]
        return HistoryPage(tuple(shown), page, more)

    async def recent_notations(self, channel_id: int, user_id: int, limit: int = 10) -> list[str]:
        """The user's recent distinct notations in the channel, newest first."""
        entries = await self._history.recent(channel_id, viewer_id=user_id, user_id=user_id,
                                             limit=limit * 3)
        return list(dict.fromkeys(e.entry.notation for e in entries))[:limit]

    async def verify(self, roll_id: str, viewer_id: int, guild_id: int | None,
                     channel_id: int) -> Verification:
        """The roll's records and whether its chain is intact up to its last one, for a viewer
        in ``channel_id``."""
        # unknown, of another guild (or asked from outside), someone else's private, or made
        # outside any server in another place than the asker's: answered alike
        trail = await self._history.trail(roll_id.strip().lower())
        asker = Viewer(viewer_id, guild_id)
        facts = facts_of_entry(trail[-1].entry) if trail else None
        if facts is None or sight_of(facts, asker) is Sight.NONE or not _reached(
                trail[-1].entry, viewer_id, channel_id):
            raise RollNotFoundError("no roll {roll_id} in the log",
                                    hint="the roll id is in the footer of the result",
                                    fields={"roll_id": repr(roll_id.strip()[:20])})
        verification = await self._checked(tuple(trail))
        audience = audience_of(facts, asker, ephemeral=False)
        return replace(verification, shown=sight_of(facts, audience) is Sight.FULL)

    async def _checked(self, trail: tuple[ChainedEntry, ...]) -> Verification:
        first, last = trail[0], trail[-1]
        channel = last.entry.channel_id
        if self._checkpoints is None:
            scan = await self._chains.scan(channel, upto_seq=last.seq)
            return Verification(trail, scan.verdict)
        start, end, points = await self._checkpoints.window(channel, first.seq, last.seq)
        scan = await self._chains.scan(
            channel, start=None if start is None else (start.seq, start.hash),
            upto_seq=last.seq if end is None else end.seq, watch=watched(points))
        problems = check_against(scan, await self._chains.head(channel), points)
        return Verification(trail, scan.verdict, tuple(points), tuple(problems), start, end,
                            self._checkpoints.public_key)


def _reached(entry: LogEntry, viewer_id: int, channel_id: int) -> bool:
    """Whether a roll is within the asker's reach: its server's, else its own place's."""
    # Every roll made outside a server (a DM, a channel where Nazh is only user-installed) has
    # no server to share: only its roller, or someone in its channel, reaches it.
    return entry.guild_id is not None or entry.user_id == viewer_id \
        or entry.channel_id == channel_id
