"""What the card, export and log say of a combatant: acted, speeds, whose numbers are seen."""

from __future__ import annotations

from dataclasses import dataclass, replace

from nazh.application.encounters.model import EncounterRecord, LogEntry
from nazh.domain.encounter.combatant import Combatant, Side
from nazh.domain.encounter.events import EventKind
from nazh.domain.encounter.timing import Speed


def acted(combatant: Combatant) -> bool:
    """Whether it has ended a turn this round and none of its turns is running."""
    # a boss between its fast and slow turns has acted; one who pressed Done to stay slow has not
    turn = combatant.turn
    return not combatant.defeated and turn.current is None and bool(turn.finished)


def speeds(combatant: Combatant) -> frozenset[Speed]:
    """The turns it takes this round as things stand (a defeated one: those it had)."""
    return combatant.turn_kinds() or (frozenset(Speed) if combatant.boss
                                      else frozenset({combatant.turn.speed}))


def numbers_shown(combatant: Combatant, record: EncounterRecord, *, gm_view: bool) -> bool:
    """Whether a viewer sees its health and focus (an enemy's: a GM's view or health shown)."""
    return combatant.side is not Side.ENEMY or gm_view or record.show_health


@dataclass(frozen=True, slots=True)
class Sight:
    """Whose numbers a viewer of the log sees: everyone's, or only the combatants in ``shown``."""

    everyone: bool
    # keys of the players' characters and allies on the card now: one gone from it is hidden
    shown: frozenset[str] = frozenset()

    def sees(self, combatant: str | None) -> bool:
        """Whether the viewer sees ``combatant``'s numbers (``None``: the encounter's own)."""
        return self.everyone or combatant is None or combatant.casefold() in self.shown

    def seen(self, entry: LogEntry) -> LogEntry:
        """``entry`` as the viewer may see it: a hidden combatant's without health or focus."""
        if self.sees(entry.combatant):
            return entry
        hide = _HIDDEN_DETAIL.get(entry.kind)
        return entry if hide is None else replace(entry, detail=hide(entry.detail))


ALL_SEEN = Sight(everyone=True)  # a GM's


def sight(record: EncounterRecord, *, gm_view: bool) -> Sight:
    """What a viewer of ``record``'s log sees: all in a GM's view, else what the card shows."""
    if gm_view or record.show_health:
        return ALL_SEEN
    return Sight(everyone=False, shown=frozenset(
        c.key for c in record.encounter.combatants if numbers_shown(c, record, gm_view=False)))


def _nothing(_: str) -> str:
    return ""


def _purpose(detail: str) -> str:
    """``dodge 1`` -> ``dodge``: what the focus was spent on."""
    purpose, _, left = detail.rpartition(" ")
    return purpose if left.isdigit() else detail


def _head(detail: str) -> str:
    """``graze: 2 -> 1`` -> ``graze``; ``4: health +3, focus +1`` -> ``4``."""
    return detail.partition(":")[0]


# what a hidden combatant's entry of each kind keeps of its detail
_HIDDEN_DETAIL = {
    EventKind.DAMAGE_TAKEN.value: _nothing,  # no more than the health there was
    EventKind.AFFLICTED_DAMAGE.value: _nothing,
    EventKind.HEALED.value: _nothing,  # no more than the health missing
    EventKind.APPLICATION_UNDONE.value: _nothing,  # the health after
    EventKind.FOCUS_SPENT.value: _purpose,
    EventKind.SHEET_FOCUS.value: _head,
    EventKind.RECOVERED.value: _head,
    EventKind.OFFHAND_STRIKE.value: _purpose,  # the cost, not the focus left
    EventKind.OFFHAND_UNDONE.value: _purpose,
}
