"""How an attack's damage reads, the same in Discord and in the terminal."""

from __future__ import annotations

from nazh.domain.attack import AttackView


def added(modifier: int) -> str:
    """`` + 5``, `` - 2``, or nothing for 0: a modifier as added to a sum."""
    return f" {'+' if modifier >= 0 else '-'} {abs(modifier)}" if modifier else ""


def damage_terms(attack: AttackView) -> tuple[str, str, str]:
    """The hit's sum (``4 + 3 + 5`` or ``fixed``), the graze's (``4 + 3``), the modifier added."""
    dice = " + ".join(map(str, attack.dice)) or "0"
    modifier = added(attack.attack.modifier)
    if attack.attack.fixed is not None:
        return "fixed", dice, modifier
    return f"{dice}{modifier}", dice, modifier


def outcome_lines(attack: AttackView) -> list[str]:
    """An attack's outcome in chat: hit, miss, graze or critical hit, with its damage."""
    terms = attack.attack
    versus = (f"vs defense {terms.defense}" if terms.defense is not None
              else "no defense given")
    # each damage (a property of the view's, a sum) is read only where its line shows it
    if attack.critical:
        return [f"💥 **Critical hit** ({versus}): **{attack.critical_damage}** damage (every "
                f"damage die at its maximum{added(terms.modifier)})"]
    hit_sum, dice, _ = damage_terms(attack)
    outcome = attack.hit
    if outcome is True:
        return [f"🎯 **Hit** ({versus}): **{attack.hit_damage}** damage ({hit_sum})"]
    graze = f"**{attack.graze}** damage ({dice}; costs 1 focus)"
    if outcome is False:
        if attack.grazed:
            return [f"🩹 **Graze** ({versus}): {graze}"]
        instead = (f"a graze would deal {graze}" if terms.can_graze
                   else "this attack cannot graze")
        return [f"❌ **Miss** ({versus}): {instead}"]
    # no defense: both outcomes, until the attacker records which
    hit = f"**{attack.hit_damage}** damage ({hit_sum})"
    if not terms.can_graze:
        return [f"🎯 On a hit: {hit}", "❌ This attack cannot graze.",
                "The attacker records a hit."]
    return [f"🎯 On a hit: {hit}", f"🩹 On a miss, a graze: {graze}",
            "The attacker records which happened."]
