"""A session's journal as JSON (``nazh-session``, version 1): its fields as documented, its
text stable and round-tripping, ids as strings, what the channel did not see left out."""

from __future__ import annotations

import json
import re
from pathlib import Path

from nazh.application.sessions.journal import journal_of
from nazh.application.shared.json_types import JsonObject
from nazh.presentation.session_json import dumps, export, utc_text
from tests.session_fakes import minutes, played

DOC = Path(__file__).resolve().parents[2] / "docs" / "session-format.md"
SECTIONS = {"Top level": "top", "The chain head (`chain`)": "chain",
            "A player (`players[]`)": "player", "A test (`best`, `worst`)": "test",
            "A scene (`scenes[]`)": "scene", "A roll (`rolls[]`)": "roll",
            "A fight (`fight`)": "fight", "A request (`request`)": "request",
            "An endeavor (`endeavor`)": "endeavor"}
ROW = re.compile(r"^\| `(?P<field>[a-z_]+)` \|", re.MULTILINE)


def documented() -> dict[str, list[str]]:
    """The fields each table of the page lists, by object."""
    sections = re.split(r"^## ", DOC.read_text(encoding="utf-8"), flags=re.MULTILINE)
    found = {}
    for section in sections[1:]:
        heading, _, body = section.partition("\n")
        if heading in SECTIONS:
            found[SECTIONS[heading]] = ROW.findall(body)
    return found


def objects(payload: JsonObject) -> dict[str, list[str]]:
    """The keys of one object of each kind in an export that has them all."""
    scenes = {scene["kind"]: scene for scene in payload["scenes"]}
    fields = {"top": payload, "chain": payload["chain"], "player": payload["players"][0],
              "test": payload["players"][0]["best"], "scene": scenes["rolls"],
              "roll": scenes["rolls"]["rolls"][0], "fight": scenes["fight"]["fight"],
              "request": scenes["request"]["request"],
              "endeavor": scenes["endeavor"]["endeavor"]}
    return {kind: list(obj) for kind, obj in fields.items()}


def test_the_top_level_and_a_player() -> None:
    payload = export(journal_of(played()))
    assert {k: v for k, v in payload.items() if k not in ("players", "scenes", "chain")} == {
        "format": "nazh-session", "version": 1, "name": "The Shattered Plains",
        "guild_id": "333", "channel_id": "222", "started_at": "2026-03-06T19:00:00Z",
        "ended_at": "2026-03-06T20:00:00Z", "ending": "ended", "length_seconds": 3600,
        "made_at": "2026-03-06T20:30:00Z", "fights_won": 1, "fights_lost": 0,
        "rolls_counted": 6, "cut": False}
    assert payload["chain"]["seq"] == 8
    assert payload["chain"]["roll_id"] == "roll000008"
    kaladin = payload["players"][0]
    assert (kaladin["user_id"], kaladin["names"], kaladin["physical"], kaladin["best"]) == (
        "111", ["Kaladin"], 1, {"roll_id": "roll000001", "natural": 20, "total": 23,
                                "what": "Athletics"})


def test_every_roll_the_channel_saw_with_its_id_and_none_it_did_not() -> None:
    payload = export(journal_of(played()))
    rolls = [roll for scene in payload["scenes"] for roll in scene["rolls"]]
    assert [roll["roll_id"] for roll in rolls] == [
        "roll000001", "roll000002", "roll000005", "roll000006", "roll000007", "roll000008"]
    physical = next(roll for roll in rolls if roll["physical"])
    assert (physical["roll_id"], physical["totals"], physical["success"]) == (
        "roll000007", [14], True)
    assert rolls[1]["secret"] == "gm"


def test_the_text_round_trips_and_is_stable() -> None:
    payload = export(journal_of(played()))
    text = dumps(payload)
    assert json.loads(text) == payload
    assert dumps(json.loads(text)) == text
    assert text.startswith('{\n  "format": "nazh-session",\n  "version": 1,\n')
    assert text.endswith("}\n")


def test_every_field_is_documented_and_every_documented_field_is_there() -> None:
    assert documented() == objects(export(journal_of(played())))


def test_the_pages_example_follows_the_tables() -> None:
    page = DOC.read_text(encoding="utf-8")
    example = json.loads(page.split("```json\n", 1)[1].split("```", 1)[0])
    assert objects(example) == documented()


def test_times_are_utc_to_the_second() -> None:
    assert utc_text(minutes(5.5)) == "2026-03-06T19:05:30Z"
    assert utc_text(minutes(0).replace(tzinfo=None, microsecond=7)) == "2026-03-06T19:00:00Z"
