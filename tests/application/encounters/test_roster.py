"""Who fights: quick combatants typed in by a GM, characters and adversaries a GM adds, a
player's own character joining, a sheet's numbers as a combatant's (within an encounter's
limits), and removals by the owner or a GM."""

from __future__ import annotations

from dataclasses import replace

import pytest

from nazh.application.characters.access import NotYourCharacterError
from nazh.application.characters.model import CharacterRecord
from nazh.application.characters.service import CharacterNotFoundError
from nazh.application.encounters.access import GM_WHO, NotAllowedError
from nazh.application.encounters.roster import QuickCombatant, combatant_of
from nazh.application.settings.server import Member
from nazh.domain.character import Attribute, Character, Defense, Kind
from nazh.domain.derivation import Pool
from nazh.domain.encounter.combatant import (
    MAX_DEFENSE,
    MAX_DEFLECT,
    MAX_FOCUS,
    MAX_HEALTH,
    Combatant,
    Defenses,
    Role,
    Side,
)
from nazh.domain.encounter.conditions import ConditionName
from nazh.domain.encounter.damage import DamageType, Immunities
from nazh.domain.encounter.errors import EncounterError
from nazh.domain.injury import Band
from nazh.domain.wounds import Wound
from tests.encounter_fakes import CHANNEL, GM, OTHER, PLAYER, SERVER, EncounterKit, encounter_kit

SECOND_GM = Member(4, SERVER, manages_guild=True)


async def table() -> EncounterKit:
    """An open encounter; the player has Kaladin (active), the GM keeps the Chasmfiend."""
    kit = encounter_kit()
    await kit.characters.new(PLAYER, "Kaladin", attributes={Attribute.STRENGTH: 2,
                                                            Attribute.SPEED: 1,
                                                            Attribute.WILLPOWER: 3})
    await kit.characters.new(GM, "Chasmfiend", Kind.ADVERSARY)
    await kit.lifecycle.start(GM, CHANNEL, "Ambush")
    return kit


async def roster(kit: EncounterKit) -> dict[str, Combatant]:
    """The encounter's combatants by name."""
    record = await kit.changes.current(CHANNEL)
    return {c.name: c for c in record.encounter.combatants}


# -- quick combatants -----------------------------------------------------------------------


def test_a_quick_combatants_other_defenses_default_to_its_physical_one() -> None:
    immune = Immunities(frozenset({ConditionName.PRONE}), frozenset({DamageType.SPIRIT}))
    bandit = QuickCombatant(" Bandit ", 6, defense=13, deflect=1, focus=2,
                            immunities=immune).combatant(GM.user_id)
    assert bandit == Combatant("Bandit", Side.ENEMY, Role.RIVAL, GM.user_id, 6, 6, focus=2,
                               deflect=1, defenses=Defenses(13, 13, 13),
                               immunities=frozenset({ConditionName.PRONE}),
                               damage_immunities=frozenset({DamageType.SPIRIT}))
    told = QuickCombatant("Scout", 5, defense=12, cognitive=14, spiritual=0, role=Role.MINION,
                          side=Side.ALLY).combatant(GM.user_id)
    assert (told.defenses, told.role, told.side) == (Defenses(12, 14, 0), Role.MINION,
                                                     Side.ALLY)


def test_a_quick_combatant_is_never_on_the_players_side() -> None:
    with pytest.raises(EncounterError) as raised:
        QuickCombatant("Kaladin", 10, side=Side.PLAYER).combatant(GM.user_id)
    assert raised.value.reason == ("a quick combatant is an enemy or an ally; players join "
                                   "with their characters (/encounter join)")
    assert raised.value.combatant == "Kaladin"


async def test_a_gm_adds_numbered_copies_each_with_its_own_health() -> None:
    kit = await table()
    changed = await kit.roster.add(GM, CHANNEL, QuickCombatant("Bandit", 6, role=Role.MINION),
                                   3)
    assert [e.combatant for e in changed.events] == ["Bandit 1", "Bandit 2", "Bandit 3"]
    fighters = await roster(kit)
    assert [(c.health, c.owner_id, c.role) for c in fighters.values()] == [
        (6, GM.user_id, Role.MINION)] * 3


async def test_a_player_may_not_add_a_quick_combatant() -> None:
    kit = await table()
    with pytest.raises(NotAllowedError) as raised:
        await kit.roster.add(PLAYER, CHANNEL, QuickCombatant("Bandit", 6))
    assert raised.value.reason == f"only {GM_WHO} may add combatants"
    assert await roster(kit) == {}


# -- characters and adversaries added by a GM ---------------------------------------------------


async def test_a_gm_adds_an_adversary_as_an_enemy_rival_by_default() -> None:
    kit = await table()
    await kit.roster.add_character(GM, CHANNEL, "chasmfiend")
    fiend = (await roster(kit))["Chasmfiend"]
    assert (fiend.side, fiend.role, fiend.owner_id) == (Side.ENEMY, Role.RIVAL, GM.user_id)
    assert (fiend.health, fiend.health_max, fiend.focus) == (10, 10, 2)
    assert fiend.character_id is not None


async def test_a_gm_adds_an_adversary_as_an_ally_boss() -> None:
    kit = await table()
    await kit.roster.add_character(GM, CHANNEL, "Chasmfiend", side=Side.ALLY, role=Role.BOSS)
    fiend = (await roster(kit))["Chasmfiend"]
    assert (fiend.side, fiend.role) == (Side.ALLY, Role.BOSS)


async def test_a_gm_adds_a_players_character_on_the_players_side_owned_by_its_player() -> None:
    kit = await table()
    await kit.roster.add_character(GM, CHANNEL, "Kaladin", role=Role.BOSS)
    kaladin = (await roster(kit))["Kaladin"]
    assert (kaladin.side, kaladin.role, kaladin.owner_id) == (Side.PLAYER, Role.RIVAL,
                                                              PLAYER.user_id)


async def test_a_players_character_is_never_an_ally() -> None:
    kit = await table()
    with pytest.raises(EncounterError) as raised:
        await kit.roster.add_character(GM, CHANNEL, "Kaladin", side=Side.ALLY)
    assert raised.value.reason == ("Kaladin is a player's character: it fights on the "
                                   "players' side")
    assert await roster(kit) == {}


async def test_a_player_may_not_add_characters() -> None:
    kit = await table()
    with pytest.raises(NotAllowedError) as raised:
        await kit.roster.add_character(PLAYER, CHANNEL, "Kaladin")
    assert raised.value.reason == f"only {GM_WHO} may add characters and adversaries"


# -- joining ----------------------------------------------------------------------------------


async def test_a_player_joins_with_their_active_character() -> None:
    kit = await table()
    changed = await kit.roster.join(PLAYER, CHANNEL, None)
    assert [(e.kind.value, e.combatant) for e in changed.events] == [("combatant-added",
                                                                      "Kaladin")]
    kaladin = (await roster(kit))["Kaladin"]
    assert (kaladin.side, kaladin.role, kaladin.owner_id) == (Side.PLAYER, Role.RIVAL,
                                                              PLAYER.user_id)
    assert (kaladin.health, kaladin.health_max, kaladin.focus) == (12, 12, 5)
    assert kaladin.defenses == Defenses(13, 13, 10)


async def test_a_character_joins_once() -> None:
    kit = await table()
    await kit.roster.join(PLAYER, CHANNEL, None)
    with pytest.raises(EncounterError) as raised:
        await kit.roster.join(PLAYER, CHANNEL, "Kaladin")
    assert raised.value.reason == "Kaladin is already in this encounter"
    with pytest.raises(EncounterError, match="Kaladin is already in this encounter"):
        await kit.roster.add_character(GM, CHANNEL, "Kaladin")
    assert list(await roster(kit)) == ["Kaladin"]


async def test_nobody_joins_with_someone_elses_character() -> None:
    kit = await table()
    with pytest.raises(CharacterNotFoundError):
        await kit.roster.join(OTHER, CHANNEL, "Kaladin")
    await kit.characters.share(PLAYER, "Kaladin", True)
    with pytest.raises(NotYourCharacterError) as raised:
        await kit.roster.join(OTHER, CHANNEL, "Kaladin")
    assert raised.value.reason == "Kaladin is rolled only by its owner (an adversary: by the GMs)"
    assert await roster(kit) == {}


@pytest.mark.parametrize("gm", [GM, SECOND_GM])
async def test_an_adversary_does_not_join_it_is_added(gm: Member) -> None:
    kit = await table()
    with pytest.raises(EncounterError) as raised:
        await kit.roster.join(gm, CHANNEL, "Chasmfiend")
    assert raised.value.reason == ("Chasmfiend is not your player character: a GM adds "
                                   "adversaries with /encounter add")
    assert await roster(kit) == {}


# -- a sheet as a combatant ---------------------------------------------------------------------


def sheet_record(sheet: Character) -> CharacterRecord:
    return CharacterRecord("c000000001", SERVER, PLAYER.user_id, sheet)


def test_a_sheets_numbers_are_clamped_to_an_encounters_limits() -> None:
    huge = replace(Character.new("Titan"), health=Pool(5000, 5000), focus=Pool(2000, 2000),
                   deflect=45, defenses=((Defense.PHYSICAL, 250), (Defense.COGNITIVE, -3)))
    titan = combatant_of(sheet_record(huge))
    assert (titan.health, titan.health_max, titan.focus, titan.deflect) == (
        MAX_HEALTH, MAX_HEALTH, MAX_FOCUS, MAX_DEFLECT)
    assert titan.defenses == Defenses(MAX_DEFENSE, 0, 10)


def test_a_sheet_without_health_still_makes_a_combatant() -> None:
    spent = replace(Character.new("Husk", Kind.ADVERSARY), health=Pool(-4, 0),
                    focus=Pool(-1, 0), deflect=-2)
    husk = combatant_of(sheet_record(spent))
    assert (husk.health, husk.health_max, husk.focus, husk.deflect) == (0, 1, 0, 0)
    assert (husk.side, husk.character_id) == (Side.ENEMY, "c000000001")


def test_an_injured_character_joins_with_its_exhaustion_and_its_injuries_lasting_effects() -> None:
    """Starter rules, part 2, "Damage, Injury, and Death" (Injury Effects): an injury's effect
    lasts as long as the injury; Exhausted [-N] stays until rests lower it. Surprised ends
    after a turn and is not carried; an immune sheet carries nothing it is immune to."""
    wounded = replace(Character.new("Teft"), exhausted=3, wounds=(
        Wound(Band.SHALLOW, 2, "Slowed"), Wound(Band.VICIOUS, 10, "Slowed"),
        Wound(Band.FLESH, None, "Surprised"), Wound(Band.PERMANENT, None, "Disoriented")))
    teft = combatant_of(sheet_record(wounded))
    assert [(c.name, c.value) for c in teft.conditions] == [
        (ConditionName.EXHAUSTED, 3), (ConditionName.SLOWED, 0), (ConditionName.DISORIENTED, 0)]
    immune = replace(wounded, immunities=Immunities(conditions=frozenset({ConditionName.SLOWED})))
    assert [c.name for c in combatant_of(sheet_record(immune)).conditions] == [
        ConditionName.EXHAUSTED, ConditionName.DISORIENTED]
    assert combatant_of(sheet_record(Character.new("Hale"))).conditions == ()


def test_a_sheets_health_is_at_most_its_maximum() -> None:
    teft = combatant_of(sheet_record(replace(Character.new("Teft"), health=Pool(30, 20))))
    assert (teft.health, teft.health_max) == (20, 20)


# -- removing ---------------------------------------------------------------------------------


async def test_its_player_removes_their_combatant() -> None:
    kit = await table()
    await kit.roster.join(PLAYER, CHANNEL, None)
    changed = await kit.roster.remove(PLAYER, CHANNEL, "kaladin")
    assert [(e.kind.value, e.combatant) for e in changed.events] == [("combatant-removed",
                                                                      "Kaladin")]
    assert await roster(kit) == {}


async def test_a_gm_removes_any_combatant() -> None:
    kit = await table()
    await kit.roster.join(PLAYER, CHANNEL, None)
    await kit.roster.add(GM, CHANNEL, QuickCombatant("Bandit", 6))
    await kit.roster.remove(GM, CHANNEL, "Kaladin")
    await kit.roster.remove(GM, CHANNEL, "Bandit")
    assert await roster(kit) == {}


async def test_another_member_may_not_remove_a_combatant() -> None:
    kit = await table()
    await kit.roster.join(PLAYER, CHANNEL, None)
    await kit.roster.add(GM, CHANNEL, QuickCombatant("Bandit", 6))
    with pytest.raises(NotAllowedError) as raised:
        await kit.roster.remove(OTHER, CHANNEL, "Kaladin")
    assert raised.value.reason == "only Kaladin's player or a GM may remove Kaladin"
    with pytest.raises(NotAllowedError, match="only Bandit's player or a GM may remove"):
        await kit.roster.remove(PLAYER, CHANNEL, "Bandit")
    assert list(await roster(kit)) == ["Kaladin", "Bandit"]
