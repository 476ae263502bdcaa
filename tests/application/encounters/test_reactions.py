"""Reactions and focus through the use cases: a target's Dodge and an Aid change the next roll
(named) and are spent by it once; Aid, Reactive strike, Extra action and Recover are asked for
the clicker's combatant, refused with the reason, and a repeated choice spends once."""

from __future__ import annotations

import pytest

from nazh.application.encounters.access import NotAllowedError
from nazh.application.encounters.reactions import EncounterReactions
from nazh.application.encounters.roster import QuickCombatant
from nazh.application.encounters.turns import ChooseCombatantError, TurnAct
from nazh.application.rolls.terms.encounter import ENCOUNTER, InEncounter
from nazh.domain.character import Attribute
from nazh.domain.encounter.acts import Affliction
from nazh.domain.encounter.combatant import Combatant, Role, Side
from nazh.domain.encounter.conditions import ConditionName
from nazh.domain.encounter.errors import EncounterError
from nazh.domain.encounter.events import EventKind
from nazh.domain.encounter.rolls import RollKind
from nazh.domain.spec import DieMode
from tests.encounter_fakes import (
    CHANNEL,
    GM,
    OTHER,
    PLAYER,
    EncounterKit,
    encounter_kit,
    handled,
    placed,
    roll_in,
)

INSIGHT = RollKind.test("insight", Attribute.AWARENESS)
SPEAR = RollKind.attack_on((), skill="heavy-weaponry", attribute=Attribute.STRENGTH, melee=True)


async def ambush() -> tuple[EncounterKit, str]:
    """The player's Kaladin (its character id returned) against the GM's Bandit (2 focus) and
    Szeth (a boss, 1 focus)."""
    kit = encounter_kit()
    record = await kit.characters.new(PLAYER, "Kaladin", attributes={Attribute.WILLPOWER: 1})
    await kit.lifecycle.start(GM, CHANNEL, "Ambush")
    await kit.roster.join(PLAYER, CHANNEL, None)
    await kit.roster.add(GM, CHANNEL, QuickCombatant("Bandit", 10, focus=2))
    await kit.roster.add(GM, CHANNEL, QuickCombatant("Szeth", 40, focus=1, role=Role.BOSS))
    return kit, record.character_id


async def combatant(kit: EncounterKit, name: str) -> Combatant:
    return (await kit.changes.current(CHANNEL)).encounter.find(name)


# -- Dodge and Aid change the next roll -----------------------------------------------------------


async def test_an_attack_on_a_dodging_target_gains_a_disadvantage_and_spends_the_dodge_once(
        ) -> None:
    kit, kaladin = await ambush()
    await kit.turns.take(GM, CHANNEL, TurnAct.DODGE, "Bandit")
    rolls, situation = await placed(kit, kaladin, SPEAR, target="bandit")
    term = situation.terms.get(ENCOUNTER)
    assert term is not None
    assert (term.reasons, term.disadvantages, term.dodged_by) == (
        ("target Dodging: disadvantage",), 1, "Bandit")
    assert situation.mode(DieMode.NORMAL) is DieMode.DISADVANTAGE
    for _ in range(2):  # a second report of the same roll spends nothing more
        assert await handled(rolls, roll_in("roll000001", situation), situation) == ()
    bandit = await combatant(kit, "Bandit")
    assert (bandit.reactions.dodging, bandit.turn.reaction, bandit.focus) == (False, False, 1)
    assert "dodge:roll000001" in kit.store.once
    _, after = await placed(kit, kaladin, SPEAR, target="Bandit")
    term = after.terms.get(ENCOUNTER)
    assert term is not None
    assert term.dodged_by is None


async def test_a_dodge_lapsed_before_the_attack_is_kept_is_a_note() -> None:
    kit, kaladin = await ambush()
    await kit.turns.take(GM, CHANNEL, TurnAct.DODGE, "Bandit")
    rolls, situation = await placed(kit, kaladin, SPEAR, target="Bandit")
    await kit.turns.take(PLAYER, CHANNEL, TurnAct.DONE)
    await kit.turns.next(GM, CHANNEL)  # the fast adversaries phase: nobody fast
    await kit.turns.next(GM, CHANNEL)  # the slow players phase
    await kit.turns.next(GM, CHANNEL)  # the slow adversaries: the Bandit's turn starts
    assert await handled(rolls, roll_in("roll000001", situation)) == (
        "Dodge not spent: Bandit is no longer Dodging (a Dodge lapses when its next turn "
        "starts)",)
    assert (await combatant(kit, "Bandit")).focus == 2


async def test_an_aided_combatants_next_test_gains_an_advantage_once() -> None:
    kit, kaladin = await ambush()
    reactions = EncounterReactions(kit.changes)
    await kit.roster.add(GM, CHANNEL, QuickCombatant("Teft", 10, focus=1, side=Side.ALLY))
    await reactions.aid(GM, CHANNEL, "Teft", "Kaladin")
    _, injury = await placed(kit, kaladin, None)
    assert injury.terms.get(ENCOUNTER) == InEncounter(
        (await kit.changes.current(CHANNEL)).encounter_id, "Ambush", 1, "fast-players",
        "Kaladin")
    rolls, situation = await placed(kit, kaladin, INSIGHT)
    term = situation.terms.get(ENCOUNTER)
    assert term is not None
    assert (term.reasons, term.advantages, term.aided_by) == (
        ("Aided by Teft: advantage",), 1, "Teft")
    assert await handled(rolls, roll_in("roll000001", situation), situation) == ()
    assert (await combatant(kit, "Kaladin")).reactions.aided_by is None
    _, again = await placed(kit, kaladin, INSIGHT)
    assert again.advantages == 0


def test_the_term_keeps_dodge_and_aid_only_when_there_are_some() -> None:
    plain = InEncounter("k3v9x0q2md", "Ambush", 1, "fast-players", "Kaladin")
    assert "dodged_by" not in ENCOUNTER.encode(plain)  # type: ignore[operator]
    assert "aided_by" not in ENCOUNTER.encode(plain)  # type: ignore[operator]
    both = InEncounter("k3v9x0q2md", "Ambush", 1, "fast-players", "Kaladin",
                       dodged_by="Bandit", aided_by="Syl")
    assert ENCOUNTER.decode(ENCOUNTER.encode(both)) == both
    assert ENCOUNTER.decode(ENCOUNTER.encode(plain)) == plain


# -- the reactions asked for --------------------------------------------------------------------


async def test_aid_asked_twice_under_one_prompt_spends_once() -> None:
    kit, _ = await ambush()
    reactions = EncounterReactions(kit.changes)
    whom = await reactions.who(PLAYER, CHANNEL, TurnAct.AID)
    assert whom.combatant.name == "Kaladin"
    await kit.roster.add(GM, CHANNEL, QuickCombatant("Teft", 10, side=Side.ALLY))
    first = await reactions.aid(PLAYER, CHANNEL, "Kaladin", "Teft", once="aid-prompt:1")
    second = await reactions.aid(PLAYER, CHANNEL, "Kaladin", "Teft", once="aid-prompt:1")
    assert [e.kind for e in first.events] == [EventKind.AID_GIVEN, EventKind.REACTION_SPENT,
                                              EventKind.FOCUS_SPENT]
    assert second.repeated
    kaladin = await combatant(kit, "Kaladin")
    assert (kaladin.focus, kaladin.reactions.focus_spent) == (2, 1)


async def test_refusals_say_why() -> None:
    kit, _ = await ambush()
    reactions = EncounterReactions(kit.changes)
    await reactions.strike(PLAYER, CHANNEL, "Kaladin")
    with pytest.raises(EncounterError, match="Kaladin has no reaction left this round"):
        await reactions.who(PLAYER, CHANNEL, TurnAct.AID)
    with pytest.raises(EncounterError, match="Kaladin has no reaction left this round"):
        await kit.turns.take(PLAYER, CHANNEL, TurnAct.DODGE)
    with pytest.raises(EncounterError, match=r"only a boss takes an extra action \(Kaladin"):
        await reactions.who(PLAYER, CHANNEL, TurnAct.EXTRA)
    with pytest.raises(EncounterError, match="Szeth takes an extra action only right after an "
                                             "enemy of its finishes a turn"):
        await reactions.who(GM, CHANNEL, TurnAct.EXTRA, "Szeth")
    await kit.turns.take(PLAYER, CHANNEL, TurnAct.FAST)
    await kit.turns.take(PLAYER, CHANNEL, TurnAct.DONE)  # an enemy of Szeth's turn finished
    await reactions.extra(GM, CHANNEL, "Szeth")
    with pytest.raises(EncounterError, match="Szeth takes an extra action only right after"):
        await reactions.who(GM, CHANNEL, TurnAct.EXTRA, "Szeth")
    with pytest.raises(NotAllowedError, match="only Kaladin's player or a GM may Aid for "
                                              "Kaladin"):
        await reactions.aid(OTHER, CHANNEL, "Kaladin", "Bandit")


async def test_a_gm_running_several_is_asked_which() -> None:
    kit, _ = await ambush()
    with pytest.raises(ChooseCombatantError) as asked:
        await EncounterReactions(kit.changes).who(GM, CHANNEL, TurnAct.AID)
    assert asked.value.names == ("Bandit", "Szeth", "Kaladin")  # the GM's own first


async def test_an_extra_action_shown_once_is_spent_once() -> None:
    kit, _ = await ambush()
    reactions = EncounterReactions(kit.changes)
    await kit.turns.take(PLAYER, CHANNEL, TurnAct.FAST)
    await kit.turns.take(PLAYER, CHANNEL, TurnAct.DONE)
    seen = (await kit.changes.current(CHANNEL)).version  # Szeth's fast turn runs
    changed = await reactions.extra(GM, CHANNEL, "Szeth", seen_version=seen)
    szeth = changed.record.encounter.find("Szeth")
    assert (szeth.turn.actions, szeth.focus) == (2, 0)  # taken at once, not in its turn's count
    with pytest.raises(EncounterError, match="the encounter changed since this card was shown"):
        await reactions.extra(GM, CHANNEL, "Szeth", seen_version=seen)


async def test_a_boss_ends_its_condition_for_a_focus() -> None:
    kit, _ = await ambush()
    await kit.turns.condition(GM, CHANNEL, "Szeth", Affliction(ConditionName.STUNNED))
    await kit.turns.take(PLAYER, CHANNEL, TurnAct.DONE)  # Kaladin stays slow: Szeth's turn
    changed = await EncounterReactions(kit.changes).end_condition(
        GM, CHANNEL, "Szeth", ConditionName.STUNNED, once="extra-prompt:9")
    szeth = changed.record.encounter.find("Szeth")
    assert (szeth.conditions, szeth.focus) == ((), 0)


async def test_recover_is_refused_to_a_quick_combatant_and_once_per_scene() -> None:
    kit, _ = await ambush()
    reactions = EncounterReactions(kit.changes)
    await kit.turns.take(PLAYER, CHANNEL, TurnAct.DONE)  # the bosses' fast turn: Szeth's
    with pytest.raises(EncounterError, match="Szeth has no character sheet: Recover rolls"):
        await reactions.who(GM, CHANNEL, TurnAct.RECOVER, "Szeth")
    await kit.turns.next(GM, CHANNEL)  # the slow players: Kaladin's slow turn, 3 actions
    await reactions.who(PLAYER, CHANNEL, TurnAct.RECOVER)
    started = await reactions.start_recovery(PLAYER, CHANNEL, "Kaladin")
    assert started.record.encounter.find("Kaladin").turn.actions == 1
    recovered = await reactions.recovered(PLAYER, CHANNEL, "Kaladin", "roll000002", 4)
    again = await reactions.recovered(PLAYER, CHANNEL, "Kaladin", "roll000002", 4)
    assert [e.note for e in recovered.events] == ["4: health +0, focus +0"]
    assert again.repeated
    with pytest.raises(EncounterError, match="Recover is once per scene"):
        await reactions.start_recovery(PLAYER, CHANNEL, "Kaladin")
