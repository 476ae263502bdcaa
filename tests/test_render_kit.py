"""The message renderer (tests/render_kit.py): what a page draws, and what Chromium measures.

The pages are measured by Debian's headless Chromium, one run per page: a missing ``chromium``
FAILS these tests (``scripts/test`` installs it), it never skips them.
"""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from nazh.application.shared.json_types import JsonObject
from tests.render_kit import (
    DESKTOP,
    PHONE,
    Measured,
    controls,
    measure,
    render_html,
    screenshot,
)
from tests.render_markdown import Names

ROLLER_ID = "771111111111111111"
NAMES = Names(users={ROLLER_ID: "roller"})
ONE_LINE: JsonObject = {"content": "Rolled **19**."}
EMBED: JsonObject = {
    "embeds": [{"color": 0x57F287, "author": {"name": "roller"}, "title": "🎲 Roll",
                "description": "**19** | `a1d20+5` | [14↑(9)]\n**DC 15: success**",
                "fields": [{"name": "Damage", "value": "2d6 → 9", "inline": True},
                           {"name": "Type", "value": "keen", "inline": True},
                           {"name": "Target", "value": "Szeth", "inline": True}],
                "footer": {"text": "roll n30mkwfr6e"}}],
    "components": [{"type": 1, "components": [
        {"type": 2, "style": 2, "label": "Add Plot Die", "emoji": {"name": "🎭"},
         "custom_id": "a"},
        {"type": 2, "style": 1, "label": "Copy Command", "custom_id": "b"},
        {"type": 2, "style": 4, "label": "Disadvantage", "custom_id": "c", "disabled": True}]}],
    "interaction_metadata": {"name": "roll", "user": {"id": ROLLER_ID, "username": "roller"}},
}
BUTTONS = [{"type": 2, "style": 2, "label": label, "custom_id": label}
           for label in ("Fast", "Slow", "Done", "Next", "Dodge")]
CARD: JsonObject = {
    "flags": 1 << 15,
    "components": [{"type": 17, "accent_color": 0xE74C3C, "components": [
        {"type": 10, "content": "## ⚔️ Chasm ambush\nRound 1 · Fast players"},
        {"type": 14, "divider": True, "spacing": 1},
        {"type": 10, "content": f"◦ **Kaladin** · slow · reaction ✓ <@{ROLLER_ID}>"},
        {"type": 9, "components": [{"type": 10, "content": "-# Teft waits"}],
         "accessory": {"type": 2, "style": 2, "label": "Join", "custom_id": "j"}},
        {"type": 1, "components": BUTTONS},
        {"type": 1, "components": [{"type": 3, "custom_id": "s", "placeholder": "Conditions…",
                                    "options": [{"label": "Prone", "value": "prone"}]}]},
    ]}],
}
EPHEMERAL_LIST: JsonObject = {"flags": 1 << 6, "content": "# Log\n- one\n- two"}
MESSAGES = [ONE_LINE, EMBED, CARD, EPHEMERAL_LIST]


@pytest.fixture(scope="module")
def measured() -> dict[int, Measured]:
    """The four messages on one page, measured on a phone and on a desktop."""
    return {width: measure(render_html(MESSAGES, width, names=NAMES), width)
            for width in (PHONE, DESKTOP)}


def test_a_roll_draws_its_author_line_embed_and_buttons() -> None:
    page = render_html([EMBED], names=NAMES)
    assert '<span class="who">roller</span> used <span class="cmd">/roll</span>' in page
    assert '<span class="name">Nazh</span><span class="tag">APP</span>' in page
    assert '<div class="embed" style="border-left-color: #57f287">' in page
    assert '<div class="embed-title"><span class="emoji">🎲</span> Roll</div>' in page
    assert "<strong>19</strong> | <code class=\"inline\">a1d20+5</code>" in page
    assert page.count('<div class="embed-field"') == 3
    assert 'style="grid-column: 1 / 13"' in page  # a phone stacks inline fields
    assert 'style="grid-column: 5 / 9"' in render_html([EMBED], DESKTOP)  # a desktop: 3 a line
    assert '<span class="button secondary"><span class="emoji">🎭</span>' in page
    assert '<span class="button danger disabled"><span class="label">Disadvantage' in page
    assert "Only you can see this" not in page


def test_a_card_draws_its_container_section_separator_and_controls() -> None:
    page = render_html([CARD], names=NAMES)
    assert ('<div class="v2"><div class="container accent" '
            'style="border-left-color: #e74c3c">') in page
    assert '<div class="h2"><span class="emoji">⚔️</span> Chasm ambush</div>' in page
    assert '<span class="mention">@roller</span>' in page
    assert '<div class="separator divider"></div>' in page
    assert '<div class="subtext">Teft waits</div>' in page
    assert '<div class="select"><span>Conditions…</span>' in page
    assert controls(CARD) == 7


def test_an_ephemeral_message_says_only_you_can_see_it() -> None:
    page = render_html([EPHEMERAL_LIST])
    assert '<article class="message ephemeral"' in page
    assert "Only you can see this • " in page
    assert '<div class="h1">Log</div><ul><li>one</li><li>two</li></ul>' in page


def test_a_one_line_message_is_about_two_lines_tall(measured: dict[int, Measured]) -> None:
    # the author line and the content, 22 px each, and 2 px of padding above and below
    assert 44 <= measured[PHONE].heights[0] <= 56
    assert measured[DESKTOP].heights[0] == measured[PHONE].heights[0]


def test_an_embed_and_a_card_are_drawn_and_a_phone_wraps_them_taller(
        measured: dict[int, Measured]) -> None:
    phone, desktop = measured[PHONE].heights, measured[DESKTOP].heights
    assert len(phone) == len(desktop) == len(MESSAGES)
    # the embed: used line, header, bar padding, title, description, fields, footer, buttons
    assert 200 <= desktop[1] <= 320
    assert phone[1] > desktop[1]  # its inline fields stacked, its buttons on two lines
    # the card: its heading, rows of text, a section, five buttons and a select, padded 16 px
    assert 250 <= desktop[2] <= 400
    assert phone[2] >= desktop[2] + 40  # its five buttons take two lines on a phone
    assert phone[3] > phone[0]
    tops = measured[PHONE].tops
    assert tops == sorted(tops)
    assert measured[PHONE].page > sum(phone)


def test_a_screenshot_is_the_whole_page(tmp_path: Path, measured: dict[int, Measured]) -> None:
    path = screenshot(render_html(MESSAGES, PHONE, names=NAMES), tmp_path / "page.png", PHONE,
                      measured[PHONE].page)
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == (PHONE, measured[PHONE].page)
