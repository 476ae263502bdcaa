"""Rests end to end on both transports (the starter rules, part 2, "Resting"): an injury roll
records its injury on the sheet, a long rest counts a day off it and lowers Exhausted by 1; Tend
to Others adds an ally's Medicine to a short rest's recovery die; bad requests answered
privately."""

from __future__ import annotations

import json

from nazh.application.shared.json_types import JsonObject
from tests.e2e.harness import NazhUnderTest, embed_of
from tests.e2e.roll_kit import EPHEMERAL, PLAYER, ROLLER, whole_sheet


def lines(body: JsonObject) -> list[str]:
    return str(embed_of(body)["description"]).split("\n")


async def veyla(nazh: NazhUnderTest) -> None:
    """The roller's Veyla Tarn: Willpower 2 (focus 4, recovery die d6), health 10."""
    await nazh.slash("character new", name="Veyla Tarn", willpower=2, _user=ROLLER)


async def sheet_text(nazh: NazhUnderTest) -> str:
    shown = await whole_sheet(nazh, ROLLER)
    return str(embed_of(shown)["description"])


async def test_an_injury_is_recorded_and_long_rests_heal_it(nazh: NazhUnderTest) -> None:
    """Shallow injury (6-15): 1d6 days; Exhausted [-2] on a 3 ("Injury Duration", "Injury
    Effects"); a long rest: all health and focus, Exhausted -1 ("Resting")."""
    await veyla(nazh)
    nazh.dice.script(20, 12).script(6, 2).script(8, 3)
    _, injured = await nazh.slash("injury", _user=ROLLER)
    assert lines(injured)[-1] == ("✏️ Veyla Tarn: injuries 0 → 1, exhausted 0 → -2, wounds "
                                  "none → Shallow injury, 2 days left (Exhausted -2)")
    shown = await sheet_text(nazh)
    assert "**Exhausted** -2" in shown
    assert "**Injuries**: Shallow injury, 2 days left (Exhausted -2)" in shown
    await nazh.slash("character set", field="health", value="3", _user=ROLLER)
    _, rested = await nazh.slash("character rest", kind="long", _user=ROLLER)
    assert embed_of(rested)["title"] == "✏️ Long rest: Veyla Tarn"
    assert str(embed_of(rested)["description"]).split("\n") == [
        "Health: 3 → 10", "Exhausted: -2 → -1",
        "injuries recorded: Shallow injury, 2 days left (Exhausted -2) → Shallow injury, 1 day "
        "left (Exhausted -2)"]
    _, healed = await nazh.slash("character rest", kind="long", _user=ROLLER)
    assert str(embed_of(healed)["description"]).split("\n") == [
        "Injuries: 1 → 0", "Exhausted: -1 → 0",
        "injuries recorded: Shallow injury, 1 day left (Exhausted -2) → none"]
    shown = await sheet_text(nazh)
    assert "**Injuries** 0" in shown
    assert "Exhausted" not in shown


async def test_tend_to_others_adds_the_ally_s_medicine(nazh: NazhUnderTest) -> None:
    """Tend to Others: "they add your Medicine modifier to their recovery die roll"."""
    await veyla(nazh)
    await nazh.slash("character new", name="Kal", intellect=2, _user=PLAYER)
    await nazh.slash("character skill", name="Medicine", ranks=3, _user=PLAYER)
    _, unseen = await nazh.slash("character rest", kind="short", **{"tended-by": "Kal"},
                                 _user=ROLLER)
    assert unseen["data"]["flags"] & EPHEMERAL
    assert "no character named 'Kal' here that you may see" in json.dumps(unseen["data"])
    await nazh.slash("character share", shared=True, _user=PLAYER)
    await nazh.slash("character set", field="focus", value="1", _user=ROLLER)
    nazh.dice.script(6, 2)
    _, body = await nazh.slash("character rest", kind="short", first="focus",
                               **{"tended-by": "Kal"}, _user=ROLLER)
    assert lines(body)[1] == ("-# 📜 **Veyla Tarn** — Short rest (recovery die d6, tended by "
                              "Kal: Medicine +5)")
    assert lines(body)[2].startswith("-# **7** | `1d6+5` | [2]")
    assert lines(body)[-1] == "✏️ Veyla Tarn: focus 1 → 4"


async def test_tending_is_refused_to_oneself_and_on_a_long_rest(nazh: NazhUnderTest) -> None:
    await veyla(nazh)
    for kind, refusal in (("short", "Veyla Tarn cannot tend to itself"),
                          ("long", "tended-by: is for a short rest (Tend to Others)")):
        _, refused = await nazh.slash("character rest", kind=kind,
                                      **{"tended-by": "Veyla Tarn"}, _user=ROLLER)
        assert refused["data"]["flags"] & EPHEMERAL
        assert refusal in json.dumps(refused["data"])
    assert nazh.dice.unused == {}


async def test_a_short_rest_splits_its_points_between_health_and_focus(
        nazh: NazhUnderTest) -> None:
    """Short Rest: "Add the roll result to your current health, your current focus, or a
    combination of the two. For example, if you roll a 5 ... recover 3 health and 2 focus"."""
    await veyla(nazh)
    await nazh.slash("character set", field="health", value="3", _user=ROLLER)
    await nazh.slash("character set", field="focus", value="0", _user=ROLLER)
    nazh.dice.script(6, 5)
    _, body = await nazh.slash("character rest", kind="short", focus=2, _user=ROLLER)
    assert lines(body)[-1] == "✏️ Veyla Tarn: health 3 → 6, focus 0 → 2"
    for asked in ({"kind": "long", "focus": 2}, {"kind": "short", "focus": 2, "first": "focus"}):
        _, refused = await nazh.slash("character rest", **asked, _user=ROLLER)
        assert refused["data"]["flags"] & EPHEMERAL
        assert "focus: splits a short rest's points, in place of first:" in json.dumps(
            refused["data"])
    assert nazh.dice.unused == {}
