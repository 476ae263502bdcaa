"""An encounter as it is kept: the domain's value, where it runs, its live card, who asked to be
mentioned, and its version (compare-and-swap); and the entries of its change log."""

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
BY_ITSELF = frozenset({EventKind.CONDITION_ENDED, EventKind.AFFLICTED_DAMAGE,
                       EventKind.PHASE_SKIPPED})
"""What the rules do on their own, whoever's act led to it: a condition running out (its
rounds, its holder's turn ending), Afflicted's damage, a phase skipped with nobody in it."""


@dataclass(frozen=True, slots=True)
class EncounterRecord:
    """One channel's encounter as kept.

    Attributes:
        encounter_id: Its id (short, random).
        guild_id: The server it runs in.
        channel_id: Its channel (one open encounter per channel).
        started_by: The GM who started it.
        encounter: The encounter itself.
        version: Grows with each change; a change is kept only from the version it was read at.
        card_message_id: The message of its live card (``None``: not posted yet).
        pings: The members who asked to be mentioned when their phase starts.
        show_health: Whether the card shows the adversaries' health to everyone (a GM's
            choice; otherwise only a GM's own view shows it).
        created_at: When it started.
        updated_at: When it last changed.
        ended_at: When it ended (``None``: open).
    """

    encounter_id: str
    guild_id: int
    channel_id: int
    started_by: int
    encounter: Encounter
    created_at: datetime
    updated_at: datetime
    version: int = 1
    card_message_id: int | None = None
    pings: frozenset[int] = frozenset()
    show_health: bool = False
    ended_at: datetime | None = None

    def stale(self, now: datetime) -> bool:
        """Whether it has had no change for :data:`STALE_AFTER`."""
        return self.ended_at is None and now - self.updated_at >= STALE_AFTER

    def next_version(self, encounter: Encounter, now: datetime) -> EncounterRecord:
        """This record holding ``encounter``, one version later."""
        return replace(self, encounter=encounter, version=self.version + 1, updated_at=now)


@dataclass(frozen=True, slots=True)
class LogEntry:
    """One change, as the encounter's log keeps it.

    Attributes:
        encounter_id: Whose log.
        user_id: Who made the change (0: Nazh itself, e.g. a duration running out).
        at: When.
        round: The round it happened in.
        phase: The phase it happened in.
        kind: What happened (an event kind's value, or ``started``, ``ended``, ``setting``).
        combatant: Whose it was, or ``None`` for the encounter's own.
        detail: What else says what happened (a condition, a speed, an amount, a setting).
        applied: What an application of damage or healing did (or, undone, the one undone).
    """

    encounter_id: str
    user_id: int
    at: datetime
    round: int
    phase: Phase
    kind: str
    combatant: str | None = None
    detail: str = ""
    applied: Applied | None = None


@dataclass(frozen=True, slots=True)
class Changed:
    """What a change returns: the record kept and the events of the act.

    Attributes:
        record: The newest record (the one kept, or, when the change had already been made
            under its once key, the one read).
        events: What the act did (empty when nothing was kept).
        repeated: The change had already been made under its once key: nothing was kept.
        sheets: What the change did to the character sheets its combatants stand for
            (their health and focus follow the card's).
    """

    record: EncounterRecord
    events: tuple[Event, ...] = ()
    repeated: bool = False
    sheets: tuple[SheetChange, ...] = ()


@dataclass(frozen=True, slots=True)
class ListedEncounter:
    """An open encounter of a server, as ``/encounter list`` shows it."""

    record: EncounterRecord
    stale: bool = False


def entry_of(encounter_id: str, user_id: int, at: datetime, event: Event) -> LogEntry:
    """The log entry of a domain event of a change ``user_id`` made (Nazh's own,
    :data:`NAZH_USER_ID`, for what the rules do by themselves: :data:`BY_ITSELF`)."""
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

