"""A request's rules: its options checked, one claim per player (a lapsed claim replaced), only
the asked may claim, a closed request takes none, settle and release, the summary, reveal."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from nazh.domain.request import (
    CLAIM_LAPSES,
    MAX_RESULTS,
    Asked,
    Outcome,
    RequestError,
    Result,
    Sight,
    claim,
    close,
    new_request,
    release,
    reveal,
    settle,
)

NOW = datetime(2026, 11, 24, 18, 0, tzinfo=UTC)
NOBODY: frozenset[int] = frozenset()


def test_a_standard_skill_is_named_as_the_rules_spell_it() -> None:
    assert new_request(" heavy   weaponry ").skill == "Heavy Weaponry"
    assert new_request("Windrunning").skill == "Windrunning"
    assert new_request("light-weaponry").key == "light-weaponry"


@pytest.mark.parametrize(("options", "message"), [
    ({"skill": ""}, "skill: a skill's name"),
    ({"skill": "x" * 41}, "skill: a skill's name"),
    ({"dc": 41}, r"dc is 0 to 40 \(got 41\)"),
    ({"dc": -1}, r"dc is 0 to 40 \(got -1\)"),
    ({"label": "y" * 101}, "label: at most 100"),
    ({"asked": Asked(members=frozenset(range(26)))}, "who: at most 25"),
])
def test_bad_options_are_refused_by_name(options: dict[str, object], message: str) -> None:
    asked: dict[str, object] = {"skill": "insight", **options}
    with pytest.raises(RequestError, match=message):
        new_request(**asked)  # type: ignore[arg-type]


def test_one_claim_per_player_and_only_the_asked() -> None:
    request = new_request("insight", asked=Asked(roles=frozenset({5}), members=frozenset({2})))
    claimed = claim(request, 2, NOBODY, NOW)
    claimed = claim(claimed, 3, frozenset({5}), NOW)
    assert [r.user_id for r in claimed.results] == [2, 3]
    with pytest.raises(RequestError, match="one roll each"):
        claim(claimed, 2, NOBODY, NOW + CLAIM_LAPSES - timedelta(seconds=1))
    with pytest.raises(RequestError, match="not asked of you"):
        claim(claimed, 4, frozenset({6}), NOW)
    assert new_request("insight").asked.includes(99, NOBODY)


def test_a_claim_whose_roll_was_never_kept_lapses() -> None:
    claimed = claim(new_request("insight"), 2, NOBODY, NOW)
    again = claim(claimed, 2, NOBODY, NOW + CLAIM_LAPSES)
    assert again.results == (Result(2, claimed_at=NOW + CLAIM_LAPSES),)
    rolled = settle(again, 2, Outcome("r1", "Kal", 12, None))
    with pytest.raises(RequestError, match="one roll each"):
        claim(rolled, 2, NOBODY, NOW + CLAIM_LAPSES * 10)


def test_settle_release_and_the_summary() -> None:
    request = new_request("insight", dc=12, asked=Asked(members=frozenset({2, 3, 4})))
    for user in (2, 3, 4):
        request = claim(request, user, NOBODY, NOW)
    request = settle(request, 2, Outcome("r1", "Kal", 15, True, 1))
    request = settle(request, 3, Outcome("r2", "Shallan", 8, False, 0, 1))
    request = release(request, 4)
    assert request.summary() == "1 of 2 succeeded"
    assert request.waiting_for == (4,)
    assert [o.roll_id for o in request.settled] == ["r1", "r2"]
    with pytest.raises(RequestError, match="no roll of yours"):
        settle(request, 2, Outcome("r3", "Kal", 1, False))
    with pytest.raises(RequestError, match="no roll of yours"):
        settle(request, 4, Outcome("r3", "Kal", 1, False))
    assert release(request, 2) == request  # a roll made is never released
    assert new_request("insight").summary() == "0 rolled"


def test_a_closed_request_takes_no_claim_but_keeps_a_claimed_roll() -> None:
    claimed = claim(new_request("insight"), 2, NOBODY, NOW)
    closed = close(claimed)
    with pytest.raises(RequestError, match="closed"):
        claim(closed, 3, NOBODY, NOW)
    with pytest.raises(RequestError, match="closed already"):
        close(closed)
    assert settle(closed, 2, Outcome("r1", "", 3, None)).settled[0].total == 3


def test_a_full_request_takes_no_more() -> None:
    request = new_request("insight")
    for user in range(MAX_RESULTS):
        request = claim(request, user, NOBODY, NOW)
    with pytest.raises(RequestError, match=f"its {MAX_RESULTS} rolls"):
        claim(request, MAX_RESULTS, NOBODY, NOW)


def test_only_a_secret_request_is_revealed_once_and_then_closed() -> None:
    with pytest.raises(RequestError, match="public"):
        reveal(new_request("insight"))
    blind = new_request("insight", sight=Sight.BLIND)
    assert blind.hidden
    assert Sight.GM.secret
    shown = reveal(blind)
    assert shown.revealed
    assert shown.closed
    assert not shown.hidden
    with pytest.raises(RequestError, match="revealed already"):
        reveal(shown)
