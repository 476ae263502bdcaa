"""How an attack's damage reads, the same in Discord and in the terminal."""

from __future__ import annotations

from nazh.domain.attack import AttackView
from nazh.presentation.i18n import _


def added(modifier: int) -> str:
    """`` + 5``, `` - 2``, or nothing for 0: a modifier as added to a sum."""
    return f" {'+' if modifier >= 0 else '-'} {abs(modifier)}" if modifier else ""


def damage_terms(attack: AttackView) -> tuple[str, str, str]:
    """The hit's sum (``4 + 3 + 5`` or ``fixed``), the graze's (``4 + 3``), the modifier added."""
    flat = attack.attack.flat  # a damage without a die (unarmed), added to any dice
    dice = " + ".join([*map(str, attack.dice), *([str(flat)] if flat else [])]) or "0"
    modifier = added(attack.attack.modifier)
    if attack.attack.fixed is not None:
        return _("fixed"), dice, modifier
    return f"{dice}{modifier}", dice, modifier


def outcome_lines(attack: AttackView) -> list[str]:
    """An attack's outcome in chat: hit, miss, graze or critical hit, with its damage."""
    terms = attack.attack
    versus = (_("vs defense {defense}").format(defense=terms.defense)
              if terms.defense is not None else _("no defense given"))
    # each damage (a property of the view's, a sum) is read only where its line shows it
    if attack.critical:
        return [_critical_line(attack, versus)]
    hit_sum, dice, _modifier = damage_terms(attack)
    outcome = attack.hit
    if outcome is True:
        return [_("🎯 **Hit** ({versus}): **{damage}** damage ({sum})").format(
            versus=versus, damage=attack.hit_damage, sum=hit_sum)]
    graze = _("**{damage}** damage ({dice}; costs 1 focus)").format(damage=attack.graze,
                                                                    dice=dice)
    if outcome is False:
        if attack.grazed:
            return [_("🩹 **Graze** ({versus}): {graze}").format(versus=versus, graze=graze)]
        instead = (_("a graze would deal {graze}").format(graze=graze) if terms.can_graze
                   else _("this attack cannot graze"))
        return [_("❌ **Miss** ({versus}): {instead}").format(versus=versus, instead=instead)]
    # no defense: both outcomes, until the attacker records which
    hit = _("**{damage}** damage ({sum})").format(damage=attack.hit_damage, sum=hit_sum)
    if not terms.can_graze:
        return [_("🎯 On a hit: {hit}").format(hit=hit), _("❌ This attack cannot graze."),
                _("The attacker records a hit.")]
    return [_("🎯 On a hit: {hit}").format(hit=hit),
            _("🩹 On a miss, a graze: {graze}").format(graze=graze),
            _("The attacker records which happened.")]


def _critical_line(attack: AttackView, versus: str) -> str:
    if attack.damage is None:  # no die to maximize (unarmed): the hit's sum
        return _("💥 **Critical hit** ({versus}): **{damage}** damage ({sum})").format(
            versus=versus, damage=attack.critical_damage, sum=damage_terms(attack)[0])
    return _("💥 **Critical hit** ({versus}): **{damage}** damage (every damage die at its "
             "maximum{modifier})").format(versus=versus, damage=attack.critical_damage,
                                          modifier=added(attack.attack.modifier))


def outcome_summary(attack: AttackView) -> str | None:
    """``Hit, 12 damage``, ``Miss``, ``Graze, 4 damage``: the attack's outcome in a few words
    (``None``: no defense given and nothing recorded yet)."""
    if attack.critical:
        return _("Critical hit, {damage} damage").format(damage=attack.critical_damage)
    if attack.hit is True:
        return _("Hit, {damage} damage").format(damage=attack.hit_damage)
    if attack.grazed:
        return _("Graze, {damage} damage").format(damage=attack.graze)
    if attack.hit is False:
        return _("Miss")
    return None


def landed(attack: AttackView) -> bool:
    """Whether the attack's damage is settled: a hit, a critical hit or a graze recorded."""
    return attack.damage_dealt is not None
