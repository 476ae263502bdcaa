"""A whole encounter end to end on both transports, against the fake Discord (every request
checked against Discord's spec): start, add, join, three rounds of fast and slow turns on the
card's buttons with a boss taking both turns, conditions ending in the right phase (rounds and
until the end of the next turn), Stunned and Surprised turns, Afflicted's damage, a phase
skipped, a restart in the middle, the log, the export (a GM's and a player's, and ``nazh
encounter show --json``), a combatant removed, and the end with its summary."""

from __future__ import annotations

import json

import pytest

from nazh.application.shared.json_types import JsonObject
from tests.e2e.encounter_kit import (
    BANDITS,
    KALADIN,
    SHALLAN,
    TEFT,
    card_lines,
    card_reading,
    card_with_lines,
    choose,
    cli_show_json,
    command,
    documented_fields,
    exported,
    line_of,
    live_card,
    log_lines,
    press,
    pressed,
    said,
    set_up_fight,
)
from tests.e2e.fake_discord import DEFAULT_CHANNEL_ID
from tests.e2e.harness import NazhUnderTest
from tests.e2e.roll_kit import EPHEMERAL, GM, PLAYER, ROLLER

BY_GM = f"<@{GM['id']}>"
BY_ROLLER = f"<@{ROLLER['id']}>"
SZETH_AFFLICTED = "Afflicted 3 (fire)"


pytestmark = pytest.mark.usefixtures("gm_manages_the_server")


def title(round_: int, phase: str) -> str:
    return f"⚔️ **Chasm ambush** — Round {round_} · {phase}"


async def gm_view(nazh: NazhUnderTest) -> list[str]:
    answer = await press(nazh, "GM view", GM)
    return card_lines(answer)


async def round_one(nazh: NazhUnderTest) -> None:
    """Kaladin fast (an action spent), Shallan slow; Szeth's fast and slow turns, each ending
    with Afflicted's damage; the GM chooses Szeth among those waiting, then presses Next."""
    await card_reading(nazh.fake, [
        title(1, "Fast players"), "Waiting for: Kaladin, Shallan",
        "Players: press My turn to act.", "**Players**", KALADIN, SHALLAN,
        "**Allies**", TEFT, "**Enemies**", BANDITS,
        "⏳ **Szeth** · fast & slow · reaction ✓ · Healthy"])
    assert await command(nazh, "encounter condition", GM, combatant="Szeth",
                         condition="afflicted", value=3,
                         source="fire") == f"**Szeth** is now {SZETH_AFFLICTED}."
    card = await pressed(nazh, "Fast", PLAYER)
    assert "▶️ **Kaladin** · fast · 2 actions · reaction ✓ · Health 12/12 · Focus 2" in card
    card = await pressed(nazh, "Spend an action", PLAYER)
    assert "▶️ **Kaladin** · fast · 1 action · reaction ✓ · Health 12/12 · Focus 2" in card
    card = await pressed(nazh, "Done", ROLLER)  # Shallan stays slow
    assert card[1:3] == ["Waiting for: Kaladin", "Players: press My turn to act."]
    card = await pressed(nazh, "Done", PLAYER)
    assert card[:2] == [title(1, "Fast adversaries"), "Waiting for: Szeth"]
    assert "✅ **Kaladin** · fast · acted · reaction ✓ · Health 12/12 · Focus 2" in card
    assert (f"▶️ **Szeth** · fast & slow · 2 actions · reaction ✓ · Healthy · "
            f"{SZETH_AFFLICTED}") in card
    card = await pressed(nazh, "Done", GM)  # Szeth is the only one waiting: no question
    assert card[:2] == [title(1, "Slow players"), "Waiting for: Shallan"]
    assert "▶️ **Shallan** · slow · 3 actions · reaction ✓ · Health 10/10 · Focus 2" in card
    assert f"✅ **Szeth** · fast & slow · acted · reaction ✓ · Injured · {SZETH_AFFLICTED}" in card
    assert (f"✅ **Szeth** · fast & slow · acted · reaction ✓ · Health 27/30 · "
            f"{SZETH_AFFLICTED}") in await gm_view(nazh)
    assert await command(nazh, "encounter condition", GM, combatant="Shallan",
                         condition="restrained", rounds=1) == "**Shallan** is now Restrained."
    await card_with_lines(nazh.fake, "▶️ **Shallan** · slow · 3 actions · reaction ✓ · "
                                     "Health 10/10 · Focus 2 · Restrained (1 round)")
    card = await pressed(nazh, "Done", ROLLER)
    assert card[:2] == [title(1, "Slow adversaries"),
                        "Waiting for: Bandit ×3 (1–3), Szeth, Teft"]
    assert (f"▶️ **Szeth** · fast & slow · 3 actions · reaction ✓ · Injured · "
            f"{SZETH_AFFLICTED}") in card
    asked = await press(nazh, "Done", GM)
    assert said(asked) == ("you may press Done for Bandit 1, Bandit 2, Bandit 3, Szeth, Teft: "
                           "choose one")
    chosen = await choose(nazh, asked, "Szeth", GM)
    assert said(chosen) == "**Szeth**: press Done ✓"
    await card_with_lines(nazh.fake, "Waiting for: Bandit ×3 (1–3), Teft")
    assert line_of(live_card(nazh.fake), "Szeth") == (
        f"✅ **Szeth** · fast & slow · acted · reaction ✓ · Injured · {SZETH_AFFLICTED}")
    card = await pressed(nazh, "Next", GM)
    assert card[0] == title(2, "Fast players")


async def round_two(nazh: NazhUnderTest) -> None:
    """Shallan fast while Restrained (1 round: it ends as the slow players' phase starts);
    Kaladin slow, Stunned until the end of his next turn: 1 action, then it ends."""
    card = await pressed(nazh, "Fast", ROLLER)
    assert ("▶️ **Shallan** · fast · 2 actions · reaction ✓ · Health 10/10 · Focus 2 · "
            "Restrained (1 round)") in card
    assert await command(nazh, "encounter condition", GM, combatant="Kaladin",
                         condition="stunned",
                         until="end-of-next-turn") == "**Kaladin** is now Stunned."
    await card_with_lines(nazh.fake, "⏳ **Kaladin** · slow · reaction ✗ · Health 12/12 · "
                                     "Focus 2 · Stunned (until end of next turn)")
    await pressed(nazh, "Done", PLAYER)
    card = await pressed(nazh, "Done", ROLLER)
    assert card[0] == title(2, "Fast adversaries")
    assert ("✅ **Shallan** · fast · acted · reaction ✓ · Health 10/10 · Focus 2 · "
            "Restrained (1 round)") in card
    card = await pressed(nazh, "Done", GM)
    assert card[:2] == [title(2, "Slow players"), "Waiting for: Kaladin"]
    assert "✅ **Shallan** · fast · acted · reaction ✓ · Health 10/10 · Focus 2" in card
    assert ("▶️ **Kaladin** · slow · 1 action · reaction ✗ · Health 12/12 · Focus 2 · "
            "Stunned (until end of this turn)") in card
    assert (await log_lines(nazh))[:6] == [
        f"R2 · Slow players · {BY_GM}: Kaladin started a slow turn (1 action)",
        f"R2 · Slow players · {BY_GM}: the slow players phase started",
        "R2 · Slow players · Nazh: Shallan's Restrained ended",
        f"R2 · Fast adversaries · {BY_GM}: the fast adversaries phase ended",
        "R2 · Fast adversaries · Nazh: Szeth took 3 damage from Afflicted",
        f"R2 · Fast adversaries · {BY_GM}: Szeth ended its fast turn"]
    card = await pressed(nazh, "Done", PLAYER)
    assert card[0] == title(2, "Slow adversaries")
    # rule (Conditions, Stunned): his turn started Stunned gained no reaction; Stunned ended
    # with it, and the reaction comes back only with his next turn
    assert "✅ **Kaladin** · slow · acted · reaction ✗ · Health 12/12 · Focus 2" in card
    assert await command(nazh, "encounter next", GM) == "Now: round 3, Fast players."


async def round_three(nazh: NazhUnderTest) -> None:
    """Szeth Surprised: no fast turn, so the fast adversaries' phase is skipped; the bot
    restarts during the slow players' phase and the card's buttons still work."""
    await pressed(nazh, "Fast", PLAYER)
    assert await command(nazh, "encounter condition", GM, combatant="Szeth",
                         condition="surprised") == "**Szeth** is now Surprised."
    await card_with_lines(nazh.fake,
                          f"⏳ **Szeth** · slow · reaction ✗ · Injured · {SZETH_AFFLICTED}, "
                          "Surprised (until end of next turn)")
    await pressed(nazh, "Done", PLAYER)
    card = await pressed(nazh, "Done", ROLLER)
    assert card[:2] == [title(3, "Slow players"), "Waiting for: Shallan"]
    assert (await log_lines(nazh))[:4] == [
        f"R3 · Slow players · {BY_ROLLER}: Shallan started a slow turn (3 actions)",
        f"R3 · Slow players · {BY_ROLLER}: the slow players phase started",
        "R3 · Fast adversaries · Nazh: the fast adversaries phase was skipped (nobody in it)",
        f"R3 · Fast players · {BY_ROLLER}: the fast players phase ended"]
    before = card_lines(live_card(nazh.fake))
    await nazh.restart()
    assert card_lines(live_card(nazh.fake)) == before
    card = await pressed(nazh, "Done", ROLLER)
    assert card[:2] == [title(3, "Slow adversaries"),
                        "Waiting for: Bandit ×3 (1–3), Szeth, Teft"]
    assert (f"▶️ **Szeth** · slow · 2 actions · reaction ✗ · Injured · {SZETH_AFFLICTED}, "
            "Surprised") in card  # a full card leaves the durations to the GM's view
    assert (f"▶️ **Szeth** · slow · 2 actions · reaction ✗ · Health 18/30 · "
            f"{SZETH_AFFLICTED}, Surprised (until end of this turn)") in await gm_view(nazh)


APPLIED = ("damage-taken", "healed", "application-undone")
"""The kinds of log entry that carry an application's fields."""


def hidden(combatant: JsonObject) -> JsonObject:
    """A combatant as a player's export shows it: an enemy's numbers left out."""
    if combatant["side"] != "enemy":
        return combatant
    return combatant | {"health": None, "health_max": None, "focus": None}


async def the_exports(nazh: NazhUnderTest, monkeypatch: pytest.MonkeyPatch) -> None:
    """The GM's export holds everything, as documented; the player's hides the enemies'
    numbers; ``nazh encounter show --json`` prints the GM's."""
    text, gm = await exported(nazh, GM)
    fields = documented_fields()
    assert list(gm) == fields["top"]
    assert (gm["format"], gm["version"], gm["name"], gm["round"], gm["phase"]) == (
        "nazh-encounter", 1, "Chasm ambush", 3, "slow-adversaries")
    by_name = {c["name"]: c for c in gm["combatants"]}
    assert list(by_name) == ["Bandit 1", "Bandit 2", "Bandit 3", "Szeth", "Teft", "Kaladin",
                             "Shallan"]
    assert all(list(c) == fields["combatant"] for c in gm["combatants"])
    assert all(list(held) == fields["condition"]
               for c in gm["combatants"] for held in c["conditions"])
    assert by_name["Szeth"] == {
        "name": "Szeth", "side": "enemy", "role": "boss", "speed": "slow", "acted": False,
        "actions": 2, "reaction": False, "health": 18, "health_max": 30, "focus": 0,
        "conditions": [
            {"name": "afflicted", "value": 3, "dice": None, "damage_type": None,
             "rounds_left": None, "ends_at": None, "until": None},
            {"name": "surprised", "value": None, "dice": None, "damage_type": None,
             "rounds_left": None, "ends_at": None, "until": "end-of-next-turn"}],
        "defeated": False, "dodging": False, "braced": False, "aided_by": None, "recovered": False}
    assert by_name["Kaladin"] == {
        "name": "Kaladin", "side": "player", "role": "rival", "speed": "fast", "acted": True,
        "actions": 0, "reaction": True, "health": 12, "health_max": 12, "focus": 2,
        "conditions": [], "defeated": False, "dodging": False, "braced": False,
        "aided_by": None,
        "recovered": False}
    assert (by_name["Teft"]["side"], by_name["Bandit 1"]["role"]) == ("ally", "minion")
    applications = fields["entry"] + fields["applied"]
    assert all(list(entry) == (applications if entry["kind"] in APPLIED else fields["entry"])
               for entry in gm["log"])
    assert gm["log"][0]["kind"] == "started"
    assert {"user_id": "0", "round": 2, "phase": "slow-players", "kind": "condition-ended",
            "combatant": "Shallan", "detail": "Restrained"} in [
        {k: v for k, v in entry.items() if k != "at"} for entry in gm["log"]]
    _, mine = await exported(nazh, PLAYER)
    assert mine["combatants"] == [hidden(c) for c in gm["combatants"]]
    assert mine["combatants"][4]["health"] == 12  # an ally's numbers are shown
    assert {k: v for k, v in mine.items() if k not in ("combatants", "log")} == {
        k: v for k, v in gm.items() if k not in ("combatants", "log")}
    enemies = {c["name"] for c in gm["combatants"] if c["side"] == "enemy"}
    pairs = list(zip(gm["log"], mine["log"], strict=True))
    assert all(theirs == own for theirs, own in pairs if theirs["combatant"] not in enemies)
    # an enemy's entries say what happened, not the health the card hides (Afflicted's
    # damage stops at the health there was)
    assert [(g["kind"], g["combatant"], g["detail"], m["detail"]) for g, m in pairs
            if g != m] == [("afflicted-damage", "Szeth", "3", "")] * 4
    assert await cli_show_json(nazh, monkeypatch, DEFAULT_CHANNEL_ID) == (0, text)


async def test_a_whole_encounter(nazh: NazhUnderTest, monkeypatch: pytest.MonkeyPatch) -> None:
    await set_up_fight(nazh)
    await round_one(nazh)
    await round_two(nazh)
    await round_three(nazh)
    await the_exports(nazh, monkeypatch)
    assert await command(nazh, "encounter remove", GM,
                         combatant="Bandit 3") == "Removed **Bandit 3**."
    await card_with_lines(nazh.fake,
                          "▶️ **Bandit** ×2 (1, 2) · slow · 3 actions · reaction ✓ · Healthy")
    summary = [
        "⚔️ **Chasm ambush** — ended after 3 rounds",
        "🏁 **The fight ended** with both sides standing.",
        "**Bandit 1** · damage dealt 0, taken 0",
        "**Bandit 2** · damage dealt 0, taken 0",
        "**Szeth** · damage dealt 0, taken 12 · suffered Afflicted, Surprised",
        "**Teft** · damage dealt 0, taken 0",
        "**Kaladin** · damage dealt 0, taken 0 · suffered Stunned",
        "**Shallan** · damage dealt 0, taken 0 · suffered Restrained"]
    _, ended = await nazh.slash("encounter end", _user=GM)
    assert said(ended) == "Ended: the card above shows the summary."
    assert ended["data"]["flags"] & EPHEMERAL  # the card says it to the table, once
    await card_reading(nazh.fake, summary)
    said_once = [m for m in nazh.fake.messages if not int(m.get("flags") or 0) & EPHEMERAL
                 and "ended after 3 rounds" in json.dumps(m, ensure_ascii=False)]
    assert len(said_once) == 1
    _, none = await nazh.slash("encounter show", _user=PLAYER)
    assert said(none).startswith("**Can't do that.** there is no encounter in this channel")
