"""The changes term: advantage, disadvantage and rerolls on dice after the roll, in order."""

from __future__ import annotations

from nazh.application.rolls.terms.kind import TermKind
from nazh.application.shared.json_types import JsonObject, JsonValue
from nazh.domain.amend import DieChange
from nazh.domain.spec import DieMode


def _encode(changes: tuple[DieChange, ...]) -> list[JsonObject]:
    return [{"pool": c.pool, "die": c.die, "mode": c.mode.value, "faces": list(c.faces),
             "by": c.by, "kept": c.kept} for c in changes]


def _decode(value: JsonValue) -> tuple[DieChange, ...]:
    return tuple(DieChange(int(c["pool"]), int(c["die"]), DieMode(c["mode"]),
                           tuple(int(face) for face in c["faces"]), int(c["by"]),
                           None if c["kept"] is None else int(c["kept"]))
                 for c in value)


CHANGES: TermKind[tuple[DieChange, ...]] = TermKind("changes", _encode, _decode)
