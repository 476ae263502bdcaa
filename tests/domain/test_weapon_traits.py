"""What a weapon's traits do to an attack's result (the starter rules, part 6, Weapon Traits:
Cumbersome [X], Dangerous, Deadly, Fragile, Loaded [X])."""

from __future__ import annotations

from dataclasses import replace

import pytest

from nazh.domain.attack import Attack, AttackView, view
from nazh.domain.attributes import CharacterError
from nazh.domain.character import Character
from nazh.domain.encounter.rolls import melee_weapon
from nazh.domain.errors import RollStateError
from nazh.domain.notation import parse_roll
from nazh.domain.rolling import roll
from nazh.domain.spending import Spent, Use, spend, uses
from nazh.domain.weapon import Weapon, loaded_capacity
from nazh.domain.weapon_traits import Wielded, check_traits, cumbersome_strength, wielded
from tests.fakes import d, script

POLEAXE = Weapon("Poleaxe", "heavy-weaponry", "1d10", "keen",
                 traits=("Cumbersome [4]", "two-handed", "Dangerous", "deadly", "fragile"))


@pytest.mark.parametrize(("traits", "needed"), [
    (("Cumbersome [5]",), 5), (("cumbersome 3",), 3), (("two-handed", "CUMBERSOME[12]"), 12),
    (("cumbersome",), None), (("quickdraw",), None)])
def test_cumbersome_names_the_strength_it_asks(traits: tuple[str, ...],
                                               needed: int | None) -> None:
    assert cumbersome_strength(traits) == needed


def test_a_cumbersome_weapon_too_heavy_gives_a_disadvantage_and_a_strong_wielder_none() -> None:
    """Cumbersome [X]: "If your Strength is lower than that number, you gain a disadvantage on
    all attacks using this weapon"."""
    weak = wielded(POLEAXE, 3)
    assert (weak.cumbersome, weak.disadvantages) == ((4, 3), 1)
    strong = wielded(POLEAXE, 4)  # "equal to or greater than the number"
    assert (strong.cumbersome, strong.disadvantages) == (None, 0)
    assert (strong.dangerous, strong.deadly, strong.fragile) == (True, True, True)
    assert not wielded(Weapon("Sidesword", "light-weaponry", "1d6", traits=("quickdraw",)), 0)


def test_a_cumbersome_trait_typed_without_its_strength_is_refused() -> None:
    with pytest.raises(CharacterError, match="Cumbersome names the Strength it asks") as refused:
        check_traits(("two-handed", "cumbersome"), "Poleaxe")
    assert refused.value.hint == "e.g. cumbersome [5]"
    assert check_traits(("Cumbersome [5]",), "Poleaxe") == ("Cumbersome [5]",)


def _attack(d20: int, plot: int, spent: tuple[Spent, ...] = ()) -> tuple[Wielded, AttackView]:
    """The Poleaxe's traits, and an attack on defense 14 with its d20 and plot die."""
    rolled = roll(parse_roll("1d20+3, 1d10, p"), script(d(20, d20), d(10, 4), d(6, plot)), None)
    return wielded(POLEAXE, 5), view(rolled, Attack(14, 3), spent)


def test_a_complication_left_lets_the_gm_use_dangerous_and_fragile() -> None:
    """Dangerous and Fragile: "The GM can spend a Complication from an attack with this
    weapon": a miss or a hit alike, while one is left to spend."""
    term, attack = _attack(5, 1)  # the plot die's Complication
    assert term.complication_spends(attack) == ("dangerous", "fragile")
    _, drawn = _attack(5, 1, (Spent(Use.DRAWBACK, 1),))  # the GM spent it already
    assert term.complication_spends(drawn) == ()
    term, calm = _attack(5, 3)
    assert term.complication_spends(calm) == ()


def test_deadly_is_a_hit_s_opportunity() -> None:
    """Deadly: "When you hit a target with this weapon, you can spend an Opportunity to cause
    the target to immediately suffer an injury"."""
    term, hit = _attack(15, 6)  # 18 hits 14, the plot die's Opportunity
    assert term.deadly_injury(hit)
    _, missed = _attack(5, 6)
    assert not term.deadly_injury(missed)
    _, critical = _attack(15, 6, (Spent(Use.CRITICAL, 1),))  # spent on a critical hit
    assert not term.deadly_injury(critical)


# -- Loaded [X]: "This weapon stores ammunition equal to the number indicated in brackets. To make
# a ranged attack with this weapon, you must spend 1 stored ammunition. As ▶, you can reload this
# weapon to full ammunition. The GM can spend a Complication from an attack with this weapon to
# reduce your stored ammunition; after they do, the weapon only has one shot remaining."

CROSSBOW = Weapon("Crossbow", "light-weaponry", "1d8", "keen", traits=("Loaded [2]", "two-handed"))


@pytest.mark.parametrize(("traits", "capacity"), [
    (("Loaded [1]",), 1), (("loaded 6",), 6), (("two-handed", "LOADED[12]"), 12),
    (("loaded",), None), (("deadly",), None)])
def test_loaded_names_the_ammunition_it_stores(traits: tuple[str, ...],
                                               capacity: int | None) -> None:
    assert loaded_capacity(traits) == capacity


def test_a_loaded_weapon_stores_its_ammunition_full_until_an_attack_spends_it() -> None:
    assert (CROSSBOW.shots, CROSSBOW.capacity) == (2, 2)  # a weapon kept without it: full
    assert replace(CROSSBOW, stored=1).shots == 1
    assert replace(CROSSBOW, stored=5).shots == 2  # never more than it stores
    assert POLEAXE.shots is None
    assert POLEAXE.capacity is None
    assert wielded(CROSSBOW, 0).loaded == (1, 2)  # what is left once this attack spent 1
    assert wielded(replace(CROSSBOW, stored=1), 0).loaded == (0, 2)
    assert not wielded(POLEAXE, 4).loaded


def test_an_attack_with_an_empty_loaded_weapon_is_refused_before_the_d20() -> None:
    with pytest.raises(CharacterError, match="has no ammunition stored") as refused:
        wielded(replace(CROSSBOW, stored=0), 0)
    assert refused.value.hint == "reload it (1 action): /character reload"


@pytest.mark.parametrize("trait", ["loaded", "Loaded [0]", "loaded [x]"])
def test_a_loaded_trait_typed_without_its_ammunition_is_refused(trait: str) -> None:
    with pytest.raises(CharacterError, match="the trait Loaded names the ammunition"):
        check_traits((trait,), "Crossbow")
    assert check_traits(("loaded [3]",), "Crossbow") == ("loaded [3]",)


def test_a_complication_left_lets_the_gm_leave_one_shot_while_more_are_left() -> None:
    _, attack = _attack(5, 1)  # the plot die's Complication
    assert "loaded" in Wielded("Crossbow", loaded=(2, 3)).complication_spends(attack)
    # one shot left already: the Complication changes nothing of it
    assert Wielded("Crossbow", loaded=(1, 3)).complication_spends(attack) == ()
    assert Wielded("Crossbow", loaded=(0, 1)).complication_spends(attack) == ()


def test_a_sheet_stores_a_loaded_weapon_s_ammunition() -> None:
    sheet = replace(Character.new("Veyla Tarn"), weapons=(CROSSBOW, POLEAXE))
    emptied = sheet.storing("crossbow", 0)
    assert emptied.weapon("Crossbow").shots == 0
    assert emptied.storing("Crossbow", None).weapon("Crossbow").stored is None  # full again
    assert sheet.storing("Crossbow", 9).weapon("Crossbow").stored is None
    with pytest.raises(CharacterError, match="stores no ammunition"):
        sheet.storing("Poleaxe", 1)


def test_a_loaded_weapon_is_a_ranged_one_whatever_it_stores() -> None:
    assert not melee_weapon("light-weaponry", ("Loaded [1]",))
    assert not melee_weapon("heavy-weaponry", ("two-handed", "loaded"))
    assert melee_weapon("light-weaponry", ("deadly",))


def test_a_trait_is_a_choice_of_its_spending_menu_each_once_an_attack() -> None:
    """Part 6, Weapon Traits: Deadly, "you can spend an Opportunity to cause the target to
    immediately suffer an injury" (a hit); Dangerous, Fragile and Loaded, "the GM can spend a
    Complication": each a choice beside the rules' own, once an attack."""
    # a natural 20 and the plot die's Opportunity: two to spend; 23 hits 14
    rolled = roll(parse_roll("1d20+3, 1d10, p"), script(d(20, 20), d(10, 4), d(6, 6)), None)
    term = wielded(POLEAXE, 5)
    traits = term.spends(view(rolled, Attack(14, 3), ()))
    assert traits == {Use.DEADLY, Use.DANGEROUS, Use.FRAGILE}
    assert uses(rolled, (), opportunity=True, critical=True, traits=traits) == (
        Use.CRITICAL, Use.FOCUS, Use.ALLY, Use.NARRATIVE, Use.DEADLY)
    assert uses(rolled, (), opportunity=True) == (Use.FOCUS, Use.ALLY, Use.NARRATIVE)
    spent = spend(rolled, (), Use.DEADLY, 1, traits=traits)
    assert spent == (Spent(Use.DEADLY, 1),)
    # one Opportunity left, but the target suffers the one injury the trait gives
    assert Use.DEADLY not in uses(rolled, spent, opportunity=True, traits=traits)
    with pytest.raises(RollStateError, match="spent on this attack already"):
        spend(rolled, spent, Use.DEADLY, 1, traits=traits)
    with pytest.raises(RollStateError, match="no such trait to spend on now"):
        spend(rolled, (), Use.DEADLY, 1)  # a weapon without Deadly, or a miss
    assert Use.LOADED not in traits  # the Poleaxe stores no ammunition


def test_deadly_is_no_choice_on_a_miss_and_loaded_only_while_more_than_one_shot_is_left() -> None:
    term, missed = _attack(5, 6)
    assert Use.DEADLY not in term.spends(missed)
    assert Use.LOADED in Wielded("Crossbow", loaded=(2, 3)).spends(missed)
    assert Use.LOADED not in Wielded("Crossbow", loaded=(1, 3)).spends(missed)
    # a spent trait no longer reads as one to spend (a natural 1 and the plot die's: two)
    term, fumbled = _attack(1, 1, (Spent(Use.FRAGILE, 2),))
    assert term.complication_spends(fumbled) == ("dangerous",)
