"""The live card is one per bot: the encounter's classes built from the feature table (its own
commands, its combatants', the card's controls) edit the same card through the same
coalesced edits, and a roll's change to an encounter reaches it once and edits its card."""

from __future__ import annotations

import pytest

from nazh.adapters.discord.encounters.clicks import EncounterControls
from nazh.adapters.discord.encounters.combatants import CombatantCommands
from nazh.adapters.discord.encounters.feature import EncounterFeature
from nazh.adapters.discord.encounters.live_card import LiveCard
from nazh.adapters.discord.features import FEATURES
from nazh.adapters.discord.runtime.dependencies import Dependencies, SharedParts
from nazh.adapters.discord.runtime.feature import Features
from nazh.adapters.discord.runtime.rest import RestRef
from nazh.application.encounters.model import Changed
from nazh.application.encounters.roll_handler import Watcher
from nazh.application.encounters.use_cases import EncounterUseCases
from nazh.application.rolls.use_cases import RollUseCases
from tests.adapters.discord.encounters.kit import GM, Table

ENCOUNTER_CLASSES = (EncounterFeature, CombatantCommands, EncounterControls)


def dependencies(uses: EncounterUseCases) -> Dependencies:
    """The encounters' use cases ``uses``; a stand-in for everything else but what some
    features keep when built (the REST reference, the roll use cases)."""
    stand_ins: dict[str, object] = {name: object() for name in Dependencies.__dataclass_fields__}
    stand_ins.update(rest=RestRef(), shared=SharedParts(), encounters=uses,
                     rolls=RollUseCases(*(object() for _ in range(4))))  # type: ignore[arg-type]
    return Dependencies(**stand_ins)  # type: ignore[arg-type]


def test_the_classes_built_from_the_table_share_the_bots_one_live_card(
        monkeypatch: pytest.MonkeyPatch) -> None:
    uses = Table().uses
    watchers: list[Watcher] = []
    monkeypatch.setattr(uses.rolls, "watch", watchers.append)
    deps = dependencies(uses)
    built = Features(FEATURES, deps).built
    card = LiveCard.build(deps)
    assert [vars(built[kind])["_card"] for kind in ENCOUNTER_CLASSES] == [card] * 3
    assert watchers == [card.changed_by_roll]
    assert LiveCard.build(dependencies(uses)) is not card


async def test_a_rolls_change_edits_the_card_it_names() -> None:
    table = Table()
    start = table.command("encounter start", GM, {"name": "Ambush"})
    await table.answer(start, table.feature.start(start, "Ambush"))
    await table.settle()
    record = await table.current()
    assert record.card_message_id is not None
    before = list(table.edited)
    await table.card.changed_by_roll(record.channel_id, Changed(record))
    await table.settle()
    assert table.edited == [*before, record.card_message_id]
    await table.close()
