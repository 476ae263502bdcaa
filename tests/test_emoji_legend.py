"""Every emoji Nazh draws is listed, with its one meaning, in docs/commands.md's "Emoji: one per
meaning"; every emoji listed there is drawn (the list and the code agree)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EMOJI = re.compile(r"(?:[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\u2300-\u23FF]"
                   r"|[\u2190-\u21FF\u25A0-\u25FF](?=\uFE0F))\uFE0F?")
"""An emoji (a pictograph, or a symbol drawn as one with its variation selector)."""


def drawn() -> set[str]:
    """The emoji in Nazh's code (without their variation selector)."""
    return {found.replace("\ufe0f", "")
            for path in (ROOT / "nazh").rglob("*.py")
            for found in EMOJI.findall(path.read_text(encoding="utf-8"))}


def listed() -> list[str]:
    """The emoji of the docs' list, in its order (each a table row's first cell)."""
    text = (ROOT / "docs" / "commands.md").read_text(encoding="utf-8")
    section = text.split("## Emoji: one per meaning", 1)[1].split("\n## ", 1)[0]
    return [row.split("|")[1].strip().replace("\ufe0f", "")
            for row in section.splitlines()
            if row.startswith("| ") and not row.startswith(("| emoji", "| mark"))]


def test_every_emoji_drawn_is_listed_once_and_every_listed_one_is_drawn() -> None:
    shown = listed()
    assert len(shown) == len(set(shown)), "an emoji listed twice"
    assert drawn() - set(shown) == set(), "drawn, but not in the docs' list"
    assert set(shown) - drawn() == set(), "listed, but drawn nowhere"
