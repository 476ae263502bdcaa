"""What the card, the export and the log say about a combatant, defined once: whether it has
acted, the speed it goes at, and whether a viewer may see its numbers (on the card, and in the
log's entries: :class:`Sight`)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from nazh.application.encounters.model import EncounterRecord, LogEntry
from nazh.domain.encounter.combatant import Combatant, Side
from nazh.domain.encounter.events import EventKind
from nazh.domain.encounter.timing import Speed


def acted(combatant: Combatant) -> bool:
    """Whether it has acted: it has ended at least one turn this round and no turn of its is
    running (every turn it has started this round has ended).

    A boss counts as acted between the end of its fast turn and the start of its slow one; a
    player who pressed Done to stay slow in the fast player phase has not acted (it has taken
    no turn yet); a defeated combatant has not.
    """
    turn = combatant.turn
    return not combatant.defeated and turn.current is None and bool(turn.finished)


def speeds(combatant: Combatant) -> frozenset[Speed]:
    """The turns it takes this round as things stand: fast, slow or both (a boss; a Surprised
    or Unconscious one only slow); for a defeated one, those it had."""
    return combatant.turn_kinds() or (frozenset(Speed) if combatant.boss
                                      else frozenset({combatant.turn.speed}))


def numbers_shown(combatant: Combatant, record: EncounterRecord, *, gm_view: bool) -> bool:
    """Whether a viewer sees its health and focus: always for players' characters and allies;
    an enemy's only in a GM's view or when a GM shows the adversaries' health."""
    return combatant.side is not Side.ENEMY or gm_view or record.show_health


@dataclass(frozen=True, slots=True)
class Sight:
    """Whose numbers a viewer of the log sees: everyone's (a GM's view, or a GM shows the
    adversaries' health), or only those of the combatants named (their keys): the players'
    characters and allies on the card now. A combatant no longer on the card is hidden (its
    side is not known any more).
    """

    everyone: bool
    shown: frozenset[str] = frozenset()

    def sees(self, combatant: str | None) -> bool:
        """Whether the viewer sees the numbers of ``combatant`` (``None``: the encounter's
        own entries, which hold none)."""
        return self.everyone or combatant is None or combatant.casefold() in self.shown

    def seen(self, entry: LogEntry) -> LogEntry:
        """``entry`` as the viewer may see it: of a combatant whose numbers are hidden, its
        detail without the health or focus it names (the stored entry is unchanged)."""
        if self.sees(entry.combatant):
            return entry
        hide = _HIDDEN_DETAIL.get(entry.kind)
        return entry if hide is None else replace(entry, detail=hide(entry.detail))


ALL_SEEN = Sight(everyone=True)
"""A GM's sight: every number."""


def sight(record: EncounterRecord, *, gm_view: bool) -> Sight:
    """What a viewer of ``record``'s log sees: everything in a GM's view (``gm_view``),
    otherwise what the card shows them (:func:`numbers_shown`)."""
    if gm_view or record.show_health:
        return ALL_SEEN
    return Sight(everyone=False, shown=frozenset(
        c.key for c in record.encounter.combatants if numbers_shown(c, record, gm_view=False)))


def _nothing(_: str) -> str:
    return ""


def _purpose(detail: str) -> str:
    """``dodge 1`` -> ``dodge``: what the focus was spent on, not the focus left."""
    purpose, _, left = detail.rpartition(" ")
    return purpose if left.isdigit() else detail


def _head(detail: str) -> str:
    """``graze: 2 -> 1`` -> ``graze``; ``4: health +3, focus +1`` -> ``4`` (the points
    rolled): what comes before the numbers it had."""
    return detail.partition(":")[0]


_HIDDEN_DETAIL = {
    EventKind.DAMAGE_TAKEN.value: _nothing,  # no more than the health there was
    EventKind.AFFLICTED_DAMAGE.value: _nothing,
    EventKind.HEALED.value: _nothing,  # no more than the health missing
    EventKind.APPLICATION_UNDONE.value: _nothing,  # the health after
    EventKind.FOCUS_SPENT.value: _purpose,
    EventKind.SHEET_FOCUS.value: _head,
    EventKind.RECOVERED.value: _head,
}
"""What a hidden combatant's entry of each kind keeps of its detail."""
