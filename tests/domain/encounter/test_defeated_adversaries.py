"""An enemy reduced to 0 health is defeated, a player's character or an ally falls Unconscious,
and the final blow (or the GM) may knock a defeated enemy out instead: Unconscious, an injury
due, woken only by healing (part 7, Using Adversaries, Defeated Adversaries: "When an adversary
is reduced to 0 health, they are defeated ... if the PCs are trying to defeat any adversary with
non-lethal means, the PC who deals the final blow can choose for the NPC to fall Unconscious
with an injury ... Defeated NPCs remain Unconscious until they recover at least 1 health from
another source")."""

from __future__ import annotations

from dataclasses import replace

import pytest

from nazh.domain.encounter.acts import Affliction, give_condition
from nazh.domain.encounter.combatant import Role
from nazh.domain.encounter.conditions import ConditionName, has
from nazh.domain.encounter.encounter import Encounter, changed
from nazh.domain.encounter.errors import EncounterError
from nazh.domain.encounter.events import EventKind
from nazh.domain.encounter.health import knock_out
from nazh.domain.encounter.hits import heal, hit, undo
from tests.domain.encounter.builders import ally, enemy, fight, kinds, player


def _beaten(role: Role = Role.RIVAL) -> Encounter:
    encounter = fight(player("Kaladin"), enemy("Bandit", role, health=10), ally("Teft"))
    return hit(encounter, "Bandit", 12, None, dealer="Kaladin", roll_id="r1")[0].encounter


@pytest.mark.parametrize("role", list(Role))
def test_an_enemy_at_0_health_is_defeated_whatever_its_role(role: Role) -> None:
    bandit = _beaten(role).find("Bandit")
    assert bandit.defeated
    assert not has(bandit.conditions, ConditionName.UNCONSCIOUS)


def test_a_players_character_and_an_ally_fall_unconscious() -> None:
    encounter = _beaten()
    for name in ("Kaladin", "Teft"):
        encounter = hit(encounter, name, 40, None)[0].encounter
        fallen = encounter.find(name)
        assert not fallen.defeated
        assert has(fallen.conditions, ConditionName.UNCONSCIOUS)


def test_a_defeated_enemy_knocked_out_is_unconscious_with_its_injury_due() -> None:
    out = knock_out(_beaten(), "Bandit", "r1")
    assert kinds(out) == [EventKind.KNOCKED_OUT, EventKind.CONDITION_ADDED]
    bandit = out.encounter.find("Bandit")
    assert not bandit.defeated
    assert has(bandit.conditions, ConditionName.UNCONSCIOUS)
    [applied] = bandit.applications
    assert (applied.defeated, applied.fell, applied.injury) == (False, True, True)
    # undoing the blow wakes it (the Unconscious it caused removed), it does not revive a corpse
    undone = undo(out.encounter, "Bandit").encounter.find("Bandit")
    assert (undone.health, undone.defeated) == (10, False)
    assert not has(undone.conditions, ConditionName.UNCONSCIOUS)


def test_a_knocked_out_enemy_wakes_when_healed() -> None:
    healed = heal(knock_out(_beaten(), "Bandit", "r1").encounter, "Bandit", 3).encounter
    assert not has(healed.find("Bandit").conditions, ConditionName.UNCONSCIOUS)


def test_only_a_defeated_enemy_that_is_no_minion_nor_immune_is_knocked_out() -> None:
    with pytest.raises(EncounterError, match="not defeated at 0 health"):
        knock_out(fight(enemy("Bandit")), "Bandit")
    with pytest.raises(EncounterError, match="is a minion"):
        knock_out(_beaten(Role.MINION), "Bandit")
    immune = fight(enemy("Bandit"))
    immune = changed(immune, replace(immune.find("Bandit"),
                                     immunities=frozenset({ConditionName.UNCONSCIOUS})))
    immune = hit(immune, "Bandit", 12, None)[0].encounter
    with pytest.raises(EncounterError, match="immune to Unconscious"):
        knock_out(immune, "Bandit")


def test_a_gms_unconscious_on_a_defeated_enemy_knocks_it_out() -> None:
    # "at the GM's discretion, NPCs with a significant narrative role can instead fall
    # Unconscious": damage by hand defeats, the GM's Unconscious keeps it alive
    encounter = hit(fight(enemy("Szeth", Role.BOSS)), "Szeth", 30, None)[0].encounter
    out = give_condition(encounter, "Szeth", Affliction(ConditionName.UNCONSCIOUS))
    assert kinds(out) == [EventKind.KNOCKED_OUT, EventKind.CONDITION_ADDED]
    szeth = out.encounter.find("Szeth")
    assert not szeth.defeated
    assert szeth.applications[-1].fell
