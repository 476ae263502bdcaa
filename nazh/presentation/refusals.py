"""The reasons and hints of the refusals players meet most, in the reader's language.

The domain words its errors in English (it never translates); the ones listed in
:mod:`nazh.presentation.refusal_texts` are translated where a refusal is shown
(:func:`nazh.presentation.chat.error_message`), any other stays as the domain wrote it. A
reason with values is listed as its template: the error carries
it with its fields (``NazhError("at most {most} weapons", fields={"most": 8})``), and the
template is translated before the fields fill it in. ``tests/presentation/test_refusals.py``
keeps each one in step with the domain's text.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from nazh.domain.errors import NazhError, printable
from nazh.presentation.i18n import N_, _, term
from nazh.presentation.refusal_texts import KNOWN

GM_ONLY = N_("only a GM (the server's gm-role, or Manage Server while none is set) may {what}")
"""A GM's act refused to a player: the application words it ``only {GM_WHO} may {what}``."""
GM_ACTS = (
    N_("ask the table for a test"),
    N_("reveal a request's results"),
    N_("close a request"),
    N_("see a secret request's results"),
    N_("use the GM panel"),
    N_("count a result for an endeavor"),
    N_("count a roll's result for an endeavor"),
    N_("start or end an endeavor"),
    N_("see a secret endeavor's count"),
    N_("start a session"),
    N_("end a session"),
    N_("change the sessions' settings"),
    N_("start an encounter"),
    N_("add combatants"),
    N_("add characters and adversaries"),
    N_("change keep-speed or show-health"),
    N_("end the phase (Next)"),
    N_("apply damage by hand"),
    N_("heal by hand"),
    N_("undo damage or healing"),
    N_("end the encounter (anyone may once it has had no change for 24 hours)"),
)
"""The GM's acts of requests, endeavors, sessions and encounters whose refusal is translated
(another's stays as the application wrote it)."""
_GM_ONLY_OPENING = GM_ONLY.partition("{")[0]
OWNER_ONLY = N_("only {name}'s player or a GM may {what}")
"""An act on a combatant refused to another player: the application words it ``only
{name}'s player or a GM may `` then the act (``{name}`` in it: the combatant)."""
OWNER_ACTS = (
    N_("remove {name}"), N_("give {name} conditions"), N_("remove {name}'s conditions"),
    N_("roll {name}'s injury"), N_("give back {name}'s action"), N_("spend {name}'s focus"),
    N_("go fast for {name}"), N_("go slow for {name}"), N_("press Done for {name}"),
    N_("spend an action for {name}"), N_("spend the reaction for {name}"),
    N_("Dodge for {name}"), N_("Aid for {name}"), N_("make a Reactive strike for {name}"),
    N_("spend focus for an extra action for {name}"), N_("Recover for {name}"),
    N_("knock out what {name}'s attack defeated"),
    N_("Brace for {name}"), N_("leave cover for {name}"),
)
"""The acts on a combatant whose refusal to another player is translated."""
_OWNER_ONLY_OPENING = OWNER_ONLY.partition("{what}")[0]


WORDS = (
    # the acts of a turn, as a refusal names them (``you have no combatant that can {wording}``)
    N_("go fast"), N_("go slow"), N_("press Done"), N_("spend an action"),
    N_("spend the reaction"), N_("Dodge"), N_("Aid"), N_("make a Reactive strike"),
    N_("spend focus for an extra action"), N_("recover"), N_("Brace"), N_("leave cover"),
    # the phases and speeds of a round, as a sentence says them
    N_("fast players"), N_("fast adversaries"), N_("slow players"), N_("slow adversaries"),
    N_("fast"), N_("slow"),
    # a combatant's numbers, as a refusal of an out-of-range one names them
    N_("health maximum"), N_("health"), N_("focus"), N_("focus spent"), N_("deflect"),
    N_("physical defense"), N_("cognitive defense"), N_("spiritual defense"),
    # what an injury roll's option holds, as its hint says it
    N_("the character's deflect value"), N_("how many injuries the character has already taken"),
    N_("other bonuses and penalties to the injury roll"),
    # an option's name, as a refusal names it (as the command's option reads in the language)
    N_("defense"), N_("damage"), N_("pierce"), N_("type"), N_("injuries"), N_("modifier"),
    N_("long-range"), N_("in-reach"), N_("near-ally"),
    # what a sheet's check names
    N_("a skill's name"), N_("an expertise"), N_("a weapon's name"), N_("a trait"),
    N_("a damage type"), N_("level"),
)
"""The domain's words a reason's field may hold, translated where the reason is shown."""
_TERMS: Mapping[str, str] = {"condition": "condition", "role": "role", "action": "action",
                             "skill": "skill", "attribute": "attribute",
                             "damage_type": "damage type"}
"""The fields that hold one of the game's words, by its kind in the glossary."""


_LISTED = frozenset(KNOWN)
_WORDS = frozenset(WORDS)


def summary(error: NazhError, outside: Callable[[str], str] = str) -> str:
    """The error's one line (``pool 2 "2d": …``), its reason translated where it is known
    (``outside``: how text that is not Nazh's own words is shown: a field's value, a reason
    not listed, a pool's text)."""
    written = getattr(error, "reason", None)
    if not isinstance(written, str):
        return outside(error.summary)  # a subclass that words itself
    fields: Mapping[str, object] = getattr(error, "fields", {})
    template = getattr(error, "template", written)
    reason = (_gm_only(written) or _owner_only(template, fields, outside)
              or _said(written, template, fields, outside))
    if getattr(error, "pool_index", None) is None:
        return reason
    return _('pool {index} "{text}": {reason}').format(
        index=error.pool_index, text=outside(printable(error.text or "")), reason=reason)


def _gm_only(written: str) -> str | None:
    """``only a GM (…) may close a request`` in the reader's language, when the act is known."""
    act = written.removeprefix(_GM_ONLY_OPENING)
    if act == written or act not in GM_ACTS:
        return None
    return _(GM_ONLY).format(what=_(act))


def _owner_only(template: str, fields: Mapping[str, object],
                outside: Callable[[str], str]) -> str | None:
    """``only Kal's player or a GM may remove Kal`` in the reader's language, when the act is
    known."""
    act = template.removeprefix(_OWNER_ONLY_OPENING)
    if act == template or act not in OWNER_ACTS or "name" not in fields:
        return None
    name = outside(str(fields["name"]))
    return _(OWNER_ONLY).format(name=name, what=_(act).format(name=name))


def hint(error: NazhError, outside: Callable[[str], str] = str) -> str | None:
    """The error's hint, translated where it is known (``outside`` as for :func:`summary`)."""
    written = getattr(error, "hint", None)
    if not isinstance(written, str) or not written:
        return None
    return _said(written, getattr(error, "hint_template", None) or written,
                 getattr(error, "fields", {}), outside)


def _said(written: str, template: str, fields: Mapping[str, object],
          outside: Callable[[str], str]) -> str:
    """A reason or hint: a listed template translated then filled in with its fields (each
    shown as outside text), a listed constant translated, anything else as written."""
    if template in _LISTED and fields:
        return _(template).format_map({key: _field(key, value, outside)
                                       for key, value in fields.items()})
    if written in _LISTED and not fields:
        return _(written)
    return outside(written)


def _field(key: str, value: object, outside: Callable[[str], str]) -> str:
    """A field's value: one of the game's words or the domain's in the language spoken here,
    anything else (a name someone typed, a number) as outside text."""
    if isinstance(value, NazhError):
        return summary(value, outside)  # a refusal inside another's, in its own words
    said = str(value)
    if key == "wording" and said == "Recover":
        # an act a sentence names: the verb, not the action's name (English keeps its word)
        verb = _("recover")
        return said if verb == "recover" else verb
    if said in _WORDS:
        return _(said)
    kind = _TERMS.get(key)
    if kind is not None:
        word = term(kind, said)
        # a role or a damage type is a word inside a sentence (``a minion``, ``keen damage``),
        # a condition or an action a name
        lower = kind in ("role", "damage type") and word != said
        return word.lower() if lower else word
    return outside(said)
