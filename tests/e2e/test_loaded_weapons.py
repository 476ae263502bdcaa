"""A Loaded weapon's ammunition, end to end on both transports (the starter rules, part 6,
Weapon Traits, Loaded [X]: "This weapon stores ammunition equal to the number indicated in
brackets. To make a ranged attack with this weapon, you must spend 1 stored ammunition. As ▶,
you can reload this weapon to full ammunition. The GM can spend a Complication from an attack
with this weapon to reduce your stored ammunition; after they do, the weapon only has one shot
remaining")."""

from __future__ import annotations

import json

import pytest

from nazh.application.shared.json_types import JsonObject
from tests.e2e.card_kit import card_controls, card_custom_id
from tests.e2e.encounter_kit import (
    MESSAGE_UPDATE,
    card_with_lines,
    has_control,
    panel,
    pressed,
    said,
)
from tests.e2e.harness import NazhUnderTest, custom_id_of, embed_of
from tests.e2e.roll_kit import (
    EPHEMERAL,
    GM,
    PLAYER,
    ROLLER,
    click,
    on_gm_panel,
    opened_panel,
    panel_pressed,
    roll_id_of,
    shared_result,
    whole_sheet,
)

pytestmark = pytest.mark.usefixtures("gm_manages_the_server")

COMPLICATION = "Spend a Complication (GM) on…"


def lines(body: JsonObject) -> list[str]:
    return str(embed_of(body)["description"]).split("\n")


async def sheet_text(nazh: NazhUnderTest) -> str:
    """The roller's whole sheet, as its owner reads it."""
    return json.dumps(await whole_sheet(nazh, ROLLER), ensure_ascii=False)


async def crossbow(nazh: NazhUnderTest, traits: str = "loaded [2], two-handed") -> None:
    await nazh.slash("character new", name="Veyla Tarn", speed=3, _user=ROLLER)
    await nazh.slash("character weapon", name="Crossbow", skill="heavy-weaponry", damage="1d8",
                     type="keen", traits=traits, _user=ROLLER)


async def test_each_attack_spends_one_shot_until_the_weapon_is_reloaded(
        nazh: NazhUnderTest) -> None:
    await crossbow(nazh)
    # Discord's markdown reads the trait's brackets as they are written
    assert r"Crossbow: Heavy Weaponry +0, 1d8 keen, loaded \\[2\\], two-handed, 2 of 2 stored" \
        in await sheet_text(nazh)
    nazh.dice.script(20, 15).script(8, 5)
    _, first = await nazh.slash("attack", weapon="Crossbow", defense=12, _user=ROLLER)
    shown = lines(first)
    assert "🏹 Crossbow: 1 of 2 ammunition left" in shown
    assert "✏️ Veyla Tarn: Crossbow ammunition 2 → 1" in shown
    nazh.dice.script(20, 3).script(8, 2)
    _, second = await nazh.slash("attack", weapon="Crossbow", defense=12, _user=ROLLER)
    assert "🏹 Crossbow: no ammunition left, reload it (1 action) with /character reload" \
        in lines(second)
    assert "✏️ Veyla Tarn: Crossbow ammunition 1 → 0" in lines(second)
    # empty: refused before the d20, nothing rolled
    _, refused = await nazh.slash("attack", weapon="Crossbow", defense=12, _user=ROLLER)
    assert refused["data"]["flags"] & EPHEMERAL
    said = json.dumps(refused["data"], ensure_ascii=False)
    assert "Crossbow has no ammunition stored" in said
    assert "reload it (1 action): /character reload" in said
    _, reloaded = await nazh.slash("character reload", weapon="Crossbow", _user=ROLLER)
    assert "Crossbow ammunition: 0 → 2" in json.dumps(reloaded["data"], ensure_ascii=False)
    _, again = await nazh.slash("character reload", weapon="Crossbow", _user=ROLLER)
    assert "Nothing changed" in json.dumps(again["data"])
    nazh.dice.script(20, 15).script(8, 5)
    _, fired = await nazh.slash("attack", weapon="Crossbow", defense=12, _user=ROLLER)
    assert "🏹 Crossbow: 1 of 2 ammunition left" in lines(fired)
    assert nazh.dice.unused == {}


async def test_a_weapon_without_the_trait_is_not_reloaded_and_loaded_names_its_ammunition(
        nazh: NazhUnderTest) -> None:
    await crossbow(nazh)
    await nazh.slash("character weapon", name="Spear", skill="light-weaponry", damage="1d8",
                     _user=ROLLER)
    _, refused = await nazh.slash("character reload", weapon="Spear", _user=ROLLER)
    assert "Spear stores no ammunition (it has no trait Loaded)" in json.dumps(refused["data"])
    _, typed = await nazh.slash("character weapon", name="Sling", skill="light-weaponry",
                                damage="1d4", traits="loaded", _user=ROLLER)
    said = json.dumps(typed["data"])
    assert "Sling: the trait Loaded names the ammunition it stores" in said
    assert "e.g. loaded [1]" in said


async def test_a_secret_attack_spends_its_shot_when_revealed(nazh: NazhUnderTest) -> None:
    await crossbow(nazh, "loaded [1]")
    nazh.dice.script(20, 15).script(8, 5)
    _, line = await nazh.slash("attack", weapon="Crossbow", defense=12, visibility="gm",
                               _user=ROLLER)
    # nothing anyone else can see changes before the reveal: the sheet still stores its shot
    assert "1 of 1 stored" in await sheet_text(nazh)
    revealed = await click(nazh, custom_id_of(line["data"], "Reveal"), GM)
    assert "✏️ Veyla Tarn: Crossbow ammunition 1 → 0" in lines(revealed)
    assert "0 of 1 stored" in await sheet_text(nazh)


async def complicated(nazh: NazhUnderTest, traits: str) -> JsonObject:
    """A hit with a Crossbow of ``traits`` whose plot die gives a Complication: its result."""
    await crossbow(nazh, traits)
    nazh.dice.script(20, 15).script(8, 5).script(6, 2)
    _, body = await nazh.slash("attack", weapon="Crossbow", defense=12, plot=True,
                               _user=ROLLER)
    return body


async def test_the_gm_may_spend_a_complication_to_leave_one_shot(nazh: NazhUnderTest) -> None:
    body = await complicated(nazh, "loaded [3]")
    shown = lines(body)
    assert "🏹 Crossbow: 2 of 3 ammunition left" in shown
    assert "⚠️ A Complication lets the GM use the Crossbow's Loaded (one shot left)" in shown
    _, spent = await on_gm_panel(nazh, shared_result(nazh, roll_id_of(body)), COMPLICATION,
                                 values=["loaded"])
    shown = lines(spent)
    assert f"⚠️ Complication spent: Loaded: one shot left (<@{GM['id']}>)" in shown
    assert "✏️ Veyla Tarn: Crossbow ammunition 2 → 1" in shown
    assert "🏹 Crossbow: 1 of 3 ammunition left" in shown
    assert not any(line.startswith("⚠️ A Complication lets") for line in shown)
    assert "1 of 3 stored" in await sheet_text(nazh)


async def test_loaded_is_no_choice_once_one_shot_is_left(nazh: NazhUnderTest) -> None:
    body = await complicated(nazh, "loaded [2]")
    panel = await opened_panel(nazh, shared_result(nazh, roll_id_of(body)), GM)
    (menu,) = [c for row in panel["components"] for c in row["components"]
               if c.get("placeholder") == COMPLICATION]
    assert [option["value"] for option in menu["options"]] == [
        "disadvantage", "lose-focus", "drawback"]
    forged, _ = await panel_pressed(nazh, shared_result(nazh, roll_id_of(body)), panel,
                                    COMPLICATION, values=["loaded"])
    assert "this attack's weapon has no such trait to spend on now" in json.dumps(forged)
    assert "1 of 2 stored" in await sheet_text(nazh)


async def test_a_loaded_weapon_changed_keeps_what_it_stores(nazh: NazhUnderTest) -> None:
    await crossbow(nazh)
    nazh.dice.script(20, 15).script(8, 5)
    await nazh.slash("attack", weapon="Crossbow", defense=12, _user=ROLLER)
    # an edit is not a reload: its traits changed, the one shot left stays
    await nazh.slash("character weapon", name="Crossbow", skill="heavy-weaponry", damage="1d10",
                     traits="loaded [2], two-handed, deadly", _user=ROLLER)
    assert "deadly, 1 of 2 stored" in await sheet_text(nazh)


async def test_in_a_fight_reloading_spends_an_action_of_its_turn(
        nazh: NazhUnderTest) -> None:
    # part 6, Loaded [X]: "As ▶, you can reload this weapon to full ammunition"
    await crossbow(nazh, "loaded [1]")
    await nazh.slash("encounter start", name="Ambush", _user=GM)
    await nazh.slash("encounter join", _user=ROLLER)
    nazh.dice.script(20, 15).script(8, 5)
    await nazh.slash("attack", weapon="Crossbow", defense=12, _user=ROLLER)
    # out of its turn: refused, the weapon stays empty, what it costs said
    _, early = await nazh.slash("character reload", weapon="Crossbow", _user=ROLLER)
    assert early["data"]["flags"] & EPHEMERAL
    assert ("Veyla Tarn is not taking a turn now: actions are spent during its own turn"
            in early["data"]["content"])
    assert "in a fight, reloading takes one action (▶) of its character's turn" \
        in early["data"]["content"]
    assert "0 of 1 stored" in await sheet_text(nazh)
    await pressed(nazh, "Fast", ROLLER)
    _, reloaded = await nazh.slash("character reload", weapon="Crossbow", _user=ROLLER)
    assert lines(reloaded) == ["Crossbow ammunition: 0 → 1",
                               "🎯 **Veyla Tarn** spent an action to reload: 1 left this turn"]
    await card_with_lines(nazh.fake, "▶️ **Veyla Tarn** · fast · 1 action · reaction ✓ · "
                                     "Health 10/10 · Focus 2")
    _, full = await nazh.slash("character reload", weapon="Crossbow", _user=ROLLER)
    assert "Nothing changed" in json.dumps(full["data"])  # and no action spent
    nazh.dice.script(20, 15).script(8, 5)
    await nazh.slash("attack", weapon="Crossbow", defense=12, _user=ROLLER)  # its last action
    await card_with_lines(nazh.fake, "▶️ **Veyla Tarn** · fast · 0 actions · reaction ✓ · "
                                     "Health 10/10 · Focus 2")
    _, none_left = await nazh.slash("character reload", weapon="Crossbow", _user=ROLLER)
    assert "Veyla Tarn has no action left this turn" in none_left["data"]["content"]


async def test_my_turn_offers_the_reload_of_a_weapon_short_of_ammunition_for_an_action(
        nazh: NazhUnderTest) -> None:
    # part 6, Loaded [X]: "As ▶, you can reload this weapon to full ammunition"
    await crossbow(nazh, "loaded [1]")
    await nazh.slash("encounter start", name="Ambush", _user=GM)
    await nazh.slash("encounter join", _user=ROLLER)
    assert not has_control(await panel(nazh, ROLLER), "Reload")  # full: nothing to reload
    nazh.dice.script(20, 15).script(8, 5)
    _, attack = await nazh.slash("attack", weapon="Crossbow", defense=12, _user=ROLLER)
    assert ("🏹 Crossbow: no ammunition left, reload it (1 action) with 🔄 Reload on My turn"
            in lines(attack))
    # its turn not begun: offered, but an action is spent only in its own turn
    assert card_controls(await panel(nazh, ROLLER))["Reload Crossbow (0/1)"]["disabled"]
    await pressed(nazh, "Fast", ROLLER)
    opened = await panel(nazh, ROLLER)
    assert not card_controls(opened)["Reload Crossbow (0/1)"].get("disabled")
    reload = card_custom_id(opened, "Reload Crossbow")
    # another player's press of it (a forwarded id) changes nothing of the sheet it names
    _, other = await nazh.click(reload, user=PLAYER)
    assert other["data"]["flags"] & EPHEMERAL
    assert "0 of 1 stored" in await sheet_text(nazh)
    _, answer = await nazh.click(reload, user=ROLLER)
    assert answer["type"] == MESSAGE_UPDATE
    assert said(answer).startswith("**Veyla Tarn**: Crossbow reloaded (0 → 1) ✓\n")
    assert "fast · 1 action" in said(answer)  # the panel drawn as the change left it
    assert not has_control(answer, "Reload")
    assert "1 of 1 stored" in await sheet_text(nazh)
    await card_with_lines(nazh.fake, "▶️ **Veyla Tarn** · fast · 1 action · reaction ✓ · "
                                     "Health 10/10 · Focus 2")
    # pressed again on the panel as it was: nothing to reload, no second action spent
    _, again = await nazh.click(reload, user=ROLLER)
    assert said(again).startswith("Crossbow is already full: nothing to reload\n")
    assert "fast · 1 action" in said(again)
