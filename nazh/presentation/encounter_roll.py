"""What a roll made in an encounter says of it: where, the conditions' effects, the action spent."""

from __future__ import annotations

import re
from collections.abc import Callable

from nazh.application.rolls.terms.encounter import InEncounter
from nazh.domain.encounter.conditions import ConditionName
from nazh.presentation.chat import escape
from nazh.presentation.fight_words import condition_word
from nazh.presentation.i18n import N_, _, ngettext

ICON = "⚔️"
REASON = re.compile(r"(?P<target>target )?(?P<cause>.+?): (?P<effects>[^:]+)")
"""A reason as the roll's record keeps it: ``target Prone: advantage``, ``Exhausted: -2``."""
AIDED = re.compile(r"Aided by (?P<name>.+)")
GAINED = re.compile(r"advantage gained on (?P<name>.+)")


def encounter_text(term: InEncounter, cost: int = 1) -> str:
    """``Ambush · round 2 · Kaladin — Exhausted: -2 · 1 action spent`` (names escaped); ``cost``:
    the actions the roll's action takes (a Grapple's 2)."""
    round_ = _("round {n}").format(n=term.round)
    name = escape(term.encounter) if term.encounter else _("Encounter")
    where = f"{name} · {round_} · {escape(term.combatant)}"
    spent = (_("1 action spent") if cost == 1 else
             ngettext("{n} action spent", "{n} actions spent", cost).format(n=cost)) \
        if term.action else _("no action spent")
    return f"{where} — " + " · ".join((*(reason_text(r) for r in term.reasons), spent))


# what the target does that changes an attack on it (a condition aside), as a reason and a cause
_TARGET_REASONS = {"Dodging": N_("target Dodging: {effects}"),
                   "Braced": N_("target Braced: {effects}")}
_TARGET_CAUSES = {"Dodging": N_("target Dodging"), "Braced": N_("target Braced")}


def reason_text(reason: str) -> str:
    """A reason the roll's record keeps in English (``target Prone: advantage``) in the words
    of the language spoken here (escaped); one of another form as it is."""
    match = REASON.fullmatch(reason)
    if match is None:
        return escape(reason)
    effects = ", ".join(_effect(effect) for effect in match["effects"].split(", "))
    cause, target = match["cause"], bool(match["target"])
    try:
        condition = condition_word(ConditionName(cause.casefold()))
    except ValueError:
        condition = None
    if condition is not None:
        said = _("target {condition}: {effects}") if target else _("{condition}: {effects}")
        return said.format(condition=condition, effects=effects)
    if target and cause in _TARGET_REASONS:
        return _(_TARGET_REASONS[cause]).format(effects=effects)
    if aided := AIDED.fullmatch(cause):
        return _("Aided by {name}: {effects}").format(name=escape(aided["name"]),
                                                      effects=effects)
    if gained := GAINED.fullmatch(cause):
        return _("advantage gained on {name}: {effects}").format(name=escape(gained["name"]),
                                                                 effects=effects)
    return escape(reason)


def _effect(effect: str) -> str:
    words = {"advantage": _("advantage"), "disadvantage": _("disadvantage"),
             "an Opportunity if it fails": _("an Opportunity if it fails"),
             "Indirect": _("Indirect"), "no disadvantage": _("no disadvantage")}
    return words.get(effect, escape(effect))


def cause_text(cause: str, outside: Callable[[str], str] = str) -> str:
    """An advantage's (or a disadvantage's) source as the roll's record names it (``target
    Prone``, ``Aided by Kal``) in the words of the language spoken here (``outside``: how a name
    is shown); one of another form (a die carried from an earlier roll) as ``outside`` shows
    it."""
    bare = cause.removeprefix("target ")
    target = bare != cause
    try:
        condition = condition_word(ConditionName(bare.casefold()))
    except ValueError:
        condition = None
    if condition is not None:
        return _("target {condition}").format(condition=condition) if target else condition
    if target and bare in _TARGET_CAUSES:
        return _(_TARGET_CAUSES[bare])
    if not target and (aided := AIDED.fullmatch(cause)):
        return _("Aided by {name}").format(name=outside(aided["name"]))
    if not target and (gained := GAINED.fullmatch(cause)):
        return _("advantage gained on {name}").format(name=outside(gained["name"]))
    return outside(cause)
