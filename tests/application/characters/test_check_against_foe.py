"""A test made with a character against a combatant of the channel's encounter (``/check
target:``): the combatant's defense the skill's attribute adds to is its DC ("make a test using a
relevant skill against the enemy's corresponding defense", the starter rules' Gain Advantage,
``src/packs/actions/basic/gain-advantage.json``), unless ``against`` or a DC says otherwise; an
advantage gained that way goes to the next attack against that enemy with another skill."""

from __future__ import annotations

import pytest

from nazh.application.characters.rolls import Foe
from nazh.application.encounters.roster import QuickCombatant
from nazh.application.rolls.terms.encounter import ENCOUNTER
from nazh.application.rolls.terms.maneuver import MANEUVER, Maneuver
from nazh.application.rolls.terms.target import TARGET, Target
from nazh.domain.encounter.errors import EncounterError
from nazh.domain.encounter.holds import Hold, HoldKind
from nazh.domain.encounter.maneuvers import BasicAction
from tests.fakes import d, script
from tests.roll_sheets_kit import (
    GM,
    ID_FACES,
    PLAYER,
    ROLLER,
    Table,
    fight,
    request,
    table,
    veyla_in_fight,
)

SECOND_ID = d(32, 2, 2, 3, 4, 5, 6, 7, 8, 9, 10)
THIRD_ID = d(32, 3, 2, 3, 4, 5, 6, 7, 8, 9, 10)


async def bandit_ahead(t: Table) -> None:
    """A Bandit (Physical 12, Spiritual 14) in the encounter."""
    await t.roster.add(GM, ROLLER.channel_id, QuickCombatant("Bandit", 10, 12, spiritual=14))


async def test_the_skills_defense_is_the_dc_unless_against_or_a_dc_says() -> None:
    t = table(script(d(20, 10), ID_FACES, d(20, 10), SECOND_ID, d(20, 10), THIRD_ID))
    await fight(t, turn=False)
    await bandit_ahead(t)
    insight = (await t.rolls.check(PLAYER, "insight", request(), foe=Foe("Bandit"))).record
    assert (insight.result.dc, insight.term(TARGET)) == (14, Target("Bandit", "spiritual", 14))
    physical = (await t.rolls.check(PLAYER, "insight", request(),
                                    foe=Foe("Bandit", "physical"))).record
    assert physical.result.dc == 12
    given = (await t.rolls.check(PLAYER, "insight", request(dc=9), foe=Foe("Bandit"))).record
    assert (given.result.dc, given.term(TARGET)) == (9, Target("Bandit", None, 9))
    assert insight.term(MANEUVER) is None  # a plain test against a target


async def test_an_advantage_gained_goes_to_the_next_attack_with_another_skill() -> None:
    t = table(script(d(20, 15), ID_FACES, d(20, 3, 17), d(8, 4), SECOND_ID))
    await fight(t)
    await bandit_ahead(t)
    gained = (await t.rolls.check(PLAYER, "insight", request(), foe=Foe(
        "Bandit", action=BasicAction.GAIN_ADVANTAGE))).record
    assert gained.term(MANEUVER) == Maneuver("Bandit", "insight", BasicAction.GAIN_ADVANTAGE)
    assert (await veyla_in_fight(t)).holds == (Hold(HoldKind.ADVANTAGE, "Bandit", "insight"),)
    spear = (await t.rolls.attack(PLAYER, "Spear", request(), target="Bandit")).record
    assert spear.notation.startswith("a1d20")
    term = spear.term(ENCOUNTER)
    assert term is not None
    assert "advantage gained on Bandit: advantage" in term.reasons
    assert (await veyla_in_fight(t)).holds == ()


async def test_an_action_without_an_encounter_is_refused_before_any_die() -> None:
    t = table(script())
    with pytest.raises(EncounterError, match="there is no encounter in this channel"):
        await t.rolls.check(PLAYER, "athletics", request(), foe=Foe(
            "Bandit", action=BasicAction.SHOVE))
