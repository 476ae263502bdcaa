"""The encounter in words: the summary at the end and the lines of ``/encounter log``."""

from __future__ import annotations

from dataclasses import replace

import pytest

from nazh.application.encounters.model import LogEntry, entry_of
from nazh.domain.encounter.acts import Affliction, give_condition
from nazh.domain.encounter.applied import Applied, AppliedKind
from nazh.domain.encounter.combatant import Role
from nazh.domain.encounter.conditions import ConditionName
from nazh.domain.encounter.damage import DamageType
from nazh.domain.encounter.encounter import open_encounter
from nazh.domain.encounter.events import EventKind
from nazh.domain.encounter.summary import (
    record_critical_hit,
    record_damage,
    record_graze,
    record_injury,
    summarize,
)
from nazh.domain.encounter.timing import Phase
from nazh.presentation.encounter_state import ALL_SEEN, Sight, sight
from nazh.presentation.encounter_text import (
    CARD,
    ENDED,
    SETTING,
    STARTED,
    WORDINGS,
    headline,
    log_line,
    summary_lines,
)
from tests.presentation.encounter_kit import GM, T0, Scene, enemy, player

ENCOUNTER_KINDS = (STARTED, ENDED, SETTING, CARD)


def entry(kind: str, combatant: str | None = None, detail: str = "", *, user: int = GM,
          phase: Phase = Phase.SLOW_PLAYERS) -> LogEntry:
    return LogEntry("k3x9", user, T0, 2, phase, kind, combatant, detail)


WORDED = {
    EventKind.COMBATANT_ADDED: (entry("combatant-added", "Kaladin"), "added Kaladin"),
    EventKind.COMBATANT_REMOVED: (entry("combatant-removed", "Kaladin"), "removed Kaladin"),
    EventKind.ROUND_STARTED: (entry("round-started"), "round 2 started"),
    EventKind.PHASE_STARTED: (entry("phase-started"), "the slow players phase started"),
    EventKind.PHASE_SKIPPED: (entry("phase-skipped"),
                              "the slow players phase was skipped (nobody in it)"),
    EventKind.PHASE_ENDED: (entry("phase-ended"), "the slow players phase ended"),
    EventKind.SPEED_CHOSEN: (entry("speed-chosen", "Kaladin", "fast"),
                             "Kaladin switched to fast"),
    EventKind.STAYED_SLOW: (entry("stayed-slow", "Shallan"), "Shallan stays slow"),
    EventKind.TURN_STARTED: (entry("turn-started", "Kaladin", "slow 3"),
                             "Kaladin started a slow turn (3 actions)"),
    EventKind.TURN_ENDED: (entry("turn-ended", "Kaladin", "slow"),
                           "Kaladin ended its slow turn"),
    EventKind.ACTION_SPENT: (entry("action-spent", "Kaladin", "1"),
                             "Kaladin spent an action (1 left)"),
    EventKind.ACTION_RETURNED: (entry("action-returned", "Kaladin", "2"),
                                "Kaladin was given back an action (2 left)"),
    EventKind.REACTION_SPENT: (entry("reaction-spent", "Kaladin"),
                               "Kaladin spent its reaction"),
    EventKind.CONDITION_ADDED: (entry("condition-added", "Kaladin", "Exhausted -2"),
                                "Kaladin is now Exhausted -2"),
    EventKind.CONDITION_ENDED: (entry("condition-ended", "Kaladin", "Prone"),
                                "Kaladin's Prone ended"),
    EventKind.CONDITION_REMOVED: (entry("condition-removed", "Kaladin", "Afflicted 3 (fire)"),
                                  "removed Afflicted 3 (fire) from Kaladin"),
    EventKind.AFFLICTED_DAMAGE: (entry("afflicted-damage", "Kaladin", "3"),
                                 "Kaladin took 3 damage from Afflicted"),
    EventKind.INJURY_DUE: (entry("injury-due", "Kaladin", "Afflicted 3 vital (fire)"),
                           "Kaladin takes an injury from Afflicted 3 vital (fire): roll it "
                           "with /injury"),
    EventKind.DAMAGE_TAKEN: (entry("damage-taken", "Bandit 2", "6"),
                             "Bandit 2 took 6 damage"),
    EventKind.HEALED: (entry("healed", "Kaladin", "4"), "Kaladin recovered 4 health"),
    EventKind.DETERMINED_USED: (entry("determined-used", "Kaladin"),
                                "Kaladin used Determined: the failed test gains an Opportunity"),
    EventKind.DEFEATED: (entry("defeated", "Bandit 2"), "Bandit 2 was defeated"),
    EventKind.FOCUS_SPENT: (entry("focus-spent", "Kaladin", "reactive strike 2"),
                            "Kaladin spent 1 focus on reactive strike (2 left)"),
    EventKind.DODGE_MARKED: (entry("dodge-marked", "Kaladin"),
                             "Kaladin is Dodging: the next attack against it gains a "
                             "disadvantage"),
    EventKind.DODGE_USED: (entry("dodge-used", "Kaladin"),
                           "Kaladin's Dodge gave an attack a disadvantage"),
    EventKind.DODGE_LAPSED: (entry("dodge-lapsed", "Kaladin"),
                             "Kaladin's Dodge lapsed unused"),
    EventKind.INVESTITURE_REFILLED: (entry("investiture-refilled", "Kaladin"),
                                     "Kaladin's Investiture refilled to its maximum (Empowered)"),
    EventKind.AID_GIVEN: (entry("aid-given", "Kaladin", "Syl"), "Kaladin Aided Syl"),
    EventKind.AID_USED: (entry("aid-used", "Syl", "Kaladin"),
                         "Syl's test gained the advantage of Kaladin's Aid"),
    EventKind.AID_LAPSED: (entry("aid-lapsed", "Syl", "Kaladin"),
                           "Kaladin's Aid to Syl lapsed unused (its turn began first)"),
    EventKind.EXTRA_ACTION: (entry("extra-action", "Lopen", "3"),
                             "Lopen took an extra action (3 actions left)"),
    EventKind.RECOVERED: (entry("recovered", "Kaladin", "6: health +4, focus +2"),
                          "Kaladin Recovered 6: health +4, focus +2"),
    EventKind.APPLICATION_UNDONE: (entry("application-undone", "Bandit 2", "11"),
                                   "undid the latest damage or healing of Bandit 2 "
                                   "(health 11)"),
    EventKind.SHEET_FOCUS: (entry("sheet-focus", "Kaladin", "graze: 3 -> 2"),
                            "Kaladin's focus followed its sheet (graze: 3 -> 2)"),
    EventKind.ADVANTAGE_GAINED: (entry("advantage-gained", "Kaladin", "Bandit (not with "
                                       "Deduction)"), "Kaladin gained an advantage on its next "
                                 "test against Bandit (not with Deduction)"),
    EventKind.ADVANTAGE_USED: (entry("advantage-used", "Kaladin", "Bandit"),
                               "Kaladin's test used the advantage gained on Bandit"),
    EventKind.GRAPPLED: (entry("grappled", "Kaladin", "Bandit"), "Kaladin grappled Bandit"),
    EventKind.GRAPPLE_ENDED: (entry("grapple-ended", "Bandit", "it escaped Kaladin"),
                              "Bandit is no longer grappled: it escaped Kaladin"),
    EventKind.SHOVED: (entry("shoved", "Kaladin", "Bandit"), "Kaladin shoved Bandit 5 feet"),
    EventKind.SHOVE_HELD: (entry("shove-held", "Kaladin", "Bandit"),
                           "Kaladin's Shove did not move Bandit: Immobilized"),
    EventKind.BRACED: (entry("braced", "Kaladin"), "Kaladin Braced behind cover: attacks "
                       "against it gain a disadvantage"),
    EventKind.BRACE_ENDED: (entry("brace-ended", "Kaladin", "attacked"),
                            "Kaladin's Brace ended: it attacked"),
    EventKind.KNOCKED_OUT: (entry("knocked-out", "Bandit"),
                            "Bandit was knocked out instead: Unconscious, not dead"),
    EventKind.OFFHAND_STRIKE: (entry("offhand-strike", "Kaladin", "2 3"),
                               "Kaladin struck with the offhand for 2 focus (3 left)"),
    EventKind.OFFHAND_UNDONE: (entry("offhand-undone", "Kaladin", "2 5"),
                               "Kaladin's offhand Strike was undone: 2 focus back (5 left)"),
}


def test_a_brace_left_without_attacking_says_the_cover_was_left() -> None:
    assert log_line(entry("brace-ended", "Kaladin"), ALL_SEEN).endswith(
        "Kaladin left its cover: its Brace ended")


def test_an_enemys_offhand_strike_keeps_its_cost_from_the_table_not_its_focus_left() -> None:
    line = log_line(entry("offhand-strike", "Bandit", "2 3"), Sight(everyone=False))
    assert line.endswith("Bandit struck with the offhand for 2 focus")


def test_a_reaction_spent_says_what_for() -> None:
    assert log_line(entry("reaction-spent", "Kaladin", "dodge"), ALL_SEEN) == (
        f"R2 · Slow players · <@{GM}>: Kaladin spent its reaction (dodge)")


def test_an_application_s_arithmetic_follows_its_line() -> None:
    applied = Applied(AppliedKind.DAMAGE, 12, DamageType.KEEN, 2, 10, 11, 1, "ab12cd")
    logged = replace(entry("damage-taken", "Bandit 2", "10"), applied=applied)
    assert log_line(logged, ALL_SEEN) == (
        f"R2 · Slow players · <@{GM}>: Bandit 2 took 10 damage: 12 keen - 2 deflect")
    assert "ab12cd" not in log_line(logged, ALL_SEEN)  # a roll's id is /verify's, not the log's


def test_no_damage_is_said_in_words() -> None:
    assert log_line(entry("damage-taken", "Bandit 2", "0"), ALL_SEEN) == (
        f"R2 · Slow players · <@{GM}>: Bandit 2 took no damage")


UNDONE = Applied(AppliedKind.DAMAGE, 40, DamageType.KEEN, 2, 38, 877, 839, "ab12cd")
HIDDEN = [
    (replace(entry("application-undone", "Scout", "877"), applied=UNDONE),
     "undid the latest damage or healing of Scout: 40 keen - 2 deflect"),
    (replace(entry("damage-taken", "Scout", "38"), applied=UNDONE),
     "Scout took damage: 40 keen - 2 deflect"),
    (entry("afflicted-damage", "Scout", "3"), "Scout took damage from Afflicted"),
    (entry("healed", "Scout", "5"), "Scout recovered health"),
    (entry("focus-spent", "Scout", "reactive strike 1"),
     "Scout spent 1 focus on reactive strike"),
    (entry("sheet-focus", "Scout", "graze: 3 -> 2"), "Scout's focus followed its sheet (graze)"),
    (entry("recovered", "Scout", "4: health +3, focus +1"), "Scout Recovered 4"),
]
"""A hidden enemy's entries as a player reads them: what changed, none of its health or
focus (what the stored detail says of them, the GM reads)."""


@pytest.mark.parametrize(("logged", "words"), HIDDEN, ids=lambda v: getattr(v, "kind", ""))
def test_a_player_reads_what_changed_of_a_hidden_enemy_not_its_numbers(logged: LogEntry,
                                                                       words: str) -> None:
    scene = Scene().add(player("Kaladin"), enemy("Scout"))
    players = sight(scene.record(), gm_view=False)
    assert log_line(logged, players) == f"R2 · Slow players · <@{GM}>: {words}"
    assert logged.detail  # kept: the GM's view and a shown health read it
    for seeing in (sight(scene.record(), gm_view=True),
                   sight(scene.record(show_health=True), gm_view=False)):
        assert log_line(logged, seeing) == log_line(logged, ALL_SEEN) != log_line(logged,
                                                                                  players)


def test_a_player_reads_the_numbers_of_the_players_side_and_nothing_of_one_gone() -> None:
    scene = Scene().add(player("Kaladin"), enemy("Scout"))
    players = sight(scene.record(), gm_view=False)
    assert log_line(entry("healed", "Kaladin", "5"), players).endswith(
        "Kaladin recovered 5 health")
    assert log_line(entry("healed", "Syl", "5"), players).endswith("Syl recovered health")
    assert log_line(entry("started", None, "Ambush"), players).endswith(
        "started the encounter: Ambush")


def test_every_kind_has_a_wording() -> None:
    kinds = {kind.value for kind in EventKind} | set(ENCOUNTER_KINDS)
    assert kinds - set(WORDINGS) == set()
    assert set(WORDED) == set(EventKind)


@pytest.mark.parametrize("kind", list(EventKind), ids=lambda kind: kind.value)
def test_each_event_kind_in_words(kind: EventKind) -> None:
    logged, words = WORDED[kind]
    assert log_line(logged, ALL_SEEN) == f"R2 · Slow players · <@{GM}>: {words}"


@pytest.mark.parametrize(("logged", "words"), [
    (entry(STARTED, detail="Ambush"), "started the encounter: Ambush"),
    (entry(STARTED), "started the encounter"),
    (entry(ENDED), "ended the encounter"),
    (entry(ENDED, detail="stale"), "ended the encounter (stale)"),
    (entry(SETTING, detail="keep-speed on"),
     "changed a setting: new rounds keep last round's speeds: on"),
    (entry(CARD), "posted the card"),
])
def test_the_encounters_own_kinds_in_words(logged: LogEntry, words: str) -> None:
    assert log_line(logged, ALL_SEEN) == f"R2 · Slow players · <@{GM}>: {words}"


def test_nazhs_own_changes_are_nazhs() -> None:
    logged = entry("condition-ended", "Kaladin", "Exhausted -2", user=0,
                   phase=Phase.FAST_PLAYERS)
    assert log_line(logged, ALL_SEEN) == ("R2 · Fast players · Nazh: Kaladin's Exhausted -2 "
                                          "ended")


def test_a_logged_event_in_words() -> None:
    encounter = Scene().add(player("Kaladin")).encounter
    outcome = give_condition(encounter, "Kaladin", Affliction(ConditionName.EXHAUSTED, 2))
    assert [log_line(entry_of("k3x9", 123, T0, e), ALL_SEEN) for e in outcome.events] == [
        "R1 · Fast players · <@123>: Kaladin is now Exhausted -2"]


def test_names_and_details_are_shown_safely() -> None:
    logged = entry("condition-added", "**Kal** @everyone", "Afflicted 2 (<@1>)")
    assert log_line(logged, ALL_SEEN) == (
        f"R2 · Slow players · <@{GM}>: \\*\\*Kal\\*\\* @\u200beveryone is now Afflicted 2 "
        "(\\<@1>)")


def test_an_unknown_kind_is_shown_as_kept() -> None:
    assert log_line(entry("dodged", "Kaladin", "1"), ALL_SEEN) \
        == f"R2 · Slow players · <@{GM}>: dodged Kaladin 1"


def test_a_turn_without_detail_still_reads() -> None:
    assert log_line(entry("turn-started", "Kaladin"), ALL_SEEN).endswith(
        "Kaladin started a turn")


# -- the summary --------------------------------------------------------------------------------


def test_the_summary_counts_what_each_did_and_suffered() -> None:
    scene = Scene().add(player("Kaladin")).copies(enemy("Bandit", Role.MINION, health=6), 2)
    scene.act(lambda e: record_damage(e, "Bandit 1", 6, dealer="Kaladin"))
    scene.act(lambda e: record_damage(e, "Kaladin", 4, dealer="Bandit 2"))
    scene.act(lambda e: record_critical_hit(e, "Kaladin"))
    scene.act(lambda e: record_graze(e, "Kaladin")).act(lambda e: record_graze(e, "Kaladin"))
    scene.act(lambda e: record_injury(e, "Bandit 1"))
    scene.act(lambda e: give_condition(e, "Kaladin", Affliction(ConditionName.EXHAUSTED, 1)))
    scene.act(lambda e: give_condition(e, "Kaladin", Affliction(ConditionName.PRONE)))
    assert summary_lines(summarize(scene.encounter)) == [
        "⚔️ **Ambush** — ended after 1 round",
        "🏁 **The fight ended** with both sides standing. Fell: **Bandit 1**.",
        "**Kaladin** · damage dealt 6, taken 4 · 1 critical hit · 2 grazes · "
        "suffered Exhausted, Prone",
        "**Bandit 1** (defeated) · damage dealt 0, taken 6 · 1 injury",
        "**Bandit 2** · damage dealt 4, taken 0",
    ]


def test_the_headline_says_who_won_and_who_fell() -> None:
    scene = Scene().add(player("Kaladin")).add(player("Shallan")).copies(
        enemy("Bandit", Role.MINION, health=6), 2)
    scene.act(lambda e: record_damage(e, "Kaladin", 99))  # at 0: Unconscious
    scene.act(lambda e: record_damage(e, "Shallan", 99))
    assert headline(summarize(scene.encounter)) == (
        "💀 **The enemies won**: every player is down. Fell: **Kaladin**, **Shallan**.")
    scene.act(lambda e: record_damage(e, "Bandit 1", 6))
    scene.act(lambda e: record_damage(e, "Bandit 2", 6))
    assert headline(summarize(scene.encounter)).startswith(
        "🏆 **The players won**: every enemy is down. Fell: **Kaladin**, **Shallan**, "
        "**Bandit 1**, **Bandit 2**")


def test_a_summary_without_combatants() -> None:
    assert summary_lines(summarize(open_encounter())) == [
        "⚔️ **Encounter** — ended after 1 round", "No combatants took part."]
