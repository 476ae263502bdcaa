"""The commands on an encounter's combatants at the feature level (CombatantCommands): each
change answered privately, then shown on the live card by its coalesced edit; a refusal
changes nothing. Real interactions, the use cases in memory, no network."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from nazh.application.encounters.roster import QuickCombatant
from nazh.application.shared.json_types import JsonObject
from nazh.domain.encounter.combatant import Role
from nazh.domain.encounter.damage import DamageType
from tests.adapters.discord.encounters.kit import CHANNEL, GM, PLAYER, Table, member
from tests.adapters.discord.feature_kit import EPHEMERAL
from tests.e2e.fake_discord.message_rules import TEXT_DISPLAY, walk


@pytest.fixture
async def table() -> AsyncIterator[Table]:
    """The encounter "Ambush" started by the GM, its card posted; closed at the end."""
    kept = Table()
    start = kept.command("encounter start", GM, {"name": "Ambush"})
    await kept.answer(start, kept.feature.start(start, "Ambush"))
    await kept.settle()
    yield kept
    await kept.close()


def card_texts(table: Table) -> list[str]:
    """The live card's texts, as the channel reads it now (a no-break space as a space)."""
    card = table.messages[table.edited[-1]]
    return [str(c["content"]).replace("\u00a0", " ") for c in walk(card.get("components") or [])
            if c.get("type") == TEXT_DISPLAY]


def said(answer: JsonObject) -> str:
    """A private answer's text."""
    assert answer["data"]["flags"] & EPHEMERAL
    return str(answer["data"]["content"])


async def test_adding_quick_combatants_answers_privately_and_edits_the_card(
        table: Table) -> None:
    add = table.command("encounter add", GM, {"name": "Bandit", "health": 6})
    answer = await table.answer(add, table.combatants.add(
        add, QuickCombatant("Bandit", 6, role=Role.MINION), 2))
    assert said(answer) == "Added **Bandit 1**, **Bandit 2**."
    card = (await table.current()).card_message_id
    await table.settle()
    assert table.edited[-1] == card
    assert card_texts(table)[-1] == ("**Enemies**\n⏳ **Bandit** ×2 (1, 2) · slow · reaction ✓ · "
                                     "Healthy")


async def test_damage_says_its_arithmetic_and_who_falls_and_undo_gives_it_back(
        table: Table) -> None:
    await table.uses.roster.add(member(GM), CHANNEL, QuickCombatant("Bandit", 6, deflect=1), 1)
    damage = table.command("encounter damage", GM, {"combatant": "Bandit", "amount": 9})
    answer = await table.answer(damage, table.combatants.damage(
        damage, "Bandit", 9, DamageType.KEEN, pierce=False))
    assert said(answer).splitlines() == ["9 keen - 1 deflect = 8 -> Bandit: 6 -> 0",
                                         "**Bandit** is defeated."]  # an enemy at 0 (part 7)
    assert (await table.current()).encounter.find("Bandit").health == 0
    undo = table.command("encounter undo", GM, {"combatant": "Bandit"})
    undone = await table.answer(undo, table.combatants.undo(undo, "Bandit"))
    assert said(undone) == "Undone: **Bandit**'s 6 damage: health 6; no longer defeated."
    assert (await table.current()).encounter.find("Bandit").health == 6
    await table.settle()


async def test_a_player_adding_a_combatant_is_refused_and_nothing_changes(
        table: Table) -> None:
    before = await table.current()
    edits = len(table.edited)
    add = table.command("encounter add", PLAYER, {"name": "Bandit", "health": 6})
    answer = await table.answer(add, table.combatants.add(add, QuickCombatant("Bandit", 6), 1))
    assert said(answer) == ("**Can't do that.** only a GM (the server's gm-role, or Manage Server "
                            "while none is set) may add combatants")
    assert (await table.current()).version == before.version
    await table.settle()
    assert len(table.edited) == edits
