"""A row of buttons built straight to its JSON builds what hikari's action row builds."""

from __future__ import annotations

import hikari
import pytest

from nazh.adapters.discord.runtime.buttons import ButtonRow

BUTTONS: list[tuple[hikari.ButtonStyle, str, dict[str, object]]] = [
    (hikari.ButtonStyle.SECONDARY, "nz1:plot:k3v9x0q2md", {"label": "Add Plot Die", "emoji": "🎭"}),
    (hikari.ButtonStyle.PRIMARY, "nz1:keep:k3v9x0q2md:0", {"label": "Keep 4"}),
    (hikari.ButtonStyle.DANGER, "nz1:crit:k3v9x0q2md", {"emoji": "💥"}),
    (hikari.ButtonStyle.SUCCESS, "nz1:hit:k3v9x0q2md", {}),
    (hikari.ButtonStyle.SECONDARY, "nz1:x:k3v9x0q2md", {"label": "Off", "is_disabled": True}),
    (hikari.ButtonStyle.SECONDARY, "nz1:adv:k3v9x0q2md", {"label": "Advantage", "emoji": "⬆️"}),
]


@pytest.mark.parametrize("count", range(len(BUTTONS) + 1))
def test_a_row_builds_what_hikaris_row_builds(count: int) -> None:
    ours, theirs = ButtonRow(), hikari.impl.MessageActionRowBuilder()
    for style, custom_id, options in BUTTONS[:count]:
        ours.add_interactive_button(style, custom_id, **options)  # type: ignore[arg-type]
        theirs.add_interactive_button(style, custom_id, **options)  # type: ignore[arg-type]
    built, files = ours.build()
    expected, expected_files = theirs.build()
    assert built == expected
    assert list(built) == list(expected)
    assert [list(button) for button in built["components"]] == [
        list(button) for button in expected["components"]]
    assert list(files) == list(expected_files) == []
    assert (ours.type, ours.id) == (theirs.type, theirs.id)


def test_a_rows_buttons_read_as_hikaris_do() -> None:
    row = ButtonRow().add_interactive_button(hikari.ButtonStyle.SECONDARY, "nz1:copy:a",
                                             label="Copy Command", emoji="📋")
    theirs = hikari.impl.MessageActionRowBuilder().add_interactive_button(
        hikari.ButtonStyle.SECONDARY, "nz1:copy:a", label="Copy Command", emoji="📋")
    (button,) = row.components
    assert (button.type, button.style, button.custom_id, button.label, button.emoji,
            button.is_disabled) == (hikari.ComponentType.BUTTON, hikari.ButtonStyle.SECONDARY,
                                    "nz1:copy:a", "Copy Command", "📋", False)
    assert button.build() == theirs.components[0].build()[0]
