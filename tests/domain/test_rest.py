"""Rests and the injuries a sheet carries (the starter rules, part 2: "Resting", "Damage,
Injury, and Death", "Conditions" (Exhausted); appendix tables "Injury Duration", "Injury
Effects")."""

from __future__ import annotations

from dataclasses import replace

import pytest

from nazh.domain.character import Attribute, Character, CharacterError, Resource, Skill, with_skills
from nazh.domain.derivation import Pool
from nazh.domain.injury import Band, Effect, Injury, InjuryTerms
from nazh.domain.rest import long_rest, tending, wounded
from nazh.domain.wounds import MAX_WOUNDS, Wound

FLESH = Wound(Band.FLESH, None, "Slowed")
SHALLOW = Wound(Band.SHALLOW, 2, "Exhausted -1")
VICIOUS_LAST_DAY = Wound(Band.VICIOUS, 1, None)
PERMANENT = Wound(Band.PERMANENT, None, "Can use only one hand")


def hurt() -> Character:
    """A level 1 sheet at 3 health, 1 focus, 2 investiture, Exhausted -2, four injuries."""
    sheet = Character.new("Veyla", attributes={Attribute.WILLPOWER: 2})
    sheet = replace(sheet, health=Pool(3), focus=Pool(1), investiture=Pool(2, 4), exhausted=2,
                    injuries=4, wounds=(FLESH, SHALLOW, VICIOUS_LAST_DAY, PERMANENT))
    return sheet.check()


def test_a_long_rest_recovers_all_health_and_focus_but_not_investiture() -> None:
    """ "After a long rest, you recover all your lost health and focus" ("Resting")."""
    rested = long_rest(hurt()).sheet
    assert rested.health.current == rested.maximum(Resource.HEALTH).value == 10
    assert rested.focus.current == rested.maximum(Resource.FOCUS).value == 4
    assert rested.investiture == Pool(2, 4)


def test_a_long_rest_lowers_exhausted_by_one_and_never_below_none() -> None:
    """ "After each long rest, reduce your Exhausted penalty by 1" ("Conditions")."""
    once = long_rest(hurt()).sheet
    assert once.exhausted == 1
    assert long_rest(long_rest(once).sheet).sheet.exhausted == 0


def test_a_long_rest_heals_flesh_wounds_and_counts_a_day_off_the_others() -> None:
    """A flesh wound lasts "until after a long rest"; vicious and shallow injuries last days; a
    permanent one does not heal ("Injury Duration"); each healed injury no longer counts."""
    rest = long_rest(hurt())
    assert rest.healed == (FLESH, VICIOUS_LAST_DAY)
    assert rest.sheet.wounds == (Wound(Band.SHALLOW, 1, "Exhausted -1"), PERMANENT)
    assert rest.sheet.injuries == 2
    assert long_rest(rest.sheet).sheet.wounds == (PERMANENT,)


def test_injuries_counted_by_hand_are_not_healed_by_a_rest() -> None:
    sheet = replace(hurt(), wounds=(), injuries=3)
    assert long_rest(sheet).sheet.injuries == 3


def test_an_injury_roll_gives_the_wound_it_describes_and_death_none() -> None:
    """Shallow: 1d6 days; the effect of the d8 ("Injury Duration", "Injury Effects")."""
    shallow = Injury(InjuryTerms(), 12, 12, Band.SHALLOW, 4, Effect.of(3))
    assert Wound.of(shallow) == Wound(Band.SHALLOW, 4, "Exhausted -2")
    assert Wound.of(Injury(InjuryTerms(), 1, -9, Band.DEATH, None, None)) is None


def test_a_wound_s_exhausted_effect_adds_to_the_penalty() -> None:
    """Exhausted "has a cumulative effect": Exhausted [-2] then [-1] is -3 ("Conditions")."""
    sheet = Character.new("Veyla")
    sheet = wounded(wounded(sheet, Wound(Band.SHALLOW, 4, "Exhausted -2")), SHALLOW)
    assert (sheet.exhausted, sheet.injuries, len(sheet.wounds)) == (3, 2, 2)
    assert wounded(sheet, FLESH).exhausted == 3


def test_the_sheet_records_at_most_ten_injuries() -> None:
    sheet = replace(Character.new("Veyla"), wounds=(PERMANENT,) * MAX_WOUNDS, injuries=10)
    assert wounded(sheet, FLESH).wounds == sheet.wounds
    with pytest.raises(CharacterError, match="at most 10 injuries"):
        replace(sheet, wounds=(PERMANENT,) * (MAX_WOUNDS + 1)).check()


@pytest.mark.parametrize(("wound", "refusal"), [
    (Wound(Band.DEATH), "death is not an injury"),
    (Wound(Band.SHALLOW, 7), "a shallow injury has 1 to 6 days left"),
    (Wound(Band.VICIOUS, None), "a vicious injury has 1 to 36 days left"),
    (Wound(Band.FLESH, 2), "a flesh wound is not counted in days"),
    (Wound(Band.PERMANENT, None, "Sleepy"), "'Sleepy' is not an injury's effect"),
])
def test_a_wound_the_rules_do_not_have_is_refused(wound: Wound, refusal: str) -> None:
    with pytest.raises(CharacterError, match=refusal):
        wound.check()


def test_a_wound_reads_as_a_player_says_it() -> None:
    assert [w.text for w in (FLESH, SHALLOW, Wound(Band.VICIOUS, 1), PERMANENT)] == [
        "Flesh wound, until a long rest (Slowed)", "Shallow injury, 2 days left (Exhausted -1)",
        "Vicious injury, 1 day left", "Permanent injury (Can use only one hand)"]


def test_tend_to_others_adds_the_tender_s_medicine_modifier() -> None:
    """Tend to Others: "they add your Medicine modifier to their recovery die roll" ("Resting",
    "Alternative Benefits")."""
    tender = Character.new("Kal", attributes={Attribute.INTELLECT: 2})
    tender = with_skills(tender, [Skill("Medicine", Attribute.INTELLECT, 3)])
    assert tending(tender).value == 5
