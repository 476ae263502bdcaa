"""An attack's other targets in the channel's encounter (the starter rules, part 3, "Attacking":
Attacks With Multiple Targets): found with their defense, the damage each is dealt landing on it
once, each graze spending its own focus once, and refusals before any die."""

from __future__ import annotations

import pytest

from nazh.application.encounters.other_targets import other_targets
from nazh.application.encounters.roster import QuickCombatant
from nazh.application.rolls.terms.targets import OTHER_TARGETS
from nazh.domain.encounter.errors import EncounterError
from nazh.domain.errors import AttackError, RollStateError
from nazh.domain.targets import OtherTarget
from tests.fakes import FakeRng, d, script
from tests.roll_sheets_kit import (
    GM,
    ID_FACES,
    PLAYER,
    ROLLER,
    Table,
    fight,
    request,
    table,
)

CHANNEL = ROLLER.channel_id


async def foes(t: Table) -> None:
    """Near (Physical 10), Mid (12) and Far (16), 20 health each, against Veyla Tarn."""
    await fight(t)
    for name, defense in (("Near", 10), ("Mid", 12), ("Far", 16)):
        await t.roster.add(GM, CHANNEL, QuickCombatant(name, 20, defense))


async def health(t: Table, name: str) -> int:
    record = await t.encounter_changes.current(CHANNEL)
    return record.encounter.find(name).health


async def test_each_target_hit_takes_the_damage_once_and_a_graze_spends_its_focus() -> None:
    t = table(script(d(20, 9), d(8, 5), ID_FACES), focus=3)  # 13: Near and Mid hit, Far missed
    await foes(t)
    others = await other_targets(t.encounter_changes, CHANNEL, "Near", ("Mid", "Far"),
                                 "physical")
    assert others == (OtherTarget("Mid", 12), OtherTarget("Far", 16))
    rolled = await t.rolls.attack(PLAYER, "Spear", request().with_term(OTHER_TARGETS, others),
                                  target="Near")
    assert [await health(t, name) for name in ("Near", "Mid", "Far")] == [11, 11, 20]
    grazed = await t.steps.graze_other(rolled.record.roll_id, PLAYER, 1)
    assert await health(t, "Far") == 15  # the d8 alone
    assert grazed.sheet is not None
    assert grazed.sheet.text == "Veyla Tarn: focus 3 → 2"
    assert t.characters_store.entries[-1].reason == (
        f"graze of Far on roll {rolled.record.roll_id}")
    with pytest.raises(RollStateError, match="Far was already grazed"):
        await t.steps.graze_other(rolled.record.roll_id, PLAYER, 1)
    with pytest.raises(RollStateError, match="Mid was hit"):
        await t.steps.graze_other(rolled.record.roll_id, PLAYER, 0)
    assert (t.sheet().focus.current, await health(t, "Mid")) == (2, 11)


async def test_other_targets_are_combatants_named_once_and_not_defeated() -> None:
    t = table(FakeRng())
    with pytest.raises(EncounterError, match="no encounter in this channel"):
        await other_targets(t.encounter_changes, CHANNEL, "Near", ("Mid",), "physical")
    await foes(t)
    with pytest.raises(AttackError, match="Near is named twice"):
        await other_targets(t.encounter_changes, CHANNEL, "near", ("Near",), "physical")
    with pytest.raises(EncounterError, match='no combatant "Ghost"'):
        await other_targets(t.encounter_changes, CHANNEL, "Near", ("Ghost",), "physical")
