"""The encounter's public JSON export: its fields, who sees what, its text, and its page."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from nazh.application.encounters.model import LogEntry
from nazh.application.shared.json_types import JsonObject
from nazh.domain.encounter.acts import Affliction, give_condition
from nazh.domain.encounter.combatant import Role, Side
from nazh.domain.encounter.conditions import ConditionName
from nazh.domain.encounter.damage import DamageType
from nazh.domain.encounter.flow import choose_speed, done
from nazh.domain.encounter.hits import heal, hit, undo
from nazh.domain.encounter.summary import record_damage
from nazh.domain.encounter.timing import Phase, Speed
from nazh.presentation.encounter_json import (
    PHASES,
    ROLES,
    SIDES,
    dumps,
    export,
    oldest_first,
    utc_text,
)
from tests.presentation.encounter_kit import (
    GM,
    KALADIN_OWNER,
    T0,
    Scene,
    ally,
    enemy,
    player,
    record_of,
    renamed,
)

DOC = Path(__file__).resolve().parents[2] / "docs" / "encounter-format.md"
SECTIONS = {"Top level": "top", "A combatant (`combatants[]`)": "combatant",
            "A condition (`conditions[]`)": "condition", "A moment (`ends_at`)": "moment",
            "A log entry (`log[]`)": "entry"}
ROW = re.compile(r"^\| `(?P<field>[a-z_]+)` \|", re.MULTILINE)


def chasm() -> Scene:
    """Kaladin's fast turn done while Exhausted; a bandit's slow turn running."""
    scene = Scene().add(player("Kaladin"), enemy("Bandit", Role.MINION, health=6))
    scene.encounter = renamed(scene.encounter, "Ambush at the chasm")
    scene.act(lambda e: choose_speed(e, "Kaladin", Speed.FAST), KALADIN_OWNER)
    scene.act(lambda e: give_condition(e, "Kaladin", Affliction(
        ConditionName.EXHAUSTED, 2, rounds=2)))
    return scene.act(lambda e: done(e, "Kaladin"), KALADIN_OWNER, T0 + timedelta(seconds=2))


def player_export(scene: Scene, *, show_health: bool = False) -> JsonObject:
    return export(scene.record(show_health=show_health), scene.newest_first, for_gm=False)


def documented() -> dict[str, list[str]]:
    """The fields each table of the page lists, by object."""
    sections = re.split(r"^## ", DOC.read_text(encoding="utf-8"), flags=re.MULTILINE)
    found = {}
    for section in sections[1:]:
        heading, _, body = section.partition("\n")
        if heading in SECTIONS:
            found[SECTIONS[heading]] = ROW.findall(body)
    return found


def objects(payload: JsonObject) -> dict[str, JsonObject]:
    """One object of each kind in an export that has them all."""
    combatant = payload["combatants"][0]
    condition = combatant["conditions"][0]
    return {"top": payload, "combatant": combatant, "condition": condition,
            "moment": condition["ends_at"], "entry": payload["log"][0]}


def test_a_players_export() -> None:
    payload = player_export(chasm())
    assert {k: v for k, v in payload.items() if k != "log"} == {
        "format": "nazh-encounter",
        "version": 1,
        "name": "Ambush at the chasm",
        "round": 1,
        "phase": "slow-adversaries",
        "combatants": [
            {"name": "Kaladin", "side": "player", "role": "rival", "speed": "fast",
             "acted": True, "actions": 0, "reaction": True, "health": 15, "health_max": 15,
             "focus": 3, "defeated": False, "dodging": False, "braced": False, "aided_by": None,
             "recovered": False,
             "conditions": [{"name": "exhausted", "value": 2, "dice": None,
                             "damage_type": None, "rounds_left": 2,
                             "ends_at": {"round": 3, "phase": "fast-players"}, "until": None}]},
            {"name": "Bandit", "side": "enemy", "role": "minion", "speed": "slow",
             "acted": False, "actions": 3, "reaction": True, "health": None,
             "health_max": None, "focus": None, "conditions": [], "defeated": False,
             "dodging": False, "braced": False, "aided_by": None, "recovered": False},
        ],
    }


def test_the_log_is_oldest_first() -> None:
    log = player_export(chasm())["log"]
    assert [(e["kind"], e["combatant"], e["detail"]) for e in log] == [
        ("combatant-added", "Kaladin", ""), ("combatant-added", "Bandit", ""),
        ("speed-chosen", "Kaladin", "fast"), ("turn-started", "Kaladin", "fast 2"),
        ("condition-added", "Kaladin", "Exhausted -2"), ("turn-ended", "Kaladin", "fast"),
        ("phase-ended", None, ""), ("phase-skipped", None, ""), ("phase-skipped", None, ""),
        ("phase-started", None, ""), ("turn-started", "Bandit", "slow 3"),
    ]
    assert log[0] == {"at": "2025-03-01T18:04:05Z", "user_id": str(GM), "round": 1,
                      "phase": "fast-players", "kind": "combatant-added",
                      "combatant": "Kaladin", "detail": ""}
    assert log[-1]["at"] == "2025-03-01T18:04:07Z"
    assert log[-1]["phase"] == "slow-adversaries"
    assert log[-1]["user_id"] == str(KALADIN_OWNER)


def test_entries_out_of_order_are_sorted_by_time() -> None:
    late = LogEntry("k3x9", 0, T0 + timedelta(hours=1), 2, Phase.FAST_PLAYERS, "ended")
    early = LogEntry("k3x9", GM, T0, 1, Phase.FAST_PLAYERS, "started")
    same = LogEntry("k3x9", GM, T0, 1, Phase.FAST_PLAYERS, "setting")
    assert oldest_first([late, same, early]) == [early, same, late]
    assert oldest_first([same, late, early]) == [early, same, late]


def test_times_are_utc_to_the_second() -> None:
    assert utc_text(datetime(2025, 3, 1, 18, 4, 5, 999_999)) == "2025-03-01T18:04:05Z"
    two_hours_east = timezone(timedelta(hours=2))
    assert utc_text(datetime(2025, 3, 1, 1, 0, tzinfo=two_hours_east)) == "2025-02-28T23:00:00Z"
    assert utc_text(datetime(2025, 3, 1, tzinfo=UTC)) == "2025-03-01T00:00:00Z"


def test_a_players_export_hides_only_the_enemies_numbers() -> None:
    scene = chasm().add(ally("Syl"))
    numbers = [(c["name"], c["health"], c["health_max"], c["focus"])
               for c in player_export(scene)["combatants"]]
    assert numbers == [("Kaladin", 15, 15, 3), ("Bandit", None, None, None), ("Syl", 8, 8, 0)]


def test_a_gm_or_a_shown_health_sees_the_enemies_numbers() -> None:
    scene = chasm().act(lambda e: record_damage(e, "Bandit", 2))
    gm = export(scene.record(), [], for_gm=True)["combatants"][1]
    shown = player_export(scene, show_health=True)["combatants"][1]
    assert (gm["health"], gm["health_max"], gm["focus"]) == (4, 6, 0)
    assert shown == gm


def test_conditions_without_value_or_rounds() -> None:
    scene = Scene().add(player("Kaladin"))
    scene.act(lambda e: give_condition(e, "Kaladin", Affliction(
        ConditionName.STUNNED, until_next_turn_end=True)))
    condition = player_export(scene)["combatants"][0]["conditions"][0]
    assert condition == {"name": "stunned", "value": None, "dice": None, "damage_type": None,
                         "rounds_left": None,
                         "ends_at": None, "until": "end-of-next-turn"}


def test_actions_are_null_until_the_turn_starts_and_a_boss_goes_both() -> None:
    scene = Scene().add(player("Shallan"), enemy("Szeth", Role.BOSS))
    combatants = player_export(scene)["combatants"]
    assert [(c["speed"], c["acted"], c["actions"]) for c in combatants] == [
        ("slow", False, None), ("both", False, None)]


def test_the_tables_map_every_value() -> None:
    assert PHASES == {Phase.FAST_PLAYERS: "fast-players",
                      Phase.FAST_ADVERSARIES: "fast-adversaries",
                      Phase.SLOW_PLAYERS: "slow-players",
                      Phase.SLOW_ADVERSARIES: "slow-adversaries"}
    assert set(SIDES.values()) == {"player", "ally", "enemy"}
    assert set(SIDES) == set(Side)
    assert set(ROLES.values()) == {"minion", "rival", "boss"}
    assert set(ROLES) == set(Role)


def test_the_text_round_trips_and_is_stable() -> None:
    payload = export(chasm().record(), chasm().newest_first, for_gm=True)
    text = dumps(payload)
    assert json.loads(text) == payload
    assert dumps(json.loads(text)) == text
    assert text.startswith('{\n  "format": "nazh-encounter",\n  "version": 1,\n')
    assert text.endswith("}\n")


def test_the_text_always_encodes() -> None:
    scene = chasm()
    scene.encounter = renamed(scene.encounter, "Ambush \ud800 ✨")
    text = dumps(export(scene.record(), [], for_gm=True))
    text.encode("utf-8")
    assert json.loads(text)["name"] == "Ambush ? ✨"


def test_every_field_is_documented_and_every_documented_field_is_there() -> None:
    payload = export(record_of(chasm().encounter), chasm().newest_first, for_gm=True)
    exported = {kind: list(obj) for kind, obj in objects(payload).items()}
    assert documented() == exported


def test_the_pages_example_follows_the_tables() -> None:
    page = DOC.read_text(encoding="utf-8")
    example = json.loads(page.split("```json\n", 1)[1].split("```", 1)[0])
    assert {kind: list(obj) for kind, obj in objects(example).items()} == documented()


def test_an_application_s_entry_says_what_it_did_and_a_player_s_hides_an_enemy_s_health(
        ) -> None:
    scene = chasm().act(lambda e: hit(e, "Bandit", 5, DamageType.KEEN, roll_id="r1")[0])
    scene = scene.act(lambda e: hit(e, "Kaladin", 3, None)[0])
    gm = [e for e in export(scene.record(), scene.newest_first, for_gm=True)["log"]
          if e["kind"] == "damage-taken"]
    assert [{k: e[k] for k in ("combatant", "detail", "amount", "type", "deflect", "applied",
                               "health", "roll_id")} for e in gm] == [
        {"combatant": "Bandit", "detail": "5", "amount": 5, "type": "keen", "deflect": 0,
         "applied": 5, "health": {"before": 6, "after": 1}, "roll_id": "r1"},
        {"combatant": "Kaladin", "detail": "3", "amount": 3, "type": None, "deflect": 0,
         "applied": 3, "health": {"before": 15, "after": 12}, "roll_id": None}]
    players = [e["health"] for e in player_export(scene)["log"] if e["kind"] == "damage-taken"]
    assert players == [None, {"before": 15, "after": 12}]
    documented_fields = documented_applied()
    assert list(gm[0])[-len(documented_fields):] == documented_fields


def test_a_player_s_export_names_no_health_of_a_hidden_enemy_a_gm_s_does() -> None:
    scene = chasm().act(lambda e: hit(e, "Bandit", 5, DamageType.KEEN)[0])
    scene = scene.act(lambda e: heal(e, "Bandit", 3)).act(lambda e: undo(e, "Bandit"))
    scene = scene.act(lambda e: heal(e, "Kaladin", 3)).act(lambda e: undo(e, "Kaladin"))
    fields = ("kind", "combatant", "detail", "amount", "applied", "health")

    def applications(payload: JsonObject) -> list[JsonObject]:
        return [{k: e[k] for k in fields} for e in payload["log"] if "applied" in e]
    assert applications(player_export(scene)) == [
        {"kind": "damage-taken", "combatant": "Bandit", "detail": "", "amount": 5,
         "applied": None, "health": None},
        {"kind": "healed", "combatant": "Bandit", "detail": "", "amount": 3, "applied": None,
         "health": None},
        {"kind": "application-undone", "combatant": "Bandit", "detail": "", "amount": 3,
         "applied": None, "health": None},
        {"kind": "healed", "combatant": "Kaladin", "detail": "0", "amount": 3, "applied": 0,
         "health": {"before": 15, "after": 15}},
        {"kind": "application-undone", "combatant": "Kaladin", "detail": "15", "amount": 3,
         "applied": 0, "health": {"before": 15, "after": 15}}]
    gm = applications(export(scene.record(), scene.newest_first, for_gm=True))
    assert [(e["detail"], e["applied"], e["health"]) for e in gm[:3]] == [
        ("5", 5, {"before": 6, "after": 1}), ("3", 3, {"before": 1, "after": 4}),
        ("1", 3, {"before": 1, "after": 4})]
    assert applications(player_export(scene, show_health=True)) == applications(
        export(scene.record(show_health=True), scene.newest_first, for_gm=True))


def documented_applied() -> list[str]:
    """The fields the page lists for an application's entry."""
    heading = "## An application of damage or healing (added to its `log[]` entry)\n"
    body = DOC.read_text(encoding="utf-8").split(heading, 1)[1].split("\n## ", 1)[0]
    return ROW.findall(body)
