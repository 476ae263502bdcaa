"""A whole fight end to end on both transports (scripted dice): the player's Kaladin against
the GM's Szeth (a boss typed as an adversary sheet), Amaram (a rival, its sheet immune to
spirit damage) and three Parshendi minions (quick combatants). Kaladin's attacks hit, graze
and score a critical hit, through Szeth's deflect on keen damage, none on spirit, Pierce and
Amaram's immunity; Szeth Dodges, Amaram Aids him, Szeth spends focus for an extra action and
fells Kaladin (Unconscious, the Injury button, the injury counted on his sheet); a minion is
defeated; a secret attack lands at its reveal after a restart mid-fight and a GM undoes it;
and the fight goes on over two replicas sharing one PostgreSQL. Every request is checked
against Discord's spec."""

from __future__ import annotations

import asyncio
import copy
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from nazh.application.shared.json_types import JsonObject
from tests.adapters.storage.conftest import POSTGRES_OFF
from tests.adapters.storage.support import postgres_admin_url, scratch_postgres
from tests.e2e.card_kit import card_custom_id
from tests.e2e.encounter_kit import (
    card_lines,
    card_with_lines,
    choose,
    command,
    exported,
    live_card,
    log_lines,
    press,
    refused,
    said,
)
from tests.e2e.fake_discord import FakeDiscord, component_click, slash_command
from tests.e2e.harness import NazhUnderTest, custom_id_of, embed_of, grant_manage_server
from tests.e2e.log_kit import workers_here
from tests.e2e.roll_kit import GM, PLAYER, buttons, click, pressed_from_a_stale_copy, roll_id_of
from tests.waiting import until

pytestmark = pytest.mark.usefixtures("gm_manages_the_server")


GM_MENTION = f"<@{GM['id']}>"


def description(body: JsonObject) -> str:
    return str(embed_of(body)["description"])


def labels(body: JsonObject) -> list[str]:
    return [str(c.get("label", "")) for row in body["data"].get("components") or []
            for c in row.get("components") or []]


SZETH_SHEET = (("role", "boss"), ("health-max", "30"), ("health", "30"), ("focus-max", "3"),
               ("focus", "3"), ("deflect", "2"), ("physical-defense", "12"))
AMARAM_SHEET = (("role", "rival"), ("health-max", "20"), ("health", "20"), ("focus-max", "2"),
                ("focus", "2"), ("physical-defense", "13"), ("immunities", "spirit"))


async def the_shattered_plains(nazh: NazhUnderTest) -> None:
    """Kaladin (Speed 3: Light Weaponry +3; health 12) with a keen Spear, an untyped Sling and
    a Pierce Halberd; the GM's Szeth and Amaram typed as adversary sheets, three Parshendi
    minions (health 5, Physical 10) added by hand; the enemies' health shown on the card."""
    await command(nazh, "character new", PLAYER, name="Kaladin", strength=2, speed=3)
    await command(nazh, "character weapon", PLAYER, name="Spear", skill="light-weaponry",
                  damage="1d8", type="keen")
    await command(nazh, "character weapon", PLAYER, name="Sling", skill="light-weaponry",
                  damage="1d4")
    await command(nazh, "character weapon", PLAYER, name="Halberd", skill="light-weaponry",
                  damage="1d8", type="keen", traits="pierce")
    for name, sheet in (("Szeth", SZETH_SHEET), ("Amaram", AMARAM_SHEET)):
        await command(nazh, "character new", GM, name=name, kind="adversary", strength=3)
        for field, value in sheet:
            await command(nazh, "character set", GM, field=field, value=value, character=name)
    await command(nazh, "character weapon", GM, name="Honorblade", skill="heavy-weaponry",
                  damage="2d8+3", type="keen", modifier=6, character="Szeth")
    await command(nazh, "character weapon", GM, name="Shardblade", skill="heavy-weaponry",
                  damage="1d10+2", type="spirit", modifier=5, character="Amaram")
    await command(nazh, "encounter start", GM, name="Shattered Plains")
    await command(nazh, "encounter settings", GM, **{"show-health": True})
    assert await command(nazh, "encounter add", GM, character="Szeth") == "Added **Szeth**."
    assert await command(nazh, "encounter add", GM, character="Amaram") == "Added **Amaram**."
    assert await command(nazh, "encounter add", GM, name="Parshendi", health=5, defense=10,
                         count=3, role="minion") == (
        "Added **Parshendi 1**, **Parshendi 2**, **Parshendi 3**.")
    assert await command(nazh, "encounter join", PLAYER) == "Added **Kaladin**."


async def attack(nazh: NazhUnderTest, weapon: str, target: str, user: JsonObject = PLAYER,
                 **options: object) -> JsonObject:
    _, answer = await nazh.slash("attack", weapon=weapon, target=target, _user=user, **options)
    return answer


async def test_round_one_kaladin_grazes_pierces_and_crits_through_deflect_and_immunity(
        nazh: NazhUnderTest) -> None:
    await the_shattered_plains(nazh)
    asked = await press(nazh, "Dodge", GM)
    # the minions have no focus to spend
    assert said(asked) == "you may Dodge for Szeth, Amaram, Kaladin: choose one"
    assert said(await choose(nazh, asked, "Szeth", GM)) == "**Szeth**: Dodge ✓"
    await card_with_lines(nazh.fake, "⏳ **Szeth** · fast & slow · Dodging 💨 · Health 30/30 · "
                                     "Focus 3")
    # the Dodge: Kaladin's Spear rolls 15 and 4, keeps 4 (+3 = 7, a miss), which he grazes
    nazh.dice.script(20, 15, 4).script(8, 5)
    dodged = await attack(nazh, "Spear", "Szeth")
    assert "Kaladin — target Dodging: disadvantage" in description(dodged)
    grazed = await click(nazh, buttons(dodged["data"])["Graze (1 focus)"]["custom_id"], PLAYER)
    assert "graze: 5 keen - 2 deflect = 3 -> Szeth: 30 -> 27" in description(grazed)
    _, sheet = await nazh.slash("character show", name="Kaladin", _user=PLAYER)
    assert "**Focus** 1/2" in description(sheet)  # the graze's focus, spent on the sheet
    nazh.dice.script(20, 14, 12, 16, 20, 17).script(8, 4, 3, 6).script(4, 3, 2)
    pierced = await attack(nazh, "Halberd", "Szeth")
    assert "hit: 7 keen (Pierce) -> Szeth: 27 -> 20" in description(pierced)
    spirit = await attack(nazh, "Sling", "Szeth", type="spirit")
    assert "hit: 6 spirit -> Szeth: 20 -> 14" in description(spirit)
    immune = await attack(nazh, "Sling", "Amaram", type="spirit")
    assert "hit: 5 spirit: immune = 0 -> Amaram: 20 -> 20" in description(immune)
    hit = await attack(nazh, "Spear", "Amaram")
    assert "hit: 6 keen -> Amaram: 20 -> 14" in description(hit)
    critical = await click(nazh, buttons(hit["data"])["Critical hit"]["custom_id"], PLAYER)
    assert ("critical: 11 keen, less 6 already taken = 5 -> Amaram: 14 -> 9"
            in description(critical))
    felled = await attack(nazh, "Spear", "Parshendi 1")
    assert "hit: 9 keen -> Parshendi 1: 5 -> 0 · Parshendi 1 is defeated" in description(felled)
    assert nazh.dice.unused == {}
    _, data = await exported(nazh, GM)
    assert [(e["combatant"], e["amount"], e["type"], e["deflect"], e["applied"],
             e["health"]["before"], e["health"]["after"], e["roll_id"])
            for e in data["log"] if e["kind"] == "damage-taken"] == [
        ("Szeth", 5, "keen", 2, 3, 30, 27, roll_id_of(dodged)),  # the graze
        ("Szeth", 7, "keen", 0, 7, 27, 20, roll_id_of(pierced)),
        ("Szeth", 6, "spirit", 0, 6, 20, 14, roll_id_of(spirit)),
        ("Amaram", 5, "spirit", 0, 0, 20, 20, roll_id_of(immune)),
        ("Amaram", 6, "keen", 0, 6, 20, 14, roll_id_of(hit)),
        ("Amaram", 11, "keen", 0, 5, 14, 9, roll_id_of(hit)),  # the critical's difference
        ("Parshendi 1", 9, "keen", 0, 5, 5, 0, roll_id_of(felled))]
    lines = await log_lines(nazh)
    assert any(line.endswith("Szeth took 3 damage: 5 keen - 2 deflect") for line in lines)
    assert any(line.endswith("Szeth's Dodge gave an attack a disadvantage") for line in lines)
    await card_with_lines(
        nazh.fake, "⏳ **Szeth** · fast & slow · reaction ✗ · 🟧 Health 14/30 · Focus 2",
        "⏳ **Amaram** · slow · reaction ✓ · 🟧 Health 9/20 · Focus 2",
        "💀 **Parshendi 1** · defeated · 🟥 Health 0/5",
        "⏳ **Parshendi** ×2 (2, 3) · slow · reaction ✓ · Health 5,5 of 5")


async def test_szeth_takes_an_extra_action_and_aided_fells_kaladin_who_rolls_his_injury(
        nazh: NazhUnderTest) -> None:
    await the_shattered_plains(nazh)
    await press(nazh, "Fast", PLAYER)
    await press(nazh, "Done", PLAYER)  # Kaladin, an enemy of Szeth's, finished a turn
    await card_with_lines(nazh.fake, "▶️ **Szeth** · fast & slow · 2 actions · reaction ✓ · "
                                     "Health 30/30 · Focus 3")
    extra = await press(nazh, "Extra action", GM)
    assert said(extra) == "**Szeth** spends 1 focus and takes an extra action now."
    await card_with_lines(nazh.fake, "▶️ **Szeth** · fast & slow · 2 actions · reaction ✓ · "
                                     "Health 30/30 · Focus 2")
    asked = await press(nazh, "Aid", GM)
    assert said(asked) == "you may Aid for Szeth, Amaram, Kaladin: choose one"
    whom = await choose(nazh, asked, "Amaram", GM)
    assert said(await choose(nazh, whom, "Szeth", GM)) == (
        "**Amaram** Aids **Szeth**: their next test gains an advantage.")
    await card_with_lines(nazh.fake, "⏳ **Amaram** · slow · reaction ✗ · Health 20/20 · Focus 1")
    # aided, Szeth rolls 3 and 15, keeps 15 (+6 = 21 against Kaladin's Physical 15)
    nazh.dice.script(20, 3, 15).script(8, 8, 7)
    felled = await attack(nazh, "Honorblade", "Kaladin", GM, character="Szeth")
    text = description(felled)
    assert "Szeth — Aided by Amaram: advantage · 1 action spent" in text
    assert "🎯 against Kaladin · Physical defense 15 · keen" in text
    assert ("hit: 18 keen -> Kaladin: 12 -> 0 · Kaladin falls Unconscious and takes an injury"
            in text)
    assert "Injury" in labels(felled)
    await card_with_lines(
        nazh.fake, "▶️ **Szeth** · fast & slow · 1 action · reaction ✓ · Health 30/30 · Focus 2",
        "✅ **Kaladin** · slow · acted · reaction ✗ · 🟥 Health 0/12 · Focus 2 · Unconscious")
    nazh.dice.script(20, 14).script(6, 2).script(8, 3)
    button = custom_id_of(felled["data"], "Injury")
    message_id = nazh.fake.message_with_component(button)["id"]
    injury = await click(nazh, button, PLAYER)
    assert "**Total 14**: d20 [14], deflect +0, modifier +0, 0 injuries taken (+0)" in (
        description(injury))
    assert "✏️ Kaladin: injuries 0 → 1" in description(injury)
    # the result is drawn again without the button; a press from an older copy is refused
    assert "Kaladin's injury from this attack is rolled already" in refused(
        await pressed_from_a_stale_copy(nazh, str(message_id), button, PLAYER))
    assert nazh.dice.unused == {}
    _, sheet = await nazh.slash("character show", name="Kaladin", _user=PLAYER)
    assert "**Injuries** 1" in description(sheet)
    lines = await log_lines(nazh)
    assert any(line.endswith("Kaladin took 12 damage: 18 keen") for line in lines)
    assert any(line.endswith("Kaladin is now Unconscious") for line in lines)
    assert any(line.endswith("Szeth took an extra action") for line in lines)
    assert any(line.endswith("Amaram spent 1 focus on aid (1 left)") for line in lines)
    _, data = await exported(nazh, GM)
    [taken] = [e for e in data["log"] if e["kind"] == "damage-taken"]
    assert {k: taken[k] for k in ("combatant", "amount", "type", "deflect", "applied",
                                  "health")} == {
        "combatant": "Kaladin", "amount": 18, "type": "keen", "deflect": 0, "applied": 12,
        "health": {"before": 12, "after": 0}}
    assert taken["roll_id"] == roll_id_of(felled)
    kaladin = next(c for c in data["combatants"] if c["name"] == "Kaladin")
    assert (kaladin["health"], kaladin["reaction"], kaladin["conditions"][0]["name"]) == (
        0, False, "unconscious")
    assert await command(nazh, "encounter end", GM) == ("Ended: the card above shows the "
                                                         "summary.")
    summary = await ended_summary(nazh)
    assert "**Szeth** · damage dealt 12, taken 0" in summary
    # the injury's effect (the d8's 3: Exhausted -2) taken on the card too
    assert ("**Kaladin** · damage dealt 0, taken 12 · 1 injury · suffered Unconscious, "
            "Exhausted") in summary


async def ended_summary(nazh: NazhUnderTest) -> list[str]:
    """The card's lines once it shows the ended encounter's summary (said once, there)."""
    def shown() -> list[str] | None:
        lines = card_lines(live_card(nazh.fake))
        return lines if "ended after" in lines[0] else None
    return await until(shown, what="the card showing the summary")


async def test_a_secret_attack_lands_at_its_reveal_after_a_restart_and_a_gm_undoes_it(
        nazh: NazhUnderTest) -> None:
    await the_shattered_plains(nazh)
    assert said(await choose(nazh, await press(nazh, "Dodge", GM), "Szeth", GM)) == (
        "**Szeth**: Dodge ✓")
    nazh.dice.script(20, 12).script(10, 6)
    secret = await attack(nazh, "Shardblade", "Kaladin", GM, character="Amaram",
                          visibility="gm")
    assert "Kaladin: 12" not in str(secret)
    await card_with_lines(nazh.fake, "⏳ **Kaladin** · slow · reaction ✓ · Health 12/12 · Focus 2")
    assert not any("took" in line for line in await log_lines(nazh, PLAYER))
    _, seen = await exported(nazh, PLAYER)
    assert [c["health"] for c in seen["combatants"] if c["name"] == "Kaladin"] == [12]
    assert not [e for e in seen["log"] if e["kind"] == "damage-taken"]
    # the bot restarts mid-fight: Szeth's Dodge, the secret roll and what it owes are kept
    await nazh.restart()
    nazh.dice.script(20, 18, 11).script(8, 4)
    dodged = await attack(nazh, "Spear", "Szeth")
    assert "Kaladin — target Dodging: disadvantage" in description(dodged)
    assert "hit: 7 keen - 2 deflect = 5 -> Szeth: 30 -> 25" in description(dodged)
    await card_with_lines(nazh.fake, "⏳ **Szeth** · fast & slow · reaction ✗ · Health 25/30 · "
                                     "Focus 2")
    revealed = await click(nazh, custom_id_of(secret["data"], "Reveal"), GM)
    text = description(revealed)
    assert "🎯 against Kaladin · Physical defense 15 · spirit" in text
    assert "hit: 8 spirit -> Kaladin: 12 -> 4" in text
    assert "🔓 revealed by" in text
    await card_with_lines(nazh.fake,
                          "⏳ **Kaladin** · slow · reaction ✓ · 🟧 Health 4/12 · Focus 2")
    roll = roll_id_of(revealed)
    undone = await command(nazh, "encounter undo", GM, combatant="Kaladin")
    assert undone.startswith("Undone: **Kaladin**'s 8 damage (from ")  # a name, not the id
    assert undone.endswith("'s roll): health 12.")
    await card_with_lines(nazh.fake, "⏳ **Kaladin** · slow · reaction ✓ · Health 12/12 · Focus 2")
    lines = await log_lines(nazh)
    assert lines[:2] == [
        f"R1 · Fast players · {GM_MENTION}: undid the latest damage or healing of Kaladin "
        "(health 12): 8 spirit",
        f"R1 · Fast players · {GM_MENTION}: Kaladin took 8 damage: 8 spirit"]
    _, data = await exported(nazh, GM)
    applied = [{k: e[k] for k in ("kind", "amount", "type", "deflect", "applied", "health",
                                  "roll_id")} for e in data["log"]
               if e["kind"] in ("damage-taken", "application-undone")
               and e["combatant"] == "Kaladin"]
    landed = {"amount": 8, "type": "spirit", "deflect": 0, "applied": 8,
              "health": {"before": 12, "after": 4}, "roll_id": roll}
    assert applied == [{"kind": "damage-taken", **landed},
                       {"kind": "application-undone", **landed}]


@pytest.fixture
async def database_url() -> AsyncIterator[str]:
    admin_url = postgres_admin_url()
    if admin_url is None:
        pytest.skip(POSTGRES_OFF)
    async with scratch_postgres(admin_url) as url:
        yield url


async def slash_on(worker: NazhUnderTest, name: str, user: JsonObject, /,
                   **options: str | int | bool) -> JsonObject:
    """``/name`` sent to ``worker``; its answer."""
    interaction = slash_command(name, options or None, user=user)
    await worker.fake.dispatch("INTERACTION_CREATE", interaction, target=worker.target)
    return await worker.fake.wait_for_interaction_response(interaction)


async def clicks_at_once(workers: list[NazhUnderTest], custom_id: str,
                         user: JsonObject) -> list[JsonObject]:
    """The same click on the message holding ``custom_id`` (as it is now), sent to every
    worker at once: a double click split over the replicas; their answers."""
    fake = workers[0].fake
    found = fake.state.find_component(custom_id)
    assert found is not None, custom_id
    message = copy.deepcopy(found[0])

    async def on(worker: NazhUnderTest) -> JsonObject:
        payload = component_click(custom_id, 2, None, message=copy.deepcopy(message),
                                  user=user, guild_id=message.get("guild_id"),
                                  application_id=fake.application_id)
        await fake.dispatch("INTERACTION_CREATE", payload, target=worker.target)
        return await fake.wait_for_interaction_response(payload)
    return list(await asyncio.gather(*(on(worker) for worker in workers)))


async def test_the_fight_goes_on_over_two_replicas_each_act_once(
        tmp_path: Path, database_url: str) -> None:
    async with FakeDiscord() as fake, workers_here(fake, tmp_path, database_url, 2) as workers:
        grant_manage_server(fake, GM)
        first, second = workers
        await slash_on(first, "character new", PLAYER, name="Kaladin", strength=2, speed=3)
        await slash_on(second, "character weapon", PLAYER, name="Spear",
                       skill="light-weaponry", damage="1d8", type="keen")
        await slash_on(first, "character new", GM, name="Szeth", kind="adversary")
        for field, value in SZETH_SHEET:
            await slash_on(second, "character set", GM, field=field, value=value,
                           character="Szeth")
        await slash_on(first, "character weapon", GM, name="Honorblade",
                       skill="heavy-weaponry", damage="2d8+3", type="keen", modifier=6,
                       character="Szeth")
        await slash_on(second, "encounter start", GM, name="Shattered Plains")
        await slash_on(first, "encounter add", GM, character="Szeth")
        await slash_on(second, "encounter add", GM, name="Parshendi", health=5, count=3,
                       role="minion")
        await slash_on(first, "encounter join", PLAYER)
        # Kaladin's Spear on one replica, its critical hit clicked on both at once
        second.dice.script(20, 20).script(8, 5)
        hit = await slash_on(second, "attack", PLAYER, weapon="Spear", target="Szeth")
        assert "hit: 8 keen - 2 deflect = 6 -> Szeth" in description(hit)
        answers = await clicks_at_once(workers, custom_id_of(hit["data"], "Critical hit"),
                                       PLAYER)
        assert sorted(outcome(a) for a in answers) == [
            "**Can't do that.** this roll has no Opportunity left to spend",
            "critical: 11 keen - 2 deflect = 9, less 6 already taken = 3 -> Szeth"]
        first.dice.script(20, 12).script(8, 2)
        felled = await slash_on(first, "attack", PLAYER, weapon="Spear", target="Parshendi 2")
        assert "hit: 5 keen -> Parshendi 2 · Parshendi 2 is defeated" in description(felled)
        card = await card_with_lines(fake, "💀 **Parshendi 2** · defeated")
        # Kaladin takes a fast turn and is done; Szeth's Extra action (after an enemy's
        # turn) clicked on both at once is taken once
        _, mine = await workers[0].click(card_custom_id(card, "My turn"), user=PLAYER)
        await workers[0].click(card_custom_id(mine, "Fast"), user=PLAYER)  # one press
        card = await card_with_lines(fake, "▶️ **Kaladin** · fast · 2 actions · reaction ✓ · "
                                           "Health 12/12 · Focus 2")
        _, mine = await workers[0].click(card_custom_id(card, "My turn"), user=PLAYER)
        await clicks_at_once(workers, card_custom_id(mine, "Done"), PLAYER)
        card = await card_with_lines(
            fake, "▶️ **Szeth** · fast & slow · 2 actions · reaction ✓ · Injured")
        _, gm = await workers[0].click(card_custom_id(card, "GM"), user=GM)
        answers = await clicks_at_once(workers, card_custom_id(gm, "Extra action"), GM)
        assert "**Szeth** spends 1 focus and takes an extra action now." in [
            said(a) for a in answers]
        assert sum("the encounter changed since this card was shown" in said(a)
                   or "no combatant that can spend focus" in said(a) for a in answers) == 1
        await card_with_lines(fake,
                              "▶️ **Szeth** · fast & slow · 2 actions · reaction ✓ · Injured")
        # Szeth fells Kaladin; the Injury button clicked on both at once counts one injury
        first.dice.script(20, 15).script(8, 8, 8)
        felled = await slash_on(first, "attack", GM, weapon="Honorblade", target="Kaladin",
                                character="Szeth")
        assert ("hit: 19 keen -> Kaladin: 12 -> 0 · Kaladin falls Unconscious and takes an "
                "injury") in description(felled)
        await card_with_lines(fake, "✅ **Kaladin** · slow · acted · reaction ✗ · 🟥 Health 0/12 · "
                                    "Focus 2 · Unconscious")
        for worker in workers:  # whichever replica rolls it
            worker.dice.script(20, 14).script(6, 2).script(8, 3)
        answers = await clicks_at_once(workers, custom_id_of(felled["data"], "Injury"), PLAYER)
        assert sorted(outcome(a) for a in answers) == [
            "**Can't do that.** Kaladin's injury from this attack is rolled already",
            "the injury's effect: Kaladin is Exhausted -2 on the card (while the injury lasts: "
            "a GM removes it once it heals)"]
        assert sum("✏️ Kaladin: injuries 0 → 1, exhausted 0 → -2, wounds none → Shallow injury, "
                   "2 days left (Exhausted -2)" in str(a["data"].get("embeds"))
                   for a in answers) == 1
        sheet = await slash_on(second, "character show", PLAYER, name="Kaladin")
        assert "**Injuries** 1" in description(sheet)
        undone = said(await slash_on(first, "encounter undo", GM, combatant="Kaladin"))
        assert undone == ("Undone: **Kaladin**'s 12 damage (from **Szeth**'s roll): "
                          "health 12; Unconscious removed.")
        # the damage undone; the injury rolled stays on the sheet, and so does its effect
        await card_with_lines(fake, "✅ **Kaladin** · fast · acted · reaction ✓ · Health 12/12 · "
                                    "Focus 2 · Exhausted -2")
        log = await log_lines(second, GM)  # the whole log: each act kept once
        assert sum("Szeth took an extra action" in line for line in log) == 1
        assert sum(line.endswith("Szeth took 3 damage: 11 keen - 2 deflect")
                   for line in log) == 1


def outcome(answer: JsonObject) -> str:
    """A click's refusal, else the last line of the roll it showed."""
    data = answer["data"]
    if data.get("flags", 0) & 64:
        return str(data["content"])
    return str(data["embeds"][0]["description"]).split("\n")[-1].removeprefix("ℹ️ ")
