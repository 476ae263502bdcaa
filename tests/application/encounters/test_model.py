"""The encounter as kept: stale after exactly a day without change (never once ended), one
version later with each change, and the log entry each domain event becomes (what the rules do
by themselves is Nazh's own)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from nazh.application.encounters.model import (
    BY_ITSELF,
    NAZH_USER_ID,
    EncounterRecord,
    LogEntry,
    entry_of,
)
from nazh.domain.character import Attribute
from nazh.domain.encounter.combatant import Combatant, Role, Side
from nazh.domain.encounter.conditions import Condition, ConditionName
from nazh.domain.encounter.encounter import Encounter, open_encounter
from nazh.domain.encounter.events import Event, EventKind
from nazh.domain.encounter.timing import Moment, Phase, Speed

T0 = datetime(2026, 5, 1, 12, tzinfo=UTC)
ID = "k3v9x0q2md"


def record() -> EncounterRecord:
    """An encounter last changed at T0, at version 4, with a card and a ping."""
    return EncounterRecord(ID, 500, 77, 1, open_encounter("Ambush"), T0 - timedelta(hours=2),
                           T0, version=4, card_message_id=900, pings=frozenset({2}),
                           show_health=True)


@pytest.mark.parametrize(("after", "stale"), [
    (timedelta(0), False),
    (timedelta(hours=23, minutes=59, seconds=59, microseconds=999_999), False),
    (timedelta(hours=24), True),
    (timedelta(days=9), True),
])
def test_an_open_encounter_is_stale_from_exactly_a_day_without_change(after: timedelta,
                                                                     stale: bool) -> None:
    assert record().stale(T0 + after) is stale


def test_an_ended_encounter_is_never_stale() -> None:
    ended = replace(record(), ended_at=T0)
    assert ended.stale(T0 + timedelta(hours=24)) is False
    assert ended.stale(T0 + timedelta(days=365)) is False


def test_the_next_version_holds_the_new_encounter_and_keeps_the_rest() -> None:
    kaladin = Combatant("Kaladin", Side.PLAYER, Role.RIVAL, 2, 15, 15)
    grown = Encounter("Ambush", combatants=(kaladin,))
    later = T0 + timedelta(minutes=3)
    following = record().next_version(grown, later)
    assert following == replace(record(), encounter=grown, version=5, updated_at=later)
    assert (following.card_message_id, following.pings, following.show_health,
            following.created_at) == (900, frozenset({2}), True, T0 - timedelta(hours=2))


ROUND_2_SLOW = Moment.of(2, Phase.SLOW_PLAYERS)


@pytest.mark.parametrize(("event", "kind", "combatant", "detail"), [
    (Event(EventKind.CONDITION_ADDED, ROUND_2_SLOW, "Kaladin",
           condition=Condition(ConditionName.EXHAUSTED, 2)),
     "condition-added", "Kaladin", "Exhausted -2"),
    (Event(EventKind.CONDITION_ENDED, ROUND_2_SLOW, "Kaladin",
           condition=Condition(ConditionName.ENHANCED, 1, Attribute.STRENGTH)),
     "condition-ended", "Kaladin", "Enhanced +1 Strength"),
    (Event(EventKind.CONDITION_REMOVED, ROUND_2_SLOW, "Kaladin",
           condition=Condition(ConditionName.AFFLICTED, 3, source="fire")),
     "condition-removed", "Kaladin", "Afflicted 3 (fire)"),
    (Event(EventKind.SPEED_CHOSEN, ROUND_2_SLOW, "Kaladin", speed=Speed.FAST),
     "speed-chosen", "Kaladin", "fast"),
    (Event(EventKind.TURN_STARTED, ROUND_2_SLOW, "Kaladin", speed=Speed.SLOW, amount=1),
     "turn-started", "Kaladin", "slow 1"),
    (Event(EventKind.AFFLICTED_DAMAGE, ROUND_2_SLOW, "Kaladin", amount=4),
     "afflicted-damage", "Kaladin", "4"),
    (Event(EventKind.ACTION_SPENT, ROUND_2_SLOW, "Kaladin", amount=0),
     "action-spent", "Kaladin", "0"),
    (Event(EventKind.PHASE_STARTED, ROUND_2_SLOW), "phase-started", None, ""),
])
def test_an_event_becomes_a_log_entry_with_its_details(event: Event, kind: str,
                                                       combatant: str | None,
                                                       detail: str) -> None:
    at = T0 + timedelta(seconds=30)
    who = NAZH_USER_ID if event.kind in BY_ITSELF else 2
    assert entry_of(ID, 2, at, event) == LogEntry(ID, who, at, 2, Phase.SLOW_PLAYERS, kind,
                                                  combatant, detail)


@pytest.mark.parametrize("kind", sorted(BY_ITSELF, key=str))
def test_what_the_rules_do_by_themselves_is_nazh_s_own(kind: EventKind) -> None:
    entry = entry_of(ID, 2, T0, Event(kind, ROUND_2_SLOW, "Shallan"))
    assert (entry.user_id, entry.kind) == (NAZH_USER_ID, kind.value)


@pytest.mark.parametrize("kind", [EventKind.CONDITION_ADDED, EventKind.CONDITION_REMOVED,
                                  EventKind.TURN_ENDED, EventKind.PHASE_ENDED,
                                  EventKind.PHASE_STARTED])
def test_the_members_acts_and_what_follows_them_are_theirs(kind: EventKind) -> None:
    assert entry_of(ID, 2, T0, Event(kind, ROUND_2_SLOW, "Shallan")).user_id == 2
