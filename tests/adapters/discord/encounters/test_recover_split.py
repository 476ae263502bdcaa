"""Recover's split: asked only where both health and focus have room, its options the splits
that lose nothing, its custom id routing to RecoverSplits (the behaviour end to end:
tests/e2e/test_encounter_rules.py)."""

from __future__ import annotations

from dataclasses import replace

import hikari

from nazh.adapters.discord.encounters.card import Components
from nazh.adapters.discord.encounters.recover_split import (
    RecoverSplits,
    SplitControl,
    split_asked,
    split_control,
)
from nazh.adapters.discord.features import owner_of
from tests.domain.encounter.builders import player


def options(components: Components) -> list[tuple[str, str]]:
    [row] = components
    assert isinstance(row, hikari.impl.MessageActionRowBuilder)
    [menu] = row.components
    assert isinstance(menu, hikari.impl.TextSelectMenuBuilder)
    return [(o.label, o.value) for o in menu.options]


def test_a_split_is_asked_only_when_both_have_room() -> None:
    """Basic actions, Recover: "recover health and/or focus"."""
    hurt = replace(player("Kaladin", health=12), health=10)
    asked = split_asked("k3v9x0q2md", hurt, 4, focus_left=3)
    assert asked is not None
    assert options(asked) == [("2 to health, 2 to focus", "2"), ("1 to health, 3 to focus", "1")]
    assert split_asked("k3v9x0q2md", hurt, 4, focus_left=0) is None
    assert split_asked("k3v9x0q2md", player("Kaladin"), 4, focus_left=3) is None


def test_the_split_routes_to_recover_splits() -> None:
    found = owner_of(split_control("k3v9x0q2md", "Kaladin: the Stormblessed"))
    assert found is not None
    assert found[0].serves is RecoverSplits
    assert found[1] == SplitControl("k3v9x0q2md", "Kaladin: the Stormblessed")
    assert owner_of("nz1:rsp:k3v9x0q2md") is None
