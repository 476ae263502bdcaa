"""What the card, the export and the log say about a combatant, defined once: whether it has
acted, the speed it goes at, and whether a viewer may see its numbers."""

from __future__ import annotations

from nazh.application.encounters.model import EncounterRecord
from nazh.domain.encounter.combatant import Combatant, Side
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
