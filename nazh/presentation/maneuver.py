"""What a test against an enemy says of the basic action it is (Gain Advantage, Grapple, Shove)."""

from __future__ import annotations

from nazh.application.rolls.terms.maneuver import Maneuver
from nazh.presentation.chat import escape
from nazh.presentation.i18n import _, ngettext

ICON = "🤼"


def maneuver_text(term: Maneuver) -> str | None:
    """``Grapple (2 actions) · on a success: Bandit is Restrained``; ``None``: no action."""
    action = term.action
    if action is None:
        return None
    cost = ngettext("{n} action", "{n} actions", action.cost).format(n=action.cost)
    follows = {
        "gain-advantage": _("on a success: an advantage on the next test against {foe} that "
                            "uses another skill"),
        "grapple": _("on a success: {foe} is Restrained"),
        "shove": _("on a success: {foe} is Immobilized and does not move") if term.held
        else _("on a success: {foe} is pushed or pulled 5 feet"),
    }[action.value].format(foe=escape(term.foe))
    escaping = (" · " + _("a test to escape (Restrained gives no disadvantage)")
                if term.escape else "")
    title = {"gain-advantage": _("Gain Advantage"), "grapple": _("Grapple"),
             "shove": _("Shove")}.get(action.value, action.title)
    return f"{title} ({cost}) · {follows}{escaping}"
