"""What an attack made against a combatant says of its target."""

from __future__ import annotations

from nazh.application.rolls.terms.target import Target

ICON = "🎯"


def target_text(target: Target) -> str:
    """``against Bandit 2 · Physical defense 14 · keen · Pierce``, as plain text."""
    defense = (f"{target.defense.capitalize()} defense {target.value}"
               if target.defense is not None else f"defense {target.value}")
    parts = [f"against {target.combatant}", defense]
    if target.damage_type is not None:
        parts.append(target.damage_type)
    if target.pierce:
        parts.append("Pierce")
    return " · ".join(parts)
