"""/roll end to end: the real bot against the fake Discord."""

from __future__ import annotations

from nazh.adapters.rng.seeded import SeededRandomSource
from nazh.application.rolls.dice import RollDice
from tests.e2e.fake_discord import FakeDiscord, JsonObject
from tests.e2e.harness import SEED, NazhUnderTest, custom_id_of, embed_of

EPHEMERAL = 1 << 6


async def test_commands_are_registered_in_the_dev_guild(nazh: NazhUnderTest,
                                                        fake_discord: FakeDiscord) -> None:
    commands = fake_discord.commands(next(iter(fake_discord.guild_ids)))
    roll = next(c for c in commands if c["name"] == "roll")
    names = [option["name"] for option in roll["options"]]
    assert names == ["pool", "add_plot", "label", "dc", "private", "visibility", "build",
                     "opportunity", "complication", "physical"]
    for name in ("opportunity", "complication"):
        ranged = next(option for option in roll["options"] if option["name"] == name)
        assert (ranged["min_value"], ranged["max_value"], ranged["required"]) == (1, 20, False)
    visibility = next(option for option in roll["options"] if option["name"] == "visibility")
    assert [choice["value"] for choice in visibility["choices"]] == [
        "public", "private", "gm", "blind"]
    pool = roll["options"][0]
    assert pool["autocomplete"] is True
    assert pool["max_length"] == 200


async def test_roll_posts_the_seeded_result_publicly(nazh: NazhUnderTest) -> None:
    expected = RollDice(SeededRandomSource(SEED))("a1d20+5, 2d6+3")
    _, body = await nazh.slash(pool="a1d20+5, 2d6+3")
    assert body["type"] == 4
    assert not body["data"].get("flags", 0) & EPHEMERAL
    embed = embed_of(body)
    first, second = expected.pools
    die = first.dice[0]
    assert "| `a1d20+5` | [" in embed["description"]
    assert f"{die.kept}↑({die.dropped})" in embed["description"].replace("*", "")
    # the totals first, prominent; the dice in small lines
    assert embed["description"].startswith(f"## {first.total}, {second.total}\n"
                                           f"-# **{first.total}** | `a1d20+5`")
    assert f"**{second.total}** | `2d6+3`" in embed["description"]
    # the display (global) name signs the footer, beside the roll id
    assert embed["footer"]["text"].startswith("Tester · roll ")
    assert "author" not in embed
    assert "title" not in embed  # a plain roll: its outcome leads
    labels = [c["label"] for row in body["data"]["components"] for c in row["components"]]
    # what the channel's players may use; a GM's (Add Plot Die, Disadvantage) behind 👑 GM
    assert labels == ["Copy Command", "Advantage", "GM"]


async def test_default_pool_is_1d20(nazh: NazhUnderTest) -> None:
    _, body = await nazh.slash()
    assert "| `1d20` |" in embed_of(body)["description"]


async def test_label_dc_and_plot_are_shown(nazh: NazhUnderTest) -> None:
    nazh.dice.script(20, 9).script(6, 1)  # 9 + 3 + Complication +2 = 14 against DC 12
    _, body = await nazh.slash(pool="1d20+3", add_plot=True, dc=12, label="Sneak *past*")
    embed = embed_of(body)
    assert embed["title"] == "🎲 Sneak \\*past\\*"
    lines = embed["description"].split("\n")
    assert lines[0] == "## 14 · Success, 1 Complication"  # what happened first
    assert lines[1] == "-# **14** (+2P) | `1d20+3` | [9] · DC 12"
    assert lines[2] == "-# !!(T) +2 | `p` | [**1**]"
    assert lines[3] == "-# !!(T) Complication · (+NP) plot die bonus included"
    assert embed["color"] == 0xF1C40F
    labels = [c.get("label") or c.get("placeholder")
              for row in body["data"]["components"] for c in row["components"]]
    assert labels == ["Copy Command", "Advantage", "GM"]  # the Complication: the GM's
    assert "To spend: 1 Complication" in lines
    assert nazh.dice.unused == {}


async def test_a_failed_test_is_red_and_says_failure(nazh: NazhUnderTest) -> None:
    nazh.dice.script(20, 5)  # 5 + 3 = 8 against DC 12
    _, body = await nazh.slash(pool="1d20+3", dc=12)
    embed = embed_of(body)
    assert embed["description"].split("\n") == ["## 8 · Failure",
                                                "-# **8** | `1d20+3` | [5] · DC 12"]
    assert embed["color"] == 0xE74C3C


async def test_private_roll_is_ephemeral(nazh: NazhUnderTest) -> None:
    _, body = await nazh.slash(pool="2d6", private=True)
    assert body["data"]["flags"] & EPHEMERAL
    assert "`2d6`" in embed_of(body)["description"]


async def test_bad_pool_gets_an_ephemeral_specific_error(nazh: NazhUnderTest,
                                                         fake_discord: FakeDiscord) -> None:
    interaction, body = await nazh.slash(pool="a1d20+5, 21d6")
    assert body["type"] == 4
    assert body["data"]["flags"] & EPHEMERAL
    content = body["data"]["content"]
    assert 'pool 2 "21d6": at most 20 dice per pool (got 21)' in content
    assert "a1d20+5, 21d6\n         ^" in content
    assert "Hint:" in content
    assert body["data"]["allowed_mentions"] == {"parse": []}  # quoted input never pings
    assert "embeds" not in body["data"] or not body["data"]["embeds"]
    assert fake_discord.followup_messages(interaction) == []


async def test_plot_die_in_a_wrong_place_hints_the_right_form(nazh: NazhUnderTest) -> None:
    _, body = await nazh.slash(pool="p2d6")
    assert "the plot die is a single d6" in body["data"]["content"]
    assert "2d6, p" in body["data"]["content"]


async def test_autocomplete_suggests_the_typed_roll_and_common_forms(
        nazh: NazhUnderTest, fake_discord: FakeDiscord) -> None:
    from tests.e2e.fake_discord import autocomplete

    async def typed() -> JsonObject:
        interaction = autocomplete("roll", {"pool": "a1d20+5"}, "pool")
        await fake_discord.dispatch("INTERACTION_CREATE", interaction)
        return interaction

    # asked as the harness asks: one the bot shed as too old (a stalled, loaded machine) is
    # typed again, as its user would
    _, body = await nazh.asked(typed)
    assert body["type"] == 8
    values = [choice["value"] for choice in body["data"]["choices"]]
    assert values[:3] == ["a1d20+5", "a1d20+5, p", "a1d20+5, 2d6+3"]


async def test_builder_option_opens_an_ephemeral_builder(nazh: NazhUnderTest) -> None:
    _, body = await nazh.slash(pool="2d6+1", build=True)
    assert body["data"]["flags"] & EPHEMERAL
    assert "`2d6+1`" in embed_of(body)["description"]
    assert custom_id_of(body["data"], "Roll Publicly")


async def test_the_largest_roll_fits_discords_limits(nazh: NazhUnderTest,
                                                     fake_discord: FakeDiscord) -> None:
    pool = "aaaaaaaaaaaaaaaaaaaa20d1000+1000"
    notation = ", ".join([pool] * 4 + ["ap"])
    _, body = await nazh.slash(pool=notation, label="L" * 100, dc=100_000)
    embed = embed_of(body)
    assert len(embed["description"]) <= 4096
    assert sum(len(str(embed.get(key) or "")) for key in ("title", "description")) <= 6000
    assert embed["description"].count("| `aaaaaaaaaaaaaaaaaaaa20d1000+1000` |") == 4
    assert fake_discord.spec_violations == []
