"""Who may take each act on an encounter: every door asked by every kind of member, on a fresh
and on a stale encounter, allowed or refused with the message that says who may."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from nazh.application.encounters.access import (
    Check,
    NotAllowedError,
    anyone,
    gm_only,
    gm_or_stale,
    may_act_for,
    owner_or_gm,
)
from nazh.application.encounters.model import STALE_AFTER, EncounterRecord
from nazh.domain.encounter.combatant import Combatant, Role, Side
from nazh.domain.encounter.encounter import Encounter
from nazh.domain.encounter.errors import EncounterError

T0 = datetime(2026, 5, 1, 12, tzinfo=UTC)
GM, OWNER, OTHER = 1, 2, 3
KALADIN = Combatant("Kaladin", Side.PLAYER, Role.RIVAL, OWNER, 15, 15)
BANDIT = Combatant("Bandit", Side.ENEMY, Role.RIVAL, GM, 8, 8)
GM_WHO = "a GM (the server's gm-role, or Manage Server while none is set)"

DOORS: dict[str, Callable[[datetime], Check]] = {
    "gm_only": lambda _: gm_only("add combatants"),
    "owner_or_gm": lambda _: owner_or_gm("kaladin", "remove {name}"),
    "gm_or_stale": lambda now: gm_or_stale(
        now, "end the encounter (anyone may once it has had no change for 24 hours)"),
    "anyone": lambda _: anyone,
    "reaction": lambda _: owner_or_gm("kaladin", "Aid for {name}"),
}
"""Each door, as the use cases build it at ``now``."""

ONLY_GM = f"only {GM_WHO} may add combatants"
ONLY_OWNER = "only Kaladin's player or a GM may remove Kaladin"
ONLY_OWNER_REACTS = "only Kaladin's player or a GM may Aid for Kaladin"
"""Dodge, Aid, Reactive strike, Extra action and Recover: the combatant's owner or a GM."""
NOT_YET_STALE = (f"only {GM_WHO} may end the encounter (anyone may once it has had no change "
                 "for 24 hours)")

TABLE: dict[tuple[str, int, bool], str | None] = {
    # door, who asks, stale: the refusal (None: allowed)
    ("gm_only", GM, False): None,
    ("gm_only", GM, True): None,
    ("gm_only", OWNER, False): ONLY_GM,
    ("gm_only", OWNER, True): ONLY_GM,
    ("gm_only", OTHER, False): ONLY_GM,
    ("gm_only", OTHER, True): ONLY_GM,
    ("owner_or_gm", GM, False): None,
    ("owner_or_gm", GM, True): None,
    ("owner_or_gm", OWNER, False): None,
    ("owner_or_gm", OWNER, True): None,
    ("owner_or_gm", OTHER, False): ONLY_OWNER,
    ("owner_or_gm", OTHER, True): ONLY_OWNER,
    ("gm_or_stale", GM, False): None,
    ("gm_or_stale", GM, True): None,
    ("gm_or_stale", OWNER, False): NOT_YET_STALE,
    ("gm_or_stale", OWNER, True): None,
    ("gm_or_stale", OTHER, False): NOT_YET_STALE,
    ("gm_or_stale", OTHER, True): None,
    ("anyone", GM, False): None,
    ("anyone", GM, True): None,
    ("anyone", OWNER, False): None,
    ("anyone", OWNER, True): None,
    ("anyone", OTHER, False): None,
    ("anyone", OTHER, True): None,
    ("reaction", GM, False): None,
    ("reaction", GM, True): None,
    ("reaction", OWNER, False): None,
    ("reaction", OWNER, True): None,
    ("reaction", OTHER, False): ONLY_OWNER_REACTS,
    ("reaction", OTHER, True): ONLY_OWNER_REACTS,
}


def record() -> EncounterRecord:
    """An encounter with the owner's Kaladin and the GM's Bandit, last changed at T0."""
    return EncounterRecord("k3v9x0q2md", 500, 77, GM, Encounter("Ambush",
                           combatants=(KALADIN, BANDIT)), T0, T0)


def asked_at(stale: bool) -> datetime:
    """A moment the encounter is stale at (exactly a day later), or the moment before."""
    return T0 + STALE_AFTER if stale else T0 + STALE_AFTER - timedelta(microseconds=1)


def test_the_table_covers_every_door_asker_and_staleness() -> None:
    assert set(TABLE) == {(door, who, stale) for door in DOORS for who in (GM, OWNER, OTHER)
                          for stale in (False, True)}


@pytest.mark.parametrize(("door", "who", "stale"),
                         [key for key, refusal in TABLE.items() if refusal is None])
def test_an_allowed_act_passes_its_door(door: str, who: int, stale: bool) -> None:
    now = asked_at(stale)
    assert record().stale(now) is stale
    assert DOORS[door](now)(record(), who, who == GM) is None


@pytest.mark.parametrize(("door", "who", "stale", "refusal"),
                         [(*key, refusal) for key, refusal in TABLE.items()
                          if refusal is not None])
def test_a_refused_act_says_who_may(door: str, who: int, stale: bool, refusal: str) -> None:
    now = asked_at(stale)
    with pytest.raises(NotAllowedError) as raised:
        DOORS[door](now)(record(), who, who == GM)
    assert raised.value.reason == refusal


def test_an_ended_encounter_is_never_stale_so_only_a_gm_may_end_it() -> None:
    ended = replace(record(), ended_at=T0)
    door = gm_or_stale(T0 + timedelta(days=30), "end the encounter (anyone may once it has had "
                                                    "no change for 24 hours)")
    with pytest.raises(NotAllowedError, match="anyone may once"):
        door(ended, OTHER, False)
    assert door(ended, GM, True) is None


def test_the_owners_door_names_the_combatants_when_there_is_none_of_that_name() -> None:
    with pytest.raises(EncounterError) as raised:
        owner_or_gm("Szeth", "remove {name}")(record(), GM, True)
    assert raised.value.reason == ('no combatant "Szeth" in this encounter (combatants: '
                                   "Kaladin, Bandit)")


@pytest.mark.parametrize(("combatant", "who", "gm", "acts"), [
    (KALADIN, OWNER, False, True),
    (KALADIN, OTHER, False, False),
    (KALADIN, OTHER, True, True),
    (BANDIT, GM, False, True),
    (BANDIT, OWNER, False, False),
])
def test_its_owner_or_a_gm_acts_for_a_combatant(combatant: Combatant, who: int, gm: bool,
                                                acts: bool) -> None:
    assert may_act_for(combatant, who, gm) is acts
