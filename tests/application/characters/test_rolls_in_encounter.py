"""Rolls made with a character that is in the channel's encounter: its conditions change the
test (each change named, in the notation's total, the chain and a secret's commitment), the roll
spends one of its actions during its turn (given back once), a Determined combatant's failed
test ends Determined; a roll outside an encounter is kept exactly as before."""

from __future__ import annotations

import contextlib

import pytest

from nazh.application.characters.rolls import InjuryAsked
from nazh.application.encounters.roster import QuickCombatant
from nazh.application.rolls.events import Happened, RollEvent
from nazh.application.rolls.logged_store import entry_of, record_of
from nazh.application.rolls.model import RollRecord
from nazh.application.rolls.secrets import commitment_holds
from nazh.application.rolls.terms.encounter import ENCOUNTER, InEncounter
from nazh.application.settings.server import Visibility
from nazh.domain.attack import Step
from nazh.domain.character import Attribute
from nazh.domain.encounter.acts import Affliction
from nazh.domain.encounter.conditions import ConditionName
from nazh.domain.encounter.errors import EncounterError
from nazh.domain.errors import RollStateError
from nazh.domain.spec import DieMode
from nazh.domain.spending import Use, left, spend
from nazh.presentation.spending import spent_lines
from nazh.presentation.term_views import above_lines
from tests.fakes import d, script
from tests.roll_sheets_kit import (
    GM,
    ID_FACES,
    PLAYER,
    ROLLER,
    fight,
    request,
    table,
    veyla_in_fight,
)

SECOND_ID = d(32, 2, 2, 3, 4, 5, 6, 7, 8, 9, 10)
EXHAUSTED_2 = Affliction(ConditionName.EXHAUSTED, 2)
CHANNEL = ROLLER.channel_id
OTHER_CHANNEL = 999


def term_of(record: RollRecord) -> InEncounter:
    term = record.term(ENCOUNTER)
    assert term is not None
    return term


async def test_exhausted_lowers_the_total_names_itself_and_spends_an_action() -> None:
    t = table(script(d(20, 12), ID_FACES))
    await fight(t, EXHAUSTED_2)
    rolled = await t.rolls.check(PLAYER, "insight", request(dc=15))
    record = rolled.record
    assert record.notation == "1d20+3"
    assert record.result.pools[0].total == 15
    assert record.character is not None
    assert record.character.parts == (("Awareness", 3), ("ranks", 2), ("Exhausted", -2))
    assert term_of(record) == InEncounter(
        term_of(record).encounter_id, "Ambush", 1, "fast-players", "Veyla Tarn",
        ("Exhausted: -2",), (("Exhausted", -2),), action=True)
    assert above_lines(record)[1] == ("⚔️ Ambush · round 1 · Veyla Tarn — Exhausted: -2 · "
                                      "1 action spent")
    assert (await veyla_in_fight(t)).turn.actions == 1
    assert rolled.notes == ()
    entry = entry_of(record)
    assert entry.result["encounter"]["reasons"] == ["Exhausted: -2"]
    assert record_of(entry).term(ENCOUNTER) == term_of(record)


async def test_enhanced_adds_only_to_tests_of_its_attribute() -> None:
    t = table(script(d(20, 10), ID_FACES, d(20, 10), d(8, 3), SECOND_ID))
    await fight(t, Affliction(ConditionName.ENHANCED, 1, Attribute.AWARENESS))
    insight = (await t.rolls.check(PLAYER, "insight", request())).record
    assert (insight.notation, term_of(insight).reasons) == ("1d20+6", ("Enhanced: +1",))
    spear = (await t.rolls.attack(PLAYER, "Spear", request())).record  # a Speed test
    assert (spear.notation, term_of(spear).reasons) == ("1d20+4, 1d8", ())


@pytest.mark.parametrize(("condition", "notation", "hit_damage"), [
    (Affliction(ConditionName.ENHANCED, 1, Attribute.SPEED), "1d20+5, 1d8", 6 + 5),
    (EXHAUSTED_2, "1d20+2, 1d8", 6 + 4),
])
async def test_a_hits_damage_adds_the_skills_modifier_enhanced_raises_and_exhausted_does_not(
        condition: Affliction, notation: str, hit_damage: int) -> None:
    """Starter rules, part 3, "Attacking" (Hit: "the total rolled on the damage dice + your
    modifier for the skill you used for the test") and part 2, "Conditions": Enhanced raises the
    attribute itself (only defenses and maximums are left alone), so the skill's modifier and the
    hit's damage; Exhausted is a penalty on the test's result, not on the skill's modifier."""
    t = table(script(d(20, 12), d(8, 6), ID_FACES))
    await fight(t, condition)
    record = (await t.rolls.attack(PLAYER, "Spear", request(), defense=10)).record
    assert record.notation == notation
    view = record.attack_view
    assert view is not None
    assert (view.hit, view.hit_damage) == (True, hit_damage)


@pytest.mark.parametrize(("conditions", "asked", "escape", "notation"), [
    ((ConditionName.EMPOWERED,), DieMode.NORMAL, False, "a1d20+5"),
    ((ConditionName.RESTRAINED,), DieMode.NORMAL, False, "d1d20+5"),
    ((ConditionName.RESTRAINED,), DieMode.NORMAL, True, "1d20+5"),
    ((ConditionName.EMPOWERED, ConditionName.RESTRAINED), DieMode.NORMAL, False, "1d20+5"),
    ((ConditionName.RESTRAINED,), DieMode.ADVANTAGE, False, "1d20+5"),
    ((ConditionName.EMPOWERED,), DieMode.ADVANTAGE, False, "a1d20+5"),
])
async def test_advantages_and_disadvantages_cancel_with_the_mode_asked(
        conditions: tuple[ConditionName, ...], asked: DieMode, escape: bool,
        notation: str) -> None:
    faces = d(20, 10) if notation.startswith("1") else d(20, 10, 11)
    t = table(script(faces, ID_FACES))
    await fight(t, *(Affliction(name) for name in conditions))
    record = (await t.rolls.check(PLAYER, "insight", request(), mode=asked,
                                  escape=escape)).record
    assert record.notation == notation


async def test_restrained_and_empowered_are_both_named_when_they_cancel() -> None:
    t = table(script(d(20, 10), ID_FACES))
    await fight(t, Affliction(ConditionName.EMPOWERED), Affliction(ConditionName.RESTRAINED))
    record = (await t.rolls.check(PLAYER, "insight", request())).record
    assert term_of(record).reasons == ("Empowered: advantage", "Restrained: disadvantage")


async def test_disoriented_gives_a_disadvantage_on_perception_only() -> None:
    t = table(script(d(20, 10, 4), ID_FACES, d(20, 10), SECOND_ID))
    await fight(t, Affliction(ConditionName.DISORIENTED))
    perception = (await t.rolls.check(PLAYER, "perception", request())).record
    assert perception.notation == "d1d20+3"
    insight = (await t.rolls.check(PLAYER, "insight", request())).record
    assert (insight.notation, term_of(insight).reasons) == ("1d20+5", ())


async def test_a_determined_combatant_s_player_chooses_to_use_it_on_a_failed_test() -> None:
    """Part 2 "Conditions", Determined: "when you fail a test, you can add an Opportunity to
    the result. After you choose to do so, remove the Determined condition": a success offers
    nothing, a failure offers it and changes nothing until its player uses it, once."""
    t = table(script(d(20, 15), ID_FACES, d(20, 2), SECOND_ID))
    await fight(t, Affliction(ConditionName.DETERMINED))
    success = await t.rolls.check(PLAYER, "insight", request(dc=15))
    assert term_of(success.record).may_use_determined is True
    assert "use-determined" not in success.offers.granted
    assert success.record.granted == 0
    failure = await t.rolls.check(PLAYER, "insight", request(dc=15))
    assert "use-determined" in failure.offers.granted
    assert failure.notes == ()
    assert [c.name for c in (await veyla_in_fight(t)).conditions] == [ConditionName.DETERMINED]
    assert failure.record.granted == 0
    used = await t.steps.use_determined(failure.record.roll_id, PLAYER)
    assert used.notes == ("Veyla Tarn used Determined: the failed test gains an Opportunity, "
                          "and Determined ends",)
    assert (await veyla_in_fight(t)).conditions == ()
    assert used.record.granted == 1  # the Opportunity to spend, beside the dice
    assert "use-determined" not in used.offers.granted
    assert spent_lines(used.record) == ["To spend: 1 Opportunity"]
    with_one = spend(used.record.result, used.record.spent, Use.FOCUS, 1,
                     granted=used.record.granted)
    assert left(used.record.result, with_one, opportunity=True,
                granted=used.record.granted) == 0
    with pytest.raises(RollStateError, match="Determined is used on this roll already"):
        await t.steps.use_determined(failure.record.roll_id, PLAYER)
    with pytest.raises(RollStateError, match="to a failed test only"):
        await t.steps.use_determined(success.record.roll_id, PLAYER)


async def test_outside_its_turn_no_action_is_spent_and_the_result_says_so() -> None:
    t = table(script(d(20, 12), ID_FACES))
    await fight(t, turn=False)
    record = (await t.rolls.check(PLAYER, "insight", request())).record
    assert term_of(record).action is False
    assert above_lines(record)[1] == "⚔️ Ambush · round 1 · Veyla Tarn — no action spent"
    assert (await veyla_in_fight(t)).turn.actions is None


async def test_a_roll_spends_one_action_even_when_its_acts_are_asked_twice() -> None:
    t = table(script(d(20, 12), ID_FACES))
    await fight(t)
    rolled = await t.rolls.check(PLAYER, "insight", request())
    again = await t.encounters.handle(RollEvent(Happened.KEPT, rolled, PLAYER))
    assert again.notes == ()
    assert (await veyla_in_fight(t)).turn.actions == 1


async def test_the_action_is_given_back_once_by_the_undo() -> None:
    t = table(script(d(20, 12), ID_FACES))
    await fight(t)
    record = (await t.rolls.check(PLAYER, "insight", request())).record
    given = await t.acts.undo_action(PLAYER, record)
    assert given.record.encounter.find("Veyla Tarn").turn.actions == 2
    again = await t.acts.undo_action(PLAYER, record)
    assert again.repeated is True
    assert (await veyla_in_fight(t)).turn.actions == 2


async def test_an_undo_is_refused_for_a_roll_that_spent_no_action() -> None:
    t = table(script(d(20, 12), ID_FACES))
    await fight(t, turn=False)
    record = (await t.rolls.check(PLAYER, "insight", request())).record
    with pytest.raises(EncounterError, match=f"roll {record.roll_id} spent no action of "
                                             "Veyla Tarn's"):
        await t.acts.undo_action(PLAYER, record)


async def test_an_attack_s_test_is_changed_not_its_damage() -> None:
    t = table(script(d(20, 10), d(8, 6), ID_FACES))
    await fight(t, EXHAUSTED_2)
    record = (await t.rolls.attack(PLAYER, "Spear", request(), defense=10)).record
    assert record.notation == "1d20+2, 1d8"
    view = record.attack_view
    assert view is not None
    assert (view.hit, view.hit_damage) == (True, 10)  # 6 + the skill's modifier, 4
    assert term_of(record).action is True


async def test_a_melee_attack_on_a_prone_target_gains_an_advantage() -> None:
    t = table(script(d(20, 10, 4), d(8, 6), ID_FACES))
    await fight(t)
    await t.roster.add(GM, CHANNEL, QuickCombatant("Bandit", 6))
    await t.turns.condition(GM, CHANNEL, "Bandit", Affliction(ConditionName.PRONE))
    record = (await t.rolls.attack(PLAYER, "Spear", request(), defense=10,
                                   target="bandit")).record
    assert record.notation == "a1d20+4, 1d8"
    assert term_of(record).reasons == ("target Prone: advantage",)


async def test_an_attack_s_graze_and_critical_hit_count_once_in_the_summary() -> None:
    t = table(script(d(20, 3), d(8, 6), ID_FACES, d(20, 20), d(8, 5), SECOND_ID), focus=3)
    await fight(t)
    missed = (await t.rolls.attack(PLAYER, "Spear", request(), defense=15)).record
    for _ in range(2):
        with contextlib.suppress(RollStateError):
            await t.steps.record_attack(missed.roll_id, PLAYER, Step.GRAZE)
    hit = (await t.rolls.attack(PLAYER, "Spear", request(), defense=15)).record
    await t.steps.spend(hit.roll_id, PLAYER, Use.CRITICAL)
    tally = (await veyla_in_fight(t)).tally
    assert (tally.grazes, tally.critical_hits) == (1, 1)


@pytest.mark.parametrize("face", [10, 20], ids=["hit", "felled"])
async def test_an_attack_on_a_target_reads_the_encounter_once_and_writes_it_once(
        face: int) -> None:
    """What the encounter does to the attack is read once; its action spent and its damage
    landed are kept in one compare-and-swap (a crash can keep none or both, never half)."""
    t = table(script(d(20, face), d(8, 8), ID_FACES))
    await fight(t)
    await t.roster.add(GM, CHANNEL, QuickCombatant("Bandit", 12, defense=12))
    store = t.encounter_store
    reads, writes = store.reads, store.writes
    rolled = await t.rolls.attack(PLAYER, "Spear", request(), target="Bandit")
    assert (store.reads - reads, store.writes - writes) == (1, 1)
    now = (await t.encounter_changes.current(CHANNEL)).encounter
    assert (now.find("Veyla Tarn").turn.actions, now.find("Bandit").health < 12) == (1, True)
    assert any(note.startswith("hit: ") for note in rolled.notes)


async def test_a_target_is_a_combatant_of_the_channel_s_encounter() -> None:
    t = table(script(d(20, 10), d(8, 6), ID_FACES))
    with pytest.raises(EncounterError, match="target: there is no encounter in this channel"):
        await t.rolls.attack(PLAYER, "Spear", request(), target="Bandit")
    await fight(t)
    with pytest.raises(EncounterError, match='no combatant "Szeth"'):
        await t.rolls.attack(PLAYER, "Spear", request(), target="Szeth")


async def test_an_injury_roll_in_an_encounter_spends_no_action_and_is_not_a_test() -> None:
    """An injury roll is no action (the starter rules, "Injuries": rolled when one is taken),
    and the combatant's conditions leave it alone."""
    t = table(script(d(20, 12), d(6, 4), d(8, 3), ID_FACES))
    await fight(t, EXHAUSTED_2)
    rolled = await t.rolls.injury(PLAYER, InjuryAsked(), request())
    term = term_of(rolled.record)
    assert (term.reasons, term.parts, term.action) == ((), (), False)
    assert rolled.sheet is not None
    assert rolled.sheet.text == (
        "Veyla Tarn: injuries 1 → 2, exhausted 0 → -2, wounds none → Shallow injury, 4 days "
        "left (Exhausted -2)")
    assert (await veyla_in_fight(t)).turn.actions == 2


@pytest.mark.parametrize("visibility", [Visibility.GM, Visibility.BLIND])
async def test_a_secret_roll_s_commitment_covers_its_encounter(visibility: Visibility) -> None:
    t = table(script(d(20, 2), ID_FACES))
    await fight(t, EXHAUSTED_2)
    record = (await t.rolls.check(PLAYER, "insight", request(visibility=visibility,
                                                             dc=15))).record
    stored = entry_of(record).result
    assert commitment_holds(stored) is True
    eased = {**stored, "encounter": {**stored["encounter"], "parts": []}}
    assert commitment_holds(eased) is False


async def test_a_roll_outside_any_encounter_is_stored_exactly_as_before() -> None:
    plain, elsewhere, absent = (table(script(d(20, 12), ID_FACES)) for _ in range(3))
    await fight(elsewhere, EXHAUSTED_2, channel=OTHER_CHANNEL)
    await absent.lifecycle.start(GM, CHANNEL)  # an encounter without Veyla Tarn
    records = [(await t.rolls.check(PLAYER, "insight", request())).record
               for t in (plain, elsewhere, absent)]
    assert all(r.term(ENCOUNTER) is None for r in records)
    assert "encounter" not in entry_of(records[0]).result
    assert len({entry_of(r).canonical() for r in records}) == 1
