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
from nazh.presentation.encounter_text import condition_shown, phase_title
from nazh.presentation.fight_words import landing_text
from nazh.presentation.i18n import N_, _


def chosen_value(interaction: hikari.ComponentInteraction) -> str:
    """The value chosen in a select."""
    if not interaction.values:
        raise EncounterError(N_("nothing was chosen"))
    return interaction.values[0]


def named(name: str) -> str:
    """A combatant's name, bold and escaped."""
    return f"**{shown(name, 64)}**"


def added(events: Sequence[Event]) -> str:
    """Who was added."""
    names = [named(e.combatant) for e in events
             if e.kind is EventKind.COMBATANT_ADDED and e.combatant]
    return (_("Added {names}.").format(names=", ".join(names)) if names
            else _("Nothing was added."))


def conditions_said(events: Sequence[Event]) -> str:
    """What the conditions given, removed or ended did."""
    lines = []
    for event in events:
        if event.condition is None or event.combatant is None:
            continue
        said = (_("{name} is now {condition}.") if event.kind is EventKind.CONDITION_ADDED
                else _("{name} is no longer {condition}.")
                if event.kind in (EventKind.CONDITION_REMOVED, EventKind.CONDITION_ENDED)
                else _("{name} has {condition}."))
        lines.append(said.format(name=named(event.combatant),
                                 condition=condition_shown(event.condition.label)))
    return "\n".join(lines) or _("Nothing changed.")


def now_said(record: EncounterRecord) -> str:
    """Where the round stands."""
    encounter = record.encounter
    return _("Now: round {n}, {phase}.").format(n=encounter.round,
                                                 phase=phase_title(encounter.phase))


def extra_action_said(events: Sequence[Event], name: str) -> str:
    """A boss's extra action, taken at once (Focused: for no focus)."""
    if any(e.kind is EventKind.FOCUS_SPENT for e in events):
        return _("{name} spends 1 focus and takes an extra action now.").format(
            name=named(name))
    return _("{name} is Focused and takes an extra action now, for no focus.").format(
        name=named(name))


def on_off(value: bool) -> str:
    """``on`` or ``off``."""
    return _("on") if value else _("off")


def undone_said(changed: Changed) -> str:
    """``Undone: Bandit 2's 10 damage (from Kaladin's roll): health 11; Unconscious removed.``"""
    event = next((e for e in changed.events if e.kind is EventKind.APPLICATION_UNDONE), None)
    if event is None or event.applied is None or event.combatant is None:
        return _("Nothing was undone.")
    applied = event.applied
    roll = (" " + _("(from {name}'s roll)").format(name=named(applied.dealer))
            if applied.roll_id and applied.dealer
            else " " + _("(from a roll)") if applied.roll_id else "")
    what = (_("Undone: {name}'s {n} healing") if applied.kind is AppliedKind.HEAL
            else _("Undone: {name}'s {n} damage"))
    said = (what.format(name=named(event.combatant), n=applied.applied) + roll + ": "
            + _("health {n}").format(n=event.amount))
    if applied.fell:
        said += "; " + _("Unconscious removed")
    if applied.defeated:
        said += "; " + _("no longer defeated")
    return said + "."


def damage_said(damaged: Damaged) -> str:
    """The arithmetic of damage by hand, and who it defeated or felled."""
    lines = [shown(landing_text(damaged.landing), DiscordLimits.CONTENT // 2)]
    if any(e.kind is EventKind.DEFEATED for e in damaged.changed.events):
        lines.append(_("{name} is defeated.").format(name=named(damaged.landing.target)))
    lines += [_("{name} falls Unconscious.").format(name=named(e.combatant))
              for e in damaged.changed.events
              if e.kind is EventKind.CONDITION_ADDED and e.combatant]
    return "\n".join(lines)


def healed_said(changed: Changed, name: str) -> str:
    """``**Scout** recovers 10 health: 887/900.``"""
    healed = changed.record.encounter.find(name)
    gained = changed.events[0].amount if changed.events else 0
    return _("{name} recovers {n} health: {health}/{most}.").format(
        name=named(healed.name), n=gained, health=healed.health, most=healed.health_max)
