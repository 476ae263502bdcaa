"""What the encounter's answers say."""

from __future__ import annotations

from nazh.adapters.discord.encounters.wording import added, conditions_said, named, on_off
from nazh.domain.encounter.conditions import Condition, ConditionName
from nazh.domain.encounter.events import Event, EventKind
from nazh.domain.encounter.timing import Moment

NOW = Moment(1, 0)


def test_names_are_bold_and_escaped() -> None:
    assert named("*Szeth*") == "**\\*Szeth\\***"


def test_what_was_added_and_what_conditions_did() -> None:
    events = (Event(EventKind.COMBATANT_ADDED, NOW, "Bandit 1"),
              Event(EventKind.TURN_STARTED, NOW, "Bandit 1"),
              Event(EventKind.COMBATANT_ADDED, NOW, "Bandit 2"))
    assert added(events) == "Added **Bandit 1**, **Bandit 2**."
    assert added(()) == "Nothing was added."
    prone = Condition(ConditionName.PRONE)
    said = conditions_said((Event(EventKind.CONDITION_ADDED, NOW, "Kaladin", condition=prone),
                            Event(EventKind.CONDITION_REMOVED, NOW, "Szeth", condition=prone)))
    assert said == "**Kaladin** is now Prone.\n**Szeth** is no longer Prone."
    assert conditions_said(()) == "Nothing changed."
    assert (on_off(True), on_off(False)) == ("on", "off")
