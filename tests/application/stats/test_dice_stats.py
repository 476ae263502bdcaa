"""The dice statistics' own rules: hours since the epoch, where the latest session starts, the
fairness of each die size from its face counts, pool keys, and the report as JSON."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from nazh.application.log.format import decode_entry
from nazh.application.rolls.logged_store import entry_of, record_of
from nazh.application.shared.json_types import JsonObject
from nazh.application.stats.dice_stats import (
    FAIL,
    SESSION_GAP_HOURS,
    Period,
    StatsReport,
    StatsScope,
    Tallier,
    dice_of,
    hour_of,
    pool_key,
    report_dict,
    session_start,
    spec_of_key,
)
from nazh.domain.errors import NazhError
from nazh.domain.notation import parse_roll
from nazh.domain.spec import PlotSpec, RollSpec
from tests.application.log.kit import CASES

CURRENT = [case for case in CASES if not case["case"].startswith("legacy")]


def test_an_hour_is_counted_from_the_epoch_in_utc() -> None:
    assert hour_of(datetime(1970, 1, 1, 0, 59, tzinfo=UTC)) == 0
    assert hour_of(datetime(1970, 1, 2, 1, 0, tzinfo=UTC)) == 25


@pytest.mark.parametrize(("hours", "start"), [
    ([], 100),
    ([100, 99, 97], 97),
    ([99, 99 - SESSION_GAP_HOURS, 99 - 2 * SESSION_GAP_HOURS - 1], 99 - SESSION_GAP_HOURS),
    ([98, 98 - SESSION_GAP_HOURS - 1], 98),
])
def test_the_session_goes_back_to_the_first_long_break(hours: list[int], start: int) -> None:
    assert session_start(hours, 100) == start


def test_each_die_size_is_tested_against_uniform_and_other_keys_are_ignored() -> None:
    dice = dice_of({"d6": {1: 60, 6: 60}, "d4": dict.fromkeys(range(1, 5), 30),
                    "rolls": {0: 9}, "d1": {1: 5}})
    assert [(d.die, d.sides, d.counts) for d in dice] == [
        ("d4", 4, (30, 30, 30, 30)), ("d6", 6, (60, 0, 0, 0, 0, 60))]
    assert dice[0].test.p_value == pytest.approx(1.0)
    assert dice[1].test.p_value < 0.0001


def test_a_pool_key_stands_for_its_one_pool_roll() -> None:
    pool = parse_roll("a1d20+5").pools[0]
    assert pool_key(pool, with_plot=True) == "a1d20+5 +plot"
    with_plot = spec_of_key("a1d20+5 +plot")
    assert (with_plot.pools, with_plot.plot) == ((pool,), PlotSpec())
    assert spec_of_key(pool_key(pool, with_plot=False)) == RollSpec((pool,))
    with pytest.raises(NazhError):
        spec_of_key("not a pool")


def test_the_report_as_json_names_its_verdict_and_each_die() -> None:
    report = replace(StatsReport.empty(StatsScope(guild_id=1), Period.WEEK), rolls=600,
                     dice=dice_of({"d6": {1: 10, 2: 10, 3: 10, 4: 10, 5: 10, 6: 550}}))
    data = report_dict(report)
    assert (data["rolls"], data["period"], data["verdict"], data["passed"]) == (600, "7d", FAIL,
                                                                                 False)
    assert data["failing"] == ["d6"]
    assert data["dice"][0]["counts"] == [10, 10, 10, 10, 10, 550]
    assert data["pool"] is None


@pytest.mark.parametrize("case", CURRENT, ids=lambda case: case["case"])
def test_a_record_made_here_counts_as_its_stored_form_does(case: JsonObject) -> None:
    """What the stats count of a roll made in this process (its result as rolled) is what
    they count of the same record read back from the log (its result decoded)."""
    stored = decode_entry(case["entry"])
    made = entry_of(replace(record_of(stored), change=stored.kind))
    assert made.rolled is not None
    assert stored.rolled is None
    assert made == stored
    assert Tallier().tally([made]) == Tallier().tally([stored])


def test_a_scope_outside_any_server_reaches_the_askers_own_rolls_or_the_channels() -> None:
    # every roll made outside a server is counted under 0: no server shared to reach them by
    mine = StatsScope(0, user_id=1)
    assert mine.reached_by(1, 50) == mine
    assert StatsScope(0, user_id=2).reached_by(1, 50) == StatsScope(0, channel_id=50, user_id=2)
    assert StatsScope(0).reached_by(1, 50) == StatsScope(0, channel_id=50)
    assert StatsScope(0, channel_id=60).reached_by(1, 50) == StatsScope(0, channel_id=50)
    server = StatsScope(7, user_id=2)
    assert server.reached_by(1, 50) == server
