"""An attack made against a target (``/attack target:``): the target's defense is the DC, the
target is kept in the roll, and the damage lands on its health once per part (a hit when the
roll is kept, a graze when recorded, a critical hit's difference when spent, a secret's at its
reveal), through deflect, Pierce and immunities; a minion's attack is never critical; 0 health
calls for an injury; a GM undoes the latest application."""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nazh.application.characters.access import NotYourCharacterError
from nazh.application.characters.model import CharacterRecord
from nazh.application.characters.rolls import Aim
from nazh.application.encounters.access import NotAllowedError
from nazh.application.encounters.health import EncounterHealth
from nazh.application.encounters.lifecycle import Settings
from nazh.application.encounters.roll_handler import INJURY as INJURY_OFFER
from nazh.application.encounters.roll_handler import injury_roll_key
from nazh.application.encounters.roster import QuickCombatant
from nazh.application.rolls.access import Act
from nazh.application.rolls.events import Happened, RollEvent
from nazh.application.rolls.logged_store import entry_of, record_of
from nazh.application.rolls.model import Rolled, Roller, RollRecord
from nazh.application.rolls.secrets import commitment_holds
from nazh.application.rolls.terms.injury import INJURY
from nazh.application.rolls.terms.target import TARGET, Target
from nazh.application.settings.server import Member, Visibility
from nazh.domain.attack import Step
from nazh.domain.character import Weapon
from nazh.domain.encounter.combatant import Combatant, Role, Side
from nazh.domain.encounter.conditions import ConditionName, has
from nazh.domain.encounter.damage import DamageType, Immunities, landed
from nazh.domain.encounter.errors import EncounterError
from nazh.domain.errors import LimitError, NazhError, RollStateError
from nazh.domain.injury import InjuryTerms
from nazh.domain.spec import DieMode
from nazh.domain.spending import Use
from nazh.presentation.term_views import above_lines
from tests.fakes import FakeRng, d, script
from tests.roll_sheets_kit import (
    FIEND_ID,
    GM,
    GM_ID,
    GM_ROLLER,
    GUILD,
    ID_FACES,
    OTHER,
    OTHER_ID,
    PLAYER,
    PLAYER_ID,
    ROLLER,
    VEYLA_ID,
    Table,
    fiend,
    fight,
    request,
    veyla,
    veyla_in_fight,
)

CHANNEL = ROLLER.channel_id
SECOND_ID = d(32, 2, 2, 3, 4, 5, 6, 7, 8, 9, 10)
THIRD_ID = d(32, 3, 2, 3, 4, 5, 6, 7, 8, 9, 10)
WEAPONS = (Weapon("Spear", "light-weaponry", "1d8", "keen"),
           Weapon("Dagger", "light-weaponry", "1d4+1"),
           Weapon("Piercer", "light-weaponry", "1d8", "keen", traits=("Pierce",)),
           Weapon("Shortbow", "light-weaponry", "1d6", "keen", traits=("Ranged",)))
"""Veyla's Light Weaponry is +4: a hit deals its die + 4 (the Dagger's: its die + 1)."""


def armed(rng: FakeRng) -> Table:
    claws = Weapon("Claws", "athletics", "1d6", "keen")
    return Table(rng, CharacterRecord(VEYLA_ID, GUILD, PLAYER_ID,
                                      replace(veyla(), weapons=WEAPONS)),
                 CharacterRecord(FIEND_ID, GUILD, GM_ID, replace(fiend(), weapons=(claws,))))



async def landed_again(t: Table, member: Member, record: RollRecord) -> tuple[str, ...]:
    """What the encounter says when the roll's change is reported once more."""
    return (await t.encounters.handle(RollEvent(Happened.CHANGED, Rolled(record),
                                                member))).notes

async def bandit(t: Table, **numbers: object) -> None:
    """Veyla Tarn's fight, and a Bandit: 11 health, Physical 12, Cognitive 15, deflect 2."""
    await fight(t)
    quick = QuickCombatant("Bandit", 11, defense=12, cognitive=15, deflect=2)
    await t.roster.add(GM, CHANNEL, replace(quick, **numbers))  # type: ignore[arg-type]


async def the(t: Table, name: str) -> Combatant:
    return (await t.encounter_changes.current(CHANNEL)).encounter.find(name)


async def test_a_hit_takes_the_target_s_physical_defense_and_lands_through_deflect() -> None:
    t = armed(script(d(20, 8), d(8, 4), ID_FACES))
    await bandit(t)
    rolled = await t.rolls.attack(PLAYER, "Spear", request(), target="bandit")
    assert rolled.record.result.dc == 12  # 8 + 4 = 12 meets it
    assert rolled.record.term(TARGET) == Target("Bandit", "physical", 12, "keen", False)
    assert "hit: 8 keen - 2 deflect = 6 -> Bandit" in rolled.notes
    assert (await the(t, "Bandit")).health == 5
    assert "🎯 against Bandit · Physical defense 12 · keen" in above_lines(rolled.record)


async def test_the_table_sees_the_target_s_health_when_a_gm_shows_it() -> None:
    t = armed(script(d(20, 8), d(8, 4), ID_FACES))
    await bandit(t)
    await t.lifecycle.settings(GM, CHANNEL, Settings(show_health=True))
    rolled = await t.rolls.attack(PLAYER, "Spear", request(), target="bandit")
    assert "hit: 8 keen - 2 deflect = 6 -> Bandit: 11 -> 5" in rolled.notes


async def test_against_names_the_defense_and_a_defense_given_wins() -> None:
    t = armed(script(d(20, 10), d(8, 4), ID_FACES, d(20, 10), d(8, 4), SECOND_ID))
    await bandit(t)
    missed = await t.rolls.attack(PLAYER, "Spear", request(), target="bandit",
                                  aim=Aim("cognitive"))
    assert missed.record.result.dc == 15
    assert missed.notes == ()
    assert (await the(t, "Bandit")).health == 11
    given = await t.rolls.attack(PLAYER, "Spear", request(), target="bandit", defense=20)
    assert given.record.term(TARGET) == Target("Bandit", None, 20, "keen", False)


async def test_spirit_damage_passes_deflect_and_pierce_ignores_it() -> None:
    t = armed(script(d(20, 10), d(4, 3), ID_FACES, d(20, 10), d(8, 2), SECOND_ID))
    await bandit(t)
    spirit = await t.rolls.attack(PLAYER, "Dagger", request(), target="bandit",
                                  aim=Aim(damage_type=DamageType.SPIRIT))
    assert "hit: 4 spirit -> Bandit" in spirit.notes  # 3 + the dagger's 1
    pierced = await t.rolls.attack(PLAYER, "Piercer", request(), target="bandit")
    assert "hit: 6 keen (Pierce) -> Bandit" in pierced.notes
    assert (await the(t, "Bandit")).health == 1


async def test_an_immunity_takes_nothing() -> None:
    t = armed(script(d(20, 10), d(8, 4), ID_FACES))
    await bandit(t, immunities=Immunities.read("keen"))
    rolled = await t.rolls.attack(PLAYER, "Spear", request(), target="bandit")
    assert "hit: 8 keen: immune = 0 -> Bandit" in rolled.notes
    assert (await the(t, "Bandit")).health == 11


async def test_type_is_refused_where_the_weapon_says_another_and_without_a_target() -> None:
    t = armed(script(d(20, 10), d(8, 4), ID_FACES))
    await bandit(t)
    with pytest.raises(EncounterError, match="type: the Spear deals keen damage"):
        await t.rolls.attack(PLAYER, "Spear", request(), target="bandit",
                             aim=Aim(damage_type=DamageType.SPIRIT))
    with pytest.raises(EncounterError, match="against and type go with a target"):
        await t.rolls.attack(PLAYER, "Spear", request(), aim=Aim("spiritual"))


async def test_a_defense_of_0_is_hit_by_every_attack_and_its_damage_lands() -> None:
    t = armed(script(d(20, 1), d(8, 4), ID_FACES))
    await bandit(t, defense=0)
    rolled = await t.rolls.attack(PLAYER, "Spear", request(), target="bandit")
    attack = rolled.record.attack_view
    assert attack is not None
    assert (rolled.record.result.dc, attack.test.total, attack.hit) == (0, 5, True)
    assert rolled.record.term(TARGET) == Target("Bandit", "physical", 0, "keen", False)
    assert "hit: 8 keen - 2 deflect = 6 -> Bandit" in rolled.notes
    assert (await the(t, "Bandit")).health == 5


async def test_a_reactions_cost_is_spent_after_every_check_and_before_the_dice() -> None:
    rng = script(d(20, 10), d(8, 4), ID_FACES)
    t = armed(rng)
    await bandit(t)
    spent: list[list[int]] = []

    async def spend() -> None:
        spent.append(list(rng.calls))  # the dice drawn by then: none

    # a Reactive strike is "a melee weapon attack" (reactive-strike.json): not the Shortbow's
    refused = [("Sword", "bandit", Aim()), ("Spear", "nobody", Aim()),
               ("Spear", "bandit", Aim("cognitive", DamageType.SPIRIT)),
               ("Shortbow", "bandit", Aim())]
    for weapon, target, aim in refused:
        with pytest.raises(NazhError):
            await t.rolls.attack(PLAYER, weapon, request(), target=target, aim=aim,
                                 reaction=spend)
    assert (spent, rng.calls) == ([], [])
    rolled = await t.rolls.attack(PLAYER, "Spear", request(), target="bandit", reaction=spend)
    assert spent == [[]]
    assert "no action spent" in above_lines(rolled.record)[1]
    assert (await veyla_in_fight(t)).turn.actions == 2


async def never_spent() -> None:
    """A reaction's cost that fails the test when paid: the attack must be refused first."""
    raise AssertionError("the reaction was spent")


async def test_a_reactive_strike_is_a_melee_weapon_attack() -> None:
    """The basic actions, Reactive Strike: "make a melee weapon attack": the Shortbow (Ranged)
    is refused before its reaction is spent, and only the melee weapons are offered."""
    t = armed(script(ID_FACES))
    await bandit(t)
    with pytest.raises(EncounterError, match="a Reactive strike is a melee weapon attack: "
                                             "Shortbow is not one"):
        await t.rolls.attack(PLAYER, "Shortbow", request(), target="bandit",
                             reaction=never_spent)
    assert [name for _, name in await t.rolls.weapons(PLAYER, None, melee=True)] == [
        "Spear", "Dagger", "Piercer"]
    assert "Shortbow" in [name for _, name in await t.rolls.weapons(PLAYER, None)]


async def test_an_unarmed_attack_is_no_reactive_strike_and_lands_as_impact() -> None:
    """The basic actions, Unarmed Strike: "Unarmed attacks don't count as weapon attacks" (a
    Reactive strike makes "a melee weapon attack": refused before its reaction is spent, not
    offered), yet Strike with it as any character may: 1 (no die) + Athletics, impact."""
    t = armed(script(d(20, 15), ID_FACES))
    await bandit(t)
    with pytest.raises(EncounterError, match="a Reactive strike is a melee weapon attack: "
                                             "Unarmed is not one"):
        await t.rolls.attack(PLAYER, "Unarmed", request(), target="bandit",
                             reaction=never_spent)
    assert "Unarmed" not in [name for _, name in await t.rolls.weapons(PLAYER, None, melee=True)]
    assert (await t.rolls.weapons(PLAYER, None))[-1] == ("Unarmed: 1", "Unarmed")
    hit = await t.rolls.attack(PLAYER, "Unarmed", request(), target="bandit")
    assert hit.record.notation == "1d20"
    assert hit.notes == ("hit: 1 impact - 1 deflect = 0 -> Bandit",)  # its deflect 2
    assert record_of(entry_of(hit.record)).attack == hit.record.attack  # its flat 1 kept
    assert entry_of(hit.record).result["attack"]["flat"] == 1


async def test_a_reaction_refused_as_it_is_spent_rolls_nothing() -> None:
    rng = script(ID_FACES)
    t = armed(rng)
    await bandit(t)

    async def refuse() -> None:
        raise EncounterError("Veyla Tarn has no reaction left this round")
    with pytest.raises(EncounterError, match="no reaction left"):
        await t.rolls.attack(PLAYER, "Spear", request(), target="bandit", reaction=refuse)
    assert rng.calls == []
    assert len(t.store) == 0


async def test_a_graze_lands_its_dice_once_when_recorded() -> None:
    t = armed(script(d(20, 2), d(8, 5), ID_FACES))
    await bandit(t)
    missed = await t.rolls.attack(PLAYER, "Spear", request(), target="bandit")
    assert missed.notes == ()
    grazed = await t.steps.record_attack(missed.record.roll_id, PLAYER, Step.GRAZE)
    assert "graze: 5 keen - 2 deflect = 3 -> Bandit" in grazed.notes
    with contextlib.suppress(RollStateError):
        await t.steps.record_attack(missed.record.roll_id, PLAYER, Step.GRAZE)
    assert await landed_again(t, PLAYER, grazed.record) == ()
    assert (await the(t, "Bandit")).health == 8


async def test_a_critical_hit_lands_its_difference_once_when_spent() -> None:
    t = armed(script(d(20, 20), d(8, 3), ID_FACES))
    await bandit(t, health=30)
    hit = await t.rolls.attack(PLAYER, "Spear", request(), target="bandit")
    assert (await the(t, "Bandit")).health == 25  # 7 keen - 2 deflect
    critical = await t.steps.spend(hit.record.roll_id, PLAYER, Use.CRITICAL)
    # 8 + 4 = 12 keen - 2 deflect = 10, of which 5 landed with the hit
    assert "critical: 12 keen - 2 deflect = 10, less 5 already taken = 5 -> Bandit" \
        in critical.notes
    assert await landed_again(t, PLAYER, critical.record) == ()
    assert (await the(t, "Bandit")).health == 20


async def test_a_minion_s_attack_is_never_a_critical_hit() -> None:
    t = armed(script(d(20, 20), d(6, 3), ID_FACES))
    await fight(t)
    await t.roster.add_character(GM, CHANNEL, "Chasmfiend", role=Role.MINION)
    hit = await t.rolls.attack(GM, "Claws", request(GM_ROLLER), character="Chasmfiend",
                               target="Veyla Tarn")
    with pytest.raises(RollStateError, match="Chasmfiend is a minion: a minion's attack is "
                                             "never a critical hit"):
        await t.steps.spend(hit.record.roll_id, GM, Use.CRITICAL)
    assert hit.record.attack_view is not None
    assert hit.record.spent == ()


async def test_at_0_health_an_ally_falls_unconscious_and_each_further_hit_calls_an_injury(
        ) -> None:
    # the second attack has an advantage: its target is Unconscious
    t = armed(script(d(20, 10), d(8, 8), ID_FACES, d(20, 10, 3), d(8, 1), SECOND_ID))
    await bandit(t, health=5, side=Side.ALLY)  # an enemy is defeated at 0
    felled = await t.rolls.attack(PLAYER, "Spear", request(), target="bandit")
    assert felled.offers.offered(INJURY_OFFER)
    assert any(n.endswith("Bandit falls Unconscious and takes an injury")
               for n in felled.notes)
    down = await the(t, "Bandit")
    assert (down.health, has(down.conditions, ConditionName.UNCONSCIOUS)) == (0, True)
    again = await t.rolls.attack(PLAYER, "Spear", request(), target="bandit")
    assert again.offers.offered(INJURY_OFFER)
    assert any(n.endswith("Bandit is at 0 health and takes an injury") for n in again.notes)


async def test_a_minion_at_0_health_is_defeated_and_takes_no_injury() -> None:
    t = armed(script(d(20, 10), d(8, 8), ID_FACES))
    await bandit(t, health=5, role=Role.MINION)
    rolled = await t.rolls.attack(PLAYER, "Spear", request(), target="bandit")
    assert not rolled.offers.offered(INJURY_OFFER)
    assert any(n.endswith("Bandit is defeated") for n in rolled.notes), rolled.notes
    assert (await the(t, "Bandit")).defeated


async def test_a_secret_attack_lands_nothing_until_its_reveal_then_once() -> None:
    t = armed(script(d(20, 10), d(8, 4), ID_FACES))
    await bandit(t)
    secret = await t.rolls.attack(PLAYER, "Spear", request(visibility=Visibility.GM),
                                  target="bandit")
    assert secret.notes == ()
    assert (await the(t, "Bandit")).health == 11
    revealed = await t.reveals.reveal(secret.record.roll_id, GM)
    assert "hit: 8 keen - 2 deflect = 6 -> Bandit" in revealed.notes
    assert await landed_again(t, GM, revealed.record) == ()
    assert (await the(t, "Bandit")).health == 5


async def test_each_landing_is_logged_with_what_it_did() -> None:
    t = armed(script(d(20, 10), d(8, 4), ID_FACES))
    await bandit(t)
    rolled = await t.rolls.attack(PLAYER, "Spear", request(), target="bandit")
    [entry] = [e for e in (await t.lifecycle.log(CHANNEL))[1] if e.kind == "damage-taken"]
    applied = entry.applied
    assert applied is not None
    assert (applied.amount, applied.damage_type, applied.deflect, applied.applied,
            applied.before, applied.after, applied.roll_id, applied.dealer) == (
        8, DamageType.KEEN, 2, 6, 11, 5, rolled.record.roll_id, "Veyla Tarn")
    assert (await the(t, "Veyla Tarn")).tally.damage_dealt == 6


async def test_a_gm_undoes_the_latest_application_and_the_fall_it_caused() -> None:
    t = armed(script(d(20, 10), d(8, 8), ID_FACES))
    await bandit(t, health=5)
    await t.rolls.attack(PLAYER, "Spear", request(), target="bandit")
    undo = EncounterHealth(t.encounter_changes)
    changed = await undo.undo(GM, CHANNEL, "bandit")
    back = changed.record.encounter.find("Bandit")
    assert (back.health, has(back.conditions, ConditionName.UNCONSCIOUS)) == (5, False)
    assert [e.kind.value for e in changed.events] == ["application-undone"]
    with pytest.raises(EncounterError, match="Bandit has no damage or healing to undo"):
        await undo.undo(GM, CHANNEL, "bandit")


INJURERS = {"owner": (PLAYER, request()), "gm": (GM, request(GM_ROLLER)),
            "other": (OTHER, request(Roller(OTHER_ID, CHANNEL, GUILD)))}
"""Who presses the Injury button of Veyla's fall, and their request."""


async def veyla_felled() -> tuple[Table, RollRecord]:
    """Veyla (deflect 1, 1 injury on her sheet) felled by the fiend's claws; her injury roll
    is scripted: 12 + 1 deflect - 5 = 8."""
    t = armed(script(d(20, 12), d(6, 6), ID_FACES, d(20, 12), d(6, 3), d(8, 2), SECOND_ID))
    await fight(t)
    await t.roster.add_character(GM, CHANNEL, "Chasmfiend")
    hit = await t.rolls.attack(GM, "Claws", request(GM_ROLLER), character="Chasmfiend",
                               target="Veyla Tarn")
    assert hit.offers.offered(INJURY_OFFER)
    return t, hit.record


@pytest.mark.parametrize("who", ["owner", "gm"])
async def test_the_injury_of_a_target_at_0_is_rolled_once_by_its_owner_or_a_gm(
        who: str) -> None:
    # a GM rolls it too, though not Veyla's other rolls
    t, attack = await veyla_felled()
    member, asked = INJURERS[who]
    injury = await t.acts.target_injury(member, attack, asked)
    assert injury.record.character is not None
    assert injury.record.term(INJURY) == InjuryTerms(1, 1, 0)
    assert injury.sheet is not None
    assert t.sheet().injuries == 2
    assert (await the(t, "Veyla Tarn")).tally.injuries == 1
    for presser, pressed in INJURERS.values():
        with pytest.raises((EncounterError, NotAllowedError)):
            await t.acts.target_injury(presser, attack, pressed)
    assert t.sheet().injuries == 2
    with pytest.raises(EncounterError, match="Veyla Tarn's injury from this attack is rolled "
                                             "already"):
        await t.acts.target_injury(PLAYER, attack, request())


async def test_another_player_may_not_roll_the_injury() -> None:
    t, attack = await veyla_felled()
    member, asked = INJURERS["other"]
    with pytest.raises(NotAllowedError, match="only Veyla Tarn's player or a GM may roll "
                                              "Veyla Tarn's injury"):
        await t.acts.target_injury(member, attack, asked)
    assert t.sheet().injuries == 1
    assert (await t.acts.target_injury(PLAYER, attack, request())).sheet is not None


async def test_a_gm_still_does_not_roll_a_player_s_character_s_tests() -> None:
    t = armed(script(ID_FACES))
    with pytest.raises(NotYourCharacterError, match="Veyla Tarn is rolled only by its owner"):
        await t.rolls.check(GM, "insight", request(GM_ROLLER), character="Veyla Tarn")


async def test_a_quick_combatant_s_injury_takes_its_deflect_and_its_injuries_here() -> None:
    t = armed(script(d(20, 10), d(8, 8), ID_FACES, d(20, 9), d(6, 3), d(8, 2), SECOND_ID))
    await bandit(t, health=5, side=Side.ALLY)  # an enemy is defeated at 0
    hit = await t.rolls.attack(PLAYER, "Spear", request(), target="bandit")
    injury = await t.acts.target_injury(GM, hit.record, request(GM_ROLLER))
    assert injury.record.term(INJURY) == InjuryTerms(2, 0, 0)
    assert injury.record.label == "Injury: Bandit"
    assert (await the(t, "Bandit")).tally.injuries == 1


async def test_an_injury_refused_by_its_terms_is_not_claimed() -> None:
    t = armed(script(d(20, 10), d(8, 8), ID_FACES))
    await bandit(t, health=5, side=Side.ALLY)  # an enemy is defeated at 0
    hit = await t.rolls.attack(PLAYER, "Spear", request(), target="bandit")
    [record] = t.encounter_store.records.values()
    struck = record.encounter.find("Bandit")
    beaten = replace(struck, tally=replace(struck.tally, injuries=11))
    t.encounter_store.records[record.encounter_id] = replace(record, encounter=replace(
        record.encounter, combatants=tuple(beaten if c is struck else c
                                           for c in record.encounter.combatants)))
    with pytest.raises(LimitError, match="injuries must be between 0 and 10"):
        await t.acts.target_injury(GM, hit.record, request(GM_ROLLER))
    assert not await t.encounter_changes.done(injury_roll_key(hit.record.roll_id))
    assert (await the(t, "Bandit")).tally.injuries == 11


async def test_no_injury_is_due_from_a_target_above_0() -> None:
    t = armed(script(d(20, 10), d(8, 1), ID_FACES))
    await bandit(t)
    hit = await t.rolls.attack(PLAYER, "Spear", request(), target="bandit")
    with pytest.raises(EncounterError, match="Bandit is not at 0 health: no injury is due"):
        await t.acts.target_injury(GM, hit.record, request(GM_ROLLER))


async def test_the_target_is_kept_in_the_chain_and_under_a_secret_s_commitment() -> None:
    t = armed(script(d(20, 10), d(8, 4), ID_FACES))
    await bandit(t)
    record = (await t.rolls.attack(PLAYER, "Spear", request(visibility=Visibility.GM),
                                   target="bandit")).record
    stored = entry_of(record).result
    assert stored["target"] == {"combatant": "Bandit", "defense": "physical", "value": 12,
                                "type": "keen", "pierce": False}
    assert record_of(entry_of(record)).term(TARGET) == record.term(TARGET)
    assert commitment_holds(stored) is True
    assert commitment_holds({**stored, "target": {**stored["target"], "value": 2}}) is False


async def test_an_attack_without_a_target_is_stored_as_before() -> None:
    t = armed(script(d(20, 10), d(8, 4), ID_FACES))
    await bandit(t)
    record = (await t.rolls.attack(PLAYER, "Spear", request(), defense=12)).record
    assert "target" not in entry_of(record).result
    assert (await the(t, "Bandit")).health == 11


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 20), st.integers(1, 8), st.integers(1, 30), st.integers(0, 5),
       st.booleans(), st.integers(1, 3))
def test_whatever_is_asked_again_an_attack_lands_each_part_once_within_health(
        natural: int, face: int, health: int, deflect: int, step: bool, again: int) -> None:
    async def fought() -> tuple[int, int]:
        t = armed(script(d(20, natural), d(8, face), ID_FACES))
        await bandit(t, health=health, deflect=deflect)
        rolled = await t.rolls.attack(PLAYER, "Spear", request(), target="bandit")
        roll_id = rolled.record.roll_id
        hit = natural + 4 >= 12
        if step and hit and natural == 20:
            await t.steps.spend(roll_id, PLAYER, Use.CRITICAL)
        elif step and not hit:
            await t.steps.record_attack(roll_id, PLAYER, Step.GRAZE)
        record = await t.actions.acted_on(roll_id, PLAYER, Act.VIEW)
        for _ in range(again):
            assert await landed_again(t, PLAYER, record) == ()
        dealt = record.attack_view.damage_dealt if record.attack_view else None
        taken = 0 if dealt is None else landed(dealt, DamageType.KEEN, deflect=deflect).taken
        return (await the(t, "Bandit")).health, max(0, health - taken)
    left, expected = asyncio.run(fought())
    assert left == expected
    assert left >= 0


async def test_a_miss_a_plot_die_added_turns_into_a_hit_lands_then_once() -> None:
    # 6 + 4 = 10 misses Physical 12; the plot die added shows 2 (a Complication, +4): 14 hits
    t = armed(script(d(20, 6), d(8, 4), ID_FACES, d(6, 2)))
    await bandit(t)
    missed = await t.rolls.attack(PLAYER, "Spear", request(), target="bandit")
    assert missed.notes == ()
    assert (await the(t, "Bandit")).health == 11
    plotted = (await t.amend.add_plot_die(missed.record.roll_id, GM)).record
    assert plotted.result.pools[0].total == 14
    assert (await the(t, "Bandit")).health == 5  # 8 keen - 2 deflect = 6
    assert await landed_again(t, PLAYER, plotted) == ()
    assert (await the(t, "Bandit")).health == 5


async def test_a_hit_waiting_for_a_kept_face_lands_once_the_face_is_kept() -> None:
    # 6 + 4 = 10 misses; advantage on the d20 rolls a 15, kept: 19 hits
    t = armed(script(d(20, 6), d(8, 4), ID_FACES, d(20, 15)))
    await bandit(t)
    missed = await t.rolls.attack(PLAYER, "Spear", request(), target="bandit")
    waiting = (await t.amend.apply_mode(missed.record.roll_id, PLAYER, DieMode.ADVANTAGE, 0,
                                        0)).record
    assert any(change.pending for change in waiting.changes)
    assert (await the(t, "Bandit")).health == 11  # nothing lands while a face is to choose
    kept = (await t.amend.keep_die_face(missed.record.roll_id, PLAYER, 1)).record
    assert kept.result.pools[0].total == 19
    assert (await the(t, "Bandit")).health == 5
