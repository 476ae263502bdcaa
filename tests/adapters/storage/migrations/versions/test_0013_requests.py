"""Migration 0013 (requests and endeavors): its three tables come and go, and a request kept
after it reads back."""

from __future__ import annotations

from nazh.adapters.storage.requests import SqlRequestStore
from nazh.application.requests.model import RequestEntry, RequestRecord
from nazh.domain.request import new_request
from tests.adapters.storage.migrations.kit import added_by, newest, up_to
from tests.app_fakes import T0


async def test_the_tables_go_down_and_up_again_and_keep_a_request(database_url: str) -> None:
    async with newest(database_url) as engine:
        assert await added_by(engine, "0013", before="0012") == {
            "requests", "request_log", "endeavors"}
        await up_to(engine)
        record = RequestRecord("req0000001", 1, 2, 3, new_request("insight", dc=12), T0, T0)
        store = SqlRequestStore(engine)
        await store.create(record, [RequestEntry(record.request_id, 3, T0, "asked")])
        assert await store.get(record.request_id) == record
