"""How an attack's declared circumstances read: what each did, and the ally a miss may graze."""

from __future__ import annotations

from nazh.domain.attack import AttackView
from nazh.domain.circumstances import Circumstances
from nazh.presentation.i18n import _

ICON = "📐"


def circumstances_text(circumstances: Circumstances) -> str:
    """``Declared: long range: disadvantage · target next to an ally: the stakes raised``."""
    return _("Declared: {reasons}").format(reasons=" · ".join(circumstances.reasons))


def ally_graze_lines(circumstances: Circumstances, attack: AttackView) -> list[str]:
    """The rule of a ranged attack at a target next to an ally, when a Complication calls it."""
    grazed = circumstances.ally_graze(attack)
    if grazed is False:
        return []
    damage = _("**{n}** damage (the damage dice, no focus)").format(n=attack.graze)
    if grazed:
        return ["⚠️ " + _("Missed with a Complication: the GM may spend it to graze the ally "
                          "next to the target: {damage}").format(damage=damage)]
    return ["⚠️ " + _("On a miss, the Complication lets the GM graze the ally next to the "
                      "target: {damage}").format(damage=damage)]
