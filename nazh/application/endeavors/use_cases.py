"""The endeavors' use cases: a GM starts one, counts results into it, ends it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta
from enum import Enum

from nazh.application.endeavors.model import EndeavorRecord
from nazh.application.endeavors.ports import EndeavorStore
from nazh.application.requests.access import Door, check
from nazh.application.rolls.access import not_found
from nazh.application.rolls.model import RollRecord
from nazh.application.rolls.terms.character import CHARACTER
from nazh.application.settings.server import GuildSettings, Member, is_gm
from nazh.application.shared.clock import Clock
from nazh.application.shared.ids import new_roll_id
from nazh.application.shared.places import Place, reaches
from nazh.domain.endeavor import (
    Endeavor,
    EndeavorError,
    Tally,
    count,
    start_endeavor,
    stop,
)
from nazh.domain.errors import NazhError
from nazh.domain.rolling import RandomSource

ATTEMPTS = 8
RUNNING_SECONDS = 10.0
"""How long where endeavors run is answered from memory (another replica's start: this late)."""


class Counted(Enum):
    """How a GM counts a result: a success, a spectacular success (twice), a failure."""

    SUCCESS = "success"
    DOUBLE = "double"
    FAILURE = "failure"


def tally_of(roll: RollRecord, how: Counted | None, by: int) -> Tally:
    """The count of a kept roll: ``how`` as the GM says, else its verdict against its DC."""
    if how is None:
        verdict = roll.result.pools[0].success if roll.result.pools else None
        if verdict is None or roll.hidden:
            raise EndeavorError("as: say success, double or failure (the roll shows no "
                                "verdict against a DC)")
        how = Counted.SUCCESS if verdict else Counted.FAILURE
    character = roll.term(CHARACTER)
    return Tally(how is not Counted.FAILURE, 2 if how is Counted.DOUBLE else 1, by,
                 roll.roll_id, "a roll" if character is None else character.name)


class NoEndeavorError(NazhError):
    """No endeavor is running where one was asked for."""

    def __init__(self) -> None:
        super().__init__("no endeavor is running in this channel",
                         hint="a GM starts one with /endeavor start")


class Endeavors:
    def __init__(self, store: EndeavorStore, settings: GuildSettings, clock: Clock,
                 ids: RandomSource, *, running_seconds: float = RUNNING_SECONDS) -> None:
        self._store = store
        self._settings = settings
        self.clock = clock
        self._ids = ids
        self._fresh_for = timedelta(seconds=running_seconds)
        self._running: tuple[datetime, frozenset[int]] | None = None

    async def running_here(self, channel_id: int) -> bool:
        """Whether an endeavor runs in the channel, from memory for ``running_seconds``."""
        # one read for every channel, so a roll pays none; a change on this replica is seen at once
        now = self.clock.now()
        if self._running is None or not timedelta(0) <= now - self._running[0] \
                < self._fresh_for:
            self._running = (now, await self._store.running_channels())
        return channel_id in self._running[1]

    def _changed(self, record: EndeavorRecord) -> None:
        if self._running is None:
            return
        at, channels = self._running
        if not record.endeavor.ended:
            self._running = (at, channels | {record.channel_id})
        else:
            self._running = None  # another may run in the channel: read again

    async def may_count(self, member: Member) -> None:
        """Pass the door of a roll result's Count (a GM)."""
        await self._gm(member, Door.COUNT_RESULT)

    async def count_roll(self, member: Member, channel_id: int, roll: RollRecord,
                         how: Counted | None) -> EndeavorRecord:
        """The channel's kept ``roll`` counted for its running endeavor (a GM)."""
        # a secret roll not revealed yet counts only for a secret endeavor (an open one's card would
        # show its outcome)
        if not reaches(Place(member.guild_id, channel_id), roll.place):
            raise not_found()
        await self._gm(member, Door.COUNT_RESULT)
        return await self.count_in(member, channel_id, tally_of(roll, how, member.user_id),
                                   hidden=roll.hidden)

    async def count_in(self, member: Member, channel_id: int, tally: Tally, *,
                       hidden: bool = False) -> EndeavorRecord:
        """``tally`` counted for the channel's running endeavor (``hidden``: a secret one only)."""
        await self._gm(member, Door.COUNT)
        running = await self.running(channel_id)
        if hidden and not running.endeavor.secret:
            raise EndeavorError("roll {roll_id} is secret until revealed: counting it for {name} "
                                "would show the channel its outcome",
                                hint="reveal it first (a secret endeavor may count it unrevealed)",
                                fields={"roll_id": tally.roll_id,
                                        "name": repr(running.endeavor.name)})
        return await self.count(member, running.endeavor_id, tally)

    async def is_gm(self, member: Member) -> bool:
        """Whether the member is a GM of their server (outside a server: no)."""
        if member.guild_id is None:
            return False
        return is_gm(await self._settings.of(member.guild_id), member)

    async def _gm(self, member: Member, door: Door) -> None:
        if member.guild_id is None:
            raise EndeavorError("endeavors run in a server's channels, where there is a GM")
        check(door, None, member.user_id, member.role_ids, await self.is_gm(member))

    async def get(self, endeavor_id: str) -> EndeavorRecord:
        record = await self._store.get(endeavor_id)
        if record is None:
            raise NoEndeavorError()
        return record

    async def reached(self, member: Member, endeavor_id: str) -> EndeavorRecord:
        """The endeavor, when asked from its own channel (else as for an unknown id)."""
        record = await self.get(endeavor_id)
        if not reaches(member.place, Place(record.guild_id, record.channel_id)):
            raise NoEndeavorError()
        return record

    async def running(self, channel_id: int) -> EndeavorRecord:
        """The channel's newest running endeavor (:class:`NoEndeavorError`: none)."""
        record = await self._store.running_in(channel_id)
        if record is None:
            raise NoEndeavorError()
        return record

    async def start(self, member: Member, channel_id: int, name: str, successes: int,
                    failures: int, *, secret: bool = False) -> EndeavorRecord:
        """A new endeavor in the channel (a GM)."""
        await self._gm(member, Door.ENDEAVOR)
        assert member.guild_id is not None
        endeavor = start_endeavor(name, successes, failures, secret=secret)
        now = self.clock.now()
        record = EndeavorRecord(new_roll_id(self._ids), member.guild_id, channel_id,
                                member.user_id, endeavor, now, now)
        await self._store.create(record)
        self._changed(record)
        return record

    async def count(self, member: Member, endeavor_id: str, tally: Tally) -> EndeavorRecord:
        await self.reached(member, endeavor_id)
        await self._gm(member, Door.COUNT)
        return await self._change(endeavor_id, lambda e: count(e, tally))

    async def gm_panel(self, member: Member, endeavor_id: str) -> EndeavorRecord:
        """The endeavor, for its card's GM panel (a GM)."""
        record = await self.reached(member, endeavor_id)
        await self._gm(member, Door.GM_PANEL)
        return record

    async def end(self, member: Member, endeavor_id: str) -> EndeavorRecord:
        """Ended before a threshold (a GM)."""
        await self.reached(member, endeavor_id)
        await self._gm(member, Door.ENDEAVOR)
        return await self._change(endeavor_id, stop)

    async def view(self, member: Member, endeavor_id: str) -> EndeavorRecord:
        """The endeavor, for a GM's own view of a secret one."""
        record = await self.reached(member, endeavor_id)
        await self._gm(member, Door.ENDEAVOR_VIEW)
        return record

    async def posted(self, endeavor_id: str, message_id: int) -> EndeavorRecord:
        def keep(record: EndeavorRecord) -> EndeavorRecord:
            return replace(record, card_message_id=message_id)
        return await self._change(endeavor_id, lambda e: e, card=keep)

    async def _change(self, endeavor_id: str, act: Callable[[Endeavor], Endeavor],
                      card: Callable[[EndeavorRecord], EndeavorRecord] | None = None
                      ) -> EndeavorRecord:
        for _ in range(ATTEMPTS):
            record = await self.get(endeavor_id)
            kept = replace(record, endeavor=act(record.endeavor), version=record.version + 1,
                           updated_at=self.clock.now())
            if card is not None:
                kept = card(kept)
            if await self._store.update(kept):
                self._changed(kept)
                return kept
        raise EndeavorError("the endeavor changed too often at once to keep your change",
                            hint="try again")
