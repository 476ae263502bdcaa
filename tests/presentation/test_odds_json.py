"""The odds as JSON: the versioned contract, every total its own text, an attack's odds."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest

from nazh.application.odds.use_cases import OddsOf
from nazh.domain.attack_odds import AttackTerms
from nazh.domain.encounter.damage import DamageType
from nazh.domain.target_odds import Target
from nazh.presentation.odds_json import (
    MARGINAL_NOTE,
    ODDS_SCHEMA_VERSION,
    odds_to_dict,
)


def test_the_json_form() -> None:
    odds = OddsOf()("a1d20+5, 2d6+3, ap", dc=15)
    data = odds_to_dict(odds, notation="a1d20+5, 2d6+3, ap")
    assert list(data) == ["version", "input", "notation", "dc", "plot", "notes",
                          "p_opportunity", "p_complication", "pools", "attack"]
    assert data["version"] == ODDS_SCHEMA_VERSION
    assert data["attack"] is None
    assert data["plot"] == {"mode": "advantage", "odds_for": "normal"}
    assert data["notes"] == [
        "the plot die's advantage is a choice, not a rule: these odds are for a plain plot die"]
    assert data["p_opportunity"] == float(1 - Fraction(361, 400) * Fraction(4, 6))
    assert data["p_complication"] == float(1 - Fraction(399, 400) * Fraction(4, 6))
    skill, damage = data["pools"]
    assert list(skill) == ["notation", "skill", "plot_bonus", "exact", "min", "max", "mean",
                           "stdev", "dc", "p_success", "p_opportunity", "p_complication",
                           "distribution"]
    assert skill["p_opportunity"] == data["p_opportunity"]  # the only test: the same events
    assert skill["p_complication"] == data["p_complication"]
    assert (damage["p_opportunity"], damage["p_complication"]) == (None, None)
    assert (skill["notation"], skill["min"], skill["max"], skill["dc"]) == ("a1d20+5", 6, 29, 15)
    assert skill["p_success"] == odds.pools[0].p_success
    assert len(skill["distribution"]) == 29 - 6 + 1
    assert skill["distribution"][29 - 6] == float(Fraction(39, 400) / 6)  # a 20 and a +4
    assert skill["distribution"] == list(odds.pools[0].distribution.probabilities)
    assert (damage["dc"], damage["p_success"], damage["plot_bonus"]) == (None, None, False)
    assert damage["mean"] == 10.0
    assert json.loads(json.dumps(data)) == data


def test_the_json_form_without_plot_or_dc() -> None:
    data = odds_to_dict(OddsOf()("3d6"), notation="3d6")
    assert (data["plot"], data["dc"], data["notes"]) == (None, None, [])
    assert data["pools"][0]["distribution"][10 - 3] == 27 / 216


def test_correlated_skill_pools_are_noted() -> None:
    data = odds_to_dict(OddsOf()("1d20, 2d20, p"), notation="")
    assert data["notes"] == [MARGINAL_NOTE]


def test_version_1_maps_each_total_as_text_to_its_probability() -> None:
    odds = OddsOf()("a1d20+5, 2d6+3, ap", dc=15)
    old, new = (odds_to_dict(odds, notation="a1d20+5", version=v) for v in (1, 2))
    assert (old["version"], new["version"]) == (1, ODDS_SCHEMA_VERSION) == (1, 2)
    for old_pool, new_pool in zip(old["pools"], new["pools"], strict=True):
        assert list(old_pool["distribution"]) == [
            str(total) for total in range(old_pool["min"], old_pool["max"] + 1)]
        assert list(old_pool["distribution"].values()) == new_pool["distribution"]
        assert {**old_pool, "distribution": None} == {**new_pool, "distribution": None}
    assert {**old, "version": 0, "pools": None} == {**new, "version": 0, "pools": None}
    assert old["pools"][0]["distribution"]["29"] == float(Fraction(39, 400) / 6)


@pytest.mark.parametrize("version", [0, 3])
def test_an_unknown_json_version_is_refused(version: int) -> None:
    with pytest.raises(ValueError, match=f"no odds JSON version {version}"):
        odds_to_dict(OddsOf()("1d20"), notation="1d20", version=version)


@pytest.mark.parametrize("notation", ["a20d1000+1000, 3d6", "1d4-10", "2d20", "20d1000"])
def test_every_total_of_the_json_data_is_its_own_text(notation: str) -> None:
    odds = OddsOf()(notation)
    for _ in range(2):  # the second time from the totals' texts kept
        data = odds_to_dict(odds, notation=notation, version=1)
        for pool, shown in zip(odds.pools, data["pools"], strict=True):
            assert shown["distribution"] == {str(total): p
                                             for total, p in pool.distribution.items()}
            assert list(shown["distribution"]) == [
                str(total) for total in range(pool.minimum, pool.maximum + 1)]


def test_the_json_of_an_attack() -> None:
    attack = OddsOf().attack("1d20+5", AttackTerms(15, "1d6"))
    data = json.loads(json.dumps(odds_to_dict(attack.test, notation="1d20+5", attack=attack)))
    assert data["dc"] == 15
    assert data["pools"][0]["p_success"] == 0.55
    assert data["attack"] == {
        "test": "1d20+5", "defense": 15, "damage": "1d6+5", "damage_modifier_from": "test",
        "p_hit": 0.55, "p_hit_with_opportunity": 0.05, "p_miss": 0.45,
        "expected_damage": 4.8, "expected_damage_grazing": 6.375,
        "hit": {"min": 6, "max": 11, "mean": 8.5, "distribution": [1 / 6] * 6},
        "graze": {"min": 1, "max": 6, "mean": 3.5, "distribution": [1 / 6] * 6},
        "critical": {"min": 11, "max": 11, "mean": 11.0, "distribution": [1.0]},
        # no target given: no deflect, so the damage dealt is the damage; no health
        "deflect": 0, "pierce": False, "damage_type": None, "deflect_applied": 0,
        "health": None, "expected_damage_after_deflect": 4.8,
        "expected_damage_after_deflect_grazing": 6.375, "chance_to_drop": None,
        "chance_to_drop_grazing": None,
    }
    old = odds_to_dict(attack.test, notation="1d20+5", attack=attack, version=1)["attack"]
    assert old["hit"]["distribution"] == {str(v): 1 / 6 for v in range(6, 12)}
    assert odds_to_dict(OddsOf()("1d20"), notation="1d20")["attack"] is None


def test_the_json_of_an_attack_against_a_target() -> None:
    """As in tests/domain/test_target_odds.py: 1d20+5 vs 15, 1d6, deflect 2, 7 health."""
    target = Target(deflect=2, damage_type=DamageType.IMPACT, health=7)
    attack = OddsOf().attack("1d20+5", AttackTerms(15, "1d6", target))
    data = json.loads(json.dumps(odds_to_dict(attack.test, notation="1d20+5", attack=attack)))
    shown = data["attack"]
    assert {key: shown[key] for key in list(shown)[12:]} == {
        "deflect": 2, "pierce": False, "damage_type": "impact", "deflect_applied": 2,
        "health": 7, "expected_damage_after_deflect": 3.7,
        "expected_damage_after_deflect_grazing": 4.45, "chance_to_drop": 0.3,
        "chance_to_drop_grazing": 0.3,
    }
    assert shown["expected_damage"] == 4.8  # the attack's own numbers are unchanged
    assert shown["hit"]["min"] == 6
    pierced = OddsOf().attack("1d20+5", AttackTerms(15, "1d6", Target(deflect=2, pierce=True)))
    through = odds_to_dict(pierced.test, notation="1d20+5", attack=pierced)["attack"]
    assert (through["deflect"], through["pierce"], through["deflect_applied"]) == (2, True, 0)
    assert through["expected_damage_after_deflect"] == 4.8
