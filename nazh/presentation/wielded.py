"""How the traits of an attack's weapon read: Cumbersome's disadvantage above the dice, and below
them Loaded's ammunition left and what a Complication or an Opportunity left to spend may do
(Dangerous, Fragile, Loaded, Deadly)."""

from __future__ import annotations

from nazh.application.rolls.model import RollRecord
from nazh.application.rolls.terms.encounter import ENCOUNTER
from nazh.application.rolls.terms.target import TARGET
from nazh.application.rolls.terms.wielded import WIELDED
from nazh.domain.spending import Use
from nazh.presentation.chat import escape
from nazh.presentation.i18n import _, listed
from nazh.presentation.i18n import term as game_word

ICON = "🗡️"


def cumbersome_lines(record: RollRecord) -> list[str]:
    """``Cumbersome [5], Strength 3: disadvantage, and Slowed while wielding it``."""
    term = record.term(WIELDED)
    if term is None or term.cumbersome is None:
        return []
    needed, strength = term.cumbersome
    return [f"{ICON} " + _("Cumbersome [{needed}], Strength {strength}: disadvantage, and "
                          "Slowed while wielding it").format(needed=needed, strength=strength)]


def ammunition_and_spend_lines(record: RollRecord) -> list[str]:
    """Below the dice: the ammunition a Loaded weapon has left, then what a spend may do."""
    return [*ammunition_lines(record), *trait_spend_lines(record)]


def ammunition_lines(record: RollRecord) -> list[str]:
    """``🏹 Crossbow: 2 of 3 ammunition left``, or empty and to reload."""
    term = record.term(WIELDED)
    if term is None or term.loaded is None:
        return []
    left, capacity = term.loaded
    if any(one.use is Use.LOADED for one in record.spent):  # the GM's Complication: one shot
        left = min(left, 1)
    weapon = escape(term.weapon)
    if not left and record.term(ENCOUNTER) is not None:  # its fighter's panel has the button
        return ["🏹 " + _("{weapon}: no ammunition left, reload it (1 action) with 🔄 Reload "
                         "on My turn").format(weapon=weapon)]
    if not left:
        return ["🏹 " + _("{weapon}: no ammunition left, reload it (1 action) with "
                         "/character reload").format(weapon=weapon)]
    return ["🏹 " + _("{weapon}: {left} of {capacity} ammunition left").format(
        weapon=weapon, left=left, capacity=capacity)]


def trait_spend_lines(record: RollRecord) -> list[str]:
    """What the weapon's traits let a Complication or an Opportunity left to spend do."""
    term, attack = record.term(WIELDED), record.attack_view
    if term is None or attack is None or record.result.pending:
        return []
    weapon = escape(term.weapon)
    lines = []
    if any(one.use is Use.DANGEROUS for one in attack.spent):  # the GM's: the ally's damage
        damage = _("**{n}** damage (a graze)").format(n=attack.graze)
        lines.append("⚠️ " + _("Dangerous: an ally within the {weapon}'s reach or range is "
                              "grazed too: {damage}").format(weapon=weapon, damage=damage))
    # an attack on a fight's combatant offers its Injury button; any other, the command
    if any(one.use is Use.DEADLY for one in attack.spent) and (
            record.term(TARGET) is None or record.term(ENCOUNTER) is None):
        lines.append("💀 " + _("Deadly: roll the target's injury with /injury"))
    if term.deadly_injury(attack):
        lines.append("💀 " + _("Deadly: spend an Opportunity and the target suffers an injury "
                              "at once"))
    # the GM's choices are in their Complication select: one line reminds the table of them
    offered = {"dangerous": ("Dangerous", _("**{n}** damage to an ally").format(n=attack.graze)),
               "fragile": ("Fragile", _("it breaks")), "loaded": ("Loaded", _("one shot left"))}
    traits = [f"{game_word('weapon trait', offered[trait][0])} ({offered[trait][1]})"
              for trait in term.complication_spends(attack)]
    if traits:
        lines.append("⚠️ " + _("A Complication lets the GM use the {weapon}'s {traits}").format(
            weapon=weapon, traits=listed(traits)))
    return lines
