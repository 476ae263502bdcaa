"""An adversary's stat block end to end on both transports: a GM types it (/character set
and /character weapon) or imports it from a Foundry VTT actor, /character show reads it back,
/encounter add character: brings its role and immunities to the fight, and /attack by a GM
rolls its attack with its own modifier and fixed damage (scripted dice); a player can neither
keep nor roll it, and bad values are refused in one line."""

from __future__ import annotations

import pytest

from nazh.application.shared.json_types import JsonObject
from tests.e2e.encounter_kit import command, exported
from tests.e2e.fake_discord import FakeDiscord
from tests.e2e.harness import NazhUnderTest, embed_of
from tests.e2e.import_kit import FIXTURES, imported
from tests.e2e.roll_kit import GM, PLAYER, whole_sheet

REAVER = "Cinder Reaver"


pytestmark = pytest.mark.usefixtures("gm_manages_the_server")


def description(body: JsonObject) -> str:
    return str(embed_of(body)["description"])


def weapons(body: JsonObject) -> list[str]:
    fields = {f["name"]: f["value"] for f in embed_of(body).get("fields", [])}
    return str(fields["Weapons"]).split("\n")


async def typed_reaver(nazh: NazhUnderTest) -> None:
    """The GM's Cinder Reaver, typed from its stat block."""
    await command(nazh, "character new", GM, name=REAVER, kind="adversary", strength=3)
    for field, value in (("role", "boss"), ("tier", "3"), ("health-max", "60"),
                         ("health", "60"), ("health-range", "48-72"), ("focus-max", "4"),
                         ("focus", "4"), ("deflect", "2"), ("physical-defense", "16"),
                         ("immunities", "spirit, prone"), ("athletics", "2")):
        await command(nazh, "character set", GM, field=field, value=value, character=REAVER)
    await command(nazh, "character weapon", GM, name="Ashen Spear", skill="heavy-weaponry",
                  damage="7 (1d8+3)", type="keen", pierce=True, modifier=6, character=REAVER)
    await command(nazh, "character weapon", GM, name="Cinder Fist", skill="athletics",
                  damage="1d6", type="energy", can_graze=False, character=REAVER)


async def test_a_gm_types_a_stat_block_and_the_sheet_shows_it(nazh: NazhUnderTest) -> None:
    await typed_reaver(nazh)
    shown = await whole_sheet(nazh, GM, name=REAVER)
    text = description(shown)
    assert "Tier 3 boss adversary · only its owner and the GMs see it" in text
    assert "**Health** 60/60 (48-72) · **Focus** 4/4" in text
    assert "**Immune** spirit, prone" in text
    assert "**Deflect** 2" in text
    assert weapons(shown) == ["Ashen Spear +6, 7 (1d8+3) keen, pierce",
                              "Cinder Fist: Athletics +5, 1d6 energy, cannot graze",
                              "Unarmed: Athletics +5, 1d4 impact"]  # Strength 3


async def test_the_audit_says_each_stat_block_change(nazh: NazhUnderTest) -> None:
    await command(nazh, "character new", GM, name=REAVER, kind="adversary")
    _, role = await nazh.slash("character set", field="role", value="minion",
                               character=REAVER, _user=GM)
    assert description(role) == "role: ∅ → minion"
    _, armed = await nazh.slash("character weapon", name="Spear", skill="athletics",
                                damage="1d8", modifier=4, pierce=True, character=REAVER,
                                _user=GM)
    assert description(armed) == "weapon spear: ∅ → Spear: Athletics +4, 1d8, pierce"


@pytest.mark.parametrize(("options", "says"), [
    ({"field": "role", "value": "overlord"}, "'overlord' is not a role"),
    ({"field": "tier", "value": "9"}, "tier is 1 to 4 (got 9)"),
    ({"field": "health-range", "value": "lots"}, "a health range is two whole numbers"),
    ({"field": "immunities", "value": "fire"}, '"fire" is no damage type nor condition'),
])
async def test_a_wrong_stat_block_value_is_refused_in_one_line(
        nazh: NazhUnderTest, options: dict[str, str], says: str) -> None:
    await command(nazh, "character new", GM, name=REAVER, kind="adversary")
    _, refused = await nazh.slash("character set", character=REAVER, _user=GM, **options)
    assert refused["data"]["flags"] & 64
    assert says in str(refused["data"]["content"])


async def test_a_fixed_damage_needs_its_dice_and_a_players_weapon_no_own_modifier(
        nazh: NazhUnderTest) -> None:
    await command(nazh, "character new", GM, name=REAVER, kind="adversary")
    said = await command(nazh, "character weapon", GM, name="Spear", skill="athletics",
                         damage="8", character=REAVER)
    assert "Spear: a fixed damage is written with its dice, e.g. 8 (1d8+2)" in said
    await command(nazh, "character new", PLAYER, name="Kaladin")
    said = await command(nazh, "character weapon", PLAYER, name="Spear", skill="athletics",
                         damage="1d8", modifier=6)
    assert "Spear: only an adversary's attack has its own modifier or a fixed damage" in said
    said = await command(nazh, "character set", PLAYER, field="role", value="boss")
    assert "only an adversary has a role" in said


async def test_a_gm_attacks_with_the_adversarys_own_modifier_and_fixed_damage(
        nazh: NazhUnderTest) -> None:
    await typed_reaver(nazh)
    nazh.dice.script(20, 9).script(8, 2)
    _, body = await nazh.slash("attack", weapon="Ashen Spear", character=REAVER, defense=15,
                               _user=GM)
    lines = description(body).split("\n")
    assert lines[0] == "## 15 · Hit, 7 damage"
    assert lines[1] == f"-# 📜 **{REAVER}** — Ashen Spear (Heavy Weaponry) +6: own modifier 6"
    assert "-# **15** | `1d20+6` | [9] · DC 15" in lines
    assert "-# 🎯 **Hit** (vs defense 15): **7** damage (fixed)" in lines
    assert nazh.dice.unused == {}
    nazh.dice.script(20, 3).script(6, 5)
    _, missed = await nazh.slash("attack", weapon="Cinder Fist", character=REAVER,
                                 defense=15, _user=GM)
    assert "❌ **Miss** (vs defense 15): this attack cannot graze" in description(missed)
    said = await command(nazh, "attack", PLAYER, weapon="Ashen Spear", character=REAVER)
    assert f"no character named '{REAVER}'" in said


async def test_a_foundry_adversary_is_imported_with_its_stat_block(
        nazh: NazhUnderTest, fake_discord: FakeDiscord) -> None:
    data = (FIXTURES / "cinder-reaver.json").read_bytes()
    answer = await imported(fake_discord, data, "cinder-reaver.json", GM)
    assert description(answer) == f"✅ {REAVER}"
    skipped = {f["name"]: f["value"] for f in embed_of(answer)["fields"]}["Skipped"]
    assert "immunities Nazh does not know, not kept: blind" in skipped
    assert "role" not in skipped
    shown = await whole_sheet(nazh, GM, name=REAVER)
    assert "Tier 3 boss adversary" in description(shown)
    assert "**Immune** spirit, prone" in description(shown)
    assert weapons(shown)[:3] == ["Cinder Fist +7, 1d8 energy",
                                  "Slingstone +3, 1d6+2 impact, cannot graze",
                                  "Ashen Spear: Heavy Weaponry +5, 1d8 keen, pierce, two-handed"]


async def test_an_adversary_joins_the_fight_with_its_role_and_immunities(
        nazh: NazhUnderTest) -> None:
    await typed_reaver(nazh)
    await command(nazh, "encounter start", GM, name="Ash plain")
    assert await command(nazh, "encounter add", GM, character=REAVER) == f"Added **{REAVER}**."
    assert await command(nazh, "encounter add", GM, name="Ember", health=8, focus=2,
                         immunities="energy, stunned", role="minion") == "Added **Ember**."
    _, document = await exported(nazh, GM)
    combatants = {c["name"]: c for c in document["combatants"]}
    assert (combatants[REAVER]["role"], combatants[REAVER]["health"],
            combatants[REAVER]["focus"]) == ("boss", 60, 4)
    assert (combatants["Ember"]["role"], combatants["Ember"]["focus"]) == ("minion", 2)
    _, hurt = await nazh.slash("encounter damage", combatant=REAVER, amount=12, type="keen",
                               _user=GM)
    assert hurt["data"]["content"] == f"12 keen - 2 deflect = 10 -> {REAVER}: 60 -> 50"
    _, immune = await nazh.slash("encounter damage", combatant=REAVER, amount=5,
                                 type="spirit", _user=GM)
    assert immune["data"]["content"] == f"5 spirit: immune = 0 -> {REAVER}: 50 -> 50"
    prone = await command(nazh, "encounter condition", GM, combatant=REAVER, condition="prone")
    assert f"{REAVER} is immune to Prone" in prone
    _, fire = await nazh.slash("encounter damage", combatant="Ember", amount=4, type="energy",
                               _user=GM)
    assert fire["data"]["content"] == "4 energy: immune = 0 -> Ember: 8 -> 8"
