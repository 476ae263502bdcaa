"""How an attack's declared circumstances read: what each did, and the ally a miss may graze."""

from __future__ import annotations

from nazh.domain.attack import AttackView
from nazh.domain.circumstances import Circumstance, Circumstances
from nazh.presentation.i18n import N_, _

ICON = "📐"
REASONS = {
    Circumstance.LONG_RANGE: N_("long range: disadvantage"),
    Circumstance.IN_REACH: N_("shot within an enemy's reach: disadvantage"),
    Circumstance.NEAR_ALLY: N_("target next to an ally: the stakes raised"),
    Circumstance.UNSEEN: N_("target not sensed: disadvantage, cannot graze"),
    Circumstance.CHARGED: N_("charged with a Momentum weapon: advantage"),
}
"""What each circumstance does to the attack, in a player's words."""


def circumstances_text(circumstances: Circumstances) -> str:
    """``Declared: long range: disadvantage · target next to an ally: the stakes raised``."""
    reasons = " · ".join(_(REASONS[circumstance]) for circumstance in circumstances.held)
    return _("Declared: {reasons}").format(reasons=reasons)


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
