"""How an encounter is kept: the versioned JSON of the ``encounters.document`` column."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import Enum
from typing import TypeVar

from nazh.application.shared.json_types import JsonMapping, JsonObject, JsonValue
from nazh.domain.character import Attribute
from nazh.domain.encounter.applied import Applied, AppliedKind
from nazh.domain.encounter.combatant import (
    Combatant,
    Defenses,
    Reactions,
    Role,
    Side,
    TurnState,
)
from nazh.domain.encounter.conditions import Condition, ConditionName
from nazh.domain.encounter.damage import DamageType
from nazh.domain.encounter.encounter import Encounter
from nazh.domain.encounter.errors import EncounterError
from nazh.domain.encounter.holds import Hold, HoldKind
from nazh.domain.encounter.tally import Tally
from nazh.domain.encounter.timing import PHASES, Moment, Speed

# The store's own format (tools read the export): a reader of another version refuses it. Order kept
# where it counts, sets written sorted (one encounter, one document); a moment is its round and
# phase index (0: fast players .. 3: slow adversaries).
DOCUMENT_VERSION = 1

_E = TypeVar("_E", bound=Enum)
_T = TypeVar("_T")


class EncounterDocumentError(ValueError):
    """A kept encounter cannot be read (version, field, or the rules refuse it); names the field."""


def encounter_document(encounter: Encounter) -> JsonObject:
    """The encounter as a JSON-able document."""
    return {
        "v": DOCUMENT_VERSION,
        "name": encounter.name,
        "moment": _moment(encounter.moment),
        "keep_speed": encounter.keep_speed,
        "combatants": [_combatant(c) for c in encounter.combatants],
    }


def encounter_of(document: JsonValue) -> Encounter:
    """The encounter a document holds; :class:`EncounterDocumentError` if it cannot be read."""
    if not isinstance(document, dict):
        raise EncounterDocumentError(
            f"an encounter document is a JSON object, not {_kind(document)}")
    version = document.get("v")
    if isinstance(version, bool) or version != DOCUMENT_VERSION:
        raise EncounterDocumentError(
            f"an encounter document of version {version!r}: this version of Nazh reads "
            f"version {DOCUMENT_VERSION}")
    top = _Fields(document, "")
    combatants = top.objects("combatants")
    try:
        return Encounter(name=top.text("name"), moment=_moment_of(top.fields("moment")),
                         combatants=tuple(_combatant_of(c) for c in combatants),
                         keep_speed=top.flag("keep_speed"))
    except EncounterError as error:
        raise EncounterDocumentError(f"an encounter document the rules refuse: {error}"
                                     ) from None


# -- written ---------------------------------------------------------------------------------


def _moment(moment: Moment) -> JsonObject:
    return {"round": moment.round, "phase": moment.phase_index}


def _combatant(combatant: Combatant) -> JsonObject:
    defenses = combatant.defenses
    kept: JsonObject = {
        "name": combatant.name,
        "side": combatant.side.value,
        "role": combatant.role.value,
        "owner_id": combatant.owner_id,
        "character_id": combatant.character_id,
        "health": combatant.health,
        "health_max": combatant.health_max,
        "focus": combatant.focus,
        "deflect": combatant.deflect,
        "defenses": {"physical": defenses.physical, "cognitive": defenses.cognitive,
                     "spiritual": defenses.spiritual},
        "immunities": _sorted(combatant.immunities),
        "damage_immunities": _sorted(combatant.damage_immunities),
        "conditions": [_condition(c) for c in combatant.conditions],
        "turn": _turn(combatant.turn),
        "defeated": combatant.defeated,
        "tally": _tally(combatant.tally),
    }
    # Missing reactions or applications read as none: documents kept before them read the same.
    if combatant.reactions != Reactions():  # kept only once there is something to keep
        kept["reactions"] = _reactions(combatant.reactions)
    if combatant.applications:  # kept only once there is something to undo
        kept["applications"] = [applied_document(a) for a in combatant.applications]
    if combatant.holds:  # an advantage gained, a grapple: kept only while there is one
        kept["holds"] = [{"kind": h.kind.value, "other": h.other, "skill": h.skill}
                         for h in combatant.holds]
    return kept


def applied_document(applied: Applied) -> JsonObject:
    """An application of damage or healing as the document (and the log's ``applied``) keeps it."""
    return {
        "kind": applied.kind.value,
        "amount": applied.amount,
        "type": None if applied.damage_type is None else applied.damage_type.value,
        "deflect": applied.deflect,
        "applied": applied.applied,
        "before": applied.before,
        "after": applied.after,
        "roll_id": applied.roll_id,
        "dealer": applied.dealer,
        "fell": applied.fell,
        "defeated": applied.defeated,
        "injury": applied.injury,
        "part": applied.part,
    }


def _reactions(reactions: Reactions) -> JsonObject:
    encoded: JsonObject = {
        "focus_spent": reactions.focus_spent,
        "dodging": reactions.dodging,
        "aided_by": reactions.aided_by,
        "recovered": reactions.recovered,
        "extra_ready": reactions.extra_ready,
    }
    if reactions.braced:  # written only when Braced: a document kept before it encodes as it was
        encoded["braced"] = True
    return encoded


def _condition(condition: Condition) -> JsonObject:
    return {
        "name": condition.name.value,
        "value": condition.value,
        "attribute": None if condition.attribute is None else condition.attribute.value,
        "source": condition.source,
        "ends_at": None if condition.ends_at is None else _moment(condition.ends_at),
        "turn_ends_left": condition.turn_ends_left,
        "damage_type": None if condition.damage_type is None else condition.damage_type.value,
        "dice": condition.dice,
    }


def _turn(turn: TurnState) -> JsonObject:
    encoded: JsonObject = {
        "speed": turn.speed.value,
        "started": _sorted(turn.started),
        "finished": _sorted(turn.finished),
        "current": None if turn.current is None else turn.current.value,
        "stays_slow": turn.stays_slow,
        "actions": turn.actions,
        "actions_at_start": turn.actions_at_start,
        "reaction": turn.reaction,
        "begun": turn.begun,
    }
    if turn.used:  # written only when there is one: a document kept before it encodes as it was
        encoded["used"] = list(turn.used)
    return encoded


def _tally(tally: Tally) -> JsonObject:
    return {
        "damage_dealt": tally.damage_dealt,
        "damage_taken": tally.damage_taken,
        "critical_hits": tally.critical_hits,
        "grazes": tally.grazes,
        "injuries": tally.injuries,
        "conditions": [name.value for name in tally.conditions],
    }


def _sorted(members: Iterable[Enum]) -> list[str]:
    return sorted(str(member.value) for member in members)


# -- read ------------------------------------------------------------------------------------


def _moment_of(fields: _Fields) -> Moment:
    round_ = fields.whole("round")
    phase = fields.whole("phase")
    if round_ < 1 or not 0 <= phase < len(PHASES):
        raise EncounterDocumentError(f"{fields.path or 'the document'} is round {round_}, "
                                     f"phase {phase}: rounds count from 1, phases from 0 to "
                                     f"{len(PHASES) - 1}")
    return Moment(round_, phase)


def _combatant_of(fields: _Fields) -> Combatant:
    defenses = fields.fields("defenses")
    return Combatant(
        name=fields.text("name"),
        side=fields.choice("side", Side),
        role=fields.choice("role", Role),
        owner_id=fields.whole("owner_id"),
        health=fields.whole("health"),
        health_max=fields.whole("health_max"),
        character_id=fields.maybe("character_id", _Fields.text),
        focus=fields.whole("focus"),
        deflect=fields.whole("deflect"),
        defenses=Defenses(defenses.whole("physical"), defenses.whole("cognitive"),
                          defenses.whole("spiritual")),
        immunities=frozenset(fields.choices("immunities", ConditionName)),
        damage_immunities=frozenset(fields.choices("damage_immunities", DamageType)
                                    if "damage_immunities" in fields.raw else ()),
        conditions=tuple(_condition_of(c) for c in fields.objects("conditions")),
        turn=_turn_of(fields.fields("turn")),
        defeated=fields.flag("defeated"),
        tally=_tally_of(fields.fields("tally")),
        reactions=(_reactions_of(fields.fields("reactions")) if "reactions" in fields.raw
                   else Reactions()),
        applications=tuple(_applied_of(a) for a in fields.objects("applications"))
        if "applications" in fields.raw else (),
        holds=tuple(Hold(h.choice("kind", HoldKind), h.text("other"), h.text("skill"))
                    for h in fields.objects("holds")) if "holds" in fields.raw else (),
    )


def applied_of(document: JsonValue) -> Applied:
    """An application as :func:`applied_document` wrote it (EncounterDocumentError if malformed)."""
    if not isinstance(document, dict):
        raise EncounterDocumentError(f"an application is an object, not {_kind(document)}")
    try:
        return _applied_of(_Fields(document, "applied"))
    except EncounterError as error:
        raise EncounterDocumentError(f"an application the rules refuse: {error}") from None


def _applied_of(fields: _Fields) -> Applied:
    return Applied(
        kind=fields.choice("kind", AppliedKind),
        amount=fields.whole("amount"),
        damage_type=fields.maybe("type", lambda f, key: f.choice(key, DamageType)),
        deflect=fields.whole("deflect"),
        applied=fields.whole("applied"),
        before=fields.whole("before"),
        after=fields.whole("after"),
        roll_id=fields.maybe("roll_id", _Fields.text),
        dealer=fields.maybe("dealer", _Fields.text),
        fell=fields.flag("fell"),
        defeated=fields.flag("defeated"),
        # kept before an application said its injury: the fall it caused called for one
        injury=fields.flag("injury") if "injury" in fields.raw else fields.flag("fell"),
        part=fields.maybe("part", _Fields.text) if "part" in fields.raw else None,
    )


def _reactions_of(fields: _Fields) -> Reactions:
    return Reactions(
        focus_spent=fields.whole("focus_spent"),
        dodging=fields.flag("dodging"),
        aided_by=fields.maybe("aided_by", _Fields.text),
        recovered=fields.flag("recovered"),
        # a document kept before it: no extra action waits
        extra_ready=fields.flag("extra_ready") if "extra_ready" in fields.raw else False,
        braced=fields.flag("braced") if "braced" in fields.raw else False,
    )


def _condition_of(fields: _Fields) -> Condition:
    return Condition(
        name=fields.choice("name", ConditionName),
        value=fields.whole("value"),
        attribute=fields.maybe("attribute", lambda f, key: f.choice(key, Attribute)),
        source=fields.text("source"),
        ends_at=fields.maybe("ends_at", lambda f, key: _moment_of(f.fields(key))),
        turn_ends_left=fields.whole("turn_ends_left"),
        # Afflicted's type and dice: a document kept before them has neither
        damage_type=(fields.maybe("damage_type", lambda f, key: f.choice(key, DamageType))
                     if "damage_type" in fields.raw else None),
        dice=fields.text("dice") if "dice" in fields.raw else "",
    )


def _turn_of(fields: _Fields) -> TurnState:
    return TurnState(
        speed=fields.choice("speed", Speed),
        started=frozenset(fields.choices("started", Speed)),
        finished=frozenset(fields.choices("finished", Speed)),
        current=fields.maybe("current", lambda f, key: f.choice(key, Speed)),
        stays_slow=fields.flag("stays_slow"),
        actions=fields.maybe("actions", _Fields.whole),
        reaction=fields.flag("reaction"),
        actions_at_start=fields.maybe("actions_at_start", _Fields.whole),
        # a document kept before it: its running turns had begun
        begun=fields.flag("begun") if "begun" in fields.raw else True,
        used=tuple(fields.texts("used")) if "used" in fields.raw else (),
    )


def _tally_of(fields: _Fields) -> Tally:
    return Tally(
        damage_dealt=fields.whole("damage_dealt"),
        damage_taken=fields.whole("damage_taken"),
        critical_hits=fields.whole("critical_hits"),
        grazes=fields.whole("grazes"),
        injuries=fields.whole("injuries"),
        conditions=tuple(fields.choices("conditions", ConditionName)),
    )


@dataclass(frozen=True, slots=True)
class _Fields:
    """A JSON object and its path (``combatants[2].turn``), read one checked field at a time."""

    raw: JsonMapping
    path: str

    def text(self, key: str) -> str:
        value = self._value(key)
        if not isinstance(value, str):
            raise self._wrong(key, "text", value)
        return value

    def whole(self, key: str) -> int:
        value = self._value(key)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self._wrong(key, "a whole number", value)
        return value

    def flag(self, key: str) -> bool:
        value = self._value(key)
        if not isinstance(value, bool):
            raise self._wrong(key, "true or false", value)
        return value

    def choice(self, key: str, kind: type[_E]) -> _E:
        return _member(kind, self.text(key), self._at(key))

    def choices(self, key: str, kind: type[_E]) -> list[_E]:
        texts = self._list(key)
        if not all(isinstance(text, str) for text in texts):
            raise self._wrong(key, "a list of texts", texts)
        return [_member(kind, text, f"{self._at(key)}[{n}]") for n, text in enumerate(texts)]

    def texts(self, key: str) -> list[str]:
        texts = self._list(key)
        if not all(isinstance(text, str) for text in texts):
            raise self._wrong(key, "a list of texts", texts)
        return [str(text) for text in texts]

    def fields(self, key: str) -> _Fields:
        value = self._value(key)
        if not isinstance(value, dict):
            raise self._wrong(key, "an object", value)
        return _Fields(value, self._at(key))

    def objects(self, key: str) -> list[_Fields]:
        items = self._list(key)
        for n, item in enumerate(items):
            if not isinstance(item, dict):
                raise EncounterDocumentError(f"{self._at(key)}[{n}] should be an object, not "
                                             f"{_kind(item)}")
        return [_Fields(item, f"{self._at(key)}[{n}]") for n, item in enumerate(items)]

    def maybe(self, key: str, read: Callable[[_Fields, str], _T]) -> _T | None:
        """``None`` for a null field, otherwise the field as ``read`` reads it."""
        return None if self._value(key) is None else read(self, key)

    def _list(self, key: str) -> list[JsonValue]:
        value = self._value(key)
        if not isinstance(value, list):
            raise self._wrong(key, "a list", value)
        return value

    def _value(self, key: str) -> JsonValue:
        if key not in self.raw:
            raise EncounterDocumentError(f"{self._at(key)} is missing")
        return self.raw[key]

    def _at(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def _wrong(self, key: str, expected: str, value: JsonValue) -> EncounterDocumentError:
        return EncounterDocumentError(f"{self._at(key)} should be {expected}, not "
                                      f"{_kind(value)}")


def _member(kind: type[_E], text: str, path: str) -> _E:
    try:
        return kind(text)
    except ValueError:
        known = ", ".join(str(member.value) for member in kind)
        raise EncounterDocumentError(f'{path} is "{text[:40]}", not one of {known}') from None


def _kind(value: JsonValue) -> str:
    names = {bool: "true or false", int: "a whole number", float: "a fraction", str: "text",
             list: "a list", dict: "an object", type(None): "null"}
    return names.get(type(value), type(value).__name__)
