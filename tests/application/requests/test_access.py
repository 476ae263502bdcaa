"""Who may take each act on a request (every door by a GM, an asked player and one not
asked), and what each viewer sees of a result, for each visibility, before and after the
reveal."""

from __future__ import annotations

import re

import pytest

from nazh.application.encounters.access import NotAllowedError
from nazh.application.requests.access import DOORS, Door, Seen, check, seen
from nazh.domain.request import Asked, RequestError, Sight, new_request, reveal

GM, ASKED, OTHER = 1, 2, 3
REQUEST = new_request("insight", asked=Asked(members=frozenset({ASKED})))
ONLY_GM = "only a GM (the server's gm-role, or Manage Server while none is set) may "

TABLE: dict[tuple[Door, str], str | None] = {
    # door, who asks: the refusal (None: allowed)
    (Door.ASK, "gm"): None,
    (Door.ASK, "asked"): ONLY_GM + "ask the table for a test",
    (Door.ASK, "other"): ONLY_GM + "ask the table for a test",
    (Door.ROLL, "gm"): "this request is not asked of you",
    (Door.ROLL, "asked"): None,
    (Door.ROLL, "other"): "this request is not asked of you",
    (Door.REVEAL, "gm"): None,
    (Door.REVEAL, "asked"): ONLY_GM + "reveal a request's results",
    (Door.REVEAL, "other"): ONLY_GM + "reveal a request's results",
    (Door.CLOSE, "gm"): None,
    (Door.CLOSE, "asked"): ONLY_GM + "close a request",
    (Door.CLOSE, "other"): ONLY_GM + "close a request",
    (Door.GM_VIEW, "gm"): None,
    (Door.GM_VIEW, "asked"): ONLY_GM + "see a secret request's results",
    (Door.GM_VIEW, "other"): ONLY_GM + "see a secret request's results",
    (Door.GM_PANEL, "gm"): None,
    (Door.GM_PANEL, "asked"): ONLY_GM + "use the GM panel",
    (Door.GM_PANEL, "other"): ONLY_GM + "use the GM panel",
    (Door.COUNT, "gm"): None,
    (Door.COUNT, "asked"): ONLY_GM + "count a result for an endeavor",
    (Door.COUNT, "other"): ONLY_GM + "count a result for an endeavor",
    (Door.COUNT_RESULT, "gm"): None,
    (Door.COUNT_RESULT, "asked"): ONLY_GM + "count a roll's result for an endeavor",
    (Door.COUNT_RESULT, "other"): ONLY_GM + "count a roll's result for an endeavor",
    (Door.ENDEAVOR, "gm"): None,
    (Door.ENDEAVOR, "asked"): ONLY_GM + "start or end an endeavor",
    (Door.ENDEAVOR, "other"): ONLY_GM + "start or end an endeavor",
    (Door.ENDEAVOR_VIEW, "gm"): None,
    (Door.ENDEAVOR_VIEW, "asked"): ONLY_GM + "see a secret endeavor's count",
    (Door.ENDEAVOR_VIEW, "other"): ONLY_GM + "see a secret endeavor's count",
}
WHO = {"gm": (GM, True), "asked": (ASKED, False), "other": (OTHER, False)}


def test_the_table_has_every_door() -> None:
    assert {door for door, _ in TABLE} == set(DOORS) == set(Door)


@pytest.mark.parametrize(("door", "who"), list(TABLE))
def test_each_door_for_each_member(door: Door, who: str) -> None:
    user, gm = WHO[who]
    refusal = TABLE[door, who]
    if refusal is None:
        check(door, REQUEST, user, frozenset(), gm)
        return
    with pytest.raises((NotAllowedError, RequestError), match=re.escape(refusal)):
        check(door, REQUEST, user, frozenset(), gm)


def test_a_request_of_everyone_lets_anyone_roll() -> None:
    check(Door.ROLL, new_request("insight"), OTHER, frozenset(), False)


SIGHT: dict[tuple[Sight, str], Seen] = {
    # visibility, viewer: what they see of the asked player's result before the reveal
    (Sight.PUBLIC, "gm"): Seen.FULL, (Sight.PUBLIC, "asked"): Seen.FULL,
    (Sight.PUBLIC, "other"): Seen.FULL, (Sight.PUBLIC, "channel"): Seen.FULL,
    (Sight.GM, "gm"): Seen.FULL, (Sight.GM, "asked"): Seen.FULL,
    (Sight.GM, "other"): Seen.MADE, (Sight.GM, "channel"): Seen.MADE,
    (Sight.BLIND, "gm"): Seen.FULL, (Sight.BLIND, "asked"): Seen.MADE,
    (Sight.BLIND, "other"): Seen.MADE, (Sight.BLIND, "channel"): Seen.MADE,
}


@pytest.mark.parametrize(("sight", "viewer"), list(SIGHT))
def test_what_each_viewer_sees_before_the_reveal(sight: Sight, viewer: str) -> None:
    request = new_request("insight", sight=sight)
    user, gm = WHO.get(viewer, (None, False))
    assert seen(request, ASKED, user, gm) is SIGHT[sight, viewer]


@pytest.mark.parametrize("sight", [Sight.GM, Sight.BLIND])
@pytest.mark.parametrize("viewer", ["gm", "asked", "other", "channel"])
def test_once_revealed_everyone_sees_every_result(sight: Sight, viewer: str) -> None:
    user, gm = WHO.get(viewer, (None, False))
    assert seen(reveal(new_request("insight", sight=sight)), ASKED, user, gm) is Seen.FULL
