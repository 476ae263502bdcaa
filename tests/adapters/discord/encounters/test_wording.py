"""What the encounter's answers say."""

from __future__ import annotations

from nazh.adapters.discord.encounters.wording import (
    added,
    conditions_said,
    extra_action_said,
    named,
    on_off,
)
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


def test_an_extra_action_is_taken_now_for_its_focus_or_for_none_when_focused() -> None:
    extra = (Event(EventKind.FOCUS_SPENT, NOW, "Szeth", amount=2, note="extra action"),
             Event(EventKind.EXTRA_ACTION, NOW, "Szeth"))
    assert extra_action_said(extra, "Szeth") == (
        "**Szeth** spends 1 focus and takes an extra action now.")
    focused = (Event(EventKind.EXTRA_ACTION, NOW, "Szeth"),)
    assert extra_action_said(focused, "Szeth") == (
        "**Szeth** is Focused and takes an extra action now, for no focus.")
