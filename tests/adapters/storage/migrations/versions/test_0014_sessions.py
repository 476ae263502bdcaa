"""Migration 0014 (sessions): its two tables come and go, and a session kept after it reads
back."""

from __future__ import annotations

from nazh.adapters.storage.sessions import SqlSessionStore
from nazh.application.sessions.model import SessionRecord
from nazh.domain.session import Session
from tests.adapters.storage.migrations.kit import added_by, newest, up_to
from tests.app_fakes import T0


async def test_the_tables_go_down_and_up_again_and_keep_a_session(database_url: str) -> None:
    async with newest(database_url) as engine:
        assert await added_by(engine, "0014", before="0013") == {"sessions", "session_settings"}
        await up_to(engine)
        record = SessionRecord("session001", 1, 2, 3, Session("Night one", T0), first_seq=7)
        store = SqlSessionStore(engine)
        assert await store.create(record)
        assert await store.get(record.session_id) == record
