"""What an attack made against a combatant says of its target."""

from __future__ import annotations

from nazh.application.rolls.terms.target import Target
from nazh.presentation.chat import escape
from nazh.presentation.fight_words import damage_word, defense_word
from nazh.presentation.i18n import _

ICON = "🎯"


def target_text(target: Target) -> str:
    """``against Bandit 2 · Physical defense 14 · keen · Pierce`` (its name escaped)."""
    defense = (_("{defense} defense {n}").format(defense=defense_word(target.defense),
                                                   n=target.value)
               if target.defense is not None else _("defense {n}").format(n=target.value))
    parts = [_("against {name}").format(name=escape(target.combatant)), defense]
    if target.damage_type is not None:
        parts.append(damage_word(target.damage_type))
    if target.pierce:
        parts.append(_("Pierce"))
    return " · ".join(parts)
