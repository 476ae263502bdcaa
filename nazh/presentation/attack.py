"""How an attack's damage reads, the same in Discord and in the terminal."""

from __future__ import annotations

from nazh.domain.attack import AttackView


def added(modifier: int) -> str:
    """`` + 5``, `` - 2``, or nothing for 0: a modifier as added to a sum."""
    return f" {'+' if modifier >= 0 else '-'} {abs(modifier)}" if modifier else ""


def damage_terms(attack: AttackView) -> tuple[str, str, str]:
    """The hit's sum (``4 + 3 + 5``), the graze's (``4 + 3``), and the modifier as added
    (`` + 5``, for the critical hit's wording)."""
    dice = " + ".join(str(face) for face in attack.dice) or "0"
    modifier = added(attack.attack.modifier)
    return f"{dice}{modifier}", dice, modifier
