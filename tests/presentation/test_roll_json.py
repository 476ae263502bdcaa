"""The JSON form of a roll: its keys and values."""

from __future__ import annotations

import json

from nazh.domain.notation import parse_roll
from nazh.domain.ranges import Ranges
from nazh.domain.results import DieResult, PlotResult, RollResult
from nazh.domain.rolling import roll
from nazh.domain.spec import DieMode
from nazh.presentation.roll_json import (
    JSON_SCHEMA_VERSION,
    die_to_dict,
    plot_to_dict,
    roll_to_dict,
)
from tests.fakes import FakeRng

N, A, D = DieMode.NORMAL, DieMode.ADVANTAGE, DieMode.DISADVANTAGE

TOP_KEYS = {"version", "input", "notation", "seed", "dc", "opportunity", "complication",
            "pending", "pools", "plot", "plot_options"}
POOL_KEYS = {"notation", "count", "sides", "modifier", "skill", "dice", "subtotal",
             "plot_bonus", "total", "floored", "opportunities", "complications", "success"}
DIE_KEYS = {"kept", "dropped", "mode"}
PLOT_KEYS = {"mode", "faces", "kept_index", "face", "outcome", "bonus", "pending"}


def rolled(text: str, *draws: tuple[int, int], dc: int | None = None) -> RollResult:
    rng = FakeRng(*draws)
    result = roll(parse_roll(text), rng, dc)
    rng.assert_exhausted()
    return result


def test_a_full_roll_as_json() -> None:
    result = rolled("a1d20+5 , 2d6-20, p", (20, 3), (20, 18), (6, 2), (6, 1), (6, 2), dc=20)
    payload = roll_to_dict(result, notation="a1d20+5 , 2d6-20, p", seed=7)
    assert payload == {
        "version": JSON_SCHEMA_VERSION,
        "input": "a1d20+5 , 2d6-20, p",
        "notation": "a1d20+5, 2d6-20, p",
        "seed": 7,
        "dc": 20,
        "opportunity": 20,
        "complication": 1,
        "pending": False,
        "pools": [
            {
                "notation": "a1d20+5", "count": 1, "sides": 20, "modifier": 5, "skill": True,
                "dice": [{"kept": 18, "dropped": 3, "mode": "advantage"}],
                "subtotal": 23, "plot_bonus": 4, "total": 27, "floored": False,
                "opportunities": 0, "complications": 0, "success": True,
            },
            {
                "notation": "2d6-20", "count": 2, "sides": 6, "modifier": -20, "skill": False,
                "dice": [{"kept": 2, "dropped": None, "mode": "normal"},
                         {"kept": 1, "dropped": None, "mode": "normal"}],
                "subtotal": -17, "plot_bonus": 0, "total": 1, "floored": True,
                "opportunities": 0, "complications": 0, "success": None,
            },
        ],
        "plot": {
            "mode": "normal", "faces": [2], "kept_index": 0, "face": 2,
            "outcome": "complication", "bonus": 4, "pending": False,
        },
        "plot_options": [],
    }
    assert set(payload) == TOP_KEYS
    assert set(payload["pools"][0]) == POOL_KEYS
    assert set(payload["pools"][0]["dice"][0]) == DIE_KEYS
    assert set(payload["plot"]) == PLOT_KEYS


def test_without_plot_die_or_dc_or_seed() -> None:
    payload = roll_to_dict(rolled("2d20", (20, 20), (20, 1)), notation="2d20", seed=None)
    assert payload["seed"] is None
    assert payload["dc"] is None
    assert payload["plot"] is None
    assert payload["plot_options"] == []
    pool = payload["pools"][0]
    assert (pool["opportunities"], pool["complications"], pool["success"]) == (1, 1, None)


def test_a_pending_plot_die_and_its_options() -> None:
    result = rolled("d20+1, dp", (20, 12), (6, 6), (6, 1), dc=15)
    payload = roll_to_dict(result, notation="d20+1, dp", seed=3)
    assert payload["pending"] is True
    assert payload["plot"] == {
        "mode": "disadvantage", "faces": [6, 1], "kept_index": None, "face": None,
        "outcome": None, "bonus": None, "pending": True,
    }
    assert payload["pools"][0]["total"] == 13
    assert payload["plot_options"] == [
        {"kept_index": 0, "face": 6, "outcome": "opportunity", "bonus": 0, "totals": [13],
         "success": [False]},
        {"kept_index": 1, "face": 1, "outcome": "complication", "bonus": 2, "totals": [15],
         "success": [True]},
    ]


def test_a_chosen_face_is_reported_with_both_faces() -> None:
    result = rolled("d20, ap", (20, 12), (6, 3), (6, 5)).choose_plot_face(1)
    payload = roll_to_dict(result, notation="d20, ap", seed=None)
    assert payload["pending"] is False
    assert payload["plot"] == {
        "mode": "advantage", "faces": [3, 5], "kept_index": 1, "face": 5,
        "outcome": "opportunity", "bonus": 0, "pending": False,
    }
    assert payload["plot_options"] == []


def test_helpers() -> None:
    assert die_to_dict(DieResult(20, D, 3, 18)) == {"kept": 3, "dropped": 18,
                                                    "mode": "disadvantage"}
    assert plot_to_dict(None) is None
    assert plot_to_dict(PlotResult(N, (4,), 0)) == {
        "mode": "normal", "faces": [4], "kept_index": 0, "face": 4, "outcome": "blank",
        "bonus": 0, "pending": False,
    }


def test_the_payload_is_plain_json() -> None:
    result = rolled("a1d20+5, 2d6, ap", (20, 3), (20, 18), (6, 2), (6, 6), (6, 2), (6, 5))
    payload = roll_to_dict(result, notation="a1d20+5, 2d6, ap", seed=None)
    assert json.loads(json.dumps(payload)) == payload


def test_the_ranges_are_in_the_json() -> None:
    rng = FakeRng((20, 19))
    result = roll(parse_roll("1d20"), rng, None, Ranges(19, 2))
    payload = roll_to_dict(result, notation="1d20", seed=None)
    assert (payload["opportunity"], payload["complication"]) == (19, 2)
    assert payload["pools"][0]["opportunities"] == 1
    assert set(payload) == TOP_KEYS
