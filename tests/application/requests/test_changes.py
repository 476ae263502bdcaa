"""The one path of a request's changes: the act applied to the newest version and kept with its
log entry; a lost race read again and decided afresh; a change with a once key kept once
(found repeated after); too many lost races an error; a refused act keeps nothing."""

from __future__ import annotations

import pytest

from nazh.application.requests.changes import (
    RequestBusyError,
    RequestChanges,
    RequestNotFoundError,
)
from nazh.application.requests.model import RequestRecord
from nazh.domain.request import RequestError, claim, close, new_request
from tests.app_fakes import T0, FakeClock
from tests.request_fakes import FakeRequestStore

ID = "req0000001"


def kept(store: FakeRequestStore) -> RequestRecord:
    record = RequestRecord(ID, 500, 77, 1, new_request("insight"), T0, T0)
    store.records[ID] = record
    return record


class LosingStore(FakeRequestStore):
    """Another replica keeps a change between each read and write: every write loses."""

    async def update(self, record: RequestRecord, entries: object, *,
                     once: str | None = None) -> bool:
        return False


async def test_a_change_is_kept_with_its_entry_one_version_on() -> None:
    store = FakeRequestStore()
    kept(store)
    changes = RequestChanges(store, FakeClock())
    done = await changes.change(ID, 7, lambda r: claim(r, 7, frozenset(), T0), "claimed", "x")
    assert done.record.version == 2
    assert not done.repeated
    assert [(e.kind, e.user_id, e.detail) for e in store.entries] == [("claimed", 7, "x")]


async def test_a_once_key_keeps_a_change_once() -> None:
    store = FakeRequestStore()
    kept(store)
    changes = RequestChanges(store, FakeClock())
    await changes.change(ID, 1, lambda r: r, "rolled", once="rolled:r1")
    again = await changes.change(ID, 1, lambda r: r, "rolled", once="rolled:r1")
    assert again.repeated
    assert again.record.version == 2
    assert len(store.entries) == 1


async def test_a_refused_act_keeps_nothing() -> None:
    store = FakeRequestStore()
    kept(store)
    changes = RequestChanges(store, FakeClock())
    await changes.change(ID, 1, close, "closed")
    with pytest.raises(RequestError, match="closed already"):
        await changes.change(ID, 1, close, "closed")
    assert store.records[ID].version == 2
    assert len(store.entries) == 1


async def test_every_race_lost_is_an_error_and_an_unknown_id_is_named() -> None:
    store = LosingStore()
    kept(store)
    with pytest.raises(RequestBusyError, match="changed too often"):
        await RequestChanges(store, FakeClock(), attempts=3).change(ID, 1, close, "closed")
    with pytest.raises(RequestNotFoundError, match="not kept any more"):
        await RequestChanges(store, FakeClock()).get("nosuchone0")
