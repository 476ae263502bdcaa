"""A database written by an earlier release (records holding the CLI's JSON) keeps verifying
and serving its rolls once new-format records are appended after them, on SQLite and
PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

from nazh.adapters.memory.roll_store import InMemoryRollStore
from nazh.adapters.storage.roll_log import SqlRollLog
from nazh.application.log.chain import EntryKind, LogEntry, verify_chain
from nazh.application.log.format import decode_result, encode_result
from nazh.application.log.writer import LogWriter
from nazh.application.rolls.logged_store import LoggedRollStore
from tests.app_fakes import T0, FakeClock
from tests.application.log.kit import LEGACY_CHOSEN, LEGACY_PENDING

CHANNEL = 42


def legacy(roll_id: str, version: int, result: dict[str, object], n: int) -> LogEntry:
    kind = EntryKind.ROLL if version == 1 else EntryKind.PLOT_CHOSEN
    return LogEntry(roll_id=roll_id, version=version, kind=kind, at=T0 + timedelta(seconds=n),
                    channel_id=CHANNEL, user_id=5, notation="a1d20+5, 2d6, dp",
                    result=dict(result), guild_id=9)


async def test_legacy_records_verify_and_serve_after_new_ones(log: SqlRollLog) -> None:
    await log.append([legacy("old0000001", 1, LEGACY_PENDING, 1),
                      legacy("old0000001", 2, LEGACY_CHOSEN, 2)])
    new = legacy("new0000001", 1, encode_result(decode_result(LEGACY_CHOSEN)), 3)
    await log.append([new])

    head = await log.head(CHANNEL)
    verdict = verify_chain(CHANNEL, await log.chain(CHANNEL), head)
    assert verdict.intact, verdict
    assert verdict.checked == 3

    store = LoggedRollStore(InMemoryRollStore(FakeClock()), LogWriter(log), log)
    old = await store.get("old0000001")
    assert old is not None
    assert old.version == 2
    assert old.result == decode_result(LEGACY_CHOSEN)
    assert [pool.total for pool in old.result.pools] == [23, 6]
    fresh = await store.get("new0000001")
    assert fresh is not None
    assert fresh.result == old.result
