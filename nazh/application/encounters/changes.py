"""The one path every change to an encounter takes: read, check, apply, compare-and-swap."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from nazh.application.encounters.access import Check
from nazh.application.encounters.model import Changed, EncounterRecord, LogEntry, entry_of
from nazh.application.encounters.ports import CardSheets, EncounterStore, OnceKeys
from nazh.application.settings.server import GuildSettings, Member, is_gm
from nazh.application.shared.clock import Clock
from nazh.domain.encounter.encounter import Act
from nazh.domain.encounter.events import Event
from nazh.domain.encounter.maneuvers import released
from nazh.domain.encounter.reactions import aids_lapsed
from nazh.domain.errors import NazhError

ATTEMPTS = 8


class NoEncounterError(NazhError):
    """The channel has no open encounter."""

    def __init__(self) -> None:
        super().__init__("there is no encounter in this channel",
                         hint="a GM starts one with /encounter start")


class NotInServerError(NazhError):
    """Encounters run in a server's channels only."""

    def __init__(self) -> None:
        super().__init__("encounters run in a server's channels, where there is a GM",
                         hint="start one in a channel of your server")


class EncounterBusyError(NazhError):
    """Too many changes at once: this one lost every race."""

    def __init__(self) -> None:
        super().__init__("the encounter changed too often at once to keep your change",
                         hint="try again")


@dataclass(frozen=True, slots=True)
class Step:
    """What one change makes of the record it read."""

    record: EncounterRecord  # its version and time are set when it is kept
    events: tuple[Event, ...] = ()  # each becomes a log entry
    entries: tuple[LogEntry, ...] = ()  # settings, the start and the end
    follow: bool = True  # the sheets follow health and focus (not when the card follows a sheet)


Change = Callable[[EncounterRecord, bool], Step]
"""A change: ``change(record, gm)`` returns the step it makes of the newest record, or raises."""


class EncounterChanges:
    """Reads and changes a channel's encounter; ``sheets`` follow their combatants."""

    def __init__(self, store: EncounterStore, settings: GuildSettings, clock: Clock, *,
                 attempts: int = ATTEMPTS, sheets: CardSheets | None = None) -> None:
        self._store = store
        self._settings = settings
        self.clock = clock
        self._attempts = attempts
        self._sheets = sheets

    async def is_gm(self, member: Member) -> bool:
        """Whether the member is a GM of their server (outside one: NotInServerError)."""
        if member.guild_id is None:
            raise NotInServerError()
        return is_gm(await self._settings.of(member.guild_id), member)

    async def current(self, channel_id: int) -> EncounterRecord:
        """The channel's open encounter (none: NoEncounterError)."""
        record = await self._store.open_in(channel_id)
        if record is None:
            raise NoEncounterError()
        return record

    async def done(self, once: str) -> bool:
        return await self._store.done(once)

    async def act(self, member: Member, channel_id: int, act: Act, allowed: Check, *,
                  once: str | None = None) -> Changed:
        """The domain's ``act`` applied to the channel's encounter, when ``allowed``."""
        def change(record: EncounterRecord, gm: bool) -> Step:
            allowed(record, member.user_id, gm)
            outcome = act(record.encounter)
            return Step(replace(record, encounter=outcome.encounter), outcome.events)
        return await self.change(member, channel_id, change, once=once)

    async def change(self, member: Member, channel_id: int, change: Change, *,
                     once: str | None = None, read: EncounterRecord | None = None) -> Changed:
        """``change`` applied to the channel's encounter's newest version, kept; sheets follow."""
        # read: the encounter as the caller just read it, tried first (a click checking its card
        # reads it no more)
        gm = await self.is_gm(member)
        for attempt in range(self._attempts):
            record = read if attempt == 0 and read is not None else await self.current(
                channel_id)
            changed = await self.keep(member, record, change(record, gm), once=once)
            if changed is not None:
                return changed
            if once is not None and await self._store.done(once):
                return Changed(await self.current(channel_id), repeated=True)
        raise EncounterBusyError()

    async def keep(self, member: Member, read: EncounterRecord, step: Step, *,
                   once: OnceKeys = None) -> Changed | None:
        """``step`` of ``read`` kept as its next version under ``once`` (``None``: another won)."""
        # a grapple whose grappler fell, was defeated or left ends with whatever changed it, and
        # an Aid whose giver's turn began with it lapses
        loose = released(step.record.encounter).then(
            lambda after: aids_lapsed(read.encounter, after))
        step = replace(step, record=replace(step.record, encounter=loose.encounter),
                       events=step.events + loose.events)
        kept = replace(step.record, version=read.version + 1, updated_at=self.clock.now())
        entries = (*step.entries, *self._entries(kept, member.user_id, step.events))
        if not await self._store.update(kept, entries, once=once):
            return None
        followed = () if self._sheets is None or not step.follow else \
            await self._sheets.followed(member, read, kept, step.events)
        return Changed(kept, step.events, sheets=followed)

    async def done_of(self, keys: tuple[str, ...]) -> frozenset[str]:
        return await self._store.done_of(keys) if keys else frozenset()

    def entry(self, record: EncounterRecord, user_id: int, kind: str,
              detail: str = "") -> LogEntry:
        """A log entry of ``kind`` for the record's current moment."""
        encounter = record.encounter
        return LogEntry(record.encounter_id, user_id, self.clock.now(), encounter.round,
                        encounter.phase, kind, None, detail)

    def _entries(self, record: EncounterRecord, user_id: int,
                 events: Sequence[Event]) -> tuple[LogEntry, ...]:
        now = self.clock.now()
        return tuple(entry_of(record.encounter_id, user_id, now, e) for e in events)
