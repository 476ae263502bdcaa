"""Reading the roll log for people: a channel's recent rolls, and one roll's verification."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from nazh.application.errors import RollNotFoundError
from nazh.application.ports import ChainReader, RollHistory
from nazh.application.roll_log import ChainedEntry, ChainVerdict, verify_chain

MAX_PAGE_SIZE = 25


@dataclass(frozen=True, slots=True)
class HistoryPage:
    """One page of a channel's rolls, newest first."""

    entries: tuple[ChainedEntry, ...]
    page: int
    has_more: bool


@dataclass(frozen=True, slots=True)
class Verification:
    """A roll's records (oldest first) and the state of its channel's chain up to it."""

    trail: tuple[ChainedEntry, ...]
    verdict: ChainVerdict
    chain: tuple[ChainedEntry, ...] = ()
    """The channel's records up to the roll's last one."""


class RollLogQueries:
    """History pages, recent notations and roll verification."""

    def __init__(self, history: RollHistory, chains: ChainReader) -> None:
        self._history = history
        self._chains = chains

    async def page(self, channel_id: int, viewer_id: int, *, user_id: int | None = None,
                   size: int = 10, page: int = 0,
                   since: datetime | None = None) -> HistoryPage:
        """Page ``page`` (0-based) of the channel's rolls the viewer may see (made at
        ``since`` or later: a server's ``history-days``)."""
        size = max(1, min(size, MAX_PAGE_SIZE))
        page = max(0, page)
        entries = await self._history.recent(channel_id, viewer_id=viewer_id, user_id=user_id,
                                              limit=size + 1, offset=page * size)
        if since is not None:  # newest first: the ones too old are a suffix
            entries = [record for record in entries if record.entry.at >= since]
        return HistoryPage(tuple(entries[:size]), page, len(entries) > size)

    async def recent_notations(self, channel_id: int, user_id: int, limit: int = 10) -> list[str]:
        """The user's recent distinct notations in the channel, newest first."""
        entries = await self._history.recent(channel_id, viewer_id=user_id, user_id=user_id,
                                             limit=limit * 3)
        return list(dict.fromkeys(e.entry.notation for e in entries))[:limit]

    async def verify(self, roll_id: str, viewer_id: int, guild_id: int | None) -> Verification:
        """The roll's records and whether its channel's chain is intact up to its last record,
        for a viewer in ``guild_id`` (``None``: outside any guild).

        Raises:
            RollNotFoundError: unknown, made in another guild (or in one, asked from outside),
                or private and the viewer is not its roller: all answered alike.
        """
        trail = await self._history.trail(roll_id.strip().lower())
        if not trail or trail[0].entry.guild_id != guild_id or (
                trail[0].entry.private and trail[0].entry.user_id != viewer_id):
            raise RollNotFoundError(f"no roll {roll_id.strip()[:20]!r} in the log",
                                    hint="the roll id is in the footer of the result")
        last = trail[-1]
        chain = await self._chains.chain(last.entry.channel_id, upto_seq=last.seq)
        return Verification(tuple(trail), verify_chain(last.entry.channel_id, chain),
                            tuple(chain))
