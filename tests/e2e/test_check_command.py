"""Rolls made with a character, end to end on both transports (scripted dice; the characters
made through /character): /check by skill with its modifier's parts, kept in /verify; a GM's
check for an adversary and a player refused it; /attack weapon: with the skill's modifier; a
graze spending 1 focus (refused at 0 focus, once for two clicks at once); a weapon that cannot
graze; an Opportunity recovering focus up to the maximum; /injury counting the injury; the short
rest."""

from __future__ import annotations

import asyncio
import json

import pytest

from nazh.application.shared.json_types import JsonObject
from tests.e2e.fake_discord import FakeDiscord
from tests.e2e.harness import NazhUnderTest, custom_id_of, embed_of
from tests.e2e.roll_kit import (
    EPHEMERAL,
    GM,
    PLAYER,
    ROLLER,
    buttons,
    click,
    records,
    roll_id_of,
    steps_verified,
    whole_sheet,
)

OPPORTUNITY_SELECT = "Spend an Opportunity (roller) on…"


pytestmark = pytest.mark.usefixtures("gm_manages_the_server")


def lines(body: JsonObject) -> list[str]:
    return str(embed_of(body)["description"]).split("\n")


def content(body: JsonObject) -> str:
    return str(body["data"].get("content") or "")


async def made(nazh: NazhUnderTest, focus: int | None = None) -> None:
    """The roller's Veyla Tarn: Awareness 3, Speed 2, Willpower 2 (focus 4 of 4, recovery die
    d6), Insight and Light Weaponry 2 ranks, a spear and a net that cannot graze."""
    _, new = await nazh.slash("character new", name="Veyla Tarn", awareness=3, speed=2,
                              willpower=2, _user=ROLLER)
    assert "your active character here" in content(new)
    for skill in ("Insight", "light-weaponry"):
        await nazh.slash("character skill", name=skill, ranks=2, _user=ROLLER)
    await nazh.slash("character weapon", name="Spear", skill="light-weaponry", damage="1d8",
                     _user=ROLLER)
    await nazh.slash("character weapon", name="Net", skill="light-weaponry", damage="1d4",
                     can_graze=False, _user=ROLLER)
    if focus is not None:
        await nazh.slash("character set", field="focus", value=str(focus), _user=ROLLER)


async def pools(nazh: NazhUnderTest) -> str:
    """The roller's sheet's resources line."""
    shown = await whole_sheet(nazh, ROLLER)
    return next(line for line in lines(shown) if line.startswith("**Health**"))


async def test_a_check_names_the_skill_and_its_parts_and_verify_keeps_them(
        nazh: NazhUnderTest) -> None:
    await made(nazh)
    nazh.dice.script(20, 12)
    _, body = await nazh.slash("check", skill="Insight", dc=15, _user=ROLLER)
    assert embed_of(body)["title"] == "🎲 Insight test"  # the act
    assert lines(body)[0] == "## 17 · Success"  # what happened first, with the total
    assert lines(body)[1] == "-# 📜 **Veyla Tarn** — Insight +5: Awareness 3 + 2 ranks"
    assert lines(body)[2].startswith("-# **17** | `1d20+5` | [12]")
    assert nazh.dice.unused == {}
    roll_id = roll_id_of(body)
    assert await steps_verified(nazh, roll_id) == ["rolled with Veyla Tarn"]
    _, verified = await nazh.slash("verify", roll_id=roll_id, _user=PLAYER)
    fields = {f["name"]: f["value"] for f in embed_of(verified)["fields"]}
    assert fields["Character"] == "Veyla Tarn — Insight +5: Awareness 3 + 2 ranks"
    _, history = await nazh.slash("history", _user=PLAYER)
    assert "Veyla Tarn: `1d20+5` → **17**" in str(embed_of(history)["description"])


async def test_advantage_and_an_extra_modifier_are_in_the_test(nazh: NazhUnderTest) -> None:
    await made(nazh)
    nazh.dice.script(20, 4, 15)
    _, body = await nazh.slash("check", skill="insight", modifier=2, advantage="advantage",
                               _user=ROLLER)
    assert lines(body)[1] == "-# 📜 **Veyla Tarn** — Insight +7: Awareness 3 + 2 ranks + modifier 2"
    assert "`a1d20+7`" in lines(body)[2]


async def test_a_gm_checks_for_an_adversary_and_a_player_is_refused_it(
        nazh: NazhUnderTest) -> None:
    await nazh.slash("character new", name="Chasmfiend", kind="adversary", strength=4,
                     _user=GM)
    await nazh.slash("character skill", name="Athletics", ranks=3, character="Chasmfiend",
                     _user=GM)
    nazh.dice.script(20, 10)
    _, body = await nazh.slash("check", skill="Athletics", character="Chasmfiend", _user=GM)
    assert lines(body)[1] == "-# 📜 **Chasmfiend** — Athletics +7: Strength 4 + 3 ranks"
    _, refused = await nazh.slash("check", skill="Athletics", character="Chasmfiend",
                                  _user=PLAYER)
    assert refused["data"]["flags"] & EPHEMERAL
    assert "no character named 'Chasmfiend' here that you may see" in content(refused)
    _, none = await nazh.slash("check", skill="Insight", _user=PLAYER)
    assert "you have no active character here" in content(none)


async def test_a_weapon_attack_hits_with_its_skill_s_modifier(nazh: NazhUnderTest) -> None:
    await made(nazh)
    nazh.dice.script(20, 10).script(8, 6)
    _, body = await nazh.slash("attack", weapon="Spear", defense=14, _user=ROLLER)
    assert embed_of(body)["title"] == "⚔️ Attack with Spear"
    assert lines(body)[0] == "## 14 · Hit, 10 damage"  # what happened first
    assert lines(body)[1] == "-# 📜 **Veyla Tarn** — Spear (Light Weaponry) +4: Speed 2 + 2 ranks"
    assert "-# 🎯 **Hit** (vs defense 14): **10** damage (6 + 4)" in lines(body)
    assert nazh.dice.unused == {}


async def test_a_graze_spends_one_focus(nazh: NazhUnderTest) -> None:
    await made(nazh, focus=3)
    nazh.dice.script(20, 2).script(8, 5)
    _, body = await nazh.slash("attack", weapon="Spear", defense=14, _user=ROLLER)
    grazed = await click(nazh, buttons(body["data"])["Graze (1 focus)"]["custom_id"], ROLLER)
    assert "-# 🩹 **Graze** (vs defense 14): **5** damage (5; costs 1 focus)" in lines(grazed)
    assert lines(grazed)[-1] == "✏️ Veyla Tarn: focus 3 → 2"
    assert "**Focus** 2/4" in await pools(nazh)
    assert await steps_verified(nazh, roll_id_of(body)) == ["rolled with Veyla Tarn",
                                                            "graze recorded"]


async def test_a_graze_at_zero_focus_is_refused_and_nothing_is_recorded(
        nazh: NazhUnderTest) -> None:
    await made(nazh, focus=0)
    nazh.dice.script(20, 2).script(8, 5)
    _, body = await nazh.slash("attack", weapon="Spear", defense=14, _user=ROLLER)
    refused = await click(nazh, buttons(body["data"])["Graze (1 focus)"]["custom_id"], ROLLER)
    assert refused["data"]["flags"] & EPHEMERAL
    assert "Veyla Tarn has 0 focus: a graze costs 1" in content(refused)
    assert "**Focus** 0/4" in await pools(nazh)
    assert nazh.container is not None
    assert await nazh.container.storage.writer().flush(5)
    assert records(nazh, roll_id_of(body)) == [(1, "roll")]


async def test_a_concurrent_double_graze_spends_one_focus(
        nazh: NazhUnderTest, fake_discord: FakeDiscord) -> None:
    await made(nazh, focus=3)
    nazh.dice.script(20, 2).script(8, 3)
    _, body = await nazh.slash("attack", weapon="Spear", defense=14, _user=ROLLER)
    graze = buttons(body["data"])["Graze (1 focus)"]["custom_id"]
    twice = await asyncio.gather(*(fake_discord.click(graze, user=ROLLER) for _ in range(2)))
    answers = [await fake_discord.wait_for_interaction_response(i) for i in twice]
    assert sorted(answer["type"] for answer in answers) == [4, 7]  # one update, one refusal
    assert "**Focus** 2/4" in await pools(nazh)
    assert nazh.container is not None
    assert await nazh.container.storage.writer().flush(5)
    assert records(nazh, roll_id_of(body)) == [(1, "roll"), (2, "attack_recorded")]


async def test_a_weapon_that_cannot_graze_offers_no_graze(nazh: NazhUnderTest) -> None:
    await made(nazh)
    nazh.dice.script(20, 2).script(4, 3)
    _, body = await nazh.slash("attack", weapon="Net", defense=14, _user=ROLLER)
    assert "-# ❌ **Miss** (vs defense 14): this attack cannot graze" in lines(body)
    assert "Graze (1 focus)" not in buttons(body["data"])


async def test_an_opportunity_recovers_focus_up_to_the_maximum(nazh: NazhUnderTest) -> None:
    await made(nazh, focus=3)
    nazh.dice.script(20, 20)
    _, first = await nazh.slash("check", skill="Insight", _user=ROLLER)
    select = buttons(first["data"])[OPPORTUNITY_SELECT]["custom_id"]
    spent = await click(nazh, select, ROLLER, ["focus"])
    assert f"🌟 Opportunity spent: Recover 1 focus (<@{ROLLER['id']}>)" in lines(spent)
    assert lines(spent)[-1] == "✏️ Veyla Tarn: focus 3 → 4"
    nazh.dice.script(20, 20)
    _, second = await nazh.slash("check", skill="Insight", _user=ROLLER)
    select = buttons(second["data"])[OPPORTUNITY_SELECT]["custom_id"]
    capped = await click(nazh, select, ROLLER, ["focus"])
    assert lines(capped)[-1] == "✏️ Veyla Tarn: focus unchanged (at its maximum)"
    assert "**Focus** 4/4" in await pools(nazh)


async def test_an_injury_without_options_is_the_character_s_and_is_counted(
        nazh: NazhUnderTest) -> None:
    await made(nazh)
    nazh.dice.script(20, 12).script(6, 4).script(8, 3)
    _, body = await nazh.slash("injury", _user=ROLLER)
    assert lines(body)[0] == "📜 **Veyla Tarn** — Injury"
    assert lines(body)[1] == ("**Total 12**: d20 [12], deflect +0, modifier +0, 0 injuries "
                              "taken (+0)")
    assert lines(body)[-1] == ("✏️ Veyla Tarn: injuries 0 → 1, exhausted 0 → -2, wounds none → "
                               "Shallow injury, 4 days left (Exhausted -2)")
    nazh.dice.script(20, 12).script(6, 4).script(8, 3)
    _, raw = await nazh.slash("injury", deflect=2, _user=ROLLER)
    assert not lines(raw)[0].startswith("📜")
    shown = await whole_sheet(nazh, ROLLER)
    assert "**Injuries** 1" in str(embed_of(shown)["description"])


async def test_a_short_rest_rolls_the_recovery_die_and_recovers_focus_first(
        nazh: NazhUnderTest) -> None:
    await made(nazh, focus=1)
    nazh.dice.script(6, 5)
    _, body = await nazh.slash("character rest", kind="short", first="focus", _user=ROLLER)
    assert embed_of(body)["title"] == "🎲 Short rest"
    assert lines(body)[1] == "-# 📜 **Veyla Tarn** — Short rest (recovery die d6)"
    assert lines(body)[2].startswith("-# **5** | `1d6` | [5]")
    assert lines(body)[-1] == "✏️ Veyla Tarn: focus 1 → 4"
    assert not body["data"].get("flags", 0) & EPHEMERAL
    assert "**Focus** 4/4" in await pools(nazh)
    assert await steps_verified(nazh, roll_id_of(body)) == ["rolled with Veyla Tarn"]


async def shown_to(nazh: NazhUnderTest, user: JsonObject) -> str:
    """Veyla Tarn's sheet as ``user`` sees it with /character show (its text and fields)."""
    shown = await whole_sheet(nazh, user, name="Veyla Tarn")
    return json.dumps(embed_of(shown), ensure_ascii=False)


async def test_a_secret_short_rest_changes_a_shared_sheet_only_at_its_reveal_and_once(
        nazh: NazhUnderTest) -> None:
    await nazh.slash("settings set", **{"default-visibility": "gm"}, _user=GM)
    await made(nazh, focus=1)
    await nazh.slash("character share", shared=True, _user=ROLLER)
    before = await shown_to(nazh, PLAYER)
    assert "**Focus** 1/4" in before
    nazh.dice.script(6, 2)
    interaction, line = await nazh.slash("character rest", kind="short", first="focus",
                                         _user=ROLLER)
    assert "Commitment" in embed_of(line)["description"]
    followup = await nazh.fake.wait_for_request(
        lambda r: r.method == "POST" and "/webhooks/" in r.path
        and interaction["token"] in r.path and 200 <= (r.status or 0) < 300, 5)
    assert lines(followup.body)[-1] == ("✏️ Veyla Tarn: kept secret: applied to the sheet when "
                                        "the roll is revealed")
    assert await shown_to(nazh, PLAYER) == before
    revealed = await click(nazh, custom_id_of(line["data"], "Reveal"), GM)
    assert "✏️ Veyla Tarn: focus 1 → 3" in lines(revealed)
    after = await shown_to(nazh, PLAYER)
    assert "**Focus** 3/4" in after
    roll_id = str(embed_of(line)["footer"]["text"]).split("roll ", 1)[1].split(" ")[0]
    assert after.count(f"short rest, roll {roll_id}") == 1
    assert "Reveal" not in json.dumps(revealed["data"]["components"])
    assert await shown_to(nazh, PLAYER) == after


async def test_a_blind_injury_is_counted_on_the_sheet_at_its_reveal(
        nazh: NazhUnderTest) -> None:
    await made(nazh)
    await nazh.slash("character share", shared=True, _user=ROLLER)
    nazh.dice.script(20, 12).script(6, 4).script(8, 3)
    _, line = await nazh.slash("injury", visibility="blind", _user=ROLLER)
    assert "**Injuries** 0" in await shown_to(nazh, PLAYER)
    assert "injury roll" not in await shown_to(nazh, PLAYER)
    revealed = await click(nazh, custom_id_of(line["data"], "Reveal"), GM)
    assert ("✏️ Veyla Tarn: injuries 0 → 1, exhausted 0 → -2, wounds none → Shallow injury, 4 "
            "days left (Exhausted -2)") in lines(revealed)
    roll_id = str(embed_of(line)["footer"]["text"]).split("roll ", 1)[1].split(" ")[0]
    assert f"injury roll {roll_id}" in await shown_to(nazh, PLAYER)


async def test_a_secret_check_s_commitment_is_verified_once_revealed(
        nazh: NazhUnderTest) -> None:
    await made(nazh)
    nazh.dice.script(20, 12)
    _, line = await nazh.slash("check", skill="Insight", visibility="gm", _user=ROLLER)
    await click(nazh, custom_id_of(line["data"], "Reveal"), GM)
    assert nazh.container is not None
    assert await nazh.container.storage.writer().flush(5)
    roll_id = str(embed_of(line)["footer"]["text"]).split("roll ", 1)[1].split(" ")[0]
    _, verified = await nazh.slash("verify", roll_id=roll_id, _user=PLAYER)
    fields = {f["name"]: f["value"] for f in embed_of(verified)["fields"]}
    assert fields["Commitment"].startswith("✅ ")
    assert fields["Character"] == "Veyla Tarn — Insight +5: Awareness 3 + 2 ranks"
