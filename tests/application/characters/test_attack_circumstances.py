"""A character's attack with declared circumstances (the starter rules, part 3, "Attacking" and
"Targeting and Range"): their disadvantages counted with the encounter's advantages, a target not
sensed never grazed, a ranged rule refused for a melee weapon before any die is rolled."""

from __future__ import annotations

import pytest

from nazh.application.encounters.roster import QuickCombatant
from nazh.application.rolls.terms.circumstances import CIRCUMSTANCES
from nazh.domain.circumstances import Circumstance, Circumstances
from nazh.domain.encounter.acts import Affliction
from nazh.domain.encounter.conditions import ConditionName
from nazh.domain.errors import AttackError
from tests.fakes import FakeRng, d, script
from tests.roll_sheets_kit import GM, ID_FACES, PLAYER, ROLLER, fight, request, table

UNSEEN = Circumstances.of({Circumstance.UNSEEN})


async def test_a_target_not_sensed_gives_a_disadvantage_and_no_graze() -> None:
    t = table(script(d(20, 12, 5), d(8, 6), ID_FACES))
    record = (await t.rolls.attack(PLAYER, "Spear", request().with_term(CIRCUMSTANCES, UNSEEN),
                                   defense=14)).record
    assert record.notation == "d1d20+4, 1d8"
    view = record.attack_view
    assert view is not None
    assert (view.hit, view.attack.can_graze) == (False, False)
    assert record.term(CIRCUMSTANCES) == UNSEEN


async def test_a_declared_disadvantage_cancels_the_encounter_s_advantage() -> None:
    """A melee attack on a Prone target gains an advantage ("Conditions"); a target not sensed
    gives a disadvantage: one cancels the other (part 1, "Advantages and Disadvantages")."""
    t = table(script(d(20, 10), d(8, 6), ID_FACES))
    await fight(t)
    await t.roster.add(GM, ROLLER.channel_id, QuickCombatant("Bandit", 6))
    await t.turns.condition(GM, ROLLER.channel_id, "Bandit", Affliction(ConditionName.PRONE))
    record = (await t.rolls.attack(PLAYER, "Spear", request().with_term(CIRCUMSTANCES, UNSEEN),
                                   target="bandit")).record
    assert record.notation == "1d20+4, 1d8"


async def test_a_ranged_rule_with_a_melee_weapon_is_refused_before_any_die() -> None:
    t = table(FakeRng())
    asked = request().with_term(CIRCUMSTANCES, Circumstances.of({Circumstance.NEAR_ALLY}))
    with pytest.raises(AttackError, match="near-ally: the Spear is a melee weapon"):
        await t.rolls.attack(PLAYER, "Spear", asked, defense=14)
    assert t.characters_store.onces == {}
