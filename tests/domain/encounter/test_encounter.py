"""The encounter value, its outcomes and acts as functions."""

from __future__ import annotations

import pytest

from nazh.domain.encounter.encounter import Act, Outcome, open_encounter
from nazh.domain.encounter.errors import EncounterError
from nazh.domain.encounter.events import EventKind
from nazh.domain.encounter.flow import choose_speed, done
from nazh.domain.encounter.timing import Moment, Phase, Speed
from nazh.domain.errors import NazhError
from tests.domain.encounter.builders import fight, kinds, player


def test_an_encounter_opens_named_in_round_1_fast_players_with_nobody() -> None:
    encounter = open_encounter("  Ambush at the chasm ")
    assert (encounter.name, encounter.moment, encounter.combatants) == (
        "Ambush at the chasm", Moment.of(1, Phase.FAST_PLAYERS), ())


def test_an_encounters_name_has_at_most_100_characters() -> None:
    with pytest.raises(EncounterError, match=r"at most 100 characters \(got 101\)"):
        open_encounter("x" * 101)


def test_acts_are_functions_whose_outcomes_chain_with_their_events() -> None:
    acts: list[Act] = [lambda e: choose_speed(e, "Kaladin", Speed.FAST),
                       lambda e: done(e, "Kaladin")]
    outcome = Outcome(fight(player("Kaladin"), player("Shallan")))
    for act in acts:
        outcome = outcome.then(act)
    assert kinds(outcome) == [EventKind.SPEED_CHOSEN, EventKind.TURN_STARTED,
                              EventKind.TURN_ENDED]
    assert outcome.encounter.find("Kaladin").turn.finished == {Speed.FAST}


def test_a_refusal_is_a_nazh_error_naming_the_combatant() -> None:
    encounter = done(fight(player("Kaladin"), player("Shallan")), "Kaladin").encounter
    with pytest.raises(NazhError) as refused:
        done(encounter, "kaladin")
    assert isinstance(refused.value, EncounterError)
    assert refused.value.combatant == "Kaladin"
