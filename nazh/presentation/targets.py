"""How an attack on several targets reads: each other target's defense and its own outcome."""

from __future__ import annotations

from collections.abc import Callable

from nazh.domain.attack import AttackView
from nazh.domain.targets import OtherTarget, against
from nazh.presentation.attack import outcome_lines
from nazh.presentation.chat import escape
from nazh.presentation.fight_words import defense_word
from nazh.presentation.i18n import _

ICON = "🎯"


def others_text(targets: tuple[OtherTarget, ...], defense: str | None) -> str:
    """``also against Bandit 2 (12) · Bandit 3 (15)``: the other targets and their defense."""
    def valued(value: int) -> str:
        if defense:
            return _("{defense} defense {n}").format(defense=defense_word(defense), n=value)
        return _("defense {n}").format(n=value)
    return _("also against {targets}").format(targets=" · ".join(
        f"{escape(t.combatant)} ({valued(t.value)})" for t in targets))


def others_outcome_lines(targets: tuple[OtherTarget, ...], attack: AttackView,
                         named: Callable[[str], str] = str) -> list[str]:
    """Each other target's outcome: ``Bandit 2: 🎯 **Hit** (vs defense 12): **10** damage``
    (``named``: how a name is written in the medium)."""
    return [f"{named(target.combatant)}: {line}" for target in targets
            for line in outcome_lines(against(attack, target))]
