"""A row holding a text menu built straight to its JSON builds what hikari's action row
builds."""

from __future__ import annotations

import hikari
import pytest

from nazh.adapters.discord.runtime.menus import MenuRow

MENUS: list[dict[str, object]] = [
    {},
    {"placeholder": "Spend an Opportunity (roller) on…"},
    {"min_values": 1, "max_values": 2, "is_disabled": True},
    {"placeholder": "The die to reroll", "max_values": 1},
]
OPTIONS: list[tuple[str, str, dict[str, object]]] = [
    ("Gain 1 focus", "focus", {}),
    ("Aid an ally", "aid", {"description": "the next test an ally makes"}),
    ("A critical hit", "critical", {"emoji": "💥", "is_default": True}),
    ("d20 (1st): 17", "0:0", {"description": "cancels its disadvantage", "emoji": "🎲"}),
]


@pytest.mark.parametrize("menu", MENUS)
@pytest.mark.parametrize("count", range(len(OPTIONS) + 1))
def test_a_menu_row_builds_what_hikaris_row_builds(menu: dict[str, object],
                                                   count: int) -> None:
    ours, theirs = MenuRow(), hikari.impl.MessageActionRowBuilder()
    our_menu = ours.add_text_menu("nz1:opp:k3v9x0q2md", **menu)  # type: ignore[arg-type]
    their_menu = theirs.add_text_menu("nz1:opp:k3v9x0q2md", **menu)  # type: ignore[arg-type]
    for label, value, options in OPTIONS[:count]:
        our_menu.add_option(label, value, **options)  # type: ignore[arg-type]
        their_menu.add_option(label, value, **options)  # type: ignore[arg-type]
    built, files = ours.build()
    expected, expected_files = theirs.build()
    assert built == expected
    assert list(built) == list(expected)
    assert [list(part) for part in built["components"]] == [
        list(part) for part in expected["components"]]
    assert [list(option) for option in built["components"][0]["options"]] == [
        list(option) for option in expected["components"][0]["options"]]
    assert list(files) == list(expected_files) == []
    assert (ours.type, ours.id) == (theirs.type, theirs.id)


def test_a_menus_options_read_as_hikaris_do() -> None:
    row = MenuRow()
    row.add_text_menu("nz1:opp:a", placeholder="Spend…").add_option("Gain 1 focus", "focus")
    (menu,) = row.components
    (option,) = menu.options
    assert (menu.type, menu.custom_id, menu.placeholder) == (
        hikari.ComponentType.TEXT_SELECT_MENU, "nz1:opp:a", "Spend…")
    assert (option.label, option.value, option.is_default) == ("Gain 1 focus", "focus", False)


def test_a_row_holds_one_menu() -> None:
    row = MenuRow()
    row.add_text_menu("nz1:opp:a")
    with pytest.raises(ValueError, match="one menu"):
        row.add_text_menu("nz1:cmp:a")
