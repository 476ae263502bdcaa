"""The composition's choices by database: amendments are claimed in this process's memory on
SQLite (one process), in the shared table on PostgreSQL (replicas), and the log writer appends
through the local claims so they learn what the log holds; servers' settings are read again
after 10 s only where replicas change them too (PostgreSQL)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from dependency_injector import providers

from nazh.adapters.config.environment import load_config
from nazh.adapters.memory.roll_claims import LocalRollClaims
from nazh.adapters.storage.database import create_engine
from nazh.adapters.storage.roll_claims import SqlRollClaims
from nazh.adapters.storage.roll_log import SqlRollLog
from nazh.composition import factories as make
from nazh.composition.serving import bot_container
from tests.adapters.storage.support import T0
from tests.app_fakes import FakeClock, MemoryStore


@pytest.mark.parametrize(("url", "reads"), [
    ("sqlite+aiosqlite:///{tmp}/nazh.sqlite3", 1),  # one process: every change is its own
    ("postgresql://nazh@127.0.0.1:1/nazh", 2),  # replicas: read again after 10 s
])
async def test_server_settings_are_read_again_only_where_replicas_change_them(
        tmp_path: Path, url: str, reads: int) -> None:
    engine = create_engine(url.format(tmp=tmp_path))  # never connected
    store, clock = MemoryStore(), FakeClock(T0)
    settings = make.guild_settings(store, clock, None, engine)
    await settings.of(42)
    clock.advance(timedelta(minutes=10))
    await settings.of(42)
    assert store.reads == reads
    await engine.dispose()


async def test_sqlite_claims_in_memory_and_the_writer_appends_through_them(
        tmp_path: Path) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'nazh.sqlite3'}")
    log = SqlRollLog(engine)
    claims = make.roll_claims(engine, FakeClock(T0), log)
    assert isinstance(claims, LocalRollClaims)
    assert make.log_target(claims, log) is claims
    await engine.dispose()


async def test_postgresql_claims_in_the_shared_table_and_the_writer_appends_to_the_log() -> None:
    engine = create_engine("postgresql://nazh@127.0.0.1:1/nazh")  # never connected
    log = SqlRollLog(engine)
    claims = make.roll_claims(engine, FakeClock(T0), log)
    assert isinstance(claims, SqlRollClaims)
    assert make.log_target(claims, log) is log
    await engine.dispose()


async def test_the_bot_on_sqlite_wires_one_set_of_claims_into_its_store_and_writer(
        tmp_path: Path) -> None:
    settings = load_config({
        "DISCORD_TOKEN": "MTIzNDU2Nzg5MDEyMzQ1Njc4.x.y",
        "NAZH_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'nazh.sqlite3'}",
        "NAZH_JOURNAL_DIR": str(tmp_path / "journal"),
    }, env_file=None)
    container = bot_container(settings)
    container.storage.attempts.override(providers.Object(1))
    claims = container.storage.roll_claims()
    assert isinstance(claims, LocalRollClaims)
    assert container.storage.writer()._target is claims
    assert container.service.roll_store()._claims is claims
    await container.storage.engine().dispose()
