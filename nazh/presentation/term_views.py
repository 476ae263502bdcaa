"""How each kind of a roll's terms shows in chat: one :class:`TermView` per kind, in :data:`VIEWS`.

The result message, the controls, /history and /verify iterate over them without naming a kind.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

from nazh.application.log.chain import EntryKind
from nazh.application.rolls.model import RollRecord
from nazh.application.rolls.terms.attack import ATTACK
from nazh.application.rolls.terms.carried import CARRIED
from nazh.application.rolls.terms.changes import CHANGES
from nazh.application.rolls.terms.character import CHARACTER
from nazh.application.rolls.terms.circumstances import CIRCUMSTANCES
from nazh.application.rolls.terms.encounter import ENCOUNTER
from nazh.application.rolls.terms.injury import INJURY
from nazh.application.rolls.terms.kind import TermKind
from nazh.application.rolls.terms.maneuver import MANEUVER
from nazh.application.rolls.terms.physical import PHYSICAL
from nazh.application.rolls.terms.request import REQUEST
from nazh.application.rolls.terms.secret import SECRET
from nazh.application.rolls.terms.spending import SPENT
from nazh.application.rolls.terms.target import TARGET
from nazh.application.rolls.terms.targets import OTHER_TARGETS
from nazh.application.rolls.terms.wielded import WIELDED
from nazh.domain.injury import Band, Injury
from nazh.presentation.attack import outcome_lines, outcome_summary
from nazh.presentation.carried import ICON as CARRIED_ICON
from nazh.presentation.carried import carried_text
from nazh.presentation.changes import cancellation_text, cancellations
from nazh.presentation.changes import change_lines as describe_changes
from nazh.presentation.chat import DiscordMarkup, clip, escape, subtext
from nazh.presentation.circumstances import ICON as CIRCUMSTANCES_ICON
from nazh.presentation.circumstances import ally_graze_lines, circumstances_text
from nazh.presentation.encounter_roll import ICON, encounter_text
from nazh.presentation.i18n import N_, _
from nazh.presentation.injury import injury_lines, injury_summary
from nazh.presentation.maneuver import ICON as MANEUVER_ICON
from nazh.presentation.maneuver import maneuver_text
from nazh.presentation.physical import ICON as PHYSICAL_ICON
from nazh.presentation.physical import WORD as PHYSICAL_WORD
from nazh.presentation.physical import physical_text
from nazh.presentation.request_card import request_described, skill_word
from nazh.presentation.rolled_character import described_text
from nazh.presentation.spending import spent_lines
from nazh.presentation.target import ICON as TARGET_ICON
from nazh.presentation.target import target_text
from nazh.presentation.targets import ICON as OTHERS_ICON
from nazh.presentation.targets import others_outcome_lines, others_text
from nazh.presentation.wielded import ammunition_and_spend_lines, cumbersome_lines


@dataclass(frozen=True, slots=True)
class Headline:
    """The title and look of a roll's message when a kind leads it."""

    icon: str
    word: str  # the title when the roll has no label
    color: str | None = None  # ``red``, ``gold``, ...; None: by the result's verdicts
    footer: str | None = None  # before the roll's id; None: the result's legend


def _no_lines(record: RollRecord) -> list[str]:
    return []


def _no_headline(record: RollRecord) -> Headline | None:
    return None


def _no_step(record: RollRecord, kind: EntryKind) -> str | None:
    return None


def _no_text(record: RollRecord) -> str | None:
    return None


@dataclass(frozen=True, slots=True)
class TermView:
    """How one kind of term shows; each hook gets the whole record, answers nothing without it."""

    kind: TermKind[Any]
    above: Callable[[RollRecord], list[str]] = _no_lines  # above the rows of dice
    below: Callable[[RollRecord], list[str]] = _no_lines  # below them (alone: in their place)
    closing: Callable[[RollRecord], list[str]] = _no_lines  # at the very end
    headline: Callable[[RollRecord], Headline | None] = _no_headline
    # only its lines (and those above and at the end); no amendment nor control of other kinds
    alone: bool = False
    step: Callable[[RollRecord, EntryKind], str | None] = _no_step  # in /history and /verify
    who: Callable[[RollRecord], str | None] = _no_text  # a /history line's, after the roller
    outcome: Callable[[RollRecord], str | None] = _no_text  # a /history line's, for the totals
    after: Callable[[RollRecord], list[str]] = _no_lines  # after a /history line's outcome
    # the result's first line: what happened in a few words (``Hit, 12 damage``), after the total
    verdict: Callable[[RollRecord], str | None] = _no_text
    # its hooks may answer for a record without its kind (what is left to spend, on any roll)
    unheld: bool = False


# -- the character ---------------------------------------------------------------------------


def _character_lines(record: RollRecord) -> list[str]:
    character = record.term(CHARACTER)
    if character is None:
        return []
    # 📜: a sheet, as the sheets' own titles; a person's face would not fit a monster
    return [f"📜 **{escape(character.name)}** — {described_text(character)}"]


def _rolled_with(record: RollRecord, kind: EntryKind) -> str | None:
    character = record.term(CHARACTER)
    if kind is not EntryKind.ROLL or character is None:
        return None
    return f"rolled with {escape(clip(character.name, 64))}"


def _character_name(record: RollRecord) -> str | None:
    character = record.term(CHARACTER)
    return None if character is None else escape(clip(character.name, 64))


# -- an encounter -----------------------------------------------------------------------------


def _encounter_lines(record: RollRecord) -> list[str]:
    term = record.term(ENCOUNTER)
    if term is None:
        return []
    maneuver = record.term(MANEUVER)
    cost = 1 if maneuver is None or maneuver.action is None else maneuver.action.cost
    return [f"{ICON} {encounter_text(term, cost)}"]  # escaped there


def _target_lines(record: RollRecord) -> list[str]:
    term = record.term(TARGET)
    return [] if term is None else [f"{TARGET_ICON} {target_text(term)}"]  # escaped there


def _maneuver_lines(record: RollRecord) -> list[str]:
    term = record.term(MANEUVER)
    said = None if term is None else maneuver_text(term)
    return [] if said is None else [f"{MANEUVER_ICON} {said}"]  # escaped there


def _circumstances_lines(record: RollRecord) -> list[str]:
    term = record.term(CIRCUMSTANCES)
    return [] if not term else [f"{CIRCUMSTANCES_ICON} {circumstances_text(term)}"]


def _ally_graze_lines(record: RollRecord) -> list[str]:
    term, attack = record.term(CIRCUMSTANCES), record.attack_view
    if not term or attack is None or record.result.pending:
        return []
    return ally_graze_lines(term, attack)


def _carried_lines(record: RollRecord) -> list[str]:
    return [f"{CARRIED_ICON[one.mode]} {carried_text(one)}"  # escaped there
            for one in record.term(CARRIED) or ()]


def _others_lines(record: RollRecord) -> list[str]:
    others, target = record.term(OTHER_TARGETS), record.term(TARGET)
    if not others:
        return []
    defense = None if target is None else target.defense
    return [f"{OTHERS_ICON} {others_text(others, defense)}"]  # escaped there


def _others_outcome_lines(record: RollRecord) -> list[str]:
    others, attack = record.term(OTHER_TARGETS), record.attack_view
    if not others or attack is None or record.result.pending:
        return []
    return others_outcome_lines(others, attack, escape)


# -- a request -------------------------------------------------------------------------------

REQUEST_ICON = "📣"


def _request_lines(record: RollRecord) -> list[str]:
    term = record.term(REQUEST)
    return [] if term is None else [f"{REQUEST_ICON} " + _("Asked: {test}").format(
        test=request_described(term))]


def _request_after(record: RollRecord) -> list[str]:
    term = record.term(REQUEST)
    return [] if term is None else [f" · {REQUEST_ICON} " + _("asked: {skill}").format(
        skill=skill_word(term.skill, escape))]


# -- the dice changes ------------------------------------------------------------------------


def _change_lines(record: RollRecord) -> list[str]:
    return describe_changes(record.result, record.changes)


def _cancelled(record: RollRecord, kind: EntryKind) -> str | None:
    changes = record.changes
    if kind not in (EntryKind.DIE_CANCELLED, EntryKind.DIE_REROLLED) or not changes \
            or not changes[-1].cancellation:
        return None
    return cancellation_text(record.result, changes[-1])


def _cancellations(record: RollRecord) -> list[str]:
    return [f" · ↔️ {text}" for text in cancellations(record.result,
                                                      record.changes)]


# -- an attack -------------------------------------------------------------------------------


def _attack_lines(record: RollRecord) -> list[str]:
    attack = record.attack_view
    if attack is None:
        return []
    if record.result.pending:
        return [_("⏳ the attack's outcome waits for the plot die's face")]
    # the heading says what happened: the arithmetic follows in small text
    return [subtext(line) for line in outcome_lines(attack)]


def _attack_verdict(record: RollRecord) -> str | None:
    attack = record.attack_view
    if attack is None or record.result.pending:
        return None
    return outcome_summary(attack)


ATTACK_HEADLINE = Headline("⚔️", N_("Attack"))


def _attack_headline(record: RollRecord) -> Headline | None:
    return ATTACK_HEADLINE if ATTACK.key in record.terms.by_key else None


def _attack_step(record: RollRecord, kind: EntryKind) -> str | None:
    attack = record.term(ATTACK)
    if kind is not EntryKind.ATTACK_RECORDED or attack is None or not attack.steps:
        return None
    return f"{attack.steps[-1].value} recorded"


# -- spending --------------------------------------------------------------------------------


def _spent_step(record: RollRecord, kind: EntryKind) -> str | None:
    spent = record.term(SPENT)
    if kind is not EntryKind.SPENT or not spent:
        return None
    word = "Opportunity" if spent[-1].use.opportunity else "Complication"
    return f"{word} spent: {spent[-1].use.label}"


# -- an injury -------------------------------------------------------------------------------

BAND_COLORS = {Band.DEATH: "grey", Band.PERMANENT: "red", Band.VICIOUS: "red",
               Band.SHALLOW: "gold", Band.FLESH: "green"}


def _injury(record: RollRecord) -> Injury | None:
    terms = record.term(INJURY)
    return None if terms is None else Injury.of(terms, record.result)


def _injury_lines(record: RollRecord) -> list[str]:
    injury = _injury(record)
    return [] if injury is None else injury_lines(injury, record.result, DiscordMarkup())


def _injury_headline(record: RollRecord) -> Headline | None:
    injury = _injury(record)
    if injury is None:
        return None
    return Headline("🩸", N_("Injury"), BAND_COLORS[injury.band],
                    _("injury roll: d20 + deflect + modifier - 5 per injury taken"))


def _injury_outcome(record: RollRecord) -> str | None:
    injury = _injury(record)
    return None if injury is None else f"injury {injury_summary(injury)}"


# -- dice rolled at the table -----------------------------------------------------------------


def _physical_lines(record: RollRecord) -> list[str]:
    term = record.term(PHYSICAL)
    return [] if term is None else [f"{PHYSICAL_ICON} {physical_text(term)}"]


def _physical_step(record: RollRecord, kind: EntryKind) -> str | None:
    if kind is not EntryKind.ROLL or record.term(PHYSICAL) is None:
        return None
    return "rolled at the table (physical dice)"


def _physical_after(record: RollRecord) -> list[str]:
    return [] if record.term(PHYSICAL) is None else [f" · {PHYSICAL_ICON} {PHYSICAL_WORD}"]


# -- a secret --------------------------------------------------------------------------------


def _revealed_lines(record: RollRecord) -> list[str]:
    secret = record.term(SECRET)
    if secret is None or not secret.revealed:
        return []
    return [f"🔓 revealed by <@{secret.revealed_by}> · commitment `{secret.shown}`"]


VIEWS: tuple[TermView, ...] = (
    TermView(PHYSICAL, above=_physical_lines, step=_physical_step, after=_physical_after),
    TermView(CHARACTER, above=_character_lines, step=_rolled_with, who=_character_name),
    TermView(ENCOUNTER, above=_encounter_lines),
    TermView(TARGET, above=_target_lines),
    TermView(MANEUVER, above=_maneuver_lines),
    TermView(CARRIED, above=_carried_lines),
    TermView(REQUEST, above=_request_lines, after=_request_after),
    TermView(CHANGES, below=_change_lines, step=_cancelled, after=_cancellations),
    TermView(ATTACK, below=_attack_lines, headline=_attack_headline, step=_attack_step,
             verdict=_attack_verdict),
    TermView(CIRCUMSTANCES, above=_circumstances_lines, below=_ally_graze_lines),
    TermView(WIELDED, above=cumbersome_lines, below=ammunition_and_spend_lines),
    TermView(OTHER_TARGETS, above=_others_lines, below=_others_outcome_lines),
    TermView(SPENT, below=spent_lines, step=_spent_step, unheld=True),
    TermView(INJURY, below=_injury_lines, headline=_injury_headline, alone=True,
             outcome=_injury_outcome),
    TermView(SECRET, closing=_revealed_lines),
)  # in the order their lines show


@dataclass(frozen=True, slots=True)
class Held:
    """The views a set of kinds asks, in :data:`VIEWS`' order, and their hooks that do something."""
    # a plain roll's message calls one hook (what is left to spend), not a default per view

    views: tuple[TermView, ...]
    above: tuple[Callable[[RollRecord], list[str]], ...]
    below: tuple[Callable[[RollRecord], list[str]], ...]
    closing: tuple[Callable[[RollRecord], list[str]], ...]
    headlines: tuple[Callable[[RollRecord], Headline | None], ...]
    alone: tuple[TermView, ...]

    @classmethod
    def of(cls, views: tuple[TermView, ...]) -> Held:
        """The views and their hooks that are not the defaults."""
        return cls(views, tuple([view.above for view in views if view.above is not _no_lines]),
                   tuple([view.below for view in views if view.below is not _no_lines]),
                   tuple([view.closing for view in views if view.closing is not _no_lines]),
                   tuple([view.headline for view in views
                          if view.headline is not _no_headline]),
                   tuple([view for view in views if view.alone]))

    def standing_alone(self, record: RollRecord) -> TermView | None:
        """The view of a kind the record has that stands alone (``None``: none)."""
        for view in self.alone:
            if record.term(view.kind) is not None:
                return view
        return None


UNHELD = Held.of(tuple(view for view in VIEWS if view.unheld))  # asked of every record


def held(record: RollRecord) -> Held:
    """The views to ask of a record: its kinds' and the unheld ones (the others answer nothing)."""
    kinds = record.terms.by_key
    if not kinds:
        return UNHELD
    key = frozenset(kinds)
    found = _HELD.get(key)
    if found is None:
        found = Held.of(tuple([view for view in VIEWS if view.unheld or view.kind.key in kinds]))
        if len(_HELD) < HELD_KEPT:
            _HELD[key] = found
    return found


# sets of kinds whose views held() keeps: a message asks about seven times, few sets ever occur
HELD_KEPT = 1024
_HELD: dict[frozenset[str], Held] = {}


def held_views(record: RollRecord) -> tuple[TermView, ...]:
    """The views to ask of a record (see :func:`held`)."""
    return held(record).views


class Sections(NamedTuple):
    """What the kinds of a roll's terms show on its result message."""

    headline: Headline | None  # of the first of the record's kinds that leads
    alone: TermView | None
    above: list[str]
    below: list[str]  # a kind that stands alone: its own
    closing: list[str]


_tuple_new = tuple.__new__  # a Sections made without its constructor's call


def sections(record: RollRecord) -> Sections:
    """What every kind of the record's terms shows on its result message, each hook asked once."""
    views = held(record)
    headline = None
    for leads in views.headlines:
        headline = leads(record)
        if headline is not None:
            break
    alone = views.standing_alone(record) if views.alone else None
    above: list[str] = []
    for hook in views.above:
        above += hook(record)
    if alone is None:
        below: list[str] = []
        for hook in views.below:
            below += hook(record)
    else:
        below = alone.below(record)
    closing: list[str] = []
    for hook in views.closing:
        closing += hook(record)
    return _tuple_new(Sections, (headline, alone, above, below, closing))


def standing_alone(record: RollRecord) -> TermView | None:
    """The view of a kind the record has that stands alone (``None``: none)."""
    views = held(record)
    return views.standing_alone(record) if views.alone else None


def headline_of(record: RollRecord) -> Headline | None:
    """The headline of the first kind of the record's that leads its message."""
    return sections(record).headline


def above_lines(record: RollRecord) -> list[str]:
    """Every kind's lines above the rows."""
    return sections(record).above


def below_lines(record: RollRecord) -> list[str]:
    """Every kind's lines below the rows (a kind that stands alone: its own)."""
    return sections(record).below


def closing_lines(record: RollRecord) -> list[str]:
    """Every kind's lines at the very end."""
    return sections(record).closing


def step_of(record: RollRecord, kind: EntryKind) -> str | None:
    """A record's step label from its kinds (``None``: the entry kind's own)."""
    return next((label for view in held_views(record)
                 if (label := view.step(record, kind)) is not None),
                None)


def who_of(record: RollRecord) -> str | None:
    """What a /history line names after the roller (``None``: nothing)."""
    return next((who for view in held_views(record) if (who := view.who(record)) is not None),
                None)


def outcome_of(record: RollRecord) -> str | None:
    """A /history line's outcome in place of the totals (``None``: the totals)."""
    return next((text for view in held_views(record)
                 if (text := view.outcome(record)) is not None), None)


def verdict_of(record: RollRecord) -> str | None:
    """What happened, in a few words, from the first kind that says (``None``: the dice's)."""
    return next((text for view in held_views(record)
                 if (text := view.verdict(record)) is not None), None)


def after_outcome(record: RollRecord) -> str:
    """What follows a /history line's outcome."""
    return "".join(text for view in held_views(record) for text in view.after(record))
