"""The sheet's part in an attack's other targets: 1 focus for each one grazed, once each (the
starter rules, part 3, "Attacking": "spend 1 focus per target you want to graze"); spent by
:class:`~nazh.application.characters.roll_handler.SheetRolls` as a graze's."""

from __future__ import annotations

from nazh.application.log.chain import EntryKind
from nazh.application.rolls.model import RollRecord
from nazh.application.rolls.terms.targets import OTHER_TARGETS
from nazh.domain.targets import OtherTarget, grazed_now


def other_graze_key(roll_id: str, index: int) -> str:
    """The once key of the focus the graze of the ``index``-th other target (from 0) spends."""
    return f"graze:{roll_id}:{index + 2}"


def grazed_by_step(record: RollRecord) -> tuple[int, OtherTarget] | None:
    """The other target the roll's latest step grazed, and its index (``None``: none)."""
    if record.change is not EntryKind.ATTACK_RECORDED:
        return None
    others = record.term(OTHER_TARGETS)
    index = grazed_now(others, record.version)
    return None if index is None or others is None else (index, others[index])
