"""What an Opportunity or a Complication spent carries past its roll (starter rules,
Introduction, "Using Cosmere RPG Dice": Spending an Opportunity, Facing a Complication): an
ally's advantage on their next test, a disadvantage on the roller's next test, 1 focus lost;
each carried once and taken once, in the channel's encounter when the roll was made in one."""

from __future__ import annotations

from dataclasses import replace

import pytest

from nazh.application.carried.roll_handler import ALLY
from nazh.application.carried.use_cases import CarriedAllies
from nazh.application.characters.model import CharacterRecord
from nazh.application.rolls.events import Happened, RollEvent
from nazh.application.rolls.model import Rolled, Roller
from nazh.application.rolls.terms.carried import CARRIED, CarriedIn
from nazh.domain.errors import RollStateError
from nazh.domain.spec import DieMode
from nazh.domain.spending import Use
from tests.fakes import d, script
from tests.roll_sheets_kit import (
    FIEND_ID,
    GM,
    GUILD,
    ID_FACES,
    OTHER,
    OTHER_ID,
    PLAYER,
    PLAYER_ID,
    VEYLA_ID,
    Table,
    fiend,
    fight,
    request,
    veyla,
)

KALADIN_ID = "kaladin001"
SECOND_ID = d(32, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20)
THIRD_ID = d(32, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30)


def table(*dice: list[tuple[int, int]]) -> Table:
    """Veyla (the player's, focus 3), Kaladin (another player's, active) and the GM's fiend."""
    t = Table(script(*dice), CharacterRecord(VEYLA_ID, GUILD, PLAYER_ID, veyla()),
              CharacterRecord(KALADIN_ID, GUILD, OTHER_ID,
                              replace(veyla(), name="Kaladin")),
              CharacterRecord(FIEND_ID, GUILD, 444, fiend()))
    t.characters_store.actives[GUILD, OTHER_ID] = KALADIN_ID
    return t


def allies(t: Table) -> CarriedAllies:
    return CarriedAllies(t.actions, t.characters, t.carried)


async def test_a_complication_spent_on_losing_focus_takes_1_from_the_sheet_once() -> None:
    t = table(d(20, 1), ID_FACES)
    rolled = await t.rolls.check(PLAYER, "insight", request())
    spent = await t.steps.spend(rolled.record.roll_id, GM, Use.LOSE_FOCUS)
    assert spent.sheet is not None
    assert t.sheet().focus.current == 2
    # reported again (another replica): taken once
    await t.handlers.published(RollEvent(Happened.CHANGED, Rolled(spent.record), GM))
    assert t.sheet().focus.current == 2


async def test_a_complication_spent_on_a_disadvantage_hinders_the_rollers_next_test_once(
        ) -> None:
    t = table(d(20, 1), ID_FACES, d(20, 15, 6), SECOND_ID, d(20, 15), THIRD_ID)
    rolled = await t.rolls.check(PLAYER, "insight", request())
    spent = await t.steps.spend(rolled.record.roll_id, GM, Use.DISADVANTAGE)
    assert "Veyla Tarn's next test gains a disadvantage" in spent.notes
    hindered = await t.rolls.check(PLAYER, "insight", request())
    assert hindered.record.result.spec.pools[0].modes == (DieMode.DISADVANTAGE,)
    assert hindered.record.result.pools[0].subtotal == 6 + 5  # the lower of 15 and 6
    assert hindered.record.term(CARRIED) == (CarriedIn(
        f"hinder:0:{rolled.record.roll_id}", DieMode.DISADVANTAGE,
        f"a Complication (roll {rolled.record.roll_id})"),)
    after = await t.rolls.check(PLAYER, "insight", request())
    assert after.record.result.spec.pools[0].modes == (DieMode.NORMAL,)  # taken once
    assert after.record.term(CARRIED) is None


async def test_an_opportunity_spent_on_an_ally_gives_the_chosen_allys_next_test_an_advantage(
        ) -> None:
    t = table(d(20, 20), ID_FACES, d(20, 4, 17), SECOND_ID)
    rolled = await t.rolls.check(PLAYER, "insight", request())
    spent = await t.steps.spend(rolled.record.roll_id, PLAYER, Use.ALLY)
    assert spent.offers.offered(ALLY)
    with pytest.raises(RollStateError, match="another character"):
        await allies(t).give(rolled.record.roll_id, PLAYER, PLAYER_ID)
    with pytest.raises(RollStateError, match="no active character"):
        await allies(t).give(rolled.record.roll_id, PLAYER, 12345)
    die = await allies(t).give(rolled.record.roll_id, PLAYER, OTHER_ID)
    assert (die.name, die.mode, die.channel_id) == ("Kaladin", DieMode.ADVANTAGE, None)
    assert not (await t.steps.offers(spent.record)).offered(ALLY)
    with pytest.raises(RollStateError, match="no Opportunity spent on an ally left"):
        await allies(t).give(rolled.record.roll_id, PLAYER, OTHER_ID)
    helped = await t.rolls.check(OTHER, "insight", request(Roller(OTHER_ID, 222, GUILD)))
    assert helped.record.result.spec.pools[0].modes == (DieMode.ADVANTAGE,)
    assert helped.record.result.pools[0].subtotal == 17 + 5
    (carried,) = helped.record.term(CARRIED) or ()
    assert carried.why == f"Veyla Tarn's Opportunity (roll {rolled.record.roll_id})"


async def test_only_the_roller_chooses_the_ally() -> None:
    t = table(d(20, 20), ID_FACES)
    rolled = await t.rolls.check(PLAYER, "insight", request())
    await t.steps.spend(rolled.record.roll_id, PLAYER, Use.ALLY)
    with pytest.raises(Exception, match="only the roller"):
        await allies(t).give(rolled.record.roll_id, OTHER, OTHER_ID)


async def test_in_an_encounter_the_carried_die_waits_for_a_test_in_that_encounter() -> None:
    t = table(d(20, 1), ID_FACES, d(20, 15), SECOND_ID)
    await fight(t, turn=False)
    rolled = await t.rolls.check(PLAYER, "insight", request())
    await t.steps.spend(rolled.record.roll_id, GM, Use.DISADVANTAGE)
    (waiting,) = await t.carried.waiting(VEYLA_ID)
    assert waiting.channel_id == rolled.record.roller.channel_id
    elsewhere = await t.rolls.check(PLAYER, "insight", request(Roller(PLAYER_ID, 777, GUILD)))
    assert elsewhere.record.result.spec.pools[0].modes == (DieMode.NORMAL,)
    assert len(await t.carried.waiting(VEYLA_ID)) == 1


async def test_in_an_encounter_the_focus_lost_leaves_the_card_too() -> None:
    t = table(d(20, 1), ID_FACES)
    await fight(t, turn=False)
    rolled = await t.rolls.check(PLAYER, "insight", request())
    await t.steps.spend(rolled.record.roll_id, GM, Use.LOSE_FOCUS)
    assert t.sheet().focus.current == 2
    encounter = (await t.encounter_changes.current(222)).encounter
    assert encounter.find("Veyla Tarn").focus == 2
    assert t.encounter_store.entries[-1].detail == "Complication: 3 -> 2"
