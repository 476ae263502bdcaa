"""The notes features add under a roll's result, in the language spoken (the table's: a result is
shared).

The application words a note in English with its template and fields
(:class:`nazh.application.rolls.notes.Note`); a template listed here is translated before its
fields fill it in, each field shown as its kind is (another note, a refusal, a hit's landing, a
condition; a name or a number as it is). A note not listed, or a plain text (already in the
table's words), is shown as written. ``tests/presentation/test_notes.py`` keeps each one in step
with the application's text.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import singledispatch

from nazh.application.rolls.model import SheetChange
from nazh.application.rolls.notes import Note
from nazh.domain.encounter.conditions import Condition
from nazh.domain.encounter.damage import Landed
from nazh.domain.encounter.hits import Landing
from nazh.domain.errors import NazhError
from nazh.presentation import refusals
from nazh.presentation.encounter_roll import cause_text
from nazh.presentation.fight_words import arithmetic_text, condition_label
from nazh.presentation.i18n import N_, _, ngettext
from nazh.presentation.sheet_fields import field_text
from nazh.presentation.sheet_words import TERMS

NOTES = (
    # an attack's landing, part by part, and what it did to its target
    N_("hit: {landing}"),
    N_("graze: {landing}"),
    N_("critical: {landing}"),
    N_("{damage} -> {target}"),
    N_("{line} · {target} is defeated"),
    N_("{line} · {target} falls Unconscious and takes an injury"),
    N_("{line} · {target} is at 0 health and takes an injury"),
    N_("the roll changed after its damage landed: {name} keeps the damage it took (landing is "
       "not redone); a GM takes it back with /encounter undo combatant:{name}"),
    N_("{name} is a minion: a minion's attack is never a critical hit"),
    N_("{name} is a minion: the injury defeats it"),
    N_("the minion not defeated"),
    # what the encounter could not do for the roll, and why
    N_("{act}: {reason}"),
    N_("{name}: {refused}"),
    N_("no action spent"),
    N_("Dodge not spent"),
    N_("Aid not used"),
    N_("injury not counted in the encounter"),
    N_("Determined not ended"),
    N_("hit damage not applied"),
    N_("graze damage not applied"),
    N_("critical damage not applied"),
    N_("graze not counted"),
    N_("critical hit not counted"),
    N_("the card's focus not moved"),
    N_("the injury's effect not applied"),
    N_("advantage gained not used"),
    N_("{action}'s second action not spent"),
    N_("{action} not counted as used this turn"),
    N_("Brace not ended"),
    N_("{action} not applied"),
    N_("there is no encounter in this channel"),
    N_("the encounter the roll was made in has ended"),
    N_("{name}: {unchanged}"),
    N_("sheet not changed: {reason}"),
    # what the encounter did beside the damage
    N_("{name} used Determined: the failed test gains an Opportunity, and Determined ends"),
    N_("{name} had {before} focus on the card: it stays at {after}"),
    N_("{name}'s focus on the card went {before} -> {after} (the sheet's {by})"),
    N_("the injury's effect: {name} is {condition} on the card ({lasts})"),
    N_("until after its next turn"),
    N_("while the injury lasts: a GM removes it once it heals"),
    N_("Gain Advantage"),
    N_("Grapple"),
    N_("Shove"),
    N_("Gain Advantage: {name}'s next test against {foe} that uses a skill other than {skill} "
       "gains an advantage"),
    N_("Grapple: {foe} is Restrained until {name} lets go or falls Unconscious, or {foe} "
       "escapes (a Shove of {name})"),
    N_("Shove: {name} pushes or pulls {foe} 5 feet"),
    N_("Shove: {name} pushes or pulls {foe} 5 feet, and escapes {foe}'s grapple"),
    N_("Shove: {foe} is Immobilized and does not move"),
    N_("Shove: {name} escapes {foe}'s grapple; {foe} is Immobilized and does not move"),
    N_("offhand Strike: {name} spends {cost} focus ({left} left)"),
    # the dice carried between tests, and a sheet's part in a roll
    N_("{why}: already taken by another test"),
    N_("no character rolled this: the focus is lost at the table"),
    N_("no character rolled this: the disadvantage is kept at the table"),
    N_("{name}'s next test gains a disadvantage"),
    N_("{name}'s sheet not changed: {reason}"),
    N_("Focused: the graze costs no focus"),
    # a sheet's part in a roll, when nothing on it moved
    N_("nothing changed"),
    N_("kept secret: applied to the sheet when the roll is revealed"),
    N_("The roll's character"),
    N_("not changed: {reason}"),
    N_("death: no injury counted"),
    N_("the graze's focus was already spent"),
    N_("focus unchanged (at its maximum)"),
    N_("focus unchanged (already 0)"),
    N_("injuries unchanged (at their most)"),
    N_("health and focus are at their maxima"),
    N_("health and focus unchanged (at the end of their range)"),
    N_("investiture unchanged (at its maximum)"),
    N_("its ammunition was already spent"),
    N_("it had one shot left at most already"),
    # sessions
    N_("The session «{name}» ended after a quiet spell, before this roll: /session recap "
       "shows its recap."),
    N_("The session ended after a quiet spell, before this roll: /session recap shows its "
       "recap."),
)
"""The application's notes (and the constant words in their fields) that are translated."""


def _more_advantages(n: int) -> str:
    return ngettext("{n} more advantage than the d20 takes ({reasons}): the roller puts each on "
                    "another die (the plot die, a damage die) with Advantage",
                    "{n} more advantages than the d20 takes ({reasons}): the roller puts each "
                    "on another die (the plot die, a damage die) with Advantage", n)


def _more_disadvantages(n: int) -> str:
    return ngettext("{n} more disadvantage than the d20 takes ({reasons}): a GM puts each on "
                    "another die (the plot die, a damage die) with Disadvantage",
                    "{n} more disadvantages than the d20 takes ({reasons}): a GM puts each on "
                    "another die (the plot die, a damage die) with Disadvantage", n)


COUNTED: Mapping[str, Callable[[int], str]] = {
    "{n} more advantage than the d20 takes": _more_advantages,
    "{n} more disadvantage than the d20 takes": _more_disadvantages}
"""The notes whose words follow a number, by their singular template's opening: their words for
``n`` (``tests/presentation/test_notes.py`` checks each whole template)."""
_LISTED = frozenset((*NOTES, *TERMS))


def note_text(note: str, outside: Callable[[str], str] = str) -> str:
    """A note in the language spoken here (``outside``: how text that is not Nazh's own words
    is shown: a name, a note not listed, a plain text)."""
    if not isinstance(note, Note):
        return outside(note)  # already in the table's words (an adapter's), or as written
    counted = None if note.plural is None else COUNTED.get(note.template.partition(" (")[0])
    if counted is not None:
        count = note.fields.get("n")
        return counted(count if isinstance(count, int) else 0).format_map(
            _fields(note.fields, outside))
    if note.template not in _LISTED:
        return outside(str(note))
    if not note.fields:
        return _(note.template)
    return _(note.template).format_map(_fields(note.fields, outside))


ROLL_FIELDS = {"health": N_("health"), "focus": N_("focus"), "investiture": N_("investiture"),
               "injuries": N_("injuries"), "exhausted": N_("exhausted"),
               "wounds": N_("wounds")}
"""The fields a roll moves on a sheet, as its result names them (lowercase, in a line)."""


def sheet_text(sheet: SheetChange, outside: Callable[[str], str] = str) -> str:
    """``Veyla Tarn: focus 3 → 2`` (or why nothing moved) in the language spoken here."""
    name = note_text(sheet.name, outside)
    if not sheet.changes:
        return f"{name}: {note_text(sheet.unchanged, outside)}"
    moved = ", ".join(f"{_field_name(field, outside)} {outside(old)} → {outside(new)}"
                      for field, old, new in sheet.changes)
    return f"{name}: {moved}"


def _field_name(field: str, outside: Callable[[str], str]) -> str:
    # the resources a roll moves in lowercase, inside a line; any other as the sheet names it
    word = ROLL_FIELDS.get(field)
    return field_text(field, outside) if word is None else _(word)


def _fields(fields: Mapping[str, object], outside: Callable[[str], str]) -> dict[str, str]:
    return {key: _field(value, outside) for key, value in fields.items()}


@singledispatch
def _field(value: object, outside: Callable[[str], str]) -> str:
    """A field's value in the language spoken here: a name or a number as it is."""
    return outside(str(value))


@_field.register
def _note(value: Note, outside: Callable[[str], str]) -> str:
    return note_text(value, outside)


@_field.register
def _refusal(value: NazhError, outside: Callable[[str], str]) -> str:
    return refusals.summary(value, outside)


@_field.register
def _landing(value: Landing, outside: Callable[[str], str]) -> str:
    return (f"{arithmetic_text(value.landed)} -> {outside(value.target)}: {value.before} -> "
            f"{value.after}")


@_field.register
def _landed(value: Landed, outside: Callable[[str], str]) -> str:
    return arithmetic_text(value)


@_field.register
def _condition(value: Condition, outside: Callable[[str], str]) -> str:
    return condition_label(value)


@_field.register
def _sources(value: tuple, outside: Callable[[str], str]) -> str:  # type: ignore[type-arg]
    """An advantage's sources."""
    return "; ".join(cause_text(str(one), outside) for one in value)
