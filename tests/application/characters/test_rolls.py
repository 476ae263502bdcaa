"""Rolls made with a character: /check's test by skill, /attack's weapon, the graze's focus, an
Opportunity's recovered focus, /injury's injury counted, the short rest; each kept in the roll
log with the character, each change of the sheet made once."""

from __future__ import annotations

import asyncio
from dataclasses import replace

import pytest

from nazh.application.characters.access import NotYourCharacterError
from nazh.application.characters.effects import NoFocusError
from nazh.application.characters.gate import HELD
from nazh.application.characters.rolls import InjuryAsked, check_notation
from nazh.application.characters.service import CharacterNotFoundError
from nazh.application.rolls.logged_store import entry_of, record_of
from nazh.application.rolls.model import Roller, RollRequest
from nazh.application.rolls.secrets import commitment_holds
from nazh.application.rolls.terms.attack import ATTACK
from nazh.application.rolls.terms.character import RollCharacter
from nazh.application.settings.server import Visibility
from nazh.domain.attack import Step, prepare
from nazh.domain.character import CharacterError, Resource, Weapon
from nazh.domain.errors import LimitError, RollStateError
from nazh.domain.spec import DieMode
from nazh.domain.spending import Use
from tests.fakes import FakeRng, d, script
from tests.roll_sheets_kit import (
    FIEND_ID,
    GM,
    GM_ROLLER,
    GUILD,
    ID_FACES,
    OTHER,
    OTHER_ID,
    PLAYER,
    PLAYER_ID,
    ROLL_ID,
    ROLLER,
    VEYLA_ID,
    Table,
    request,
    table,
)

# -- /check ----------------------------------------------------------------------------------


def test_a_test_s_notation_is_the_d20_its_mode_and_the_total_modifier() -> None:
    assert check_notation(5) == "1d20+5"
    assert check_notation(5, DieMode.ADVANTAGE) == "a1d20+5"
    assert check_notation(-1, DieMode.DISADVANTAGE) == "d1d20-1"
    assert check_notation(0) == "1d20"


async def test_a_check_rolls_d20_plus_the_skill_s_modifier_and_names_its_parts() -> None:
    t = table(script(d(20, 12), ID_FACES))
    record = (await t.rolls.check(PLAYER, "insight", request(dc=15))).record
    assert record.notation == "1d20+5"
    assert record.result.pools[0].total == 17
    assert record.result.pools[0].success is True
    assert record.character == RollCharacter(VEYLA_ID, "Veyla Tarn", "Insight",
                                             (("Awareness", 3), ("ranks", 2)))
    assert record.character.described == "Insight +5: Awareness 3 + 2 ranks"
    assert record.character.shown == "Veyla Tarn — Insight +5: Awareness 3 + 2 ranks"


async def test_a_check_s_extra_modifier_and_advantage_go_into_the_notation() -> None:
    t = table(script(d(20, 4, 15), ID_FACES))
    record = (await t.rolls.check(PLAYER, "Insight", request(), modifier=2,
                                 mode=DieMode.ADVANTAGE)).record
    assert record.notation == "a1d20+7"
    assert record.result.pools[0].total == 22
    assert record.character is not None
    assert record.character.described == "Insight +7: Awareness 3 + 2 ranks + modifier 2"


async def test_a_gm_checks_for_an_adversary_and_a_player_may_not() -> None:
    t = table(script(d(20, 10), ID_FACES))
    record = (await t.rolls.check(GM, "athletics", request(GM_ROLLER),
                                  character="chasmfiend")).record
    assert record.notation == "1d20+7"
    assert record.character is not None
    assert record.character.name == "Chasmfiend"
    with pytest.raises(CharacterNotFoundError, match="no character named 'Chasmfiend'"):
        await t.rolls.check(PLAYER, "athletics", request(), character="Chasmfiend")
    t.characters_store.records[FIEND_ID] = replace(t.characters_store.records[FIEND_ID],
                                                   shared=True)
    with pytest.raises(NotYourCharacterError, match="rolled only by its owner"):
        await t.rolls.check(PLAYER, "athletics", request(), character="Chasmfiend")


async def test_no_one_rolls_another_player_s_character_and_an_unknown_skill_is_named() -> None:
    t = table(FakeRng())
    with pytest.raises(CharacterNotFoundError):
        await t.rolls.check(OTHER, "insight", request(Roller(OTHER_ID, 222, GUILD)),
                            character="Veyla Tarn")
    with pytest.raises(NotYourCharacterError):
        await t.rolls.check(GM, "insight", request(GM_ROLLER), character="Veyla Tarn")
    with pytest.raises(CharacterError, match="Veyla Tarn has no skill 'Cooking'"):
        await t.rolls.check(PLAYER, "Cooking", request())
    with pytest.raises(LimitError, match="modifier is -20 to 20"):
        await t.rolls.check(PLAYER, "insight", request(), modifier=21)


async def test_without_an_active_character_a_check_says_how_to_get_one() -> None:
    t = table(FakeRng())
    with pytest.raises(CharacterNotFoundError, match="no active character"):
        await t.rolls.check(GM, "insight", request(GM_ROLLER))


async def test_the_log_keeps_the_character_and_reads_it_back() -> None:
    t = table(script(d(20, 12), ID_FACES))
    record = (await t.rolls.check(PLAYER, "insight", request())).record
    entry = entry_of(record)
    assert entry.result["character"] == {
        "id": VEYLA_ID, "name": "Veyla Tarn", "rolled": "Insight",
        "parts": [["Awareness", 3], ["ranks", 2]]}
    assert record_of(entry).character == record.character


async def test_skills_and_weapons_are_offered_from_the_character_rolled() -> None:
    t = table(FakeRng())
    skills = await t.rolls.skills(PLAYER, None)
    assert ("Insight +5", "Insight") in skills
    assert ("Agility +2", "Agility") in skills
    # Unarmed: every character's (Unarmed Strike): Strength 0, 1 no die
    assert await t.rolls.weapons(PLAYER, None) == [
        ("Spear: 1d8", "Spear"), ("Net: 1d4", "Net"), ("Dagger: 1d4+1", "Dagger"),
        ("Crossbow: 1d8", "Crossbow"), ("Unarmed: 1", "Unarmed")]
    assert await t.rolls.skills(PLAYER, "Chasmfiend") == []
    assert await t.rolls.rollable(PLAYER) == ["Veyla Tarn"]
    assert await t.rolls.rollable(GM) == ["Chasmfiend"]


# -- /attack weapon: ---------------------------------------------------------------------------


async def test_a_weapon_attack_is_its_skill_s_test_and_its_damage() -> None:
    t = table(script(d(20, 10), d(8, 6), ID_FACES))
    record = (await t.rolls.attack(PLAYER, "spear", request(), defense=14)).record
    assert record.notation == "1d20+4, 1d8"
    view = record.attack_view
    assert view is not None
    assert view.hit is True
    assert view.hit_damage == 10  # 6 + the skill's modifier
    assert record.result.dc == 14
    assert record.character is not None
    assert record.character.described == "Spear (Light Weaponry) +4: Speed 2 + 2 ranks"


async def test_a_weapon_s_own_damage_modifier_replaces_the_skill_s() -> None:
    t = table(script(d(20, 19), d(4, 2), ID_FACES))
    record = (await t.rolls.attack(PLAYER, "Dagger", request(), mode=DieMode.NORMAL)).record
    assert record.attack is not None
    assert record.attack.modifier == 1


async def test_an_attack_with_advantage_rolls_its_d20_twice() -> None:
    t = table(script(d(20, 3, 17), d(8, 1), ID_FACES))
    record = (await t.rolls.attack(PLAYER, "Spear", request(), mode=DieMode.ADVANTAGE)).record
    assert record.notation == "a1d20+4, 1d8"
    assert record.result.pools[0].total == 21


async def test_an_unknown_weapon_is_refused_naming_the_character_s() -> None:
    t = table(FakeRng())
    with pytest.raises(CharacterError, match="Veyla Tarn has no weapon 'Bow'") as refused:
        await t.rolls.attack(PLAYER, "Bow", request())
    assert refused.value.hint is not None
    assert "its weapons: Spear, Net, Dagger, Crossbow, Unarmed" in refused.value.hint


# -- the graze's focus -----------------------------------------------------------------------


async def test_a_graze_spends_one_focus_once() -> None:
    t = table(script(d(20, 2), d(8, 5), ID_FACES))
    record = (await t.rolls.attack(PLAYER, "Spear", request(), defense=14)).record
    grazed = await t.steps.record_attack(record.roll_id, PLAYER, Step.GRAZE)
    assert grazed.record.attack_view is not None
    assert grazed.record.attack_view.grazed
    assert grazed.sheet is not None
    assert grazed.sheet.text == "Veyla Tarn: focus 3 → 2"
    assert t.sheet().focus.current == 2
    assert t.characters_store.onces == {f"graze:{ROLL_ID}": VEYLA_ID}
    audit = [(e.field, e.old, e.new, e.reason) for e in t.characters_store.entries[-1:]]
    assert audit == [("focus", "3", "2", f"graze on roll {ROLL_ID}")]
    with pytest.raises(RollStateError, match="already grazed"):
        await t.steps.record_attack(record.roll_id, PLAYER, Step.GRAZE)
    assert t.sheet().focus.current == 2


async def test_a_graze_at_zero_focus_is_refused_and_nothing_is_recorded() -> None:
    t = table(script(d(20, 2), d(8, 5), ID_FACES), focus=0)
    record = (await t.rolls.attack(PLAYER, "Spear", request(), defense=14)).record
    with pytest.raises(NoFocusError, match="Veyla Tarn has 0 focus: a graze costs 1"):
        await t.steps.record_attack(record.roll_id, PLAYER, Step.GRAZE)
    kept = await t.store.get(record.roll_id)
    assert kept is not None
    assert kept.version == 1
    assert t.sheet().focus.current == 0
    assert t.characters_store.onces == {}


async def test_a_refused_graze_spends_no_focus() -> None:
    t = table(script(d(20, 15), d(8, 5), ID_FACES))
    record = (await t.rolls.attack(PLAYER, "Spear", request(), defense=14)).record
    with pytest.raises(RollStateError, match="a hit cannot be grazed"):
        await t.steps.record_attack(record.roll_id, PLAYER, Step.GRAZE)
    assert t.sheet().focus.current == 3


async def test_a_weapon_that_cannot_graze_makes_an_attack_that_cannot() -> None:
    t = table(script(d(20, 2), d(4, 3), ID_FACES))
    record = (await t.rolls.attack(PLAYER, "Net", request(), defense=14)).record
    assert record.attack is not None
    assert record.attack.can_graze is False
    assert entry_of(record).result["attack"]["can_graze"] is False
    assert record_of(entry_of(record)).attack == record.attack
    with pytest.raises(RollStateError, match="this attack cannot graze"):
        await t.steps.record_attack(record.roll_id, PLAYER, Step.GRAZE)
    assert t.sheet().focus.current == 3


async def test_a_concurrent_double_graze_spends_one_focus() -> None:
    t = table(script(d(20, 2), d(8, 5), ID_FACES), yielding=True)
    record = (await t.rolls.attack(PLAYER, "Spear", request(), defense=14)).record
    results = await asyncio.gather(
        *(t.steps.record_attack(record.roll_id, PLAYER, Step.GRAZE) for _ in range(2)),
        return_exceptions=True)
    assert sorted(type(r).__name__ for r in results) == ["RollStateError", "Rolled"]
    assert t.sheet().focus.current == 2
    kept = await t.store.get(record.roll_id)
    assert kept is not None
    assert kept.version == 2


async def test_a_raw_attack_s_graze_changes_no_sheet() -> None:
    t = table(script(d(20, 2), d(6, 3), ID_FACES))
    notation, terms = prepare("1d20", "1d6", 10)
    record = await t.actions.roll(RollRequest(notation, ROLLER).with_term(ATTACK, terms))
    grazed = await t.steps.record_attack(record.roll_id, PLAYER, Step.GRAZE)
    assert grazed.sheet is None
    assert t.sheet().focus.current == 3


# -- an Opportunity's focus --------------------------------------------------------------------


async def test_an_opportunity_spent_on_focus_recovers_one_never_above_the_maximum() -> None:
    t = table(script(d(20, 20), ID_FACES, d(20, 20), d(32, 2, 2, 3, 4, 5, 6, 7, 8, 9, 10)),
              focus=3)
    first = (await t.rolls.check(PLAYER, "insight", request())).record
    spent = await t.steps.spend(first.roll_id, PLAYER, Use.FOCUS)
    assert spent.sheet is not None
    assert spent.sheet.text == "Veyla Tarn: focus 3 → 4"
    assert spent.record.spent[-1].use is Use.FOCUS
    second = (await t.rolls.check(PLAYER, "insight", request())).record
    capped = await t.steps.spend(second.roll_id, PLAYER, Use.FOCUS)
    assert capped.sheet is not None
    assert capped.sheet.text == "Veyla Tarn: focus unchanged (at its maximum)"
    assert t.sheet().focus.current == 4
    assert set(t.characters_store.onces) == {f"focus:0:{first.roll_id}",
                                             f"focus:0:{second.roll_id}"}


async def test_other_spendings_change_no_sheet() -> None:
    t = table(script(d(20, 20), ID_FACES))
    record = (await t.rolls.check(PLAYER, "insight", request())).record
    spent = await t.steps.spend(record.roll_id, PLAYER, Use.ALLY)
    assert spent.sheet is None
    assert t.sheet().focus.current == 3


# -- /injury -----------------------------------------------------------------------------------


async def test_an_injury_with_the_active_character_uses_its_terms_and_counts_it() -> None:
    t = table(script(d(20, 12), d(6, 4), d(8, 3), ID_FACES))
    rolled = await t.rolls.injury(PLAYER, InjuryAsked(), request())
    assert rolled.record.injury is not None
    assert (rolled.record.injury.deflect, rolled.record.injury.injuries) == (1, 1)
    assert rolled.record.character is not None
    assert rolled.record.character.name == "Veyla Tarn"
    assert rolled.sheet is not None
    assert rolled.sheet.text == (
        "Veyla Tarn: injuries 1 → 2, exhausted 0 → -2, wounds none → Shallow injury, 4 days "
        "left (Exhausted -2)")
    assert t.sheet().injuries == 2
    assert t.characters_store.onces == {f"injury:{ROLL_ID}": VEYLA_ID}


@pytest.mark.parametrize("visibility", [Visibility.GM, Visibility.BLIND])
async def test_a_secret_injury_roll_is_counted_at_its_reveal_not_before(
        visibility: Visibility) -> None:
    t = table(script(d(20, 12), d(6, 4), d(8, 3), ID_FACES))
    rolled = await t.rolls.injury(PLAYER, InjuryAsked(), request(visibility=visibility))
    assert rolled.record.hidden
    assert rolled.sheet is not None
    assert rolled.sheet.text == f"Veyla Tarn: {HELD}"
    assert (t.sheet().injuries, t.characters_store.onces) == (1, {})
    revealed = await t.reveals.reveal(rolled.record.roll_id, GM)
    assert revealed.sheet is not None
    assert revealed.sheet.text == (
        "Veyla Tarn: injuries 1 → 2, exhausted 0 → -2, wounds none → Shallow injury, 4 days "
        "left (Exhausted -2)")
    assert t.sheet().injuries == 2
    entry = t.characters_store.entries[-1]
    assert (entry.user_id, entry.reason) == (PLAYER_ID, f"injury roll {ROLL_ID}")
    assert t.held.effects == {}


async def test_an_injury_roll_that_says_death_counts_no_injury() -> None:
    t = table(script(d(20, 1), ID_FACES))
    rolled = await t.rolls.injury(PLAYER, InjuryAsked(modifier=-5), request())
    assert rolled.sheet is not None
    assert rolled.sheet.text == "Veyla Tarn: death: no injury counted"
    assert t.sheet().injuries == 1


async def test_terms_given_make_a_raw_injury_roll_unless_a_character_is_named() -> None:
    t = table(script(d(20, 12), d(6, 4), d(8, 3), ID_FACES,
                     d(20, 12), d(6, 4), d(8, 3), d(32, 2, 2, 3, 4, 5, 6, 7, 8, 9, 10)))
    raw = await t.rolls.injury(PLAYER, InjuryAsked(deflect=3), request())
    assert raw.record.character is None
    assert raw.sheet is None
    assert raw.record.injury is not None
    assert (raw.record.injury.deflect, raw.record.injury.injuries) == (3, 0)
    named = await t.rolls.injury(PLAYER, InjuryAsked(deflect=3, character="veyla tarn"),
                                 request())
    assert named.record.injury is not None
    assert (named.record.injury.deflect, named.record.injury.injuries) == (3, 1)
    assert t.sheet().injuries == 2


async def test_without_an_active_character_an_injury_is_a_raw_roll() -> None:
    t = table(script(d(20, 12), d(6, 4), d(8, 3), ID_FACES))
    rolled = await t.rolls.injury(GM, InjuryAsked(), request(GM_ROLLER))
    assert rolled.record.character is None
    assert rolled.record.injury is not None
    assert (rolled.record.injury.deflect, rolled.record.injury.injuries) == (0, 0)


# -- the short rest ----------------------------------------------------------------------------


async def test_a_short_rest_rolls_the_recovery_die_and_recovers_its_points() -> None:
    t = table(script(d(6, 5), ID_FACES), focus=1)
    rolled = await t.rolls.short_rest(PLAYER, request(), first=Resource.FOCUS)
    assert rolled.record.notation == "1d6"
    assert rolled.record.label == "Short rest"
    assert rolled.record.character is not None
    assert rolled.record.character.rolled == "Short rest (recovery die d6)"
    assert rolled.sheet is not None
    assert rolled.sheet.text == "Veyla Tarn: health 6 → 8, focus 1 → 4"
    assert (t.sheet().focus.current, t.sheet().health.current) == (4, 8)
    assert t.characters_store.onces == {f"rest:{ROLL_ID}": VEYLA_ID}
    assert entry_of(rolled.record).result["character"]["name"] == "Veyla Tarn"


@pytest.mark.parametrize(("focus", "after"), [(2, (3, 9)), (0, (2, 10)), (9, (4, 8))])
async def test_a_short_rest_splits_its_points_as_the_player_asks(
        focus: int, after: tuple[int, int]) -> None:
    # part 2, "Resting": "Add the roll result to your current health, your current focus, or a
    # combination of the two. For example, if you roll a 5 ... recover 3 health and 2 focus";
    # what one has no room for still goes to the other (health holds 10)
    t = table(script(d(6, 5), ID_FACES), focus=1)
    await t.rolls.short_rest(PLAYER, request(), focus=focus)
    assert (t.sheet().focus.current, t.sheet().health.current) == after


async def test_a_short_rest_is_refused_to_whoever_may_not_change_the_character() -> None:
    t = table(FakeRng())
    with pytest.raises(CharacterNotFoundError):
        await t.rolls.short_rest(OTHER, request(Roller(OTHER_ID, 222, GUILD)),
                                 character="Veyla Tarn")


@pytest.mark.parametrize("visibility", [Visibility.GM, Visibility.BLIND])
async def test_a_secret_roll_with_a_character_is_committed_with_its_terms(
        visibility: Visibility) -> None:
    t = table(script(d(20, 2), d(8, 5), ID_FACES))
    record = (await t.rolls.attack(PLAYER, "Spear", request(visibility=visibility),
                                   defense=14)).record
    stored = entry_of(record).result
    assert commitment_holds(stored) is True
    renamed = {**stored, "character": {**stored["character"], "name": "Someone Else"}}
    assert commitment_holds(renamed) is False
    defended = {**stored, "attack": {**stored["attack"], "defense": 2}}
    assert commitment_holds(defended) is False


async def test_a_gm_attacks_with_an_adversarys_own_modifier_and_fixed_damage() -> None:
    t = table(script(d(20, 9), d(8, 2), ID_FACES))
    fiend = t.characters_store.records[FIEND_ID]
    t.characters_store.records[FIEND_ID] = replace(fiend, sheet=replace(fiend.sheet, weapons=(
        Weapon("Claws", "athletics", "1d8+3", "keen", True, ("pierce",), 9, 7),)).check())
    record = (await t.rolls.attack(GM, "claws", request(GM_ROLLER), character="Chasmfiend",
                                   defense=17)).record
    assert record.notation == "1d20+9, 1d8"  # its own +9, not Athletics' +7
    assert record.character is not None
    assert record.character.described == "Claws (Athletics) +9: own modifier 9"
    view = record.attack_view
    assert view is not None
    assert (view.hit, view.hit_damage, view.graze, view.critical_damage) == (True, 7, 2, 11)
    with pytest.raises(CharacterNotFoundError):
        await t.rolls.attack(PLAYER, "claws", request(), character="Chasmfiend")


async def test_the_sheets_exhausted_penalty_counts_on_its_tests_outside_an_encounter() -> None:
    """Starter rules, part 2, "Conditions" (Exhausted: -N to every test) and "Damage, Injury,
    and Death" (an injury's Exhausted effect): the sheet's penalty, kept until rests lower it,
    is taken off every test made with the character, a check's and an attack's alike."""
    t = tired(table(script(d(20, 12), ID_FACES)))
    check = (await t.rolls.check(PLAYER, "insight", request(dc=15))).record
    assert check.notation == "1d20+3"
    assert check.character is not None
    assert check.character.described == "Insight +3: Awareness 3 + 2 ranks + Exhausted -2"
    t = tired(table(script(d(20, 10), d(8, 6), ID_FACES)))
    attack = (await t.rolls.attack(PLAYER, "spear", request(), defense=14)).record
    assert attack.notation == "1d20+2, 1d8"
    assert attack.character is not None
    assert attack.character.described.endswith("+ Exhausted -2")


def tired(t: Table) -> Table:
    """``t`` with Veyla's sheet at Exhausted -2."""
    record = t.characters_store.records[VEYLA_ID]
    t.characters_store.records[VEYLA_ID] = replace(record,
                                                   sheet=replace(record.sheet, exhausted=2))
    return t
