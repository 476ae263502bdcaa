"""Rests through the use cases (the starter rules, part 2, "Resting"): the long rest on a sheet
(health and focus, Exhausted, injuries healed), the injury roll recording its injury, and Tend to
Others on a short rest (an ally's Medicine added to the recovery die)."""

from __future__ import annotations

import pytest

from nazh.application.characters.editing import SheetEdits
from nazh.application.characters.model import CharacterRecord
from nazh.application.characters.rolls import InjuryAsked
from nazh.application.characters.service import CharacterNotFoundError
from nazh.domain.character import Attribute, Character, Resource, Skill, with_skills
from nazh.domain.errors import LimitError
from nazh.domain.injury import Band
from nazh.domain.wounds import Wound
from tests.fakes import FakeRng, d, script
from tests.roll_sheets_kit import GUILD, ID_FACES, OTHER_ID, PLAYER, request, table

KAL_ID = "kal0000001"


def kal() -> Character:
    """Intellect 2, Medicine 3 ranks: Medicine +5."""
    sheet = Character.new("Kal", attributes={Attribute.INTELLECT: 2})
    return with_skills(sheet, [Skill("Medicine", Attribute.INTELLECT, 3)])


async def test_an_injury_roll_records_its_injury_and_a_long_rest_heals_a_day_of_it() -> None:
    """Shallow injury: 1d6 days; effect Exhausted [-2] (appendix "Injury Duration", "Injury
    Effects"); after a long rest: all health and focus, Exhausted -1, a day counted off."""
    t = table(script(d(20, 12), d(6, 2), d(8, 3), ID_FACES), focus=1)
    await t.rolls.injury(PLAYER, InjuryAsked(), request())
    assert t.sheet().wounds == (Wound(Band.SHALLOW, 2, "Exhausted -2"),)
    assert (t.sheet().injuries, t.sheet().exhausted) == (2, 2)
    changed = await SheetEdits(t.characters).rest_long(PLAYER, None)
    assert {f: (old, new) for f, old, new in changed.changes} == {
        "health": ("6", "10"), "focus": ("1", "4"), "exhausted": ("-2", "-1"),
        "wounds": ("Shallow injury, 2 days left (Exhausted -2)",
                   "Shallow injury, 1 day left (Exhausted -2)")}
    changed = await SheetEdits(t.characters).rest_long(PLAYER, None)
    assert {f: (old, new) for f, old, new in changed.changes} == {
        "injuries": ("2", "1"), "exhausted": ("-1", "0"),
        "wounds": ("Shallow injury, 1 day left (Exhausted -2)", "none")}
    assert t.characters_store.entries[-1].reason == "long rest"


async def test_tend_to_others_adds_the_ally_s_medicine_to_the_recovery_die() -> None:
    """ "They add your Medicine modifier to their recovery die roll" (Tend to Others)."""
    t = table(script(d(6, 2), ID_FACES), focus=1)
    t.characters_store.records[KAL_ID] = CharacterRecord(KAL_ID, GUILD, OTHER_ID, kal(),
                                                         shared=True)
    rolled = await t.rolls.short_rest(PLAYER, request(), first=Resource.FOCUS, tended_by="kal")
    assert rolled.record.notation == "1d6+5"
    assert rolled.record.character is not None
    assert rolled.record.character.rolled == ("Short rest (recovery die d6, tended by Kal: "
                                              "Medicine +5)")
    assert rolled.sheet is not None
    assert rolled.sheet.text == "Veyla Tarn: health 6 → 10, focus 1 → 4"
    assert t.sheet(KAL_ID) == kal()  # the tender gives up their own recovery: nothing else


async def test_an_ally_whose_sheet_is_not_seen_or_oneself_cannot_tend() -> None:
    t = table(FakeRng())
    t.characters_store.records[KAL_ID] = CharacterRecord(KAL_ID, GUILD, OTHER_ID, kal())
    with pytest.raises(CharacterNotFoundError, match="no character named 'Kal'"):
        await t.rolls.short_rest(PLAYER, request(), tended_by="Kal")
    with pytest.raises(LimitError, match="Veyla Tarn cannot tend to itself"):
        await t.rolls.short_rest(PLAYER, request(), tended_by="Veyla Tarn")
    assert t.characters_store.onces == {}  # refused before any die is rolled
