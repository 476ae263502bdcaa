"""Events carry their round and phase."""

from __future__ import annotations

from nazh.domain.encounter.events import Event, EventKind
from nazh.domain.encounter.timing import Moment, Phase


def test_an_event_says_its_round_and_phase() -> None:
    event = Event(EventKind.PHASE_STARTED, Moment.of(3, Phase.SLOW_PLAYERS))
    assert (event.round, event.phase, event.combatant) == (3, Phase.SLOW_PLAYERS, None)
