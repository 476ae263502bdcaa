"""The reasons and hints of the refusals players meet most, in the reader's language.

The domain words its errors in English (it never translates); the ones listed here are
translated where a refusal is shown (:func:`nazh.presentation.chat.error_message`), any other
stays as the domain wrote it. A reason with values is listed as its template: the error carries
it with its fields (``NazhError("at most {most} weapons", fields={"most": 8})``), and the
template is translated before the fields fill it in. ``tests/presentation/test_refusals.py``
keeps each one in step with the domain's text.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from nazh.domain.errors import NazhError, printable
from nazh.presentation.i18n import N_, _

KNOWN = (
    N_("empty roll"),
    N_("empty pool"),
    N_("missing the number of sides after d"),
    N_("expected d before the die size of the plot die"),
    N_("expected d after the number of dice"),
    N_("only one modifier per pool"),
    N_("the plot die takes no modifier"),
    N_("at most one plot die per roll"),
    N_("this roll already has a plot die"),
    N_("a pool looks like 2d6+3, d20 or a1d20+5"),
    N_("the plot die is a pool of its own: write p (or ap / dp for advantage / disadvantage)"),
    N_("tags go before the dice, one per die: a = advantage, d = disadvantage, e.g. ad2d20"),
    N_("remove the second plot die"),
    N_("leave out add_plot / --plot, or remove the p pool"),
    N_("remove a pool to make room for the plot die"),
    N_("split the roll in several commands"),
    N_("roll the other pools in a second command"),
    N_("write the modifier as +5 or -2"),
    N_("write the modifier as +5 or -2, with one sign"),
    N_("add the modifiers up, e.g. +7 instead of +5+2"),
    N_("changing Nazh's settings needs the Manage Server permission"),
    N_("ask a server admin"),
    # characters, settings, /stats, encounters, requests, endeavors and sessions
    N_("{name} has no skill {skill}"),
    N_("the standard skills, e.g. insight, light-weaponry, or one added with /character skill"),
    N_("{name} has no weapon {weapon}"),
    N_("its weapons: {known}; add one with /character weapon"),
    N_("a character's name has 1 to {most} characters (got {got})"),
    N_("a character's name has only printable characters"),
    N_("at most {most} expertises (got {got})"),
    N_("at most {most} custom skills (got {got})"),
    N_("at most {most} weapons (got {got})"),
    N_("each weapon has its own name"),
    N_("it has none yet; add one with /character weapon"),
    N_("a skill's name needs a letter or a digit"),
    N_("{weapon}: only an adversary's attack has its own modifier or a fixed damage"),
    N_("a character's attack uses its skill's modifier and rolls its dice"),
    N_("{weapon}: at most {most} traits"),
    N_("only an adversary has a role"),
    N_("only an adversary has a tier"),
    N_("only an adversary has a health range"),
    N_("a player's character is a rival"),
    N_("{name} is not shared with you"),
    N_("{name} is changed only by its owner and the GMs"),
    N_("{name} is rolled only by its owner (an adversary: by the GMs)"),
    N_("{name} has its injury rolled only by its owner and the GMs"),
    N_("{skill} uses {attribute}"),
    N_("{skill} is a standard skill: set its ranks to 0"),
    N_("{weapons} uses {skill}: remove or change it first"),
    N_("{name} has no skill {skill}: give its attribute to add it"),
    N_("{name} has {focus} focus: a graze costs {cost}"),
    N_("recover focus (an Opportunity, a rest) first"),
    N_("a short rest recovers health or focus first"),
    N_("{field} is not a field of a character"),
    N_("e.g. level, strength, insight, health, focus-max, deflect, injuries, "
       "expertises, role, tier, health-range, immunities"),
    N_("{field} is {low} to {high} (got {got})"),
    N_("the injuries recorded are only cleared here (none)"),
    N_("an injury roll made with the character records its injury"),
    N_("{field} takes a whole number from {low} to {high} (got {got})"),
    N_("type: is for a weapon whose damage type is not said"),
    N_("against and type go with a target"),
    N_("name the combatant attacked: target:"),
    N_("{name} cannot tend to itself"),
    N_("tended-by: is the ally who gives up their rest to tend yours"),
    N_("at most {most} characters of your own outside servers (you have {owned} here, "
       "this adds {adding})"),
    N_("delete one with /character delete first"),
    N_("outside a server a sheet is yours alone: there is no table to share it with"),
    N_("to show a sheet to a table, make it (or import its /character export file) in "
       "the table's server"),
    N_("at most {most} characters per person in a server and {server} per server (you "
       "have {owned} here, this adds {adding})"),
    N_("no character named {name} here that you may see"),
    N_("/character list shows them"),
    N_("you have no character named {name} here"),
    N_("/character list shows yours"),
    N_("the character kept changing meanwhile"),
    N_("try again in a moment"),
    N_("that character is no longer kept, or not here"),
    N_("only {name}'s owner shares the sheet"),
    N_("{name} was already deleted"),
    N_("{name} changed since you asked to delete it"),
    N_("run /character delete again to see it as it is"),
    N_("make a player character (kind:character)"),
    N_("you already have a character named {name} here"),
    N_("choose another name, or delete the old one with /character delete"),
    N_("you have no active character here"),
    N_("make one with /character new, or choose one with /character use"),
    N_("gm-role can't be @everyone: every member would be a GM, see every gm and blind "
       "roll and impose disadvantage"),
    N_("pick a role only your GMs hold, or leave gm-role unset (Manage Server holders "
       "are the GMs)"),
    N_("history-days must be from 1 to {most} (got {got})"),
    N_("this bot's operator keeps the log at most {most} days"),
    N_("at most {most} channels may have their own language"),
    N_("set the server's language instead, or put a channel back to the server's (language: auto)"),
    N_("settings belong to a server: here (a direct message, or a server where Nazh is "
       "only installed by its users) the defaults apply"),
    N_("use /settings in a server where Nazh is installed"),
    N_("tended-by: is for a short rest (Tend to Others)"),
    N_("a long rest recovers all health and focus by itself"),
    N_("give the skill's ranks (0-5), or remove:true to remove it"),
    N_("a weapon needs its skill and its damage (e.g. skill:heavy-weaponry "
       "damage:1d8), or remove:true to remove it"),
    N_("only the roller sees the details of their private rolls"),
    N_("a combatant's name must be printable text"),
    N_("undo reverses damage or healing applied in this encounter"),
    N_("an advantage gained names the skill that gained it, and only it"),
    N_("e.g. perception, insight, athletics"),
    N_("this request is closed: it takes no more rolls"),
    N_("this request is not asked of you"),
    N_("the GM named who rolls with who:"),
    N_("you have rolled for this request already: one roll each"),
    N_("no roll of yours is waiting in this request"),
    N_("this request is closed already"),
    N_("a public request's results are seen already"),
    N_("this request's results are revealed already"),
    N_("requests are asked in a server's channels, where there is a GM"),
    N_("this request is not kept any more"),
    N_("the GM can ask again with /request"),
    N_("the request changed too often at once to keep your change"),
    N_("try again"),
    N_("Nazh could not post the request's card in this channel"),
    N_("let Nazh send messages here, then ask again"),
    N_("choose your character in the list Nazh showed you"),
    N_("click Roll on the request's card again"),
    N_("that roll is not one of this request's"),
    N_("who: mention roles or members, e.g. @Players or @Kal @Shallan"),
    N_("a server's managers name the GM role in /settings"),
    N_("a count is a success, a failure, or a success counted twice"),
    N_("endeavors run in a server's channels, where there is a GM"),
    N_("no endeavor is running in this channel"),
    N_("a GM starts one with /endeavor start"),
    N_("the endeavor changed too often at once to keep your change"),
    N_("Nazh could not post the endeavor's card in this channel"),
    N_("let Nazh send messages here"),
    N_("count it as a success, a success ×2 or a failure"),
    N_("reveal it first (a secret endeavor may count it unrevealed)"),
    N_("this session has ended already"),
    N_("a session's name must be printable text"),
    N_("write it as 90m, 3h, 1h30m or 1d"),
    N_("end it with /encounter end, or start one in another channel"),
    N_("target2: there is no encounter in this channel"),
    N_("no combatant stands for the character"),
    N_("the encounter changed since this card was shown (it is updated now): look, and "
       "click again if you still mean it"),
    N_("the encounter the roll was made in has ended"),
    N_("the encounter the attack was made in has ended"),
    N_("the Injury button is on the attack that brought it to 0 health (or hit it there)"),
    N_("target: the attacker is not a combatant of this channel's encounter"),
    N_("/encounter join first"),
    N_("target: there is no encounter in this channel"),
    N_("a target is a combatant of the channel's encounter"),
    N_("a quick combatant is an enemy or an ally; players join with their characters "
       "(/encounter join)"),
    N_("as: say success, double or failure (the roll shows no verdict against a DC)"),
    N_("a session is already open in this channel"),
    N_("end it first with /session end"),
    N_("no session is open in this channel"),
    N_("a GM starts one with /session start"),
    N_("no such session in this channel"),
    N_("/session recap lists this channel's sessions as you type"),
    N_("sessions are played in a server's channels, where there is a GM"),
)
"""The domain's constant reasons and hints that are translated."""
GM_ONLY = N_("only a GM (the server's gm-role, or Manage Server while none is set) may {what}")
"""A GM's act refused to a player: the application words it ``only {GM_WHO} may {what}``."""
GM_ACTS = (
    N_("ask the table for a test"),
    N_("reveal a request's results"),
    N_("close a request"),
    N_("see a secret request's results"),
    N_("count a result for an endeavor"),
    N_("count a roll's result for an endeavor"),
    N_("start or end an endeavor"),
    N_("see a secret endeavor's count"),
    N_("start a session"),
    N_("end a session"),
    N_("change the sessions' settings"),
)
"""The GM's acts of requests, endeavors and sessions whose refusal is translated (another's
stays as the application wrote it)."""
_GM_ONLY_OPENING = GM_ONLY.partition("{")[0]


_LISTED = frozenset(KNOWN)


def summary(error: NazhError, outside: Callable[[str], str] = str) -> str:
    """The error's one line (``pool 2 "2d": …``), its reason translated where it is known
    (``outside``: how text that is not Nazh's own words is shown: a field's value, a reason
    not listed, a pool's text)."""
    written = getattr(error, "reason", None)
    if not isinstance(written, str):
        return outside(error.summary)  # a subclass that words itself
    fields: Mapping[str, object] = getattr(error, "fields", {})
    reason = _gm_only(written) or _said(written, getattr(error, "template", written), fields,
                                        outside)
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
        return _(template).format_map({key: outside(str(value)) for key, value in fields.items()})
    if written in _LISTED and not fields:
        return _(written)
    return outside(written)
