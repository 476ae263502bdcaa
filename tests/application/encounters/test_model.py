"""An encounter's log entries: who made each change (Nazh itself for what the rules do on their
own) and what it says."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from nazh.application.encounters.model import BY_ITSELF, NAZH_USER_ID, entry_of
from nazh.domain.encounter.conditions import Condition, ConditionName
from nazh.domain.encounter.events import Event, EventKind
from nazh.domain.encounter.timing import Moment, Phase, Speed

AT = datetime(2025, 3, 1, 18, 4, 5, tzinfo=UTC)
MEMBER = 111
NOW = Moment.of(2, Phase.SLOW_PLAYERS)


@pytest.mark.parametrize("kind", sorted(BY_ITSELF, key=str))
def test_what_the_rules_do_by_themselves_is_nazh_s_own(kind: EventKind) -> None:
    entry = entry_of("enc", MEMBER, AT, Event(kind, NOW, "Shallan"))
    assert entry.user_id == NAZH_USER_ID
    assert (entry.round, entry.phase, entry.kind) == (2, Phase.SLOW_PLAYERS, kind.value)


@pytest.mark.parametrize("kind", [EventKind.CONDITION_ADDED, EventKind.CONDITION_REMOVED,
                                  EventKind.TURN_ENDED, EventKind.PHASE_ENDED])
def test_the_member_s_acts_are_theirs(kind: EventKind) -> None:
    assert entry_of("enc", MEMBER, AT, Event(kind, NOW, "Shallan")).user_id == MEMBER


def test_the_detail_says_the_condition_or_the_speed_and_actions() -> None:
    ended = Event(EventKind.CONDITION_ENDED, NOW, "Shallan",
                  condition=Condition(ConditionName.EXHAUSTED, 2))
    started = Event(EventKind.TURN_STARTED, NOW, "Shallan", speed=Speed.SLOW, amount=3)
    assert entry_of("enc", MEMBER, AT, ended).detail == "Exhausted -2"
    assert entry_of("enc", MEMBER, AT, started).detail == "slow 3"
