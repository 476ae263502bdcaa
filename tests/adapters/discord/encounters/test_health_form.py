"""The GM panel's damage and healing at the feature level (HealthForms): real interactions
routed as the bot routes them, the use cases in memory. Choosing a combatant opens the form of
its amount; the form sent deals damage (``6``) or heals (``+6``) as the commands do, a bad
amount is refused privately, a player is refused at both steps. No network."""

from __future__ import annotations

from typing import Any

import hikari
import pytest

from nazh.adapters.discord.encounters.controls import amount_form, target_select
from nazh.adapters.discord.encounters.health_form import (
    AMOUNT_INPUT,
    HealthForms,
    parsed_amount,
)
from nazh.adapters.discord.encounters.panel_form import PanelFormControl
from nazh.application.encounters.roster import QuickCombatant
from nazh.application.shared.json_types import JsonObject
from nazh.domain.encounter.errors import EncounterError
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
from tests.e2e.fake_discord import make_message, modal_submit

MODAL = int(hikari.ResponseType.MODAL)


def forms(table: Table) -> HealthForms:
    return HealthForms(table.uses, table.kit.wrapper, table.card)


def control(custom_id: str) -> PanelFormControl:
    return form_control(custom_id)


async def chosen(table: Table, name: str, user: JsonObject) -> JsonObject:
    """``user`` chooses ``name`` in the GM panel's Damage or heal select; the answer."""
    record = await table.current()
    return await chosen_in(table, forms(table), target_select(record.encounter_id), name, user)


async def sent(table: Table, name: str, amount: str, user: JsonObject = GM) -> JsonObject:
    """``user`` sends the form of ``name``'s amount with ``amount``; the answer."""
    record = await table.current()
    custom_id = amount_form(record.encounter_id, name)
    panel = make_message(message_id="799999999999999999", channel_id=str(CHANNEL),
                         guild_id=str(GUILD), components=[], flags=EPHEMERAL)  # its panel
    payload = modal_submit(custom_id, {AMOUNT_INPUT: amount}, message=panel, user=user)
    interaction: Any = table._interaction(payload, user)
    return await table.answer(interaction, forms(table).on_control(interaction,
                                                                   control(custom_id)))


async def with_scout(table: Table) -> None:
    await started(table)
    await table.uses.roster.add(member(GM), CHANNEL, QuickCombatant("Scout", 20), 1)


async def test_choosing_a_combatant_opens_the_form_of_its_amount(table: Table) -> None:
    await with_scout(table)
    answer = await chosen(table, "Scout", GM)
    assert answer["type"] == MODAL
    assert answer["data"]["title"] == "Damage or heal Scout"
    record = await table.current()
    assert answer["data"]["custom_id"] == amount_form(record.encounter_id, "Scout")


async def test_the_form_deals_damage_or_heals_and_refuses_a_bad_amount(table: Table) -> None:
    await with_scout(table)
    assert (await sent(table, "Scout", "6"))["data"]["content"] == "6 -> Scout: 20 -> 14"
    assert (await table.current()).encounter.find("Scout").health == 14
    healed = await sent(table, "Scout", "+4")
    assert healed["data"]["content"] == "**Scout** recovers 4 health: 18/20."
    refused = await sent(table, "Scout", "-")
    assert refused["data"]["flags"] & EPHEMERAL
    assert "type an amount from 1 to 9999" in refused["data"]["content"]
    assert (await table.current()).encounter.find("Scout").health == 18


async def test_a_player_is_refused_at_both_steps(table: Table) -> None:
    await with_scout(table)
    assert "damage and healing by hand are a GM's" in (
        await chosen(table, "Scout", PLAYER))["data"]["content"]
    assert "may apply damage by hand" in (
        await sent(table, "Scout", "6", PLAYER))["data"]["content"]
    assert (await table.current()).encounter.find("Scout").health == 20


@pytest.mark.parametrize(("typed", "read"), [("6", (6, False)), (" +12 ", (12, True)),
                                             ("9999", (9999, False))])
def test_an_amount_is_read_as_damage_or_healing(typed: str, read: tuple[int, bool]) -> None:
    assert parsed_amount(typed) == read


@pytest.mark.parametrize("typed", ["0", "+0", "10000", "six", "٣", ""])
def test_an_amount_out_of_range_or_not_a_number_is_refused(typed: str) -> None:
    with pytest.raises(EncounterError, match="type an amount from 1 to 9999"):
        parsed_amount(typed)
