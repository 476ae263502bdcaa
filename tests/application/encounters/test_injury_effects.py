"""An injury rolled in an encounter: its effect taken on the card by the injured combatant as the
condition it names, once however often the roll is told, and not by a defeated minion nor by an
immune combatant (the starter rules, part 2 "Damage, Injury, and Death": "Compare the result to
the Injury Duration table ..., then see 'Injury Effects' to determine its impact")."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from nazh.application.encounters.roll_handler import EncounterRolls
from nazh.application.rolls.dice import RollDice
from nazh.application.rolls.events import Happened, RollPlace, Situation
from nazh.application.rolls.model import Roller, RollRecord
from nazh.application.rolls.terms.injury import INJURY
from nazh.domain.character import Attribute
from nazh.domain.encounter.conditions import ConditionName
from nazh.domain.encounter.encounter import Encounter, Outcome, changed
from nazh.domain.injury import InjuryTerms
from tests.encounter_fakes import CHANNEL, GM, PLAYER, EncounterKit, encounter_kit, handled
from tests.fakes import FakeRng, d


async def kaladin() -> tuple[EncounterKit, str]:
    kit = encounter_kit()
    record = await kit.characters.new(PLAYER, "Kaladin", attributes={Attribute.STRENGTH: 2})
    await kit.lifecycle.start(GM, CHANNEL, "Ambush")
    await kit.roster.join(PLAYER, CHANNEL, None)
    return kit, record.character_id


def _immune_to_disoriented(encounter: Encounter) -> Outcome:
    kaladin = encounter.find("Kaladin")
    return Outcome(changed(encounter, replace(
        kaladin, immunities=frozenset({ConditionName.DISORIENTED}))))


def injury_roll(roll_id: str, situation: Situation, effect: int) -> RollRecord:
    """A shallow injury (d20 10, 3 days) whose d8 shows ``effect``."""
    terms = InjuryTerms(0, 0)
    result = RollDice(FakeRng(*d(20, 10), *d(6, 3), *d(8, effect))).injury(terms)
    return RollRecord(roll_id, Roller(PLAYER.user_id, CHANNEL, PLAYER.guild_id),
                      result.notation, result, datetime(2026, 11, 27, tzinfo=UTC),
                      terms=situation.terms.with_term(INJURY, terms))


async def test_the_injurys_effect_is_taken_on_the_card_once() -> None:
    """Injury Effects: 4-5 Slowed ("Injured leg or foot")."""
    kit, character_id = await kaladin()
    rolls = EncounterRolls(kit.changes)
    situation = await rolls.situation(RollPlace(CHANNEL, character_id, None))
    record = injury_roll("roll000001", situation, 4)
    notes = await handled(rolls, record, situation)
    assert notes == ("the injury's effect: Kaladin is Slowed on the card (while the injury "
                     "lasts: a GM removes it once it heals)",)
    assert await handled(rolls, record, situation, Happened.REVEALED) == ()
    conditions = (await kit.changes.current(CHANNEL)).encounter.find("Kaladin").conditions
    assert [c.name for c in conditions] == [ConditionName.SLOWED]


async def test_one_hand_names_no_condition_and_an_immune_combatant_takes_none() -> None:
    kit, character_id = await kaladin()
    rolls = EncounterRolls(kit.changes)
    situation = await rolls.situation(RollPlace(CHANNEL, character_id, None))
    assert await handled(rolls, injury_roll("roll000001", situation, 8), situation) == ()
    await kit.changes.act(GM, CHANNEL, _immune_to_disoriented, lambda *_: None)
    notes = await handled(rolls, injury_roll("roll000002", situation, 6), situation)
    assert notes == ("the injury's effect not applied: Kaladin is immune to Disoriented",)
    assert (await kit.changes.current(CHANNEL)).encounter.find("Kaladin").conditions == ()
