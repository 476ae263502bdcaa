"""The custom ids of an encounter's controls, the codec of the encounters' feature."""

from __future__ import annotations

from dataclasses import dataclass

from nazh.adapters.discord.runtime.controls import PREFIX, Codec
from nazh.application.encounters.turns import TurnAct
from nazh.application.shared.ids import ROLL_ID_ALPHABET, ROLL_ID_LENGTH
from nazh.domain.encounter.conditions import ConditionName
from nazh.domain.encounter.timing import PHASES, Moment
from nazh.presentation import encounter_card

# A custom id is data: it decodes only when shaped like these; the use cases look up the encounter
# it names and check the act.
CARD_KIND = "enc"  # nz1:enc:<encounter id>:<action>[:<seen>]: a card's button
TURN_PANEL_KIND = "ecp"  # nz1:ecp:<encounter id>:<action>[:<seen>]: a My turn panel's button
GM_PANEL_KIND = "ecg"  # nz1:ecg:<encounter id>:<action>[:<seen>]: a GM panel's button
PANEL_KINDS = frozenset({TURN_PANEL_KIND, GM_PANEL_KIND})
CHOOSE_KIND = "ecs"  # nz1:ecs:<encounter id>:<action>: whom a button is for
CONDITIONS_KIND = "ecd"  # nz1:ecd:<encounter id>: a panel's Conditions select
CONDITION_TARGET_KIND = "ecc"  # nz1:ecc:<encounter id>:<condition>: who takes it
AID_KIND = "eca"  # nz1:eca:<encounter id>:<combatant>: whom to Aid
STRIKE_KIND = "ecw"  # the weapon and target of a Reactive strike
EXTRA_KIND = "ecx"  # an extra action, or a condition ended
TARGET_KIND = "ech"  # nz1:ech:<encounter id>: the GM panel's Damage or heal select
FORM_KIND = "ecf"  # nz1:ecf:<encounter id>:<combatant>: the amount's form (.health_form)
WHO_KIND = "ecn"  # nz1:ecn:<encounter id>: the GM panel's Give a condition select
CONDITION_FORM_KIND = "eco"  # nz1:eco:<encounter id>:<combatant>: its form (.condition_form)
RELOAD_KIND = "ecl"  # nz1:ecl:<encounter id>:<character id>:<weapon index>: My turn's Reload
REACTION_KINDS = frozenset({AID_KIND, STRIKE_KIND, EXTRA_KIND})
VERSIONED = frozenset({TurnAct.ACTION.value, TurnAct.EXTRA.value, TurnAct.RECOVER.value})
"""The card's buttons that carry the version shown (a double click takes one step)."""
NEXT = encounter_card.NEXT
GM_VIEW = encounter_card.GM_VIEW
MAX_SEEN_DIGITS = 12


@dataclass(frozen=True, slots=True)
class CardControl:
    """A card's or a panel's button: ``mine`` or ``gm`` (the card's), a :class:`TurnAct`'s value,
    ``next`` or ``gm-view``."""

    encounter_id: str
    action: str
    moment: Moment | None = None  # Next: the moment shown (<round>.<phase index>)
    version: int | None = None  # Spend an action, Extra action, Recover: the version shown
    panel: str | None = None  # the panel's kind it is on (None: the card)


@dataclass(frozen=True, slots=True)
class ChooseControl:
    """The select of which combatant a button's act is for."""

    encounter_id: str
    act: TurnAct


@dataclass(frozen=True, slots=True)
class ConditionsControl:
    """A panel's Conditions select (the condition is the option chosen)."""

    encounter_id: str


@dataclass(frozen=True, slots=True)
class ConditionTargetControl:
    """The select of who takes the condition chosen on the card."""

    encounter_id: str
    condition: ConditionName


@dataclass(frozen=True, slots=True)
class ReactionControl:
    """The select after Aid, Reactive strike or Extra action, for ``combatant``."""

    encounter_id: str
    kind: str
    combatant: str


@dataclass(frozen=True, slots=True)
class ReloadControl:
    """My turn's Reload: the sheet's weapon at ``index``."""

    encounter_id: str
    character_id: str
    index: int


EncounterControl = (CardControl | ChooseControl | ConditionsControl | ConditionTargetControl
                    | ReactionControl | ReloadControl)

_ACTIONS = frozenset({*(a.value for a in TurnAct), NEXT, GM_VIEW})
"""A panel's actions (and an older card's, drawn before the panels, still answered)."""
_CARD_ACTIONS = _ACTIONS | {encounter_card.MINE, encounter_card.GM}


def card_button(encounter_id: str, action: str, *, moment: Moment | None = None,
                version: int | None = None, panel: str | None = None) -> str:
    """The custom id of a card's button (``panel``: of that panel's button)."""
    seen = ""
    if moment is not None:
        seen = f":{moment.round}.{moment.phase_index}"
    elif version is not None:
        seen = f":{version}"
    return f"{PREFIX}:{panel or CARD_KIND}:{encounter_id}:{action}{seen}"


def choose_select(encounter_id: str, act: TurnAct) -> str:
    """The custom id of the select of which combatant an act is for."""
    return f"{PREFIX}:{CHOOSE_KIND}:{encounter_id}:{act.value}"


def conditions_select(encounter_id: str) -> str:
    """The custom id of a panel's Conditions select."""
    return f"{PREFIX}:{CONDITIONS_KIND}:{encounter_id}"


def condition_target_select(encounter_id: str, condition: ConditionName) -> str:
    """The custom id of the select of who takes ``condition``."""
    return f"{PREFIX}:{CONDITION_TARGET_KIND}:{encounter_id}:{condition.value}"


def reaction_select(encounter_id: str, kind: str, combatant: str) -> str:
    """The custom id of the select after Aid, Reactive strike or Extra action."""
    return f"{PREFIX}:{kind}:{encounter_id}:{combatant}"


def reload_button(encounter_id: str, character_id: str, index: int) -> str:
    """The custom id of My turn's Reload of the sheet's weapon at ``index``."""
    return f"{PREFIX}:{RELOAD_KIND}:{encounter_id}:{character_id}:{index}"


def target_select(encounter_id: str) -> str:
    """The custom id of the GM panel's Damage or heal select."""
    return f"{PREFIX}:{TARGET_KIND}:{encounter_id}"


def amount_form(encounter_id: str, combatant: str) -> str:
    """The custom id of the form of the amount of damage or healing for ``combatant``."""
    return f"{PREFIX}:{FORM_KIND}:{encounter_id}:{combatant}"


def who_select(encounter_id: str) -> str:
    """The custom id of the GM panel's Give a condition select (of the combatants)."""
    return f"{PREFIX}:{WHO_KIND}:{encounter_id}"


def condition_form(encounter_id: str, combatant: str) -> str:
    """The custom id of the form of a condition given to ``combatant``."""
    return f"{PREFIX}:{CONDITION_FORM_KIND}:{encounter_id}:{combatant}"


def an_id(text: str) -> bool:
    """Whether ``text`` is shaped as an encounter's id."""
    return len(text) == ROLL_ID_LENGTH and all(c in ROLL_ID_ALPHABET for c in text)


def _number(text: str) -> int | None:
    if not text.isascii() or not text.isdigit() or len(text) > MAX_SEEN_DIGITS:
        return None
    return int(text)


def _moment(text: str) -> Moment | None:
    round_, _, phase = text.partition(".")
    number, index = _number(round_), _number(phase)
    if number is None or index is None or number < 1 or index >= len(PHASES):
        return None
    return Moment(number, index)


def _card(encounter_id: str, rest: list[str], panel: str | None) -> CardControl | None:
    actions = _CARD_ACTIONS if panel is None else _ACTIONS
    if not rest or rest[0] not in actions or len(rest) > 2:
        return None
    action, seen = rest[0], rest[1] if len(rest) == 2 else None
    if seen is None:
        return CardControl(encounter_id, action, panel=panel)
    if action == NEXT:
        moment = _moment(seen)
        return None if moment is None else CardControl(encounter_id, action, moment=moment,
                                                       panel=panel)
    if action in VERSIONED:
        version = _number(seen)
        return None if version is None else CardControl(encounter_id, action, version=version,
                                                        panel=panel)
    return None


def _decode(parts: list[str]) -> EncounterControl | None:
    _, kind, encounter_id, *rest = parts
    if not an_id(encounter_id):
        return None
    if kind == CARD_KIND:
        return _card(encounter_id, rest, None)
    if kind in PANEL_KINDS:
        return _card(encounter_id, rest, kind)
    if kind == CONDITIONS_KIND and not rest:
        return ConditionsControl(encounter_id)
    if kind in REACTION_KINDS and rest and any(rest):
        return ReactionControl(encounter_id, kind, ":".join(rest))
    return _select(kind, encounter_id, rest)


def _reload(encounter_id: str, rest: list[str]) -> ReloadControl | None:
    if len(rest) != 2 or not an_id(rest[0]):  # a sheet's id is shaped as an encounter's
        return None
    index = _number(rest[1])
    return None if index is None else ReloadControl(encounter_id, rest[0], index)


def _select(kind: str, encounter_id: str, rest: list[str]) -> EncounterControl | None:
    if kind == RELOAD_KIND:
        return _reload(encounter_id, rest)
    if len(rest) != 1:
        return None
    if kind == CHOOSE_KIND and rest[0] in {a.value for a in TurnAct}:
        return ChooseControl(encounter_id, TurnAct(rest[0]))
    if kind == CONDITION_TARGET_KIND and rest[0] in {c.value for c in ConditionName}:
        return ConditionTargetControl(encounter_id, ConditionName(rest[0]))
    return None


CODEC = Codec(frozenset({CARD_KIND, *PANEL_KINDS, CHOOSE_KIND, CONDITIONS_KIND,
                         CONDITION_TARGET_KIND, *REACTION_KINDS, RELOAD_KIND}), _decode)
"""The encounters' controls."""
