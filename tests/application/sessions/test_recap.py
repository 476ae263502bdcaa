"""A session's recap: per player the rolls the channel saw (a secret once revealed, never a
private one), successes and failures, Opportunities and Complications, critical hits, damage
dealt and taken in the fights, injuries, the best and worst test; the fights won and lost and
who fell; the requests and endeavors with their outcomes (a secret one's hidden)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from nazh.application.endeavors.model import EndeavorRecord
from nazh.application.sessions.recap import (
    Fallen,
    FightOutcome,
    RollRef,
    endeavor_recap,
    outcome_of,
    recap_of,
    request_recap,
)
from nazh.domain.encounter.combatant import Combatant, Role, Side
from nazh.domain.encounter.encounter import open_encounter
from nazh.domain.encounter.roster import add_combatant
from nazh.domain.request import Sight
from tests.session_fakes import KALADIN, SHALLAN, played, the_endeavor, the_fight, the_request


def test_each_player_s_part_of_what_the_channel_saw() -> None:
    recap = recap_of(played())
    kaladin, shallan = recap.players
    assert (kaladin.user_id, kaladin.names) == (KALADIN, ("Kaladin",))
    assert (kaladin.rolls, kaladin.physical, kaladin.successes, kaladin.failures) == (4, 1, 3, 0)
    assert (kaladin.opportunities, kaladin.complications, kaladin.critical_hits) == (3, 0, 1)
    assert (kaladin.damage_dealt, kaladin.damage_taken, kaladin.injuries) == (6, 4, 1)
    assert kaladin.best == RollRef("roll000001", 20, 23, "Athletics")
    assert kaladin.worst == RollRef("roll000007", 11, 14, "Athletics")
    # Shallan's revealed secret counts; her unrevealed and private rolls were never seen
    assert (shallan.user_id, shallan.rolls, shallan.failures) == (SHALLAN, 2, 2)
    assert shallan.best is not None
    assert shallan.best.roll_id == "roll000002"
    assert recap.rolls == 6
    assert recap.length == timedelta(hours=1)


def test_the_headline_counts_the_fights_won_and_lost() -> None:
    recap = recap_of(played())
    assert (recap.counted(FightOutcome.WON), recap.counted(FightOutcome.LOST)) == (1, 0)
    [fight] = recap.fights
    assert (fight.name, fight.rounds, fight.outcome) == ("Ambush", 1, FightOutcome.WON)
    assert fight.fallen == (Fallen(1, "Bandit"),)


def test_a_fight_is_won_lost_ended_or_running() -> None:
    encounter = open_encounter("Duel")
    for combatant in (Combatant("Kaladin", Side.PLAYER, Role.RIVAL, KALADIN, 10, 10),
                      Combatant("Szeth", Side.ENEMY, Role.BOSS, 1, 30, 30)):
        encounter = add_combatant(encounter, combatant).encounter
    down = replace(encounter, combatants=(replace(encounter.combatants[0], health=0),
                                          encounter.combatants[1]))
    assert outcome_of(encounter, ended=False) is FightOutcome.RUNNING
    assert outcome_of(encounter, ended=True) is FightOutcome.ENDED
    assert outcome_of(down, ended=True) is FightOutcome.LOST


def test_a_request_s_rolls_and_a_secret_one_s_hidden() -> None:
    shown = request_recap(the_request())
    assert [(o.name, o.total, o.success, o.roll_id) for o in shown.outcomes] == [
        ("Kaladin", 14, True, "roll000007")]
    assert (shown.summary, shown.rolled, shown.hidden) == ("1 of 1 succeeded", 1, False)
    record = the_request()
    secret = replace(record, request=replace(record.request, sight=Sight.BLIND))
    hidden = request_recap(secret)
    assert (hidden.outcomes, hidden.hidden, hidden.rolled) == ((), True, 1)


def test_an_endeavor_s_count_and_a_running_secret_one_s_hidden() -> None:
    done = endeavor_recap(the_endeavor())
    assert (done.successes, done.needed, done.failures, done.allowed, done.ending) == (
        2, 2, 0, 3, "succeeded")
    record = the_endeavor()
    running: EndeavorRecord = replace(record, endeavor=replace(
        record.endeavor, secret=True, ending=None))
    hidden = endeavor_recap(running)
    assert (hidden.hidden, hidden.successes, hidden.needed, hidden.ending) == (True, 0, 0, None)


def test_a_fight_s_player_who_never_rolled_is_in_the_recap() -> None:
    fight = the_fight()
    recap = recap_of(replace(played(rolls=[]), fights=(fight,)))
    assert [(p.user_id, p.rolls, p.damage_dealt, p.best) for p in recap.players] == [
        (KALADIN, 0, 6, None)]
