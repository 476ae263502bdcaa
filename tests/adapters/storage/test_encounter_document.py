"""The kept encounter document: any encounter the domain can reach comes back exactly through
JSON, and a document that is not one is refused with an error naming the field."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nazh.adapters.storage.database import canonical_json
from nazh.adapters.storage.encounter_document import (
    DOCUMENT_VERSION,
    EncounterDocumentError,
    encounter_document,
    encounter_of,
)
from nazh.application.shared.json_types import JsonObject, JsonValue
from nazh.domain.encounter.combatant import Combatant, Reactions, Role, Side
from nazh.domain.encounter.conditions import Condition, ConditionName
from nazh.domain.encounter.damage import DamageType
from nazh.domain.encounter.encounter import Encounter, open_encounter
from nazh.domain.encounter.hits import hit
from nazh.domain.encounter.holds import Hold, HoldKind
from nazh.domain.encounter.timing import Moment, Speed
from tests.adapters.storage.encounter_kit import encounters, skirmish

PROPERTY = settings(max_examples=100, deadline=None)
Path = tuple[str | int, ...]


def through_json(document: JsonObject) -> JsonValue:
    return json.loads(json.dumps(document, allow_nan=False))


def paths(value: JsonValue, at: Path = ()) -> Iterator[Path]:
    """The path of every value inside ``value`` (not ``value`` itself)."""
    items = value.items() if isinstance(value, dict) \
        else enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        yield (*at, key)
        yield from paths(item, (*at, key))


def changed(document: JsonObject, path: Path, value: JsonValue | None = None) -> JsonObject:
    """A copy of ``document`` with the value at ``path`` replaced (removed when ``None``)."""
    result = copy.deepcopy(document)
    parent: JsonValue = result
    for key in path[:-1]:
        parent = parent[key]
    if value is None:
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    return result


# -- round trips -----------------------------------------------------------------------------


@PROPERTY
@given(encounters())
def test_any_reachable_encounter_comes_back_exactly_through_json(encounter: Encounter) -> None:
    document = encounter_document(encounter)
    assert document["v"] == DOCUMENT_VERSION
    assert encounter_of(through_json(document)) == encounter
    assert canonical_json(encounter_document(encounter_of(document))) == canonical_json(document)


def test_a_hand_built_encounter_holds_every_kind_of_field() -> None:
    encounter = skirmish()
    kaladin, szeth, bandit = encounter.combatants[:3]
    assert kaladin.turn.finished == {Speed.FAST}
    assert szeth.turn.current is Speed.FAST
    assert bandit.conditions[0].ends_at == Moment(3, 1)
    assert (kaladin.tally.damage_taken, szeth.tally.damage_dealt) == (5, 5)
    document = encounter_document(encounter)
    assert document["moment"] == {"round": 1, "phase": 1}
    assert document["combatants"][0]["immunities"] == ["surprised"]
    assert document["combatants"][2]["conditions"] == [{
        "name": "afflicted", "value": 3, "attribute": None, "source": "fire",
        "ends_at": {"round": 3, "phase": 1}, "turn_ends_left": 0, "damage_type": None,
        "dice": ""}]
    assert encounter_of(through_json(document)) == encounter


def test_a_new_encounter_is_a_small_document() -> None:
    assert encounter_document(open_encounter()) == {
        "v": 1, "name": "", "moment": {"round": 1, "phase": 0}, "keep_speed": False,
        "combatants": []}


# -- refused ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("document", "message"), [
    ([], "a JSON object, not a list"),
    ({"name": "x"}, "version None"),
    ({"v": 2, "name": "x"}, "version 2: this version of Nazh reads version 1"),
    ({"v": True, "name": "x"}, "version True"),
])
def test_a_document_of_another_version_or_shape_is_refused(document: JsonValue,
                                                           message: str) -> None:
    with pytest.raises(EncounterDocumentError, match=message):
        encounter_of(document)


@pytest.mark.parametrize(("path", "value", "message"), [
    (("combatants", 0, "turn"), None, r"combatants\[0\]\.turn is missing"),
    (("combatants", 1, "health"), "40", r"combatants\[1\]\.health should be a whole number, "
                                        "not text"),
    (("combatants", 1, "health"), True, "should be a whole number, not true or false"),
    (("combatants", 1, "health"), 41, "the rules refuse: Szeth: health from 0 to 40"),
    (("combatants", 0, "side"), "neutral", r'combatants\[0\]\.side is "neutral", not one of '
                                           "player, ally, enemy"),
    (("combatants", 0, "immunities", 0), "sleepy", r"immunities\[0\] is \"sleepy\""),
    (("combatants", 0, "turn", "started"), "fast", r"turn\.started should be a list, not text"),
    (("combatants", 2, "conditions", 0, "ends_at", "phase"), 4,
     r"ends_at is round 3, phase 4: rounds count from 1, phases from 0 to 3"),
    (("moment", "round"), 0, "moment is round 0"),
    (("combatants", 0), 3, r"combatants\[0\] should be an object, not a whole number"),
    (("combatants", 0, "focus"), 1.0, r"combatants\[0\]\.focus should be a whole number, not "
                                      "a fraction"),
    (("keep_speed",), None, "keep_speed is missing"),
])
def test_a_damaged_document_is_refused_naming_the_field(path: Path, value: JsonValue,
                                                        message: str) -> None:
    with pytest.raises(EncounterDocumentError, match=message):
        encounter_of(changed(encounter_document(skirmish()), path, value))


OPTIONAL = frozenset({"damage_immunities", "reactions", "applications", "damage_type", "dice",
                      "holds", "extra_ready", "begun", "used", "braced"})
"""The fields a document may lack (added after documents were kept without them)."""


@PROPERTY
@given(encounters(), st.data())
def test_any_field_missing_or_of_the_wrong_shape_is_refused_with_the_documents_error(
        encounter: Encounter, data: st.DataObject) -> None:
    document = encounter_document(encounter)
    path = data.draw(st.sampled_from(list(paths(document))))
    damaged = [changed(document, path, {"?": []})]
    optional = path[-1] in OPTIONAL  # kept since: a document from before reads without it
    damaged += [changed(document, path)] if isinstance(path[-1], str) and not optional else []
    for each in damaged:
        with pytest.raises(EncounterDocumentError):
            encounter_of(each)


def test_a_document_kept_before_damage_immunities_reads_as_none() -> None:
    bandit = Combatant("Bandit", Side.ENEMY, Role.MINION, 1, 6, 6,
                       damage_immunities=frozenset({DamageType.SPIRIT}))
    document = encounter_document(Encounter(combatants=(bandit,)))
    assert encounter_of(document).combatants[0].damage_immunities == {DamageType.SPIRIT}
    combatants = document["combatants"]
    assert isinstance(combatants, list)
    older = dict(combatants[0])
    del older["damage_immunities"]
    kept_before = {**document, "combatants": [older]}
    assert encounter_of(kept_before).combatants[0].damage_immunities == frozenset()


def test_a_combatants_reactions_are_kept_and_a_document_without_them_reads_as_none() -> None:
    szeth = Combatant("Szeth", Side.ENEMY, Role.BOSS, 1, 40, 40, focus=2,
                      reactions=Reactions(focus_spent=1, dodging=True, aided_by="Bandit",
                                          recovered=True))
    document = encounter_document(Encounter(combatants=(szeth,)))
    combatants = document["combatants"]
    assert isinstance(combatants, list)
    kept = combatants[0]
    assert isinstance(kept, dict)
    assert kept["reactions"] == {"focus_spent": 1, "dodging": True, "aided_by": "Bandit",
                                 "recovered": True, "extra_ready": False}
    assert encounter_of(through_json(document)).combatants[0] == szeth
    older = {key: value for key, value in kept.items() if key != "reactions"}
    assert encounter_of({**document, "combatants": [older]}).combatants[0].reactions == \
        Reactions()


def test_a_combatant_with_nothing_held_keeps_its_document_as_before() -> None:
    bandit = Combatant("Bandit", Side.ENEMY, Role.MINION, 1, 6, 6)
    combatants = encounter_document(Encounter(combatants=(bandit,)))["combatants"]
    assert isinstance(combatants, list)
    assert isinstance(combatants[0], dict)
    assert "reactions" not in combatants[0]


def test_a_combatants_applications_are_kept_and_a_document_without_them_reads_as_none() -> None:
    bandit = Combatant("Bandit", Side.ENEMY, Role.MINION, 1, 6, 6, deflect=2)
    hurt = hit(Encounter(combatants=(bandit,)), "Bandit", 7, DamageType.KEEN,
               roll_id="r1")[0].encounter
    document = encounter_document(hurt)
    combatants = document["combatants"]
    assert isinstance(combatants, list)
    kept = combatants[0]
    assert isinstance(kept, dict)
    assert kept["applications"] == [{
        "kind": "damage", "amount": 7, "type": "keen", "deflect": 2, "applied": 5,
        "before": 6, "after": 1, "roll_id": "r1", "dealer": None, "fell": False,
        "defeated": False, "injury": False, "part": None}]
    assert encounter_of(through_json(document)) == hurt
    older = {key: value for key, value in kept.items() if key != "applications"}
    assert encounter_of({**document, "combatants": [older]}).combatants[0].applications == ()
    unhurt = encounter_document(Encounter(combatants=(bandit,)))["combatants"]
    assert isinstance(unhurt, list)
    assert isinstance(unhurt[0], dict)
    assert "applications" not in unhurt[0]


def test_an_application_says_the_injury_it_called_for_and_an_older_one_its_fall() -> None:
    rival = Combatant("Lopen", Side.ALLY, Role.RIVAL, 1, 6, 6)  # an ally falls at 0
    felled = hit(Encounter(combatants=(rival,)), "Lopen", 9, None, roll_id="r1")[0].encounter
    [applied] = felled.find("Lopen").applications
    assert (applied.fell, applied.injury) == (True, True)
    document = encounter_document(felled)
    assert encounter_of(through_json(document)) == felled
    combatants = document["combatants"]
    assert isinstance(combatants, list)
    assert isinstance(combatants[0], dict)
    [kept] = combatants[0]["applications"]
    assert isinstance(kept, dict)
    for fell in (True, False):
        older = {key: value for key, value in kept.items() if key != "injury"}
        older["fell"] = fell
        read = encounter_of({**document, "combatants": [{**combatants[0],
                                                          "applications": [older]}]})
        assert read.find("Lopen").applications[0].injury is fell


def test_a_combatants_holds_are_kept_and_a_document_without_them_reads_as_none() -> None:
    """An advantage gained (Gain Advantage) and a grapple held (Grapple) on a combatant."""
    kaladin = Combatant("Kaladin", Side.PLAYER, Role.RIVAL, 1, 12, 12, holds=(
        Hold(HoldKind.ADVANTAGE, "Bandit", "deduction"), Hold(HoldKind.GRAPPLED, "Szeth")))
    document = encounter_document(Encounter(combatants=(kaladin,)))
    combatants = document["combatants"]
    assert isinstance(combatants, list)
    kept = combatants[0]
    assert isinstance(kept, dict)
    assert kept["holds"] == [{"kind": "advantage", "other": "Bandit", "skill": "deduction"},
                             {"kind": "grappled", "other": "Szeth", "skill": ""}]
    assert encounter_of(through_json(document)).combatants[0] == kaladin
    older = {key: value for key, value in kept.items() if key != "holds"}
    assert encounter_of({**document, "combatants": [older]}).combatants[0].holds == ()
    wrong = {**kept, "holds": [{"kind": "advantage", "other": "Bandit", "skill": ""}]}
    with pytest.raises(EncounterDocumentError, match="names the skill"):
        encounter_of({**document, "combatants": [wrong]})


def test_afflicted_keeps_its_type_and_dice_and_an_older_document_reads_without_them() -> None:
    """Part 2 "Conditions", Afflicted: its damage's type and dice are kept; a document kept
    before them reads as an Afflicted of no type and no dice."""
    poisoned = Condition(ConditionName.AFFLICTED, dice="1d4", damage_type=DamageType.VITAL,
                         source="poison")
    kaladin = Combatant("Kaladin", Side.PLAYER, Role.RIVAL, 1, 12, 12, conditions=(poisoned,))
    encounter = Encounter(name="Chasm", combatants=(kaladin,))
    document = encounter_document(encounter)
    assert encounter_of(through_json(document)) == encounter
    [kept] = document["combatants"][0]["conditions"]
    del kept["damage_type"], kept["dice"]
    kept["value"] = 2
    [read] = encounter_of(through_json(document)).combatants[0].conditions
    assert (read.value, read.damage_type, read.dice) == (2, None, "")
