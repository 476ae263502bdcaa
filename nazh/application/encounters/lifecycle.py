"""An encounter's life: started by a GM (one per channel), its card, settings, log and end."""

from __future__ import annotations

from dataclasses import dataclass, replace

from nazh.application.encounters.access import anyone, gm_only, gm_or_stale
from nazh.application.encounters.changes import (
    EncounterChanges,
    NotInServerError,
    Step,
)
from nazh.application.encounters.model import (
    Changed,
    EncounterRecord,
    ListedEncounter,
    LogEntry,
)
from nazh.application.encounters.ports import EncounterStore
from nazh.application.settings.server import Member
from nazh.application.shared.ids import new_roll_id
from nazh.domain.encounter.encounter import open_encounter
from nazh.domain.encounter.summary import Summary, summarize
from nazh.domain.errors import NazhError
from nazh.domain.rolling import RandomSource

MAX_LOG = 25
MAX_EXPORTED_LOG = 1000
"""The most entries an export carries (the newest)."""


class EncounterExistsError(NazhError):
    """The channel already has an open encounter."""


@dataclass(frozen=True, slots=True)
class Settings:
    """The encounter's settings a member asks to change (``None``: unchanged)."""

    keep_speed: bool | None = None  # a GM's: new rounds keep last round's speeds
    show_health: bool | None = None  # a GM's: the card shows the adversaries' health to all
    ping: bool | None = None  # each member's own: mentioned when their phase starts


@dataclass(frozen=True, slots=True)
class Ended:
    record: EncounterRecord
    summary: Summary


class EncounterLifecycle:
    """Start, settings, card, log, list and end."""

    def __init__(self, changes: EncounterChanges, store: EncounterStore,
                 ids: RandomSource) -> None:
        self._changes = changes
        self._store = store
        self._ids = ids

    async def start(self, member: Member, channel_id: int, name: str = "") -> EncounterRecord:
        """A new encounter in the channel, started by a GM (EncounterExistsError: it has one)."""
        if member.guild_id is None:
            raise NotInServerError()
        gm = await self._changes.is_gm(member)
        encounter = open_encounter(name)
        now = self._changes.clock.now()
        record = EncounterRecord(new_roll_id(self._ids), member.guild_id, channel_id,
                                 member.user_id, encounter, now, now)
        gm_only("start an encounter")(record, member.user_id, gm)
        started = self._changes.entry(record, member.user_id, "started", encounter.name)
        if not await self._store.create(record, (started,)):
            there = await self._store.open_in(channel_id)
            hint = "end it with /encounter end, or start one in another channel"
            if there is None:
                raise EncounterExistsError("this channel already has an encounter", hint=hint)
            if not there.encounter.name:
                raise EncounterExistsError(
                    "this channel already has an encounter (unnamed, round {round})", hint=hint,
                    fields={"round": there.encounter.round})
            raise EncounterExistsError(
                'this channel already has an encounter ("{name}", round {round})', hint=hint,
                fields={"name": there.encounter.name, "round": there.encounter.round})
        return record

    async def card_posted(self, member: Member, channel_id: int, message_id: int) -> Changed:
        """The live card is now ``message_id`` (older cards stop taking clicks)."""
        def posted(record: EncounterRecord, _: bool) -> Step:
            return Step(replace(record, card_message_id=message_id))
        return await self._changes.change(member, channel_id, posted)

    async def settings(self, member: Member, channel_id: int, asked: Settings) -> Changed:
        """The settings changed as asked (keep-speed and show-health by a GM; ping for oneself)."""
        def changed(record: EncounterRecord, gm: bool) -> Step:
            if asked.keep_speed is not None or asked.show_health is not None:
                gm_only("change keep-speed or show-health")(record, member.user_id, gm)
            anyone(record, member.user_id, gm)
            new, details = _with_settings(record, member.user_id, asked)
            entries = tuple(self._changes.entry(record, member.user_id, "setting", d)
                            for d in details)
            return Step(new, entries=entries)
        return await self._changes.change(member, channel_id, changed)

    async def end(self, member: Member, channel_id: int) -> Ended:
        """The channel's encounter ended (by a GM, or anyone once stale) with its summary."""
        allowed = gm_or_stale(self._changes.clock.now(),
                              "end the encounter (anyone may once it has had no change for 24 "
                              "hours)")

        def ended(record: EncounterRecord, gm: bool) -> Step:
            allowed(record, member.user_id, gm)
            entry = self._changes.entry(record, member.user_id, "ended")
            return Step(replace(record, ended_at=self._changes.clock.now()), entries=(entry,))
        changed = await self._changes.change(member, channel_id, ended)
        return Ended(changed.record, summarize(changed.record.encounter))

    async def log(self, channel_id: int,
                  limit: int = MAX_LOG) -> tuple[EncounterRecord, list[LogEntry]]:
        """The channel's encounter (its viewer's sight decides the log's) and its latest changes."""
        record = await self._changes.current(channel_id)
        return record, await self._store.log(record.encounter_id, max(1, min(limit, MAX_LOG)))

    async def exported(self, channel_id: int) -> tuple[EncounterRecord, list[LogEntry]]:
        """The channel's encounter and its newest log entries, newest first."""
        # the export lists them oldest first, keeping the order of one change's entries
        record = await self._changes.current(channel_id)
        return record, await self._store.log(record.encounter_id, MAX_EXPORTED_LOG)

    async def listed(self, member: Member) -> list[ListedEncounter]:
        """The open encounters of the member's server, the stale ones marked."""
        if member.guild_id is None:
            raise NotInServerError()
        now = self._changes.clock.now()
        return [ListedEncounter(r, r.stale(now))
                for r in await self._store.open_in_server(member.guild_id)]


def _with_settings(record: EncounterRecord, user_id: int,
                   asked: Settings) -> tuple[EncounterRecord, tuple[str, ...]]:
    details: list[str] = []
    if asked.keep_speed is not None:
        record = replace(record, encounter=replace(record.encounter,
                                                   keep_speed=asked.keep_speed))
        details.append(f"keep-speed {_on(asked.keep_speed)}")
    if asked.show_health is not None:
        record = replace(record, show_health=asked.show_health)
        details.append(f"show-health {_on(asked.show_health)}")
    if asked.ping is not None:
        pings = record.pings | {user_id} if asked.ping else record.pings - {user_id}
        record = replace(record, pings=pings)
        details.append(f"ping {_on(asked.ping)}")
    return record, tuple(details)


def _on(value: bool) -> str:
    return "on" if value else "off"
