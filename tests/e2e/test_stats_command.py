"""/stats end to end on both transports (scripted dice): the counts, the fairness verdict,
the naturals, luck by exact percentile, the chart, and who sees which rolls."""

from __future__ import annotations

from typing import Any

from nazh.application.shared.json_types import JsonObject
from tests.e2e.fake_discord import FakeDiscord, make_user, slash_command
from tests.e2e.harness import NazhUnderTest, embed_of, final_answer, uploads

EPHEMERAL = 1 << 6
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
OTHER = make_user("999999999999999999", "other")
PLAYER_ID = str(make_user()["id"])  # the default user: the one who rolls and asks


async def roll_actions(nazh: NazhUnderTest) -> None:
    """Mine: 1d20+5 showing 20, 1 and 10 in public and 20 in private; theirs: a 7."""
    for face in (20, 1, 10):
        nazh.dice.script(20, face)
        await nazh.slash(pool="1d20+5")
    nazh.dice.script(20, 20)
    await nazh.slash(pool="1d20+5", visibility="private")
    nazh.dice.script(20, 7)
    await nazh.slash(pool="1d20+5", _user=OTHER)
    assert nazh.container is not None
    assert await nazh.container.storage.writer().flush(5)


async def stats_of(nazh: NazhUnderTest, fake: FakeDiscord, user: JsonObject | None = None,
                   **options: Any) -> tuple[JsonObject, JsonObject, list[Any]]:
    if user is None:
        interaction, body = await nazh.slash("stats", **options)
    else:  # a user option comes with the user resolved
        interaction = slash_command("stats", [{"name": "user", "type": 6, "value": user["id"]}],
                                    resolved={"users": {user["id"]: user}})
        await fake.dispatch("INTERACTION_CREATE", interaction)
        body = await fake.wait_for_interaction_response(interaction)
    answer = await final_answer(fake, interaction, body)
    return answer, embed_of(answer), uploads(fake, interaction)


async def details_of(nazh: NazhUnderTest, answer: JsonObject, user_id: str) -> JsonObject:
    """The Details button of a /stats answer pressed by ``user_id``: its private answer."""
    [row] = answer["components"]
    [button] = row["components"]
    assert button["label"] == "Details"
    _, body = await nazh.click(str(button["custom_id"]), user=make_user(user_id, "presser"))
    data: JsonObject = body["data"]
    return data


async def test_my_stats_count_my_private_rolls_and_judge_the_d20(
        nazh: NazhUnderTest, fake_discord: FakeDiscord) -> None:
    await roll_actions(nazh)
    answer, embed, files = await stats_of(nazh, fake_discord)
    assert answer["flags"] & EPHEMERAL
    assert embed["title"] == "📊 Dice stats: your rolls, all time"
    lines = embed["description"].splitlines()
    assert lines == ["**4 rolls** counted.",  # in plain words: no statistic, no p-value
                     "**d20**: 4 rolled · too few rolls to tell yet",
                     "natural 20s 50.0%, natural 1s 25.0% (fair dice: 5% each)"]
    assert "fields" not in embed or not embed["fields"]  # luck and more: behind Details
    details = await details_of(nazh, answer, PLAYER_ID)
    assert details["flags"] & EPHEMERAL
    [detail] = details["embeds"]
    assert detail["description"].splitlines() == [
        "most rolled: 1d20+5 ×4 · average 17.75, expected 15.50 (+2.25)"]
    fields = {f["name"]: f["value"] for f in detail["fields"]}
    luckiest = fields["🍀 Luckiest"].splitlines()
    assert [line.split(" · ", 1)[1] for line in luckiest] == [
        "1d20+5 → **25**, better than 98% of such rolls",
        "1d20+5 → **25**, better than 98% of such rolls",
        "1d20+5 → **15**, better than 48% of such rolls"]
    assert all(line.startswith(f"<@{PLAYER_ID}> <t:") for line in luckiest)  # by name, no id
    assert fields["🌧️ Unluckiest"].splitlines()[0].endswith(
        "1d20+5 → **6**, better than 2% of such rolls")
    assert embed["image"]["url"] == "attachment://stats.png"
    [chart] = files
    assert chart.data.startswith(PNG_MAGIC)


async def test_channel_and_shared_stats_leave_private_rolls_out(
        nazh: NazhUnderTest, fake_discord: FakeDiscord) -> None:
    await roll_actions(nazh)
    _, channel, _ = await stats_of(nazh, fake_discord, scope="channel")
    assert channel["title"] == "📊 Dice stats: this channel, all time"
    assert channel["description"].splitlines()[0] == "**4 rolls** counted."  # 3 mine + 1
    assert "natural 20s 25.0%" in channel["description"]
    answer, shared, _ = await stats_of(nazh, fake_discord, public=True)
    assert not answer.get("flags", 0) & EPHEMERAL
    assert shared["description"].splitlines()[0] == "**3 rolls** counted."
    details = await details_of(nazh, answer, str(OTHER["id"]))  # serves whoever presses it
    assert details["flags"] & EPHEMERAL
    assert "Luckiest" in str(details["embeds"])
    _, theirs, _ = await stats_of(nazh, fake_discord, user=OTHER)
    assert theirs["title"] == "📊 Dice stats: other's rolls, all time"
    assert theirs["description"].splitlines()[0] == "**1 roll** counted."


async def test_stats_before_any_roll_say_so(nazh: NazhUnderTest,
                                            fake_discord: FakeDiscord) -> None:
    _, embed, files = await stats_of(nazh, fake_discord, period="session")
    assert embed["title"] == "📊 Dice stats: your rolls, this session"
    assert embed["description"] == "No rolls counted yet."
    assert files == []
