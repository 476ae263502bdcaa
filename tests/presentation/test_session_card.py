"""A session's recap card: outcome first, its name and length, one short line per player (at
most eight, each within its limit), its buttons; the details for the asker alone."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from nazh.application.sessions.recap import PlayerRecap, recap_of
from nazh.presentation.chat import DiscordLimits
from nazh.presentation.session_card import (
    DETAILS,
    JOURNAL,
    LINE_LIMIT,
    PLAYERS_SHOWN,
    length_text,
    player_line,
    recap_card,
    recap_details,
)
from tests.session_fakes import played


def test_the_card_leads_with_the_outcome_then_one_line_per_player() -> None:
    view = recap_card(recap_of(played()))
    title, headline, players = view.texts
    assert title == "## 🎬 The Shattered Plains"
    assert headline.startswith("**🏆 1 fight won · 💀 0 lost**\n⏱️ 1 h 00 min from <t:")
    assert headline.endswith(" · 🎲 6 rolls · ended by a GM")
    assert players.splitlines() == [
        "<@111> Kaladin · 🎲 4 (1 physical) · ✅ 3 ❌ 0 · 🌟 3 ⚠️ 0 · 💥 1 · ⚔️ 6 dealt, "
        "4 taken · 🩸 1",
        "<@112> Shallan · 🎲 2 · ✅ 0 ❌ 2"]
    assert [(b.action, b.label) for b in view.buttons] == [(DETAILS, "Details"),
                                                           (JOURNAL, "Journal")]


def test_the_card_stays_short_however_many_players() -> None:
    recap = recap_of(played())
    crowd = tuple(PlayerRecap(1000 + n, (f"Hero {'x' * 200} {n}",), rolls=1)
                  for n in range(20))
    view = recap_card(replace(recap, players=crowd))
    lines = view.texts[2].splitlines()
    assert len(lines) == PLAYERS_SHOWN + 1
    assert lines[-1] == "…and 12 more: see the details"
    assert all(len(line) <= LINE_LIMIT for line in lines)
    assert sum(len(text) for text in view.texts) < DiscordLimits.COMPONENTS_TEXT


def test_an_empty_unnamed_session() -> None:
    recap = recap_of(replace(played(rolls=[]), fights=(), requests=(), endeavors=()))
    recap = replace(recap, session=replace(recap.session, session=replace(
        recap.session.session, name="")), players=())
    title, headline, players = recap_card(recap).texts
    assert (title, players) == ("## 🎬 Session", "Nobody rolled.")
    assert headline.startswith("**no fight**")
    assert recap_details(recap).texts[1:] == ("### Players\nNobody rolled.",
                                              "No fight, request nor endeavor.")


def test_the_details_name_each_player_s_best_and_worst_roll_and_what_happened() -> None:
    details = recap_details(recap_of(played())).texts
    assert details[0] == "## 🎬 The Shattered Plains · details"
    assert "  best **20** (23) Athletics · worst **11** (14) Athletics" in details[1]
    assert "roll000001" not in details[1]  # names, not ids: the journal has them
    assert details[2].splitlines() == [
        "### Fights", "🏆 won · Ambush · 1 round · fell: Bandit (round 1)",
        "### Requests", "📣 Athletics · DC 10: 1 of 1 succeeded (Kaladin 14 ✅)",
        "### Endeavors", "🧗 Cross the chasm: succeeded, 2 of 2 successes, 0 of 3 failures"]
    assert sum(len(text) for text in details) < DiscordLimits.COMPONENTS_TEXT


def test_a_player_line_names_no_one_s_text_as_markup() -> None:
    line = player_line(PlayerRecap(7, ("**Bold** @everyone",), rolls=2))
    assert line == "<@7> \\*\\*Bold\\*\\* @\u200beveryone · 🎲 2"


def test_lengths_in_words() -> None:
    assert [length_text(timedelta(seconds=s)) for s in (30, 60 * 45, 3600 * 3 + 300)] == [
        "under a minute", "45 min", "3 h 05 min"]
