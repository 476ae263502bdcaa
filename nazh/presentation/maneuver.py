"""What a test against an enemy says of the basic action it is (Gain Advantage, Grapple, Shove)."""

from __future__ import annotations

from nazh.application.rolls.terms.maneuver import Maneuver

ICON = "🤼"


def maneuver_text(term: Maneuver) -> str | None:
    """``Grapple (2 actions) · on a success: Bandit is Restrained``; ``None``: no action."""
    action = term.action
    if action is None:
        return None
    cost = "1 action" if action.cost == 1 else f"{action.cost} actions"
    follows = {
        "gain-advantage": f"on a success: an advantage on the next test against {term.foe} "
                          "that uses another skill",
        "grapple": f"on a success: {term.foe} is Restrained",
        "shove": f"on a success: {term.foe} is pushed or pulled 5 feet",
    }[action.value]
    escape = " · a test to escape (Restrained gives no disadvantage)" if term.escape else ""
    return f"{action.title} ({cost}) · {follows}{escape}"
