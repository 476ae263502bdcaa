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
    EXTRA_ACTION = "extra-action"
    RECOVERED = "recovered"
    APPLICATION_UNDONE = "application-undone"
    SHEET_FOCUS = "sheet-focus"


@dataclass(frozen=True, slots=True)
class Event:
    """One thing that happened, at a round and phase.

    Attributes:
        kind: What happened.
        moment: The round and phase it happened in.
        combatant: Whose it was, or ``None`` for the encounter's own (a round, a phase).
        speed: The turn's (or chosen) speed, for turns and speed choices.
        condition: The condition added, ended or removed.
        amount: Damage dealt, actions left after a spend (or an action given back), or the
            actions a turn starts with; focus left after a spend; the points Recovered.
        note: What else it names: what focus was spent on (``dodge``), the combatant Aided
            (or who Aided), where Recovered points went, why the focus followed the sheet.
        applied: What an application of damage or healing did (its amount, type, deflect,
            health before and after, the roll that dealt it); on ``application-undone``, the
            one undone.
    """

    kind: EventKind
    moment: Moment
    combatant: str | None = None
    speed: Speed | None = None
    condition: Condition | None = None
    amount: int | None = None
    note: str = ""
    applied: Applied | None = None

    @property
    def round(self) -> int:
        """The round it happened in."""
        return self.moment.round

    @property
    def phase(self) -> Phase:
        """The phase it happened in."""
        return self.moment.phase
