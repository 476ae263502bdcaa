"""The GM panel's condition form at the feature level (ConditionForms): real interactions routed
as the bot routes them, the submit read as both transports read it, the use cases in memory.
Choosing a combatant opens the form (a select of the conditions in a Label, the value, the
rounds, a checkbox); the form sent gives the condition with its value and duration, a wrong
field is refused privately, a player is refused at both steps. No network."""

from __future__ import annotations

from typing import Any

import hikari

from nazh.adapters.discord.encounters.condition_form import (
    CONDITION_INPUT,
    ROUNDS_INPUT,
    UNTIL_INPUT,
    VALUE_INPUT,
    ConditionForms,
)
from nazh.adapters.discord.encounters.controls import condition_form, who_select
from nazh.adapters.discord.encounters.panel_form import PanelFormControl
from nazh.application.encounters.roster import QuickCombatant
from nazh.application.shared.json_types import JsonObject
from nazh.domain.encounter.conditions import ConditionName
from tests.adapters.discord.encounters.kit import (
    CHANNEL,
    EPHEMERAL,
    GM,
    GUILD,
    PLAYER,
    Table,
    chosen_in,
    form_control,
    member,
    started,
)
from tests.e2e.fake_discord import form_submit, make_message
from tests.e2e.fake_discord.forms import Answer

MODAL = int(hikari.ResponseType.MODAL)


def forms(table: Table) -> ConditionForms:
    return ConditionForms(table.uses, table.kit.wrapper, table.card)


def control(custom_id: str) -> PanelFormControl:
    return form_control(custom_id)


async def chosen(table: Table, name: str, user: JsonObject) -> JsonObject:
    """``user`` chooses ``name`` in the GM panel's condition select; the answer."""
    record = await table.current()
    return await chosen_in(table, forms(table), who_select(record.encounter_id), name, user)


async def sent(table: Table, form: JsonObject, answers: dict[str, Answer],
               user: JsonObject = GM) -> JsonObject:
    """``user`` sends ``form`` filled in with ``answers``; the answer."""
    panel = make_message(message_id="799999999999999999", channel_id=str(CHANNEL),
                         guild_id=str(GUILD), components=[], flags=EPHEMERAL)  # its panel
    payload = form_submit(form, answers, message=panel, user=user,
                          application_id="123456789012345678")
    interaction: Any = table._interaction(payload, user)
    custom_id = str(form["data"]["custom_id"])
    return await table.answer(interaction, forms(table).on_control(interaction,
                                                                   control(custom_id)))


async def with_scout(table: Table) -> None:
    await started(table)
    await table.uses.roster.add(member(GM), CHANNEL, QuickCombatant("Scout", 20), 1)


async def test_choosing_a_combatant_opens_its_condition_form(table: Table) -> None:
    await with_scout(table)
    form = await chosen(table, "Scout", GM)
    assert form["type"] == MODAL
    assert form["data"]["title"] == "Condition on Scout"
    record = await table.current()
    assert form["data"]["custom_id"] == condition_form(record.encounter_id, "Scout")
    assert [c["type"] for c in form["data"]["components"]] == [18, 18, 18, 18]


async def test_the_form_gives_the_condition_with_its_value_and_duration(table: Table) -> None:
    await with_scout(table)
    form = await chosen(table, "Scout", GM)
    given = await sent(table, form, {CONDITION_INPUT: ["afflicted"], VALUE_INPUT: "3",
                                     ROUNDS_INPUT: "2"})
    assert given["data"]["content"] == "**Scout** is now Afflicted 3."
    record = await table.current()
    [afflicted] = record.encounter.find("Scout").conditions
    assert (afflicted.name, afflicted.value) == (ConditionName.AFFLICTED, 3)
    assert afflicted.ends_at == record.encounter.moment.later(2)
    refused = await sent(table, form, {CONDITION_INPUT: ["stunned"], ROUNDS_INPUT: "2",
                                       UNTIL_INPUT: True})
    assert refused["data"]["flags"] & EPHEMERAL
    assert refused["data"]["content"] == ("**Can't do that.** give rounds or tick until the end "
                                          "of its next turn, not both")
    assert len((await table.current()).encounter.find("Scout").conditions) == 1


async def test_a_player_is_refused_at_both_steps(table: Table) -> None:
    await with_scout(table)
    form = await chosen(table, "Scout", GM)
    assert "giving a condition from the GM panel is a GM's" in (
        await chosen(table, "Scout", PLAYER))["data"]["content"]
    assert "may give Scout conditions" in (
        await sent(table, form, {CONDITION_INPUT: ["prone"]}, PLAYER))["data"]["content"]
    assert (await table.current()).encounter.find("Scout").conditions == ()
