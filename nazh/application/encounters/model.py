"""An encounter as kept (its value, place, card, pings and version) and its change log's entries."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from nazh.application.rolls.model import SheetChange
from nazh.domain.encounter.applied import Applied
from nazh.domain.encounter.encounter import Encounter
from nazh.domain.encounter.events import Event, EventKind
from nazh.domain.encounter.timing import Phase

STALE_AFTER = timedelta(hours=24)
"""An encounter with no change for this long is stale: anyone may end it."""
NAZH_USER_ID = 0
"""The user id the log gives a change Nazh makes by itself."""
# a condition running out (its rounds, its holder's turn ending), Afflicted's damage, an empty phase
# skipped
BY_ITSELF = frozenset({EventKind.CONDITION_ENDED, EventKind.AFFLICTED_DAMAGE,
                       EventKind.INJURY_DUE, EventKind.PHASE_SKIPPED})
"""What the rules do on their own, whoever's act led to it (Nazh's in the log)."""


@dataclass(frozen=True, slots=True)
class EncounterRecord:
    """One channel's encounter as kept."""

    encounter_id: str
    guild_id: int
    channel_id: int
    started_by: int
    encounter: Encounter
    created_at: datetime
    updated_at: datetime
    version: int = 1  # a change is kept only from the version it was read at
    card_message_id: int | None = None  # None: not posted yet
    pings: frozenset[int] = frozenset()  # who asked to be mentioned when their phase starts
    show_health: bool = False  # the adversaries' health on the card for everyone (else a GM's view)
    ended_at: datetime | None = None  # None: open

    def stale(self, now: datetime) -> bool:
        return self.ended_at is None and now - self.updated_at >= STALE_AFTER

    def next_version(self, encounter: Encounter, now: datetime) -> EncounterRecord:
        """This record holding ``encounter``, one version later."""
        return replace(self, encounter=encounter, version=self.version + 1, updated_at=now)


@dataclass(frozen=True, slots=True)
class LogEntry:
    """One change, as the encounter's log keeps it."""

    encounter_id: str
    user_id: int  # 0: Nazh itself (a duration running out)
    at: datetime
    round: int
    phase: Phase
    kind: str  # an event kind's value, or started, ended, setting
    combatant: str | None = None  # None: the encounter's own
    detail: str = ""  # a condition, a speed, an amount, a setting
    applied: Applied | None = None  # what damage or healing did (or, undone, the one undone)


@dataclass(frozen=True, slots=True)
class Changed:
    """What a change returns: the record kept (or read, when ``repeated``) and the act's events."""

    record: EncounterRecord
    events: tuple[Event, ...] = ()
    repeated: bool = False  # made already under its once key: nothing kept
    # the character sheets following their combatants' health and focus
    sheets: tuple[SheetChange, ...] = ()


@dataclass(frozen=True, slots=True)
class ListedEncounter:
    """An open encounter of a server, as ``/encounter list`` shows it."""

    record: EncounterRecord
    stale: bool = False


def entry_of(encounter_id: str, user_id: int, at: datetime, event: Event) -> LogEntry:
    """The log entry of a domain event of a change by ``user_id`` (Nazh's: :data:`BY_ITSELF`)."""
    who = NAZH_USER_ID if event.kind in BY_ITSELF else user_id
    return LogEntry(encounter_id, who, at, event.round, event.phase, event.kind.value,
                    event.combatant, _detail(event), event.applied)


def _detail(event: Event) -> str:
    if event.note:
        return event.note + ("" if event.amount is None else f" {event.amount}")
    if event.condition is not None:
        return event.condition.label
    if event.speed is not None:
        return event.speed.value + ("" if event.amount is None else f" {event.amount}")
    return "" if event.amount is None else str(event.amount)

