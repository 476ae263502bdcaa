"""Damage and healing by hand: a GM's, recorded, with the arithmetic of the damage."""

from __future__ import annotations

import pytest

from nazh.application.encounters.access import NotAllowedError
from nazh.application.encounters.health import EncounterHealth
from nazh.application.encounters.roster import QuickCombatant
from nazh.domain.encounter.combatant import Role
from nazh.domain.encounter.damage import DamageType, Immunities
from nazh.domain.encounter.errors import EncounterError
from tests.encounter_fakes import CHANNEL, GM, PLAYER, EncounterKit, encounter_kit


async def bandits() -> tuple[EncounterKit, EncounterHealth]:
    kit = encounter_kit()
    await kit.lifecycle.start(GM, CHANNEL)
    await kit.roster.add(GM, CHANNEL, QuickCombatant(
        "Bandit", 11, deflect=2, role=Role.MINION,
        immunities=Immunities(damage=frozenset({DamageType.SPIRIT}))), 2)
    return kit, EncounterHealth(kit.changes)


async def test_a_gm_s_damage_is_said_kept_and_logged() -> None:
    kit, health = await bandits()
    damaged = await health.damage(GM, CHANNEL, "bandit 2", 12, DamageType.KEEN)
    assert damaged.landing.said == "12 keen - 2 deflect = 10 -> Bandit 2: 11 -> 1"
    assert (await kit.changes.current(CHANNEL)).encounter.find("Bandit 2").health == 1
    newest = (await kit.lifecycle.log(CHANNEL))[1][0]
    assert (newest.kind, newest.combatant, newest.detail, newest.user_id) == (
        "damage-taken", "Bandit 2", "10", GM.user_id)


async def test_immune_and_defeated_and_healed() -> None:
    _, health = await bandits()
    immune = await health.damage(GM, CHANNEL, "Bandit 1", 9, DamageType.SPIRIT)
    assert immune.landing.after == 11
    beaten = await health.damage(GM, CHANNEL, "Bandit 1", 20, DamageType.VITAL)
    assert beaten.changed.record.encounter.find("Bandit 1").defeated
    with pytest.raises(EncounterError, match="Bandit 1 is defeated"):
        await health.damage(GM, CHANNEL, "Bandit 1", 1)
    await health.damage(GM, CHANNEL, "Bandit 2", 5, pierce=True)
    healed = await health.heal(GM, CHANNEL, "Bandit 2", 20)
    assert healed.record.encounter.find("Bandit 2").health == 11
    assert healed.events[0].amount == 5


async def test_only_a_gm_applies_health_by_hand() -> None:
    _, health = await bandits()
    with pytest.raises(NotAllowedError, match=r"only a GM .* may apply damage by hand"):
        await health.damage(PLAYER, CHANNEL, "Bandit 1", 3)
    with pytest.raises(NotAllowedError, match="may heal by hand"):
        await health.heal(PLAYER, CHANNEL, "Bandit 1", 3)
