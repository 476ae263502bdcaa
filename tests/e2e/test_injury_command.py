"""/injury end to end on both transports: the real bot against the fake Discord (every request
checked against Discord's spec), scripted dice, the roll log behind /history and /verify."""

from __future__ import annotations

import json

import pytest

from nazh.application.shared.json_types import JsonObject
from tests.e2e.fake_discord import FakeDiscord, make_user
from tests.e2e.harness import NazhUnderTest, custom_id_of, embed_of, grant_manage_server

EPHEMERAL = 1 << 6
INTEGER = 4
ROLLER = make_user("761111111111111111", "roller")
GM = make_user("762222222222222222", "gm")


def roll_id_of(body: JsonObject) -> str:
    return str(embed_of(body)["footer"]["text"]).split("roll ", 1)[1].split(" ")[0]


async def flush(nazh: NazhUnderTest) -> None:
    assert nazh.container is not None
    assert await nazh.container.storage.writer().flush(5)


async def test_injury_is_registered_with_its_ranges_and_visibilities(
        nazh: NazhUnderTest, fake_discord: FakeDiscord) -> None:
    commands = fake_discord.commands(next(iter(fake_discord.guild_ids)))
    injury = next(c for c in commands if c["name"] == "injury")
    options = {option["name"]: option for option in injury["options"]}
    assert list(options) == ["deflect", "injuries", "modifier", "label", "visibility",
                             "character"]
    assert options["character"]["autocomplete"] is True
    ranges = {name: (options[name]["type"], options[name]["min_value"],
                     options[name]["max_value"]) for name in ("deflect", "injuries", "modifier")}
    assert ranges == {"deflect": (INTEGER, 0, 20), "injuries": (INTEGER, 0, 10),
                      "modifier": (INTEGER, -20, 20)}
    assert [c["value"] for c in options["visibility"]["choices"]] == [
        "public", "private", "gm", "blind"]
    assert not any(option.get("required") for option in injury["options"])


async def test_an_injury_is_posted_and_is_in_history_and_verify(nazh: NazhUnderTest) -> None:
    nazh.dice.script(20, 9).script(6, 4).script(8, 7)  # 9 + 2 - 5 = 6: shallow, 4 days
    _, body = await nazh.slash("injury", deflect=2, injuries=1, _user=ROLLER)
    assert nazh.dice.unused == {}
    assert body["type"] == 4
    assert not body["data"].get("flags", 0) & EPHEMERAL
    embed = embed_of(body)
    assert embed["title"] == "🩸 Injury"
    assert embed["description"].split("\n") == [
        "**Total 6**: d20 [9], deflect +2, modifier +0, 1 injury taken (-5)",
        "**Shallow injury**: 4 days (1d6 [4])",
        "**Effect**: Surprised (d8 [7])",
    ]
    assert not body["data"].get("components")
    roll_id = roll_id_of(body)
    await flush(nazh)
    _, history = await nazh.slash("history", _user=ROLLER)
    line = embed_of(history)["description"].split("\n")[0]
    assert roll_id not in line  # names and results, not ids
    assert "`1d20-3, 1d6, 1d8` → **injury 6 · shallow injury · 4 days · Surprised**" in line
    _, verified = await nazh.slash("verify", roll_id=roll_id)
    fields = {f["name"]: f["value"] for f in embed_of(verified)["fields"]}
    assert fields["Label"] == "Injury"
    assert fields["Result"] == (
        "`1d20-3, 1d6, 1d8` → **injury 6 · shallow injury · 4 days · Surprised**")
    assert fields["Chain"].startswith("✅ intact")


async def test_death_rolls_only_the_d20_and_the_total_can_be_negative(
        nazh: NazhUnderTest) -> None:
    nazh.dice.script(20, 3).script(8, 5)  # 3 + 0 - 1 - 10 = -8: death, no d8
    _, body = await nazh.slash("injury", injuries=2, modifier=-1, label="Teft")
    embed = embed_of(body)
    assert embed["title"] == "🩸 Teft"
    assert embed["description"].split("\n") == [
        "**Total -8**: d20 [3], deflect +0, modifier -1, 2 injuries taken (-10)",
        "**Death**: the character dies",
    ]
    assert nazh.dice.unused == {8: [5]}


@pytest.mark.parametrize(("option", "value", "message"), [
    ("deflect", 25, "deflect must be between 0 and 20 (got 25)"),
    ("injuries", 11, "injuries must be between 0 and 10 (got 11)"),
    ("modifier", -21, "modifier must be between -20 and 20 (got -21)"),
])
async def test_a_forged_number_out_of_range_is_refused_naming_it_before_any_die(
        nazh: NazhUnderTest, fake_discord: FakeDiscord, option: str, value: int,
        message: str) -> None:
    nazh.dice.script(20, 11)
    _, body = await nazh.slash("injury", **{option: value})
    assert body["data"]["flags"] & EPHEMERAL
    assert message in body["data"]["content"]
    await fake_discord.settled()
    assert [m["content"] for m in fake_discord.messages] == [body["data"]["content"]]
    assert nazh.dice.unused == {20: [11]}


async def test_a_blind_injury_is_a_commitment_until_a_gm_reveals_it(
        nazh: NazhUnderTest, fake_discord: FakeDiscord) -> None:
    grant_manage_server(fake_discord, GM)
    nazh.dice.script(20, 18).script(8, 4)  # 18: a flesh wound, Slowed
    _, line = await nazh.slash("injury", visibility="blind", _user=ROLLER)
    assert "Slowed" not in json.dumps(line)
    shown = embed_of(line)["description"].split("Commitment `", 1)[1][:12]
    _, answer = await nazh.click(custom_id_of(line["data"], "Reveal"), user=GM)
    assert answer["type"] == 7
    revealed = embed_of(answer)["description"]
    assert "**Flesh wound**: until after a long rest" in revealed
    assert "**Effect**: Slowed (d8 [4])" in revealed
    assert f"revealed by <@{GM['id']}> · commitment `{shown}`" in revealed
    assert not answer["data"].get("components")
    await flush(nazh)
    _, verified = await nazh.slash("verify", roll_id=roll_id_of(line))
    fields = {f["name"]: f["value"] for f in embed_of(verified)["fields"]}
    assert fields["Commitment"].startswith(f"✅ `{shown}` matches the revealed result")
    assert fields["Visibility"] == "blind"
