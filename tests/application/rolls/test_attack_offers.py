"""What an attack's result offers as its encounter stands (:class:`Offers`): no critical hit on a
minion's attack; the Injury button while the injury the attack called for is not rolled, on
every later step of the roll (a plot die added, a reveal), gone once it is rolled, for an
attack that called for none, or once a GM undid the damage; a word that the damage landed stays
once the roll changed after it landed."""

from __future__ import annotations

from dataclasses import replace

import pytest

from nazh.application.characters.model import CharacterRecord
from nazh.application.encounters.access import NotAllowedError
from nazh.application.encounters.health import EncounterHealth
from nazh.application.encounters.roll_handler import INJURY, KNOCK_OUT
from nazh.application.encounters.roster import QuickCombatant
from nazh.application.rolls.model import CRITICAL, Offers, RollRecord
from nazh.application.settings.server import Visibility
from nazh.domain.character import Weapon
from nazh.domain.encounter.combatant import Role, Side
from nazh.domain.encounter.errors import EncounterError
from nazh.domain.spec import DieMode
from tests.fakes import FakeRng, d, script
from tests.roll_sheets_kit import (
    FIEND_ID,
    GM,
    GM_ID,
    GM_ROLLER,
    GUILD,
    ID_FACES,
    OTHER,
    PLAYER,
    PLAYER_ID,
    ROLLER,
    VEYLA_ID,
    Table,
    fiend,
    fight,
    request,
    veyla,
)

CHANNEL = ROLLER.channel_id
SECOND_ID = d(32, 2, 2, 3, 4, 5, 6, 7, 8, 9, 10)


def armed(rng: FakeRng) -> Table:
    """Veyla Tarn (Light Weaponry +4) with a keen Spear; the Chasmfiend with keen Claws."""
    spear = Weapon("Spear", "light-weaponry", "1d8", "keen")
    claws = Weapon("Claws", "athletics", "1d6", "keen")
    return Table(rng, CharacterRecord(VEYLA_ID, GUILD, PLAYER_ID,
                                      replace(veyla(), weapons=(spear,))),
                 CharacterRecord(FIEND_ID, GUILD, GM_ID, replace(fiend(), weapons=(claws,))))


async def bandit(t: Table, side: Side = Side.ALLY) -> None:
    """Veyla Tarn's fight, and a Bandit (a rival): 5 health, Physical 12, deflect 2; an ally
    falls Unconscious at 0 and calls for an injury, an enemy is defeated (part 7)."""
    await fight(t)
    await t.roster.add(GM, CHANNEL, QuickCombatant("Bandit", 5, defense=12, deflect=2,
                                                   side=side))


@pytest.mark.parametrize(("role", "critical"), [(Role.MINION, False), (Role.RIVAL, True),
                                                (Role.BOSS, True)])
async def test_only_a_minion_s_attack_offers_no_critical_hit(role: Role, critical: bool) -> None:
    t = armed(script(d(20, 20), d(6, 3), ID_FACES))
    await fight(t)
    await t.roster.add_character(GM, CHANNEL, "Chasmfiend", role=role)
    hit = await t.rolls.attack(GM, "Claws", request(GM_ROLLER), character="Chasmfiend",
                               target="Veyla Tarn")
    assert hit.record.critical_possible  # the roll alone would allow one
    assert (hit.offers.why_not(CRITICAL) is None) is critical
    assert ((await t.steps.offers(hit.record)).why_not(CRITICAL) is None) is critical


async def test_a_roll_outside_an_encounter_offers_what_any_roll_does() -> None:
    t = armed(script(d(20, 20), d(8, 3), ID_FACES))
    hit = await t.rolls.attack(PLAYER, "Spear", request(), defense=10)
    assert hit.record.critical_possible
    assert hit.offers == Offers()
    assert await t.steps.offers(hit.record) == Offers()


async def test_the_injury_stays_offered_on_later_steps_until_it_is_rolled() -> None:
    # a hit of 8 + 4 = 12 keen - 2 deflect fells the Bandit; a plot die is added; the injury
    t = armed(script(d(20, 10), d(8, 8), ID_FACES, d(6, 4), d(20, 9), d(6, 3), d(8, 2),
                     SECOND_ID))
    await bandit(t)
    felled = await t.rolls.attack(PLAYER, "Spear", request(), target="bandit")
    assert felled.offers.offered(INJURY)
    plotted = await t.amend.add_plot_die(felled.record.roll_id, GM)
    assert plotted.record.result.plot is not None
    assert plotted.offers.offered(INJURY)
    await t.acts.target_injury(GM, plotted.record, request(GM_ROLLER))
    assert not (await t.steps.offers(plotted.record)).offered(INJURY)


async def test_an_attack_that_called_for_no_injury_offers_none_and_refuses_one() -> None:
    # the first attack fells the Bandit; the second misses it at 0 (an advantage: Unconscious)
    t = armed(script(d(20, 10), d(8, 8), ID_FACES, d(20, 1, 1), d(8, 1), SECOND_ID))
    await bandit(t)
    felled = await t.rolls.attack(PLAYER, "Spear", request(), target="bandit")
    missed = await t.rolls.attack(PLAYER, "Spear", request(), target="bandit")
    assert missed.offers.offered(INJURY) is False
    assert (await t.steps.offers(felled.record)).offered(INJURY)
    with pytest.raises(EncounterError, match="this attack called for no injury of Bandit"):
        await t.acts.target_injury(GM, missed.record, request(GM_ROLLER))


async def test_no_injury_is_offered_once_a_gm_undid_the_damage() -> None:
    t = armed(script(d(20, 10), d(8, 8), ID_FACES))
    await bandit(t)
    felled = await t.rolls.attack(PLAYER, "Spear", request(), target="bandit")
    await EncounterHealth(t.encounter_changes).undo(GM, CHANNEL, "bandit")
    assert not (await t.steps.offers(felled.record)).offered(INJURY)


async def test_a_secret_attack_offers_the_injury_at_its_reveal() -> None:
    t = armed(script(d(20, 10), d(8, 8), ID_FACES))
    await bandit(t)
    secret = await t.rolls.attack(PLAYER, "Spear", request(visibility=Visibility.GM),
                                  target="bandit")
    assert not secret.offers.offered(INJURY)
    revealed = await t.reveals.reveal(secret.record.roll_id, GM)
    assert revealed.offers.offered(INJURY)
    assert (await t.steps.offers(revealed.record)).offered(INJURY)


async def test_an_enemy_defeated_is_offered_a_knockout_then_its_injury() -> None:
    # part 7, Defeated Adversaries: "the PC who deals the final blow can choose for the NPC to
    # fall Unconscious with an injury"
    t = armed(script(d(20, 10), d(8, 8), ID_FACES, d(20, 9), d(6, 3), d(8, 2), SECOND_ID))
    await bandit(t, Side.ENEMY)
    felled = await t.rolls.attack(PLAYER, "Spear", request(), target="bandit")
    assert felled.offers.offered(KNOCK_OUT)
    assert not felled.offers.offered(INJURY)
    with pytest.raises(NotAllowedError, match="knock out what Veyla Tarn's attack defeated"):
        await t.acts.knock_out(OTHER, felled.record)
    knocked = await t.acts.knock_out(PLAYER, felled.record)
    assert not knocked.record.encounter.find("Bandit").defeated
    offers = await t.steps.offers(felled.record)
    assert offers.offered(INJURY)
    assert not offers.offered(KNOCK_OUT)
    assert (await t.acts.knock_out(GM, felled.record)).repeated
    await t.acts.target_injury(GM, felled.record, request(GM_ROLLER))


async def test_a_secret_attack_offers_the_knockout_at_its_reveal() -> None:
    t = armed(script(d(20, 10), d(8, 8), ID_FACES))
    await bandit(t, Side.ENEMY)
    secret = await t.rolls.attack(PLAYER, "Spear", request(visibility=Visibility.GM),
                                  target="bandit")
    assert not secret.offers.offered(KNOCK_OUT)
    with pytest.raises(EncounterError, match="this attack did not defeat Bandit"):
        await t.acts.knock_out(GM, secret.record)
    revealed = await t.reveals.reveal(secret.record.roll_id, GM)
    assert revealed.offers.offered(KNOCK_OUT)


async def changed_after_landing(kept: int) -> tuple[Table, RollRecord]:
    """A hit landing 8 + 4 = 12 keen on the Bandit, then the roller gives its damage die
    advantage (a 1) and keeps the first face (``kept`` 0: nothing changed) or the new one (1:
    12 keen became 5)."""
    t = armed(script(d(20, 10), d(8, 8), ID_FACES, d(8, 1)))
    await bandit(t)
    hit = await t.rolls.attack(PLAYER, "Spear", request(), target="bandit")
    assert hit.offers.notes == ()
    await t.amend.apply_mode(hit.record.roll_id, PLAYER, DieMode.ADVANTAGE, 1, 0)
    return t, (await t.amend.keep_die_face(hit.record.roll_id, PLAYER, kept)).record


async def test_a_change_after_the_damage_landed_says_it_stays_and_how_a_gm_undoes_it() -> None:
    t, changed = await changed_after_landing(1)
    offers = await t.steps.offers(changed)
    assert offers.notes == (
        "the roll changed after its damage landed: Bandit keeps the damage it took (landing "
        "is not redone); a GM takes it back with /encounter undo combatant:Bandit",)
    assert (await t.steps.offers(changed)).notes == offers.notes  # on every redraw
    await EncounterHealth(t.encounter_changes).undo(GM, CHANNEL, "bandit")
    assert (await t.steps.offers(changed)).notes == ()  # undone: nothing stays


async def test_a_step_that_leaves_what_landed_as_it_was_says_nothing() -> None:
    t, unchanged = await changed_after_landing(0)
    assert (await t.steps.offers(unchanged)).notes == ()
