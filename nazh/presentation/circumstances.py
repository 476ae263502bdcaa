"""How an attack's declared circumstances read: what each did, and the ally a miss may graze."""

from __future__ import annotations

from nazh.domain.attack import AttackView
from nazh.domain.circumstances import Circumstances

ICON = "📐"


def circumstances_text(circumstances: Circumstances) -> str:
    """``Declared: long range: disadvantage · target next to an ally: the stakes raised``."""
    return "Declared: " + " · ".join(circumstances.reasons)


def ally_graze_lines(circumstances: Circumstances, attack: AttackView) -> list[str]:
    """The rule of a ranged attack at a target next to an ally, when a Complication calls it."""
    grazed = circumstances.ally_graze(attack)
    if grazed is False:
        return []
    damage = f"**{attack.graze}** damage (the damage dice, no focus)"
    if grazed:
        return [f"⚠️ Missed with a Complication: the GM may spend it to graze the ally next to "
                f"the target: {damage}"]
    return [f"⚠️ On a miss, the Complication lets the GM graze the ally next to the target: "
            f"{damage}"]
