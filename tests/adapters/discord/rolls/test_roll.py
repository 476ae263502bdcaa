"""/roll and its controls at the feature level: real interactions, the real roll actions in
memory, scripted dice, the first answer read in memory. No network."""

from __future__ import annotations

import json

from nazh.adapters.discord.rolls.result import RollAction, roll_control
from nazh.adapters.discord.rolls.roll import RollFeature, RollOptions
from nazh.application.history.queries import RollLogQueries
from nazh.application.history.suggestions import Suggestions
from nazh.application.rolls.events import RollHandlers
from nazh.application.rolls.use_cases import RollUseCases
from nazh.application.saved.shelves import SavedRolls
from nazh.application.settings.server import GuildSettings, ServerSettings, Visibility
from nazh.application.shared.json_types import JsonObject
from tests.adapters.discord.feature_kit import EPHEMERAL, FeatureKit, answers
from tests.adapters.discord.rolls.kit import (
    GM,
    ID_FACES,
    OTHER,
    ROLL_ID,
    ROLLER,
    actions,
    as_gm,
    control_of,
)
from tests.app_fakes import FakeClock, FakeSavedRollStore, MemoryStore
from tests.e2e.fake_discord import DEFAULT_GUILD_ID
from tests.fakes import FakeRng, d, script
from tests.log_fakes import InMemoryRollLog


def feature(kit: FeatureKit, rng: FakeRng) -> RollFeature:
    saved = SavedRolls(FakeSavedRollStore())
    log = InMemoryRollLog()
    settings = GuildSettings(MemoryStore(), FakeClock())
    return RollFeature(RollUseCases.of(actions(rng, saved, settings), RollHandlers()),
                       Suggestions(saved, RollLogQueries(log, log)), kit.wrapper,
                       answers(settings))


async def test_a_roll_is_answered_with_its_result_and_controls() -> None:
    kit = FeatureKit()
    rolls = feature(kit, script(d(20, 14), ID_FACES))
    interaction = kit.command("roll", {"pool": "1d20+5", "dc": 15}, user=ROLLER)
    answer = await kit.answer(interaction, rolls.roll(interaction, RollOptions("1d20+5", dc=15)))
    data = answer["data"]
    assert data["embeds"][0]["description"].startswith(
        "## 19 · Success\n-# **19** | `1d20+5` | [14] · DC 15")
    assert f"roll {ROLL_ID}" in data["embeds"][0]["footer"]["text"]
    labels = [c["label"] for row in data["components"] for c in row["components"]]
    # the roller's controls; a GM's (Add Plot Die, Disadvantage) behind 👑 GM
    assert labels == ["Copy Command", "Advantage", "GM"]
    assert not data.get("flags", 0) & EPHEMERAL


async def test_a_private_roll_is_ephemeral() -> None:
    kit = FeatureKit()
    rolls = feature(kit, script(d(20, 3), ID_FACES))
    interaction = kit.command("roll", {"pool": "1d20", "private": True}, user=ROLLER)
    answer = await kit.answer(interaction, rolls.roll(
        interaction, RollOptions("1d20", private=True, visibility=Visibility.PRIVATE)))
    assert answer["data"]["flags"] & EPHEMERAL
    assert "[3]" in answer["data"]["embeds"][0]["description"]


async def test_someone_elses_plot_die_is_refused_and_copy_opens_the_form() -> None:
    kit = FeatureKit()
    rolls = feature(kit, script(d(20, 10), ID_FACES))
    command = kit.command("roll", {"pool": "1d20+2"}, user=ROLLER)
    await kit.answer(command, rolls.roll(command, RollOptions("1d20+2")))
    plot = kit.click(roll_control(RollAction.ADD_PLOT, ROLL_ID), user=OTHER)
    refused = await kit.answer(plot, rolls.on_control(plot, control_of(plot.custom_id)))
    assert refused["data"]["flags"] & EPHEMERAL
    assert "adding the plot die to a posted roll is a GM's call" in refused["data"]["content"]
    copy = kit.click(roll_control(RollAction.COPY, ROLL_ID), user=OTHER)
    form = await kit.answer(copy, rolls.on_control(copy, control_of(copy.custom_id)))
    assert form["type"] == 9
    assert '"value": "1d20+2"' in json.dumps(form["data"])


class CountedSettings(GuildSettings):
    """Server settings that count how often they are read."""

    reads = 0

    async def of(self, guild_id: int | None) -> ServerSettings:
        self.reads += 1
        return await super().of(guild_id)


async def test_a_roll_reads_the_server_s_settings_once_and_uses_them_throughout() -> None:
    """Default visibility (private) and allow-reroll (the Reroll button) both come from one
    read of the server's settings."""
    kit = FeatureKit()
    store = MemoryStore()
    store.settings[int(DEFAULT_GUILD_ID)] = ServerSettings(default_visibility=Visibility.PRIVATE,
                                                   allow_reroll=True)
    settings = CountedSettings(store, FakeClock())
    saved = SavedRolls(FakeSavedRollStore())
    log = InMemoryRollLog()
    rolls = RollFeature(RollUseCases.of(actions(script(d(20, 7), ID_FACES), saved, settings),
                                        RollHandlers()),
                        Suggestions(saved, RollLogQueries(log, log)), kit.wrapper,
                       answers(settings))
    interaction = kit.command("roll", {"pool": "1d20"}, user=ROLLER)
    answer = await kit.answer(interaction, rolls.roll(interaction, RollOptions("1d20")))
    assert answer["data"]["flags"] & EPHEMERAL
    labels = [c["label"] for row in answer["data"]["components"] for c in row["components"]]
    assert "Reroll" in labels
    assert settings.reads == 1


def labels_of(data: JsonObject) -> list[str]:
    return [str(c.get("label") or c.get("placeholder")) for row in data["components"]
            for c in row["components"]]


async def test_on_a_one_die_roll_a_gm_cancels_the_advantage_the_roller_kept() -> None:
    """The d20 holds the roller's advantage: Advantage goes, Disadvantage stays to cancel it."""
    kit = FeatureKit()
    rolls = feature(kit, script(d(20, 8), ID_FACES, d(20, 14)))

    async def press(action: RollAction, user: JsonObject, index: int = 0,
                    values: list[str] | None = None) -> JsonObject:
        click = kit.click(roll_control(action, ROLL_ID, index), user=user, values=values,
                          edit=as_gm if user is GM else None)
        answer = await kit.answer(click, rolls.on_control(click, control_of(click.custom_id)))
        data: JsonObject = answer["data"]
        return data

    command = kit.command("roll", {"pool": "1d20+3", "dc": 15}, user=ROLLER)
    posted = await kit.answer(command, rolls.roll(command, RollOptions("1d20+3", dc=15)))
    assert labels_of(posted["data"])[-2:] == ["Advantage", "GM"]
    await press(RollAction.ADVANTAGE, ROLLER)
    await press(RollAction.DIE, ROLLER, 0, ["0.0"])
    kept = await press(RollAction.KEEP_DIE, ROLLER, 1)
    assert kept["embeds"][0]["description"].startswith(
        "## 17 · Success\n-# **17** | `1d20+3` | [14↑(8)]")
    assert labels_of(kept)[-1] == "GM"  # Disadvantage, to cancel it: a GM's, on its panel
    assert "Advantage" not in labels_of(kept)
    chooser = await press(RollAction.DISADVANTAGE, GM)
    [option] = chooser["components"][0]["components"][0]["options"]
    assert (option["label"], option["value"]) == ("pool 1 d20: 14 (cancels its advantage)",
                                                  "0.0")
    cancelled = await press(RollAction.DIE, GM, 1, ["0.0"])
    description = cancelled["embeds"][0]["description"]
    assert description.startswith(
        "## 11 · Failure\n-# **11** | `1d20+3` | [8]")
    assert (f"↔️ pool 1 d20: disadvantage cancelled the advantage, back to 8 (<@{GM['id']}>)"
            in description)
    assert labels_of(cancelled)[-2:] == ["Advantage", "GM"]


async def test_a_typed_advantage_offers_only_the_gm_s_cancelling_disadvantage() -> None:
    kit = FeatureKit()
    rolls = feature(kit, script(d(20, 18, 5), ID_FACES))
    command = kit.command("roll", {"pool": "a1d20+3", "dc": 15}, user=ROLLER)
    posted = await kit.answer(command, rolls.roll(command, RollOptions("a1d20+3", dc=15)))
    labels = labels_of(posted["data"])
    assert labels[-1] == "GM"  # the cancelling Disadvantage: a GM's, on its panel
    assert "Advantage" not in labels
    click = kit.click(roll_control(RollAction.ADVANTAGE, ROLL_ID), user=ROLLER)
    refused = await kit.answer(click, rolls.on_control(click, control_of(click.custom_id)))
    assert refused["data"]["flags"] & EPHEMERAL
    assert "no die of this roll can take it now" in refused["data"]["content"]
async def test_widened_ranges_mark_the_faces_in_them_and_are_shown() -> None:
    kit = FeatureKit()
    rolls = feature(kit, script(d(20, 19, 2), ID_FACES))
    interaction = kit.command("roll", {"pool": "2d20+2", "opportunity": 19, "complication": 2},
                              user=ROLLER)
    answer = await kit.answer(interaction, rolls.roll(
        interaction, RollOptions("2d20+2", opportunity=19, complication=2)))
    embed = answer["data"]["embeds"][0]
    assert embed["description"].split("\n") == [
        "## 23 · 1 Opportunity, 1 Complication",
        "-# **23** | `2d20+2` | [19, 2] (O) !!(T)",
        "-# Opportunity on 19-20 · Complication on 1-2",
        "-# !!(T) Complication · (O) Opportunity",  # the marks explained where they show
        "To spend: 1 Opportunity and 1 Complication",
    ]
    assert embed["footer"]["text"].endswith(f" · roll {ROLL_ID}")


async def test_overlapping_ranges_are_an_ephemeral_error_and_roll_nothing() -> None:
    kit = FeatureKit()
    rng = FakeRng()
    rolls = feature(kit, rng)
    interaction = kit.command("roll", {"pool": "1d20", "opportunity": 10, "complication": 12},
                              user=ROLLER)
    answer = await kit.answer(interaction, rolls.roll(
        interaction, RollOptions("1d20", opportunity=10, complication=12)))
    assert answer["data"]["flags"] & EPHEMERAL
    assert answer["data"]["content"] == (
        "**Can't roll that.** opportunity 10 and complication 12 overlap: a face cannot be both "
        "an Opportunity (10-20) and a Complication (1-12)\n"
        "Hint: the complication must be below the opportunity: at most 9 with opportunity 10")
    assert rng.calls == []
