"""Records written in the log's first format (version 1), as stored before later fields existed."""

from __future__ import annotations

import json
from pathlib import Path

from nazh.application.shared.json_types import JsonObject

# Stored by an earlier release, kept literally: a pending dp roll, then its face chosen.
LEGACY_PENDING = json.loads('{"version": 1, "input": "a1d20+5, 2d6, dp", "notation": "a1d20+5, 2d6, dp", "seed": null, "dc": 15, "pending": true, "pools": [{"notation": "a1d20+5", "count": 1, "sides": 20, "modifier": 5, "skill": true, "dice": [{"kept": 18, "dropped": 3, "mode": "advantage"}], "subtotal": 23, "plot_bonus": 0, "total": 23, "floored": false, "opportunities": 0, "complications": 0, "success": null}, {"notation": "2d6", "count": 2, "sides": 6, "modifier": 0, "skill": false, "dice": [{"kept": 2, "dropped": null, "mode": "normal"}, {"kept": 4, "dropped": null, "mode": "normal"}], "subtotal": 6, "plot_bonus": 0, "total": 6, "floored": false, "opportunities": 0, "complications": 0, "success": null}], "plot": {"mode": "disadvantage", "faces": [6, 5], "kept_index": null, "face": null, "outcome": null, "bonus": null, "pending": true}, "plot_options": [{"kept_index": 0, "face": 6, "outcome": "opportunity", "bonus": 0, "totals": [23, 6], "success": [true, null]}, {"kept_index": 1, "face": 5, "outcome": "opportunity", "bonus": 0, "totals": [23, 6], "success": [true, null]}]}')  # noqa: E501
LEGACY_CHOSEN = json.loads('{"version": 1, "input": "a1d20+5, 2d6, dp", "notation": "a1d20+5, 2d6, dp", "seed": null, "dc": 15, "pending": false, "pools": [{"notation": "a1d20+5", "count": 1, "sides": 20, "modifier": 5, "skill": true, "dice": [{"kept": 18, "dropped": 3, "mode": "advantage"}], "subtotal": 23, "plot_bonus": 0, "total": 23, "floored": false, "opportunities": 0, "complications": 0, "success": true}, {"notation": "2d6", "count": 2, "sides": 6, "modifier": 0, "skill": false, "dice": [{"kept": 2, "dropped": null, "mode": "normal"}, {"kept": 4, "dropped": null, "mode": "normal"}], "subtotal": 6, "plot_bonus": 0, "total": 6, "floored": false, "opportunities": 0, "complications": 0, "success": null}], "plot": {"mode": "disadvantage", "faces": [6, 5], "kept_index": 0, "face": 6, "outcome": "opportunity", "bonus": 0, "pending": false}, "plot_options": []}')  # noqa: E501


GOLDEN = Path(__file__).resolve().parents[2] / "fixtures" / "log" / "golden_records.jsonl"


CASES: list[JsonObject] = [json.loads(line) for line in
                               GOLDEN.read_text(encoding="utf-8").splitlines()]
