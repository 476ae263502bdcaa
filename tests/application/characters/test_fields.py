"""``/character set``: each field takes a checked value, and the audit trail's differences."""

from __future__ import annotations

import pytest

from nazh.application.characters.fields import differences, field_of, fields_of
from nazh.domain.character import Attribute, Character, CharacterError, Defense, Resource
from nazh.domain.derivation import Pool

SHEET = Character.new("Veyla", attributes={Attribute.WILLPOWER: 3, Attribute.STRENGTH: 2})


def test_every_skill_is_a_field_of_its_ranks() -> None:
    names = [field.name for field in fields_of(SHEET)]
    assert "insight" in names
    assert "heavy-weaponry" in names
    assert len(names) == len(set(names))


@pytest.mark.parametrize(("field", "value", "read"), [
    ("level", "3", lambda s: s.level == 3),
    ("Strength", "4", lambda s: s.score(Attribute.STRENGTH) == 4),
    ("insight", "2", lambda s: s.skill("insight").ranks == 2),
    ("Heavy Weaponry", "1", lambda s: s.skill("heavy-weaponry").ranks == 1),
    ("focus", "1", lambda s: s.focus == Pool(1)),
    ("focus-max", "9", lambda s: s.maximum(Resource.FOCUS).value == 9),
    ("physical-defense", "18", lambda s: s.defense(Defense.PHYSICAL).value == 18),
    ("deflect", "2", lambda s: s.deflect == 2),
    ("injuries", "1", lambda s: s.injuries == 1),
    ("expertises", "Shardplate,  Alethi culture ,", lambda s: s.expertises
     == ("Shardplate", "Alethi culture")),
    ("name", "  Veyla   Tarn ", lambda s: s.name == "Veyla Tarn"),
])
def test_a_field_takes_its_value(field: str, value: str, read: object) -> None:
    assert callable(read)
    changed = field_of(SHEET, field).apply(SHEET, value).check()
    assert read(changed)


def test_a_maximum_set_to_auto_is_derived_again_and_what_is_left_follows_it_down() -> None:
    written = field_of(SHEET, "focus-max").apply(SHEET, "9")
    assert written.maximum(Resource.FOCUS).explained == "set 9"
    lowered = field_of(written, "focus-max").apply(written, "2")
    assert lowered.focus == Pool(2, 2)
    derived = field_of(lowered, "focus-max").apply(lowered, "auto")
    assert derived.maximum(Resource.FOCUS).explained == "base 2 + Willpower 3"


@pytest.mark.parametrize(("field", "value", "message"), [
    ("level", "31", "level is 1 to 30 (got 31)"),
    ("level", "three", "level takes a whole number from 1 to 30 (got 'three')"),
    ("strength", "-1", "strength is 0 to 10 (got -1)"),
    ("insight", "6", "Insight ranks is 0 to 5 (got 6)"),
    ("focus", "6", "focus is 0 to 5 (got 6)"),
    ("luck", "3", "'luck' is not a field of a character"),
])
def test_a_bad_field_or_value_is_refused_naming_what_is_allowed(field: str, value: str,
                                                                 message: str) -> None:
    with pytest.raises(CharacterError) as raised:
        field_of(SHEET, field).apply(SHEET, value).check()
    assert raised.value.reason == message


def test_differences_name_each_changed_field_with_its_old_and_new_value() -> None:
    changed = field_of(SHEET, "insight").apply(SHEET, "2")
    changed = field_of(changed, "focus").apply(changed, "1")
    assert differences(SHEET, changed) == [("focus", "5", "1"),
                                           ("skill insight", "Awareness 0", "Awareness 2")]
