"""A combatant standing for a character sheet has one health and one focus: the card and the
sheet agree.

:data:`FOLLOWED` has a row per effect a roll has on both (a graze's focus and an Opportunity's,
spent on the sheet first; a landed hit's damage and a Dodge spent by an attack, made on the
card first), each played at every visibility through the real use cases: what the table may
see changes both at once; a hidden secret changes neither until its reveal (its step waits for
it, its damage lands at it), then both once. The card's own acts (Aid, Reactive strike, Extra
action, a condition ended, damage, healing and undo by hand, Recover) each move the sheet once.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace

import pytest

from nazh.application.characters.effects import KINDS, FollowCard, RefillInvestiture
from nazh.application.characters.model import CharacterRecord
from nazh.application.encounters.changes import Step as Step_
from nazh.application.encounters.model import EncounterRecord
from nazh.application.encounters.roster import QuickCombatant
from nazh.application.encounters.sheets import follow_key
from nazh.application.encounters.turns import TurnAct
from nazh.application.settings.server import Visibility
from nazh.domain.attack import Step
from nazh.domain.character import Resource, Weapon
from nazh.domain.derivation import Pool
from nazh.domain.encounter.acts import Affliction
from nazh.domain.encounter.combatant import Combatant, Role, Side
from nazh.domain.encounter.conditions import ConditionName
from nazh.domain.encounter.damage import DamageType
from nazh.domain.encounter.encounter import changed
from nazh.domain.encounter.events import EventKind
from nazh.domain.errors import RollStateError
from nazh.domain.spending import Use
from tests.application.characters.kit import CAUSES
from tests.fakes import FakeRng, d, script
from tests.roll_sheets_kit import (
    FIEND_ID,
    GM,
    GM_ID,
    GM_ROLLER,
    GUILD,
    ID_FACES,
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
SEEN = (Visibility.PUBLIC, Visibility.PRIVATE)
SECRET = (Visibility.GM, Visibility.BLIND)
CLAWS = Weapon("Claws", "athletics", "1d6", "keen")


def armed(rng: FakeRng, *, fiend_focus: int = 2) -> Table:
    """Veyla Tarn (15 health of 20, 3 focus of 4) and a Chasmfiend with claws, 20 health and
    ``fiend_focus`` focus."""
    return Table(rng, CharacterRecord(VEYLA_ID, GUILD, PLAYER_ID,
                                      replace(veyla(), health=Pool(15, 20))),
                 CharacterRecord(FIEND_ID, GUILD, GM_ID, replace(
                     fiend(), weapons=(CLAWS,), focus=Pool(fiend_focus, 3),
                     health=Pool(20, 20))))


async def the(t: Table, name: str) -> Combatant:
    return (await t.encounter_changes.current(CHANNEL)).encounter.find(name)


async def both(t: Table, resource: Resource, name: str = "Veyla Tarn",
               character_id: str = VEYLA_ID) -> tuple[int, int]:
    """(the sheet's, the card's) ``resource``."""
    card = await the(t, name)
    return (t.sheet(character_id).pool(resource).current,
            card.focus if resource is Resource.FOCUS else card.health)


async def with_fiend(t: Table, role: Role = Role.RIVAL) -> None:
    await fight(t)
    await t.roster.add_character(GM, CHANNEL, "Chasmfiend", role=role)


# -- the table: each effect at each visibility ---------------------------------------------------

Roll = Callable[[Table, Visibility], Awaitable[str]]
Then = Callable[[Table, str], Awaitable[object]]


@dataclass(frozen=True)
class Followed:
    """An effect on both the sheet and the card: the dice, what happens before the roll, the
    roll, the step after it (``None``: the roll itself), the resource it moves from ``before``
    to ``after``; ``at_roll``: it happens when the attack is made, whatever its visibility
    (the attack is seen made, only its result is secret)."""

    dice: Callable[[], FakeRng]
    arrange: Callable[[Table], Awaitable[None]]
    roll: Roll
    step: Then | None
    resource: Resource
    before: int
    after: int
    at_roll: bool = False


async def _veyla_attacks(t: Table, visibility: Visibility) -> str:
    rolled = await t.rolls.attack(PLAYER, "Spear", request(visibility=visibility), defense=14)
    return rolled.record.roll_id


async def _graze(t: Table, roll_id: str) -> object:
    return await t.steps.record_attack(roll_id, PLAYER, Step.GRAZE)


async def _veyla_checks(t: Table, visibility: Visibility) -> str:
    return (await t.rolls.check(PLAYER, "insight", request(visibility=visibility))).record.roll_id


async def _recover_focus(t: Table, roll_id: str) -> object:
    return await t.steps.spend(roll_id, PLAYER, Use.FOCUS)


async def _fiend_strikes_veyla(t: Table, visibility: Visibility) -> str:
    rolled = await t.rolls.attack(GM, "Claws", request(GM_ROLLER, visibility=visibility),
                                  character="Chasmfiend", target="Veyla Tarn")
    return rolled.record.roll_id


async def _veyla_dodges(t: Table) -> None:
    await with_fiend(t)
    await t.turns.take(PLAYER, CHANNEL, TurnAct.DODGE, "Veyla Tarn")


FOLLOWED: dict[str, Followed] = {
    # Veyla's spear misses (2 + 4 < 14): the graze costs 1 focus
    "graze": Followed(lambda: script(d(20, 2), d(8, 5), ID_FACES), fight, _veyla_attacks,
                      _graze, Resource.FOCUS, 3, 2),
    # a natural 20: an Opportunity spent on 1 focus
    "Opportunity": Followed(lambda: script(d(20, 20), ID_FACES), fight, _veyla_checks,
                            _recover_focus, Resource.FOCUS, 3, 4),
    # the claws hit (12 + 7): 4 + 7 keen - 1 deflect = 10
    "damage landed": Followed(lambda: script(d(20, 12), d(6, 4), ID_FACES), with_fiend,
                              _fiend_strikes_veyla, None, Resource.HEALTH, 15, 5),
    # the claws' attack on a Dodging Veyla spends her reaction and 1 focus (and misses)
    "Dodge used": Followed(lambda: script(d(20, 1), d(20, 2), d(6, 4), ID_FACES),
                           _veyla_dodges, _fiend_strikes_veyla, None, Resource.FOCUS, 3, 2,
                           at_roll=True),
}
"""One row per effect a roll has on a sheet combatant's health or focus."""


def test_every_kind_of_effect_has_a_row_in_one_table() -> None:
    # the card's own: test_recover_..., test_an_empowered_combatant_s_turn_refills_...
    assert set(CAUSES) | {FollowCard.kind, RefillInvestiture.kind} == set(KINDS)


@pytest.mark.parametrize("name", sorted(FOLLOWED))
@pytest.mark.parametrize("visibility", SEEN, ids=lambda v: v.value)
async def test_a_roll_the_table_sees_moves_the_sheet_and_the_card_at_once(
        name: str, visibility: Visibility) -> None:
    case = FOLLOWED[name]
    t = armed(case.dice())
    await case.arrange(t)
    assert await both(t, case.resource) == (case.before, case.before)
    roll_id = await case.roll(t, visibility)
    await (case.step or _nothing)(t, roll_id)
    assert await both(t, case.resource) == (case.after, case.after)


async def _nothing(_t: Table, _roll_id: str) -> None:
    """No step: the roll itself has the effect."""


STEPPED = sorted(name for name, case in FOLLOWED.items() if case.step is not None)
"""Effects of a step after the roll (a graze, an Opportunity spent): refused while hidden."""
LANDED = sorted(name for name, case in FOLLOWED.items()
                if case.step is None and not case.at_roll)
"""Effects the roll has when it is seen (its damage lands): at its reveal."""
AT_ROLL = sorted(name for name, case in FOLLOWED.items() if case.at_roll)
"""Effects the attack has when it is made (a Dodge spent): a secret one's at its reveal."""


def _nothing_audited(t: Table) -> None:
    assert [e.reason for e in t.characters_store.entries if e.character_id == VEYLA_ID
            and e.field in (Resource.FOCUS.value, Resource.HEALTH.value)] == []


async def _revealed_once(t: Table, case: Followed, roll_id: str) -> None:
    assert await both(t, case.resource) == (case.after, case.after)
    with pytest.raises(RollStateError, match="already public"):
        await t.reveals.reveal(roll_id, GM)
    assert await both(t, case.resource) == (case.after, case.after)


@pytest.mark.parametrize("name", STEPPED)
@pytest.mark.parametrize("visibility", SECRET, ids=lambda v: v.value)
async def test_a_hidden_roll_s_step_waits_for_its_reveal_then_moves_both_once(
        name: str, visibility: Visibility) -> None:
    case = FOLLOWED[name]
    t = armed(case.dice())
    await case.arrange(t)
    roll_id = await case.roll(t, visibility)
    assert case.step is not None
    with pytest.raises(RollStateError, match="must be revealed"):
        await case.step(t, roll_id)
    assert await both(t, case.resource) == (case.before, case.before)
    _nothing_audited(t)
    await t.reveals.reveal(roll_id, GM)
    await case.step(t, roll_id)
    await _revealed_once(t, case, roll_id)


@pytest.mark.parametrize("name", LANDED)
@pytest.mark.parametrize("visibility", SECRET, ids=lambda v: v.value)
async def test_a_hidden_roll_moves_neither_until_its_reveal_then_both_once(
        name: str, visibility: Visibility) -> None:
    case = FOLLOWED[name]
    t = armed(case.dice())
    await case.arrange(t)
    roll_id = await case.roll(t, visibility)
    assert await both(t, case.resource) == (case.before, case.before)
    _nothing_audited(t)
    await t.reveals.reveal(roll_id, GM)
    await _revealed_once(t, case, roll_id)


@pytest.mark.parametrize("name", AT_ROLL)
@pytest.mark.parametrize("visibility", SECRET, ids=lambda v: v.value)
async def test_a_hidden_attack_spends_a_dodge_on_both_at_its_reveal(
        name: str, visibility: Visibility) -> None:
    """A secret roll changes nothing the table sees before its reveal, the Dodge it uses too."""
    case = FOLLOWED[name]
    t = armed(case.dice())
    await case.arrange(t)
    roll_id = await case.roll(t, visibility)
    assert await both(t, case.resource) == (case.before, case.before)
    await t.reveals.reveal(roll_id, GM)
    assert await both(t, case.resource) == (case.after, case.after)


# -- the roll's step: the sheet first, then the card ----------------------------------------------


async def test_a_graze_when_the_card_has_less_focus_stops_the_card_at_0_and_says_so() -> None:
    t = armed(script(d(20, 2), d(8, 5), ID_FACES))
    await fight(t)
    await t.encounter_changes.change(GM, CHANNEL, _focus_emptied)  # the card alone
    assert t.sheet().focus.current == 3
    roll_id = await _veyla_attacks(t, Visibility.PUBLIC)
    rolled = await _graze(t, roll_id)
    assert (t.sheet().focus.current, (await the(t, "Veyla Tarn")).focus) == (2, 0)
    assert "Veyla Tarn had 0 focus on the card: it stays at 0" in \
        rolled.notes  # type: ignore[attr-defined]


def _focus_emptied(record: EncounterRecord, _gm: bool) -> Step_:
    """Veyla's focus on the card set to 0, a change the sheet does not follow."""
    encounter = record.encounter
    emptied = changed(encounter, replace(encounter.find("Veyla Tarn"), focus=0))
    return Step_(replace(record, encounter=emptied), follow=False)


async def test_the_card_follows_a_graze_with_its_own_log_entry_and_not_back() -> None:
    t = armed(script(d(20, 2), d(8, 5), ID_FACES))
    await fight(t)
    roll_id = await _veyla_attacks(t, Visibility.PUBLIC)
    await _graze(t, roll_id)
    log = await t.encounter_store.log(
        (await t.encounter_changes.current(CHANNEL)).encounter_id, 5)
    assert log[0].kind == EventKind.SHEET_FOCUS.value
    assert log[0].detail == "graze: 3 -> 2"
    focus_changes = [e for e in t.characters_store.entries if e.field == "focus"]
    assert [(e.old, e.new) for e in focus_changes] == [("3", "2")]
    assert (await the(t, "Veyla Tarn")).reactions.focus_spent == 1


async def test_a_focused_graze_costs_no_focus_even_at_0() -> None:
    """Part 2 "Conditions", Focused: "When you use an ability that costs focus, its cost is
    reduced by 1": the graze's 1 focus is 0, at 0 focus too, on the sheet and the card."""
    t = armed(script(d(20, 2), d(8, 5), ID_FACES))
    await fight(t)
    await t.turns.condition(GM, CHANNEL, "Veyla Tarn", Affliction(ConditionName.FOCUSED))
    await t.encounter_changes.change(GM, CHANNEL, _focus_emptied)
    t.characters_store.records[VEYLA_ID] = replace(
        t.characters_store.records[VEYLA_ID],
        sheet=replace(t.sheet(), focus=Pool(0, 4)))
    roll_id = await _veyla_attacks(t, Visibility.PUBLIC)
    rolled = await _graze(t, roll_id)
    assert (t.sheet().focus.current, (await the(t, "Veyla Tarn")).focus) == (0, 0)
    assert "Focused: the graze costs no focus" in rolled.notes  # type: ignore[attr-defined]


async def test_a_roll_outside_an_encounter_moves_only_the_sheet() -> None:
    t = armed(script(d(20, 2), d(8, 5), ID_FACES))
    roll_id = await _veyla_attacks(t, Visibility.PUBLIC)
    await _graze(t, roll_id)
    assert t.sheet().focus.current == 2


# -- the card's own acts: the sheet follows, once each --------------------------------------------


async def test_aid_spends_the_sheet_s_focus_once() -> None:
    t = armed(script(ID_FACES))
    await with_fiend(t)
    await t.roster.add(GM, CHANNEL, QuickCombatant("Teft", 10, side=Side.ALLY))
    for _ in range(2):
        changed = await t.reactions.aid(PLAYER, CHANNEL, "Veyla Tarn", "Teft",
                                        once="aid-prompt:1")
    assert await both(t, Resource.FOCUS) == (2, 2)
    assert changed.repeated
    reasons = [e.reason for e in t.characters_store.entries if e.field == "focus"]
    assert len(reasons) == 1
    assert "focus -1" in str(reasons[0])
    assert [e.user_id for e in t.characters_store.entries if e.field == "focus"] == [PLAYER_ID]


async def test_a_reactive_strike_spends_the_sheet_s_focus() -> None:
    t = armed(script(ID_FACES))
    await with_fiend(t)
    changed = await t.reactions.strike(PLAYER, CHANNEL, "Veyla Tarn", once="strike-prompt:1")
    assert await both(t, Resource.FOCUS) == (2, 2)
    assert [s.text for s in changed.sheets] == ["Veyla Tarn: focus 3 → 2"]


async def test_a_boss_s_extra_action_and_a_condition_it_ends_spend_its_sheet_s_focus() -> None:
    t = armed(script(ID_FACES))
    await with_fiend(t, Role.BOSS)  # Veyla's fast turn runs
    await t.turns.take(PLAYER, CHANNEL, TurnAct.DONE)  # Veyla's turn ends: the boss's runs
    await t.reactions.extra(GM, CHANNEL, "Chasmfiend", once="extra-prompt:1")
    assert await both(t, Resource.FOCUS, "Chasmfiend", FIEND_ID) == (1, 1)
    await t.turns.condition(GM, CHANNEL, "Chasmfiend", Affliction(ConditionName.PRONE))
    await t.reactions.end_condition(GM, CHANNEL, "Chasmfiend", ConditionName.PRONE,
                                    once="extra-prompt:2")
    assert await both(t, Resource.FOCUS, "Chasmfiend", FIEND_ID) == (0, 0)


async def test_damage_healing_and_undo_by_hand_move_the_sheet_each_once() -> None:
    t = armed(script(ID_FACES))
    await fight(t)
    damaged = await t.health.damage(GM, CHANNEL, "Veyla Tarn", 4, DamageType.VITAL)
    assert await both(t, Resource.HEALTH) == (11, 11)
    assert [s.text for s in damaged.changed.sheets] == ["Veyla Tarn: health 15 → 11"]
    await t.health.heal(GM, CHANNEL, "Veyla Tarn", 3)
    assert await both(t, Resource.HEALTH) == (14, 14)
    await t.health.undo(GM, CHANNEL, "Veyla Tarn")  # the healing undone
    assert await both(t, Resource.HEALTH) == (11, 11)
    await t.health.undo(GM, CHANNEL, "Veyla Tarn")  # the damage undone
    assert await both(t, Resource.HEALTH) == (15, 15)
    health = [(e.old, e.new, e.user_id) for e in t.characters_store.entries
              if e.field == "health"]
    assert health == [("15", "11", GM_ID), ("11", "14", GM_ID), ("14", "11", GM_ID),
                      ("11", "15", GM_ID)]
    record = await t.encounter_changes.current(CHANNEL)
    assert t.characters_store.onces.keys() >= {follow_key(replace(record, version=v), VEYLA_ID)
                                               for v in range(record.version - 3,
                                                              record.version + 1)}


async def test_recover_gives_the_sheet_the_health_and_focus_it_gives_the_card() -> None:
    t = armed(script(ID_FACES))
    await with_fiend(t)
    await t.roster.add(GM, CHANNEL, QuickCombatant("Teft", 10, side=Side.ALLY))
    await t.reactions.aid(PLAYER, CHANNEL, "Veyla Tarn", "Teft", once="aid-prompt:1")
    await t.health.damage(GM, CHANNEL, "Veyla Tarn", 1, DamageType.VITAL)
    assert (await both(t, Resource.HEALTH), await both(t, Resource.FOCUS)) == ((14, 14),
                                                                                (2, 2))
    await t.reactions.start_recovery(PLAYER, CHANNEL, "Veyla Tarn")
    for _ in range(2):  # 7 points split: 6 health to its maximum, 1 focus; once per roll
        await t.reactions.recovered(PLAYER, CHANNEL, "Veyla Tarn", "roll000009", 7,
                                    to_health=6)
    assert (await both(t, Resource.HEALTH), await both(t, Resource.FOCUS)) == ((20, 20),
                                                                                (3, 3))


async def test_an_empowered_combatant_s_turn_refills_its_sheet_s_investiture_once() -> None:
    """Starter rules, part 2, "Conditions" (Empowered: "your Investiture refills to your
    maximum at the start of each of your turns"): when its turn begins, once, logged; not at a
    turn of a combatant without Empowered, nor for a quick combatant (no sheet)."""
    t = armed(script(ID_FACES))
    await t.characters.change(PLAYER, VEYLA_ID,
                              lambda s: replace(s, investiture=Pool(1, 4)))
    await fight(t, turn=False)
    await t.roster.add(GM, CHANNEL, QuickCombatant("Teft", 10, side=Side.ALLY))
    await t.turns.condition(GM, CHANNEL, "Teft", Affliction(ConditionName.EMPOWERED))
    await t.turns.take(PLAYER, CHANNEL, TurnAct.FAST)  # her turn runs, not Empowered
    assert t.sheet().pool(Resource.INVESTITURE).current == 1
    await t.turns.condition(GM, CHANNEL, "Veyla Tarn", Affliction(ConditionName.EMPOWERED))
    await t.turns.take(PLAYER, CHANNEL, TurnAct.DONE)
    assert t.sheet().pool(Resource.INVESTITURE).current == 1  # given during her turn
    changed = await t.turns.next(GM, CHANNEL)  # round 1's slow adversaries (Teft's turn)
    while (await the(t, "Veyla Tarn")).turn.current is None:  # round 2's slow players
        assert EventKind.INVESTITURE_REFILLED not in [e.kind for e in changed.events]
        changed = await t.turns.next(GM, CHANNEL)
    # hers is the phase's one turn: it begins at once
    assert [e.kind for e in changed.events].count(EventKind.INVESTITURE_REFILLED) == 1
    assert t.sheet().pool(Resource.INVESTITURE).current == 4
    assert [s.text for s in changed.sheets] == ["Veyla Tarn: investiture 1 → 4"]
    await t.characters.change(PLAYER, VEYLA_ID, lambda s: replace(s, investiture=Pool(2, 4)))
    await t.turns.take(PLAYER, CHANNEL, TurnAct.ACTION)  # the same turn: no refill again
    assert t.sheet().pool(Resource.INVESTITURE).current == 2
    log = [e.kind for e in (await t.lifecycle.log(CHANNEL))[1]]
    assert log.count(EventKind.INVESTITURE_REFILLED.value) == 1  # not for Teft


async def test_a_quick_combatant_has_no_sheet_to_follow() -> None:
    t = armed(script(ID_FACES))
    await fight(t)
    await t.roster.add(GM, CHANNEL, QuickCombatant("Bandit", 10, focus=2))
    changed = await t.health.damage(GM, CHANNEL, "Bandit", 4)
    assert changed.changed.sheets == ()


async def test_a_sheet_deleted_meanwhile_is_said_and_the_card_kept() -> None:
    t = armed(script(ID_FACES))
    await fight(t)
    await t.characters_store.delete(VEYLA_ID)
    damaged = await t.health.damage(GM, CHANNEL, "Veyla Tarn", 4, DamageType.VITAL)
    assert (await the(t, "Veyla Tarn")).health == 11
    assert [s.text for s in damaged.changed.sheets] == [
        "Veyla Tarn: sheet not changed: that character is no longer kept, or not here"]


async def test_the_sheet_follows_within_its_own_range() -> None:
    t = armed(script(ID_FACES))
    await fight(t)
    await t.characters.change(PLAYER, VEYLA_ID, lambda s: replace(s, health=Pool(1)))
    await t.health.damage(GM, CHANNEL, "Veyla Tarn", 4, DamageType.VITAL)
    assert await both(t, Resource.HEALTH) == (0, 11)


async def test_an_attack_on_a_combatant_whose_sheet_is_gone_lands_and_says_so() -> None:
    t = armed(script(d(20, 12), d(6, 4), ID_FACES))
    await with_fiend(t)
    await t.characters_store.delete(VEYLA_ID)
    clawed = await t.rolls.attack(GM, "Claws", request(GM_ROLLER), character="Chasmfiend",
                                  target="Veyla Tarn")
    assert (await the(t, "Veyla Tarn")).health == 5
    assert "Veyla Tarn: sheet not changed: that character is no longer kept, or not here" in \
        clawed.notes
