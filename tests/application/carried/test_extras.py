"""Advantages beyond the d20's (starter rules, part 1, "Skills": Testing With Advantages: "If you
have two advantages, you'll have to roll copies of two different dice"; Testing With
Disadvantages: the GM chooses the die): named on the result with their reasons until placed."""

from __future__ import annotations

from nazh.application.carried.model import CarriedDie
from nazh.application.settings.server import Member
from nazh.domain.encounter.acts import Affliction
from nazh.domain.encounter.conditions import ConditionName
from nazh.domain.spec import DieMode
from tests.fakes import d, script
from tests.roll_sheets_kit import (
    GUILD,
    ID_FACES,
    PLAYER,
    PLAYER_ID,
    VEYLA_ID,
    fight,
    request,
    table,
)


def carried(once: str, mode: DieMode, why: str) -> CarriedDie:
    return CarriedDie(once, VEYLA_ID, "Veyla Tarn", mode, why)


async def test_a_third_and_second_advantage_are_named_then_placed_one_by_one() -> None:
    t = table(script(d(20, 12, 7), d(8, 3), ID_FACES, d(8, 6), d(20, 9)))
    await fight(t, Affliction(ConditionName.EMPOWERED))
    await t.carried.carry(carried("ally:0:a", DieMode.ADVANTAGE, "Kal's Opportunity (roll a)"))
    await t.carried.carry(carried("ally:0:b", DieMode.ADVANTAGE, "Lift's Opportunity (roll b)"))
    attack = await t.rolls.attack(PLAYER, "Spear", request(), defense=14)
    assert attack.record.result.spec.pools[0].modes == (DieMode.ADVANTAGE,)
    assert ("2 more advantages than the d20 takes (Empowered; Kal's Opportunity (roll a); "
            "Lift's Opportunity (roll b)): the roller puts each on another die (the plot die, "
            "a damage die) with Advantage") in attack.offers.notes
    roller = Member(PLAYER_ID, GUILD)
    placed = await t.amend.apply_mode(attack.record.roll_id, roller, DieMode.ADVANTAGE, 1, 0)
    assert any(note.startswith("1 more advantage than") for note in placed.offers.notes)
    kept = await t.amend.keep_die_face(attack.record.roll_id, roller, 1)
    assert any(note.startswith("1 more advantage than") for note in kept.offers.notes)


async def test_extra_disadvantages_are_a_gms_to_place() -> None:
    t = table(script(d(20, 12, 7), ID_FACES))
    await fight(t, Affliction(ConditionName.RESTRAINED))
    await t.carried.carry(carried("hinder:0:a", DieMode.DISADVANTAGE, "a Complication (roll a)"))
    rolled = await t.rolls.check(PLAYER, "insight", request())
    assert rolled.record.result.spec.pools[0].modes == (DieMode.DISADVANTAGE,)
    assert ("1 more disadvantage than the d20 takes (Restrained; a Complication (roll a)): a GM "
            "puts each on another die (the plot die, a damage die) with Disadvantage"
            ) in rolled.offers.notes


async def test_an_advantage_and_a_disadvantage_cancel_and_leave_nothing_more() -> None:
    t = table(script(d(20, 12), ID_FACES))
    await fight(t, Affliction(ConditionName.EMPOWERED))
    await t.carried.carry(carried("hinder:0:a", DieMode.DISADVANTAGE, "a Complication (roll a)"))
    rolled = await t.rolls.check(PLAYER, "insight", request())
    assert rolled.record.result.spec.pools[0].modes == (DieMode.NORMAL,)
    assert not any("more" in note for note in rolled.offers.notes)
