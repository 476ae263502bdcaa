"""The one path of every change to an encounter: kept with its log entries, decided again on the
newer version when another change won the race, made once under a once key, given up after
every attempt lost; refused outside servers and where there is no encounter."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import timedelta

import pytest

from nazh.application.encounters.access import NotAllowedError, anyone, gm_only
from nazh.application.encounters.changes import (
    EncounterBusyError,
    EncounterChanges,
    NoEncounterError,
    NotInServerError,
    Step,
)
from nazh.application.encounters.model import EncounterRecord, LogEntry
from nazh.application.encounters.ports import OnceKeys
from nazh.application.settings.server import GuildSettings, Member
from nazh.domain.encounter.combatant import Combatant, Role, Side
from nazh.domain.encounter.encounter import Act, Encounter, open_encounter
from nazh.domain.encounter.errors import EncounterError
from nazh.domain.encounter.roster import add_combatant
from nazh.domain.encounter.timing import Phase
from tests.app_fakes import FakeClock, MemoryStore
from tests.encounter_fakes import CHANNEL, GM, PLAYER, SERVER, FakeEncounterStore

ID = "k3v9x0q2md"


def fighter(name: str, owner: int = GM.user_id) -> Combatant:
    """An enemy kept by ``owner``."""
    return Combatant(name, Side.ENEMY, Role.RIVAL, owner, 8, 8)


def adding(name: str) -> Act:
    """The act adding an enemy called ``name``."""
    return lambda e: add_combatant(e, fighter(name))


class RivalStore(FakeEncounterStore):
    """A store on which, between a change's read and its write, another change lands first
    (``rivals`` times): the other change adds a combatant and keeps a newer version."""

    def __init__(self, rivals: int) -> None:
        super().__init__()
        self.rivals = rivals
        self.updates = 0

    async def update(self, record: EncounterRecord, entries: Sequence[LogEntry], *,
                     once: OnceKeys = None) -> bool:
        """Another change is kept first, then this one is tried."""
        self.updates += 1
        if self.rivals:
            self.rivals -= 1
            kept = self.records[record.encounter_id]
            rival = add_combatant(kept.encounter, fighter(f"Rival {self.updates}")).encounter
            assert await super().update(kept.next_version(rival, kept.updated_at), ())
        return await super().update(record, entries, once=once)


def opened(store: FakeEncounterStore, clock: FakeClock,
           encounter: Encounter | None = None) -> EncounterRecord:
    """An open encounter of the channel, kept in ``store`` at version 1."""
    now = clock.now()
    record = EncounterRecord(ID, SERVER, CHANNEL, GM.user_id, encounter or open_encounter("Ambush"),
                             now, now)
    store.records[ID] = record
    return record


def changes_on(store: FakeEncounterStore, *, attempts: int = 8
               ) -> tuple[EncounterChanges, FakeClock]:
    clock = FakeClock()
    return EncounterChanges(store, GuildSettings(MemoryStore(), clock), clock,
                            attempts=attempts), clock


async def test_a_change_is_kept_one_version_later_with_its_log_entries() -> None:
    store = FakeEncounterStore()
    changes, clock = changes_on(store)
    opened(store, clock)
    clock.advance(timedelta(minutes=5))
    changed = await changes.act(GM, CHANNEL, adding("Bandit"), gm_only("add combatants"))
    assert changed.repeated is False
    assert changed.record == store.records[ID]
    assert (changed.record.version, changed.record.updated_at) == (2, clock.now())
    assert [c.name for c in changed.record.encounter.combatants] == ["Bandit"]
    assert [e.kind.value for e in changed.events] == ["combatant-added"]
    assert store.entries == [LogEntry(ID, GM.user_id, clock.now(), 1, Phase.FAST_PLAYERS,
                                      "combatant-added", "Bandit", "")]


async def test_a_steps_own_entries_come_before_its_events() -> None:
    store = FakeEncounterStore()
    changes, clock = changes_on(store)
    opened(store, clock)

    def with_a_setting(record: EncounterRecord, gm: bool) -> Step:
        outcome = add_combatant(record.encounter, fighter("Bandit"))
        setting = changes.entry(record, GM.user_id, "setting", f"gm {gm}")
        return Step(replace(record, encounter=outcome.encounter), outcome.events, (setting,))
    await changes.change(GM, CHANNEL, with_a_setting)
    assert [(e.kind, e.combatant, e.detail) for e in store.entries] == [
        ("setting", None, "gm True"), ("combatant-added", "Bandit", "")]


async def test_a_lost_race_is_decided_again_on_the_newer_version() -> None:
    store = RivalStore(rivals=1)
    changes, clock = changes_on(store)
    opened(store, clock)
    seen: list[int] = []

    def add_bandit(record: EncounterRecord, _: bool) -> Step:
        seen.append(record.version)
        outcome = add_combatant(record.encounter, fighter("Bandit"))
        return Step(replace(record, encounter=outcome.encounter), outcome.events)
    changed = await changes.change(GM, CHANNEL, add_bandit)
    assert seen == [1, 2]
    assert store.updates == 2
    assert changed.record.version == 3
    assert [c.name for c in store.records[ID].encounter.combatants] == ["Rival 1", "Bandit"]
    assert [e.combatant for e in store.entries] == ["Bandit"]


async def test_a_refusal_on_the_newer_version_keeps_nothing() -> None:
    store = RivalStore(rivals=1)
    changes, clock = changes_on(store)
    opened(store, clock)
    with pytest.raises(EncounterError, match='the name "Rival 1" is taken'):
        await changes.act(GM, CHANNEL, adding("Rival 1"), gm_only("add combatants"))
    assert store.records[ID].version == 2
    assert store.entries == []


async def test_a_change_under_a_once_key_is_made_once() -> None:
    store = FakeEncounterStore()
    changes, clock = changes_on(store)
    opened(store, clock)
    first = await changes.act(GM, CHANNEL, adding("Bandit"), anyone, once="roll:k1")
    again = await changes.act(GM, CHANNEL, adding("Szeth"), anyone, once="roll:k1")
    assert first.repeated is False
    assert (again.repeated, again.events) == (True, ())
    assert again.record == first.record == store.records[ID]
    assert [c.name for c in store.records[ID].encounter.combatants] == ["Bandit"]
    assert len(store.entries) == 1
    assert await changes.done("roll:k1")
    assert not await changes.done("roll:k2")


async def test_a_change_that_loses_every_race_gives_up_and_keeps_nothing() -> None:
    store = RivalStore(rivals=3)
    changes, clock = changes_on(store, attempts=3)
    opened(store, clock)
    with pytest.raises(EncounterBusyError) as raised:
        await changes.act(GM, CHANNEL, adding("Bandit"), anyone)
    assert raised.value.reason == "the encounter changed too often at once to keep your change"
    assert raised.value.hint == "try again"
    assert store.updates == 3
    assert [c.name for c in store.records[ID].encounter.combatants] == [
        "Rival 1", "Rival 2", "Rival 3"]
    assert store.entries == []


async def test_a_refused_change_keeps_nothing() -> None:
    store = FakeEncounterStore()
    changes, clock = changes_on(store)
    opened(store, clock)
    with pytest.raises(NotAllowedError):
        await changes.act(PLAYER, CHANNEL, adding("Bandit"), gm_only("add combatants"))
    assert store.records[ID].version == 1
    assert store.entries == []


async def test_outside_a_server_nothing_is_read_nor_changed() -> None:
    store = FakeEncounterStore()
    changes, clock = changes_on(store)
    opened(store, clock)
    outside = Member(GM.user_id, None, manages_guild=True)
    with pytest.raises(NotInServerError) as raised:
        await changes.act(outside, CHANNEL, adding("Bandit"), anyone)
    assert raised.value.reason == "encounters run in a server's channels, where there is a GM"
    with pytest.raises(NotInServerError):
        await changes.is_gm(outside)
    assert store.records[ID].version == 1


async def test_a_channel_without_an_encounter_says_how_to_start_one() -> None:
    store = FakeEncounterStore()
    changes, clock = changes_on(store)
    opened(store, clock)
    with pytest.raises(NoEncounterError) as raised:
        await changes.act(GM, CHANNEL + 1, adding("Bandit"), anyone)
    assert raised.value.reason == "there is no encounter in this channel"
    assert raised.value.hint == "a GM starts one with /encounter start"
    store.records[ID] = replace(store.records[ID], ended_at=clock.now())
    with pytest.raises(NoEncounterError):
        await changes.current(CHANNEL)


async def test_a_gm_is_one_who_manages_the_server_while_no_gm_role_is_set() -> None:
    changes, _ = changes_on(FakeEncounterStore())
    assert await changes.is_gm(GM) is True
    assert await changes.is_gm(PLAYER) is False


async def test_an_entry_is_dated_now_at_the_encounters_moment() -> None:
    store = FakeEncounterStore()
    changes, clock = changes_on(store)
    encounter = add_combatant(open_encounter(), fighter("Bandit")).encounter
    record = opened(store, clock, encounter)
    clock.advance(timedelta(hours=1))
    assert changes.entry(record, PLAYER.user_id, "setting", "ping on") == LogEntry(
        ID, PLAYER.user_id, clock.now(), 1, Phase.FAST_PLAYERS, "setting", None, "ping on")
