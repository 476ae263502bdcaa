"""/encounter at the feature level (EncounterFeature): real interactions, the use cases in
memory, the first answer read in memory, the channel's messages sent to a spec'd fake of
hikari's REST client. Starting posts a card (the card's controls: ``test_clicks.py``);
autocomplete stays within Discord's limits. No network."""

from __future__ import annotations

import hikari

from nazh.adapters.discord.encounters.feature import Suggest
from nazh.adapters.discord.encounters.log_view import WHOLE_LOG, LogView, WholeLog
from nazh.application.encounters.roster import QuickCombatant
from nazh.application.shared.json_types import JsonObject
from nazh.domain.encounter.combatant import Role
from nazh.presentation.chat import DiscordLimits
from tests.adapters.discord.encounters.kit import (
    CHANNEL,
    GM,
    PLAYER,
    Table,
    custom_ids,
    member,
    started,
    texts,
)
from tests.adapters.discord.feature_kit import EPHEMERAL
from tests.e2e.fake_discord.message_rules import IS_COMPONENTS_V2

MESSAGE_CREATE = int(hikari.ResponseType.MESSAGE_CREATE)
MESSAGE_UPDATE = int(hikari.ResponseType.MESSAGE_UPDATE)
AUTOCOMPLETE = int(hikari.ResponseType.AUTOCOMPLETE)


# -- start --------------------------------------------------------------------------------------


async def test_start_answers_privately_and_posts_the_card(table: Table) -> None:
    start = table.command("encounter start", GM, {"name": "Ambush"})
    answer = await table.answer(start, table.feature.start(start, "Ambush"))
    assert answer["type"] == MESSAGE_CREATE
    assert answer["data"]["flags"] & EPHEMERAL
    assert answer["data"]["content"] == (
        "Ambush has started: its card is below. Add combatants with /encounter add; "
        "players join with /encounter join.")
    [call] = table.rest.create_message.await_args_list
    assert call.args[0] == CHANNEL
    assert call.kwargs["flags"] == hikari.MessageFlag.IS_COMPONENTS_V2
    assert (call.kwargs["mentions_everyone"], call.kwargs["user_mentions"],
            call.kwargs["role_mentions"]) == (False, False, False)
    record = await table.current()
    [card_id] = table.messages
    assert record.card_message_id == card_id
    card = table.messages[card_id]
    assert card["flags"] == IS_COMPONENTS_V2
    assert texts(card)[0].startswith("⚔️ **Ambush** — Round 1 · Fast players\n")
    assert set(custom_ids(card)) == {"My turn", "GM"}
    await table.settle()


async def test_a_player_may_not_start_one_and_nothing_is_posted(table: Table) -> None:
    start = table.command("encounter start", PLAYER)
    answer = await table.answer(start, table.feature.start(start, ""))
    assert answer["data"]["flags"] & EPHEMERAL
    assert answer["data"]["content"] == (
        "**Can't do that.** only a GM (the server's gm-role, or Manage Server while none is "
        "set) may start an encounter")
    table.rest.create_message.assert_not_awaited()
    assert table.store.records == {}


# -- autocomplete -------------------------------------------------------------------------------


async def test_autocomplete_offers_at_most_25_combatants_within_discords_limits(
        table: Table) -> None:
    await started(table)
    for stem in ("Bandit", "Archer", "Cultist of the Thrill and the Everstorm above"):
        await table.uses.roster.add(member(GM), CHANNEL, QuickCombatant(stem, 6,
                                                                        role=Role.MINION), 10)
    typing = table.typing("encounter remove", "combatant", "", GM)
    answer = await table.answer(typing, table.feature.suggest(typing, Suggest.COMBATANT, ""))
    assert answer["type"] == AUTOCOMPLETE
    choices = answer["data"]["choices"]
    assert len(choices) == DiscordLimits.CHOICES
    assert all(1 <= len(c["name"]) <= 100 and len(c["value"]) <= 100 for c in choices)
    typing = table.typing("encounter remove", "combatant", "bandit 1", GM)
    answer = await table.answer(typing, table.feature.suggest(typing, Suggest.COMBATANT,
                                                              "bandit 1"))
    assert [c["value"] for c in answer["data"]["choices"]] == ["Bandit 1", "Bandit 10"]
    await table.settle()


async def test_autocomplete_without_an_encounter_offers_nothing(table: Table) -> None:
    typing = table.typing("encounter remove", "combatant", "", PLAYER)
    answer = await table.answer(typing, table.feature.suggest(typing, Suggest.COMBATANT, ""))
    assert answer["data"]["choices"] == []


# -- log ----------------------------------------------------------------------------------------


async def test_the_log_shows_a_player_no_hidden_health_and_a_gm_all_of_it(table: Table) -> None:
    await started(table)
    await table.uses.roster.add(member(GM), CHANNEL, QuickCombatant("Scout", 900), 1)
    await table.uses.health.damage(member(GM), CHANNEL, "Scout", 23)
    await table.uses.health.heal(member(GM), CHANNEL, "Scout", 10)
    await table.uses.health.undo(member(GM), CHANNEL, "Scout")

    async def log_as(user: JsonObject) -> list[str]:
        log = table.command("encounter log", user)
        answer = await table.answer(log, table.feature.log(log))
        assert answer["data"]["flags"] & EPHEMERAL
        lines = str(answer["data"]["content"]).split("\n")
        assert lines[0] == "**Round 1 · Fast players**"  # a glance: who did each is Whole log's
        return [line.removeprefix("• ") for line in lines[1:]]
    assert (await log_as(PLAYER))[:3] == ["Undid the latest damage or healing of Scout",
                                          "Scout recovered health", "Scout took damage: 23"]
    assert (await log_as(GM))[:3] == ["Undid the latest damage or healing of Scout (health "
                                      "877)", "Scout recovered 10 health",
                                      "Scout took 23 damage"]
    whole = LogView(table.uses, table.kit.wrapper)
    click = table.click(WHOLE_LOG, PLAYER)
    answer = await table.answer(click, whole.on_control(click, WholeLog()))
    assert answer["data"]["flags"] & EPHEMERAL
    assert str(answer["data"]["content"]).split("\n")[2] == (
        f"R1 · Fast players · <@{GM['id']}>: Scout took damage: 23")  # who did each
    await table.settle()
