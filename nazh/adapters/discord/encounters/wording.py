"""What the encounter's answers say: choices, names, what was added, conditions, the round."""

from __future__ import annotations

from collections.abc import Sequence

import hikari

from nazh.application.encounters.health import Damaged
from nazh.application.encounters.model import Changed, EncounterRecord
from nazh.domain.encounter.applied import AppliedKind
from nazh.domain.encounter.errors import EncounterError
from nazh.domain.encounter.events import Event, EventKind
from nazh.presentation.chat import DiscordLimits, shown
from nazh.presentation.encounter_text import phase_title


def chosen_value(interaction: hikari.ComponentInteraction) -> str:
    """The value chosen in a select."""
    if not interaction.values:
        raise EncounterError("nothing was chosen")
    return interaction.values[0]


def named(name: str) -> str:
    """A combatant's name, bold and escaped."""
    return f"**{shown(name, 64)}**"


def added(events: Sequence[Event]) -> str:
    """Who was added."""
    names = [named(e.combatant) for e in events
             if e.kind is EventKind.COMBATANT_ADDED and e.combatant]
    return f"Added {', '.join(names)}." if names else "Nothing was added."


def conditions_said(events: Sequence[Event]) -> str:
    """What the conditions given, removed or ended did."""
    lines = []
    for event in events:
        if event.condition is None or event.combatant is None:
            continue
        verb = {EventKind.CONDITION_ADDED: "is now", EventKind.CONDITION_REMOVED: "is no longer",
                EventKind.CONDITION_ENDED: "is no longer"}.get(event.kind, "has")
        lines.append(f"{named(event.combatant)} {verb} {event.condition.label}.")
    return "\n".join(lines) or "Nothing changed."


def now_said(record: EncounterRecord) -> str:
    """Where the round stands."""
    encounter = record.encounter
    return f"Now: round {encounter.round}, {phase_title(encounter.phase)}."


def extra_action_said(events: Sequence[Event], name: str) -> str:
    """A boss's extra action, taken at once (Focused: for no focus)."""
    if any(e.kind is EventKind.FOCUS_SPENT for e in events):
        return f"{named(name)} spends 1 focus and takes an extra action now."
    return f"{named(name)} is Focused and takes an extra action now, for no focus."


def on_off(value: bool) -> str:
    """``on`` or ``off``."""
    return "on" if value else "off"


def undone_said(changed: Changed) -> str:
    """``Undone: Bandit 2's 10 damage (from Kaladin's roll): health 11; Unconscious removed.``"""
    event = next((e for e in changed.events if e.kind is EventKind.APPLICATION_UNDONE), None)
    if event is None or event.applied is None or event.combatant is None:
        return "Nothing was undone."
    applied = event.applied
    roll = f" (from {named(applied.dealer)}'s roll)" if applied.roll_id and applied.dealer \
        else " (from a roll)" if applied.roll_id else ""
    what = "healing" if applied.kind is AppliedKind.HEAL else "damage"
    said = (f"Undone: {named(event.combatant)}'s {applied.applied} {what}{roll}: health "
            f"{event.amount}")
    if applied.fell:
        said += "; Unconscious removed"
    if applied.defeated:
        said += "; no longer defeated"
    return said + "."


def damage_said(damaged: Damaged) -> str:
    """The arithmetic of damage by hand, and who it defeated or felled."""
    lines = [shown(damaged.landing.said, DiscordLimits.CONTENT // 2)]
    if any(e.kind is EventKind.DEFEATED for e in damaged.changed.events):
        lines.append(f"{named(damaged.landing.target)} is defeated.")
    lines += [f"{named(e.combatant)} falls Unconscious." for e in damaged.changed.events
              if e.kind is EventKind.CONDITION_ADDED and e.combatant]
    return "\n".join(lines)


def healed_said(changed: Changed, name: str) -> str:
    """``**Scout** recovers 10 health: 887/900.``"""
    healed = changed.record.encounter.find(name)
    gained = changed.events[0].amount if changed.events else 0
    return f"{named(healed.name)} recovers {gained} health: {healed.health}/{healed.health_max}."
