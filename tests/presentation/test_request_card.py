"""A request's card as plain values: the test's title, who is asked, each result as the channel
or a GM sees it, its status through its life (open, closed, secret, revealed) and its
buttons."""

from __future__ import annotations

from dataclasses import replace

import pytest

from nazh.application.requests.model import RequestRecord
from nazh.domain.request import Asked, Outcome, Request, Sight, claim, close, new_request, settle
from nazh.presentation.request_card import asked_title, gm_panel, outcome_text, request_card
from tests.app_fakes import T0

GM, KAL = 1, 7


def record_of(request: Request) -> RequestRecord:
    return RequestRecord("k3v9x0q2md", 500, 77, GM, request, T0, T0)


def rolled(request: Request, outcome: Outcome, user: int = KAL) -> Request:
    return settle(claim(request, user, frozenset(), T0), user, outcome)


def test_the_title_names_the_test() -> None:
    assert asked_title(new_request("insight")) == "Insight"
    assert asked_title(new_request("lore", dc=10, stakes=True, advantage=True)) == (
        "Lore · DC 10 · stakes raised (plot die) · with advantage")


def test_an_outcome_in_words() -> None:
    assert outcome_text(Outcome("r", "Kal", 17, True, 2, 1)) == (
        "**Kal** **17** ✅ success · 🌟 2 Opportunities · ⚠️ 1 Complication")
    assert outcome_text(Outcome("r", "", 4, None)) == "**4**"
    assert outcome_text(Outcome("r", "*Kal*", 4, False)) == "**\\*Kal\\*** **4** ❌ failure"


def test_roles_and_members_asked_and_a_roll_under_way() -> None:
    request = claim(new_request("insight", asked=Asked(frozenset({55}), frozenset({KAL}))),
                    KAL, frozenset(), T0)
    view = request_card(record_of(request))
    assert view.texts[1] == f"Asked by <@{GM}> of <@&55>, <@{KAL}>."
    assert view.texts[2] == f"<@{KAL}> 🎲 rolling…"
    assert view.texts[-1] == "Click **Roll** to roll your test once."


@pytest.mark.parametrize(("sight", "status"), [
    (Sight.PUBLIC, "1 of 1 succeeded so far. Click **Roll** to roll your test once."),
    (Sight.GM, "1 rolled. Click **Roll** to roll your test once; the GM reveals the results."),
])
def test_the_status_while_open(sight: Sight, status: str) -> None:
    request = rolled(new_request("insight", dc=5, sight=sight), Outcome("r", "", 9, True))
    assert request_card(record_of(request)).texts[-1] == status


def test_a_closed_secret_request_waits_for_its_reveal() -> None:
    request = close(rolled(new_request("insight", sight=Sight.BLIND), Outcome("r", "", 9, None)))
    view = request_card(record_of(request))
    assert view.texts[-1] == "🔒 Closed: 1 rolled; the GM reveals the results."
    assert [b.label for b in view.buttons] == ["GM"]  # the GM's panel: GM view, Reveal
    assert [b.label for b in gm_panel(record_of(request)).buttons] == ["GM view", "Reveal"]
    assert request_card(record_of(request), gm_view=True).texts[-1] == "🔒 Closed: 1 rolled."


def test_a_request_with_advantage_for_all_offers_one_roll_button() -> None:
    view = request_card(record_of(new_request("insight", advantage=True)))
    assert [b.label for b in view.buttons] == ["Roll", "GM"]
    assert view.buttons[0].primary
    assert request_card(record_of(replace(new_request("insight"), closed=True))).buttons == ()
    closed = record_of(replace(new_request("insight"), closed=True))
    assert gm_panel(closed).buttons == ()
    assert gm_panel(closed).texts[-1] == "Nothing is left for the GM to do on this request."
