"""Brace: 1 action of its holder's turn, once a turn, until it attacks or leaves its cover (the
basic actions, ``brace.json``: "All attacks against you gain a disadvantage for as long as you
stay behind cover. If you attack or move, the benefits of this action end")."""

from __future__ import annotations

import pytest

from nazh.domain.encounter.brace import ATTACKED, brace, leave_cover
from nazh.domain.encounter.encounter import Encounter
from nazh.domain.encounter.errors import EncounterError
from nazh.domain.encounter.events import EventKind
from nazh.domain.encounter.flow import choose_speed
from nazh.domain.encounter.timing import Speed
from tests.domain.encounter.builders import enemy, fight, kinds, player


def _kaladin_in_his_turn() -> Encounter:
    return choose_speed(fight(player("Kaladin"), enemy("Bandit")), "Kaladin",
                        Speed.FAST).encounter


def test_brace_spends_an_action_and_holds_until_it_ends() -> None:
    braced = brace(_kaladin_in_his_turn(), "Kaladin")
    assert kinds(braced) == [EventKind.ACTION_SPENT, EventKind.BRACED]
    kaladin = braced.encounter.find("Kaladin")
    assert (kaladin.reactions.braced, kaladin.turn.actions) == (True, 1)
    with pytest.raises(EncounterError, match="already Braced"):
        brace(braced.encounter, "Kaladin")
    ended = leave_cover(braced.encounter, "Kaladin", ATTACKED)
    assert [(e.kind, e.note) for e in ended.events] == [(EventKind.BRACE_ENDED, ATTACKED)]
    assert not ended.encounter.find("Kaladin").reactions.braced
    # part 3, Actions: "each named action can only be used once per turn"
    with pytest.raises(EncounterError, match="has used Brace this turn already"):
        brace(ended.encounter, "Kaladin")


def test_brace_is_taken_in_its_own_turn_and_only_a_brace_is_left() -> None:
    with pytest.raises(EncounterError, match="not taking a turn now"):
        brace(fight(player("Kaladin")), "Kaladin")
    with pytest.raises(EncounterError, match="Kaladin is not Braced"):
        leave_cover(_kaladin_in_his_turn(), "Kaladin")
