"""What an act on an encounter did, one :class:`Event` per thing, for the log and the card."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from nazh.domain.encounter.applied import Applied
from nazh.domain.encounter.conditions import Condition
from nazh.domain.encounter.timing import Moment, Phase, Speed


class EventKind(Enum):
    """The kinds of event."""

    COMBATANT_ADDED = "combatant-added"
    COMBATANT_REMOVED = "combatant-removed"
    ROUND_STARTED = "round-started"
    PHASE_STARTED = "phase-started"
    PHASE_SKIPPED = "phase-skipped"
    PHASE_ENDED = "phase-ended"
    SPEED_CHOSEN = "speed-chosen"
    STAYED_SLOW = "stayed-slow"
    TURN_STARTED = "turn-started"
    TURN_ENDED = "turn-ended"
    ACTION_SPENT = "action-spent"
    ACTION_RETURNED = "action-returned"
    REACTION_SPENT = "reaction-spent"
    CONDITION_ADDED = "condition-added"
    CONDITION_ENDED = "condition-ended"
    CONDITION_REMOVED = "condition-removed"
    AFFLICTED_DAMAGE = "afflicted-damage"
    INJURY_DUE = "injury-due"
    DAMAGE_TAKEN = "damage-taken"
    HEALED = "healed"
    DETERMINED_USED = "determined-used"
    DEFEATED = "defeated"
    FOCUS_SPENT = "focus-spent"
    DODGE_MARKED = "dodge-marked"
    DODGE_USED = "dodge-used"
    DODGE_LAPSED = "dodge-lapsed"
    AID_GIVEN = "aid-given"
    AID_USED = "aid-used"
    AID_LAPSED = "aid-lapsed"
    EXTRA_ACTION = "extra-action"
    RECOVERED = "recovered"
    APPLICATION_UNDONE = "application-undone"
    SHEET_FOCUS = "sheet-focus"
    ADVANTAGE_GAINED = "advantage-gained"
    ADVANTAGE_USED = "advantage-used"
    GRAPPLED = "grappled"
    GRAPPLE_ENDED = "grapple-ended"
    SHOVED = "shoved"
    SHOVE_HELD = "shove-held"  # a Shove succeeded on an Immobilized target: it did not move
    BRACED = "braced"
    BRACE_ENDED = "brace-ended"  # note: why (it attacked), or none (it left its cover)
    KNOCKED_OUT = "knocked-out"  # defeated at 0, Unconscious instead
    OFFHAND_STRIKE = "offhand-strike"  # amount: focus left; note: focus spent
    OFFHAND_UNDONE = "offhand-undone"  # amount: focus left; note: focus given back
    INVESTITURE_REFILLED = "investiture-refilled"  # Empowered, its turn begun: its sheet's


@dataclass(frozen=True, slots=True)
class Event:
    """One thing that happened, at a round and phase."""

    kind: EventKind
    moment: Moment
    combatant: str | None = None  # None: the encounter's own (a round, a phase)
    speed: Speed | None = None
    condition: Condition | None = None
    # damage, actions left (or at a turn's start), focus left, the points Recovered
    amount: int | None = None
    note: str = ""  # what focus was spent on, who was Aided, where Recovered points went, ...
    applied: Applied | None = None  # on ``application-undone``: the one undone

    @property
    def round(self) -> int:
        """The round it happened in."""
        return self.moment.round

    @property
    def phase(self) -> Phase:
        """The phase it happened in."""
        return self.moment.phase
