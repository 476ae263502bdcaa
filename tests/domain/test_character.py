"""A character's sheet: what the rules derive (with where it comes from), what is refused (naming
the field, the value and the range), and resources kept between 0 and their maxima."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nazh.domain.character import (
    STANDARD_SKILLS,
    Attribute,
    Character,
    CharacterError,
    Defense,
    Kind,
    Resource,
    Skill,
    Weapon,
    skill_key,
    with_skills,
)
from nazh.domain.derivation import Pool

KALADIN = Character.new("Kaladin", level=1, attributes={
    Attribute.STRENGTH: 3, Attribute.SPEED: 2, Attribute.INTELLECT: 1,
    Attribute.WILLPOWER: 2, Attribute.AWARENESS: 3, Attribute.PRESENCE: 1})


def test_a_new_character_has_the_standard_skills_and_full_health_and_focus() -> None:
    assert [s.key for s in KALADIN.skills] == [info.key for info in STANDARD_SKILLS]
    assert all(s.ranks == 0 for s in KALADIN.skills)
    assert KALADIN.health == Pool(13)
    assert KALADIN.focus == Pool(4)
    assert KALADIN.investiture == Pool(0, 0)


def test_a_skill_s_modifier_is_its_attribute_plus_its_ranks_and_says_so() -> None:
    sheet = with_skills(KALADIN, [replace(KALADIN.skill("insight"), ranks=2)])
    modifier = sheet.modifier("Insight")
    assert modifier.value == 5
    assert modifier.explained == "Awareness 3 + 2 ranks"
    assert sheet.modifier("light weaponry").explained == "Speed 2 + 0 ranks"
    assert replace(sheet, skills=tuple(replace(s, ranks=1) if s.key == "lore" else s
                                       for s in sheet.skills)).modifier("lore").explained \
        == "Intellect 1 + 1 rank"


@pytest.mark.parametrize(("defense", "value", "explained"), [
    (Defense.PHYSICAL, 15, "base 10 + Strength 3 + Speed 2"),
    (Defense.COGNITIVE, 13, "base 10 + Intellect 1 + Willpower 2"),
    (Defense.SPIRITUAL, 14, "base 10 + Awareness 3 + Presence 1"),
])
def test_a_defense_is_ten_plus_its_two_attributes(defense: Defense, value: int,
                                                  explained: str) -> None:
    assert KALADIN.defense(defense).value == value
    assert KALADIN.defense(defense).explained == explained


def test_a_written_defense_replaces_the_derived_one() -> None:
    sheet = replace(KALADIN, defenses=((Defense.PHYSICAL, 17),))
    assert sheet.defense(Defense.PHYSICAL).value == 17
    assert sheet.defense(Defense.PHYSICAL).explained == "set 17"
    assert sheet.defense(Defense.COGNITIVE).value == 13


def test_focus_maximum_is_two_plus_willpower() -> None:
    maximum = KALADIN.maximum(Resource.FOCUS)
    assert (maximum.value, maximum.explained) == (4, "base 2 + Willpower 2")


def test_an_adversary_s_maxima_are_written() -> None:
    warden = Character.new("Ridge Warden", Kind.ADVERSARY)
    assert warden.maximum(Resource.HEALTH).value == 10
    assert warden.health == Pool(10, 10)
    assert warden.maximum(Resource.INVESTITURE).value == 0


@given(st.sampled_from(list(Resource)), st.integers(-50, 50), st.integers(-50, 50))
def test_a_resource_stays_between_zero_and_its_maximum(resource: Resource, first: int,
                                                       second: int) -> None:
    sheet = replace(KALADIN, investiture=Pool(2, 5))
    once, moved = sheet.changed(resource, first)
    twice, _ = once.changed(resource, second)
    top = sheet.maximum(resource).value
    assert 0 <= once.pool(resource).current <= top
    assert 0 <= twice.pool(resource).current <= top
    assert once.pool(resource).current - sheet.pool(resource).current == moved
    twice.check()


def test_a_long_rest_fills_health_and_focus() -> None:
    tired = replace(KALADIN, health=Pool(2), focus=Pool(0))
    assert tired.rested().health == Pool(13)
    assert tired.rested().focus == Pool(4)


@pytest.mark.parametrize(("change", "message"), [
    (lambda s: replace(s, level=31), "level is 1 to 30 (got 31)"),
    (lambda s: replace(s, attributes=((Attribute.STRENGTH, 11), *s.attributes[1:])),
     "Strength is 0 to 10 (got 11)"),
    (lambda s: replace(s, health=Pool(14)), "health is 0 to 13 (got 14)"),
    (lambda s: replace(s, focus=Pool(-1)), "focus is 0 to 4 (got -1)"),
    (lambda s: replace(s, deflect=21), "deflect is 0 to 20 (got 21)"),
    (lambda s: replace(s, injuries=True), "injuries is 0 to 10 (got True)"),
    (lambda s: replace(s, name=""), "a character's name has 1 to 64 characters (got 0)"),
    (lambda s: with_skills(s, [Skill("Insight", Attribute.AWARENESS, 6)]),
     "Insight ranks is 0 to 5 (got 6)"),
    (lambda s: with_skills(s, [Skill("Insight", Attribute.PRESENCE, 1)]),
     "Insight uses Awareness"),
    (lambda s: replace(s, weapons=(Weapon("Spear", "heavy-weaponry", "2d6, 1d4"),)),
     "Spear: the damage is one pool of dice, e.g. 1d8 (got '2d6, 1d4')"),
    (lambda s: replace(s, weapons=(Weapon("Spear", "polearms", "1d8"),)),
     "Kaladin has no skill 'polearms'"),
    (lambda s: replace(s, weapons=(Weapon("Spear", "athletics", "1d8"),
                                   Weapon("spear", "athletics", "1d6"))),
     "each weapon has its own name"),
    (lambda s: replace(s, defenses=((Defense.PHYSICAL, 101),)),
     "physical defense is 0 to 100 (got 101)"),
])
def test_a_bad_value_is_refused_naming_the_field_and_the_range(change: object,
                                                                message: str) -> None:
    assert callable(change)
    with pytest.raises(CharacterError) as raised:
        change(KALADIN).check()
    assert raised.value.reason == message


def test_a_custom_skill_has_its_attribute_and_is_found_by_name_or_key() -> None:
    sheet = with_skills(KALADIN, [Skill("Adhesion", Attribute.PRESENCE, 2)]).check()
    assert sheet.skill("ADHESION").ranks == 2
    assert sheet.modifier("adhesion").explained == "Presence 1 + 2 ranks"
    assert not sheet.skill("adhesion").standard
    assert skill_key("Heavy  Weaponry") == "heavy-weaponry"


def test_an_unknown_weapon_is_named_with_the_weapons_there_are() -> None:
    sheet = replace(KALADIN, weapons=(Weapon("Spear", "heavy-weaponry", "1d8", "keen"),))
    assert sheet.weapon("SPEAR").damage == "1d8"
    with pytest.raises(CharacterError) as raised:
        sheet.weapon("Bow")
    assert raised.value.reason == "Kaladin has no weapon 'Bow'"
    assert raised.value.hint is not None
    assert "Spear" in raised.value.hint


@pytest.mark.parametrize("text", ["strength", "Str", "STR ", "str"])
def test_an_attribute_is_named_by_name_or_short_id(text: str) -> None:
    assert Attribute.named(text) is Attribute.STRENGTH


def test_an_unknown_attribute_names_the_ones_there_are() -> None:
    with pytest.raises(CharacterError) as raised:
        Attribute.named("luck")
    assert raised.value.hint == "one of strength, speed, intellect, willpower, awareness, presence"
