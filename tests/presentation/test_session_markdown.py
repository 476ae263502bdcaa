"""A session's journal as Markdown: the headline, the chain head and how to check it, the
players' table, the scenes in order with each roll's id; names as plain text."""

from __future__ import annotations

from dataclasses import replace

from nazh.application.sessions.journal import journal_of
from nazh.presentation.session_markdown import journal_markdown, player_names
from tests.session_fakes import played


def test_the_journal_in_markdown() -> None:
    text = journal_markdown(journal_of(played()))
    assert text.startswith("# The Shattered Plains\n\n2026-03-06 19:00 to 2026-03-06 20:00 UTC "
                           "(1 h 00 min), ended by a GM.\n")
    assert "`/verify roll_id:roll000008` shows that record's number and hash" in text
    assert "| Kaladin | 4 (1 physical) | 3 | 0 | 3 | 0 | 1 | 6 | 4 | 1 | 20 (23) `roll000001` " \
           "| 11 (14) `roll000007` |" in text
    headings = [line for line in text.splitlines() if line.startswith("### ")]
    assert headings == ["### 19:05 · Rolls", "### 19:15 · Fight: Ambush", "### 19:40 · Rolls",
                        "### 19:45 · Request: Athletics", "### 19:52 · Endeavor: Cross the chasm",
                        "### 19:55 · Rolls"]
    assert "- Round 1: Bandit fell" in text
    assert ("- 19:50 Kaladin: Athletics — **14** vs DC 10 ✅ · 🌟 1 ⚠️ 0 · 🎲 physical dice · "
            "`roll000007`") in text
    assert "- 19:06 Shallan: Deception — **11** vs DC 15 ❌ · 🔓 gm roll, revealed · " \
           "`roll000002`" in text
    assert "roll000003" not in text
    assert "roll000004" not in text
    assert text.endswith("`roll000008`\n")


def test_a_player_without_a_character_is_numbered_and_names_are_plain_text() -> None:
    recap = journal_of(played()).recap
    players = (replace(recap.players[0], names=("Kal *the* [Bold]",)),
               replace(recap.players[1], names=()))
    assert player_names(replace(recap, players=players)) == {
        111: "Kal \\*the\\* \\[Bold\\]", 112: "Player 2"}


def test_an_empty_session_says_so() -> None:
    journal = journal_of(replace(played(rolls=[]), fights=(), requests=(), endeavors=()))
    text = journal_markdown(journal)
    assert "No roll of this session is in the channel's log." in text
    assert text.endswith("## Players\n\nNobody rolled.\n\n## Scenes\n\nNothing happened.\n")
