"""The roll journal: durable before the answer, claimed and replayed once after a crash."""

from __future__ import annotations

import asyncio
import logging
import os
import threading
import time
from collections.abc import AsyncIterator, Callable, Coroutine, Sequence
from contextlib import asynccontextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from nazh.adapters.clock import SystemClock
from nazh.adapters.memory.roll_store import InMemoryRollStore
from nazh.adapters.metrics.prometheus import RollLogCollector
from nazh.adapters.storage.journal import FileJournal, JournalError, read_journal
from nazh.adapters.storage.roll_log import SqlRollLog
from nazh.application.log.chain import LogEntry, verify_chain
from nazh.application.log.format import decode_entry, encode_entry
from nazh.application.log.writer import LogWriter, RollNotKeptError, WriterPolicy
from nazh.application.rolls.logged_store import LoggedRollStore, record_of
from tests.adapters.storage.support import entry
from tests.log_fakes import GatedRollLog, InMemoryRollLog
from tests.waiting import until

FAST = WriterPolicy(batch_size=50, retry_initial=0.01, retry_max=0.05)


def journal_files(directory: Path) -> list[Path]:
    return sorted(directory.glob("*.journal"))


# -- the file ----------------------------------------------------------------------------------


def test_an_entry_survives_its_journal_line_exactly() -> None:
    original = entry("j1", label="Stealth \u2014 \"quiet\"", private=True, version=2)
    assert decode_entry(encode_entry(original)) == original


def test_records_written_by_a_run_that_died_are_recovered_in_order(tmp_path: Path) -> None:
    crashed = FileJournal(tmp_path)
    assert crashed.recover() == []
    crashed.write([entry("a"), entry("b")])
    crashed.write([entry("c")])
    # The process dies: its descriptor (and lock) go with it; nothing was closed cleanly.
    assert crashed.path is not None
    os.close(crashed._fd)  # type: ignore[arg-type]

    restarted = FileJournal(tmp_path)
    assert [e.roll_id for e in restarted.recover()] == ["a", "b", "c"]
    assert len(journal_files(tmp_path)) == 2  # the claimed one and the new own one
    restarted.recovered()
    assert journal_files(tmp_path) == [restarted.path]
    restarted.close(settled=True)
    assert journal_files(tmp_path) == []


def test_a_journal_held_by_a_running_process_is_not_claimed(tmp_path: Path) -> None:
    running = FileJournal(tmp_path)
    running.recover()
    running.write([entry("live")])
    other = FileJournal(tmp_path)
    assert other.recover() == []
    other.recovered()
    assert running.path is not None
    assert running.path.exists()
    assert [e.roll_id for e in read_journal(running.path)] == ["live"]
    running.close(settled=False)
    other.close(settled=True)
    assert [e.roll_id for e in FileJournal(tmp_path).recover()] == ["live"]


def test_a_torn_last_line_is_skipped_and_the_rest_kept(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    journal = FileJournal(tmp_path)
    journal.recover()
    journal.write([entry("a"), entry("b")])
    assert journal.path is not None
    end = journal.path.read_bytes().index(0)
    with journal.path.open("r+b") as file:
        file.seek(end)  # over the zeros after "b", where the next write goes
        file.write(b'{"roll_id": "c", "vers')  # the crash came mid-write, before it returned
    with caplog.at_level(logging.WARNING):
        assert [e.roll_id for e in read_journal(journal.path)] == ["a", "b"]
    assert "incomplete last line" in caplog.text


def test_an_unreadable_line_in_the_middle_is_skipped_and_logged(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "x.journal"
    good = FileJournal(tmp_path / "w")
    good.recover()
    good.write([entry("a")])
    assert good.path is not None
    line = good.path.read_bytes()
    records = line[:line.index(0)]
    path.write_bytes(records + b"\xffgarbage\n" + records.replace(b'"a"', b'"b"'))
    with caplog.at_level(logging.ERROR):
        assert [e.roll_id for e in read_journal(path)] == ["a", "b"]
    assert "line 2 is unreadable" in caplog.text


def test_settle_empties_the_file_only_once_it_is_large(tmp_path: Path) -> None:
    journal = FileJournal(tmp_path, compact_at=2000, preallocated=8192)
    journal.recover()
    assert journal.path is not None
    journal.write([entry("a")])
    assert not journal.settle_due
    journal.settle()
    assert [e.roll_id for e in read_journal(journal.path)] == ["a"]
    journal.write([entry(f"n{n}") for n in range(10)])
    assert journal.settle_due
    journal.settle()
    assert journal.path.read_bytes() == bytes(8192)  # the zeros written back over every record
    assert read_journal(journal.path) == []
    assert not journal.settle_due
    journal.write([entry("z")])
    assert [e.roll_id for e in read_journal(journal.path)] == ["z"]
    journal.close(settled=False)
    assert journal.path.exists()


def test_records_are_written_over_the_zeros_the_file_is_made_of(tmp_path: Path) -> None:
    journal = FileJournal(tmp_path, preallocated=8192)
    journal.recover()
    assert journal.path is not None
    assert journal.path.read_bytes() == bytes(8192)
    journal.write([entry("a")])
    journal.write([entry("b"), entry("c")])
    data = journal.path.read_bytes()
    assert len(data) == 8192  # the file did not grow: no new size to put on the disk
    records = data[:data.index(0)]
    assert records.count(b"\n") == 3
    assert data[len(records):] == bytes(8192 - len(records))
    assert [e.roll_id for e in read_journal(journal.path)] == ["a", "b", "c"]
    journal.close(settled=False)


def test_nothing_after_the_zeros_that_end_the_records_is_read(tmp_path: Path) -> None:
    """What lies past the zeros is no record of this run's (a write cut short whose later
    blocks reached the disk before its first): it is never replayed."""
    journal = FileJournal(tmp_path, preallocated=8192)
    journal.recover()
    journal.write([entry("a")])
    assert journal.path is not None
    stray = FileJournal(tmp_path / "other", preallocated=0)
    stray.recover()
    stray.write([entry("never-answered")])
    assert stray.path is not None
    with journal.path.open("r+b") as file:
        file.seek(4096)  # a later block: the end of one record, then a whole one
        file.write(b'"version": 1}\n' + stray.path.read_bytes())
    assert [e.roll_id for e in read_journal(journal.path)] == ["a"]
    journal.close(settled=False)
    stray.close(settled=True)


def test_a_journal_grown_past_its_zeros_is_read_whole_and_cut_back_when_settled(
        tmp_path: Path) -> None:
    journal = FileJournal(tmp_path, compact_at=4096, preallocated=1024)
    journal.recover()
    assert journal.path is not None
    names = [f"r{n}" for n in range(12)]
    journal.write([entry(name) for name in names])
    assert journal.path.stat().st_size > 1024
    assert [e.roll_id for e in read_journal(journal.path)] == names
    assert journal.settle_due
    journal.settle()
    assert journal.path.read_bytes() == bytes(1024)
    journal.write([entry("next")])
    assert [e.roll_id for e in read_journal(journal.path)] == ["next"]
    journal.close(settled=True)
    assert not journal.path.exists()


def test_a_journal_written_before_the_zeros_is_still_read(tmp_path: Path) -> None:
    """A file of an earlier version (records appended, no zeros after them) is replayed."""
    journal = FileJournal(tmp_path / "w", preallocated=0)
    journal.recover()
    journal.write([entry("a"), entry("b")])
    assert journal.path is not None
    assert 0 not in journal.path.read_bytes()
    assert [e.roll_id for e in read_journal(journal.path)] == ["a", "b"]
    journal.close(settled=False)


def test_an_unusable_directory_is_one_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with pytest.raises(JournalError, match=r"journal directory .*file/journal cannot be used"):
        FileJournal(blocker / "journal").recover()


# -- the writer with a journal -------------------------------------------------------------------


class FullDisk(FileJournal):
    """A journal whose disk refuses every write."""

    def write(self, entries: object) -> None:
        raise OSError(28, "No space left on device")


async def test_keep_returns_once_the_record_is_on_disk_even_while_the_database_hangs(
        tmp_path: Path) -> None:
    target = GatedRollLog(InMemoryRollLog())
    journal = FileJournal(tmp_path)
    writer = LogWriter(target, FAST, journal)
    assert await writer.recover() == 0
    writer.start()
    await asyncio.wait_for(asyncio.gather(*(writer.keep(entry(f"k{n}")) for n in range(200))),
                           timeout=10)
    assert journal.path is not None
    assert len(read_journal(journal.path)) == 200
    assert target.inner.appended == []  # the database has not seen them yet
    assert writer.stats.journaled == 200
    target.gate.set()
    await writer.close(timeout=10)
    assert len(target.inner.entry_ids()) == 200
    assert not journal.path.exists()


async def test_records_of_a_crashed_run_reach_the_log_once_at_the_next_start(
        tmp_path: Path, log: SqlRollLog) -> None:
    crashed = FileJournal(tmp_path)
    crashed.recover()
    made = [entry(f"r{n}", channel=n % 3) for n in range(120)]
    crashed.write(made)
    await log.append(made[:70])  # some reached the database before the crash
    os.close(crashed._fd)  # type: ignore[arg-type]

    writer = LogWriter(log, FAST, FileJournal(tmp_path))
    assert await writer.recover() == 120
    assert writer.stats.recovered == 120
    await writer.close(timeout=5)
    stored = [r.entry.entry_id for channel in await log.channels()
              for r in await log.chain(channel)]
    assert sorted(stored) == sorted(e.entry_id for e in made)
    for channel in await log.channels():
        assert verify_chain(channel, await log.chain(channel)).intact
    assert journal_files(tmp_path) == []


async def test_the_journal_is_emptied_only_once_the_roll_log_is_synced(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    log = InMemoryRollLog()
    log.can_sync = False  # a reader keeps the database from syncing
    journal = FileJournal(tmp_path, compact_at=2000, preallocated=8192)
    writer = LogWriter(log, FAST, journal)
    await writer.recover()
    writer.start()
    assert journal.path is not None
    with caplog.at_level(logging.INFO, logger="nazh.application.log.writer"):
        await asyncio.gather(*(writer.keep(entry(f"a{n}")) for n in range(20)))
        assert await writer.flush(5)
        await until(lambda: log.synced, what="a sync asked for")
    assert journal.settle_due
    assert len(read_journal(journal.path)) == 20  # kept: the log may lose them in a power cut
    assert "could not be synced to the disk now (a reader holds an older snapshot); the journal " \
           "is emptied later" in caplog.text
    log.can_sync = True
    await asyncio.gather(*(writer.keep(entry(f"b{n}")) for n in range(20)))
    assert await writer.flush(5)
    await until(lambda: not journal.settle_due, what="the journal emptied")
    assert read_journal(journal.path) == []
    assert log.synced[-1] == len(log.appended)  # synced after the last append, before emptying
    await writer.close(timeout=5)
    assert not journal.path.exists()


class SlowSync(InMemoryRollLog):
    """Its first sync waits for :attr:`gate` (a checkpoint under way)."""

    def __init__(self) -> None:
        super().__init__()
        self.gate = asyncio.Event()
        self.syncing = asyncio.Event()

    async def sync(self) -> bool:
        synced = await super().sync()
        if len(self.synced) == 1:
            self.syncing.set()
            await self.gate.wait()
        return synced


async def test_records_journaled_while_the_roll_log_syncs_keep_the_journal_for_later(
        tmp_path: Path) -> None:
    log = SlowSync()
    journal = FileJournal(tmp_path, compact_at=2000, preallocated=8192)
    writer = LogWriter(log, FAST, journal)
    await writer.recover()
    writer.start()
    assert journal.path is not None
    await asyncio.gather(*(writer.keep(entry(f"a{n}")) for n in range(20)))
    await asyncio.wait_for(log.syncing.wait(), 5)  # the sync began after these twenty
    await writer.keep(entry("during"))  # journaled while it runs
    log.gate.set()
    await until(lambda: "during.1" in log.entry_ids(), what="the record appended")
    await until(lambda: not journal.settle_due, what="the journal emptied")
    assert len(log.synced) == 2  # not by the sync that began before the record was appended
    assert log.synced[-1] == len(log.appended)
    await writer.close(timeout=5)


async def test_a_journal_is_kept_when_the_roll_log_cannot_be_synced_at_shutdown_or_recovery(
        tmp_path: Path) -> None:
    log = InMemoryRollLog()
    log.can_sync = False
    writer = LogWriter(log, FAST, FileJournal(tmp_path))
    await writer.recover()
    writer.start()
    await writer.keep(entry("late"))
    await writer.close(timeout=5)
    assert log.entry_ids() == ["late.1"]  # in the log, but maybe not on its disk: kept
    [kept] = journal_files(tmp_path)
    assert [e.entry_id for e in read_journal(kept)] == ["late.1"]

    restarted = LogWriter(log, FAST, FileJournal(tmp_path))
    assert await restarted.recover() == 1  # replayed (appending is idempotent) and still kept
    await restarted.close(timeout=5)
    assert kept in journal_files(tmp_path)
    log.can_sync = True
    again = LogWriter(log, FAST, FileJournal(tmp_path))
    assert await again.recover() == 1
    await again.close(timeout=5)
    assert journal_files(tmp_path) == []
    assert log.entry_ids() == ["late.1"]


async def test_a_journal_the_disk_refuses_shows_nothing_and_forgets_the_roll(
        tmp_path: Path) -> None:
    writer = LogWriter(InMemoryRollLog(), FAST, FullDisk(tmp_path))
    await writer.recover()
    writer.start()
    cache = InMemoryRollStore(SystemClock())
    store = LoggedRollStore(cache, writer, InMemoryRollLog())
    record = record_of(entry("full"))
    with pytest.raises(RollNotKeptError, match="could not be recorded safely"):
        await store.save(record)
    assert await cache.get("full") is None
    assert writer.stats.journal_failures == 1
    await writer.close(timeout=1)


class TimedDisk(FileJournal):
    """A file journal that notes which thread made each write, and takes ``delay`` seconds
    more for the writes whose positions (from 0) are in ``slow``."""

    def __init__(self, directory: Path, slow: set[int], delay: float) -> None:
        super().__init__(directory)
        self.slow = slow
        self.delay = delay
        self.threads: list[int] = []

    def write(self, entries: Sequence[LogEntry]) -> None:
        if len(self.threads) in self.slow:
            time.sleep(self.delay)
        self.threads.append(threading.get_ident())
        super().write(entries)


class Ticks:
    """A monotonic clock the test moves."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


async def test_the_journal_is_written_on_the_loop_until_a_write_is_slow_then_in_a_thread(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    journal = TimedDisk(tmp_path, slow={1, 3, 5, 8}, delay=0.3)
    policy = replace(FAST, inline_journal=0.25, threaded_journal_first=1.0, threaded_journal=3.0)
    clock = Ticks()
    writer = LogWriter(InMemoryRollLog(), policy, journal, monotonic=clock)
    await writer.recover()
    writer.start()
    loop_thread = threading.get_ident()
    caplog.set_level(logging.INFO, logger="nazh.application.log.writer")

    async def write(name: str, at: float) -> bool:
        """Keep one roll at ``at`` seconds: whether the loop's thread wrote it."""
        clock.now = at
        await writer.keep(entry(name))
        return journal.threads[-1] == loop_thread

    # quick, then slow (on the loop: not yet known to be slow), then in a thread for 1 s
    assert [await write("a0", 0.0), await write("a1", 0.0), await write("a2", 0.9)] == [
        True, True, False]
    assert "roll journal: a write took 3" in caplog.text
    assert "writing in a worker thread for 1 s" in caplog.text
    samples = {sample.name: sample.value for family in RollLogCollector(writer.stats).collect()
               for sample in family.samples}
    assert samples["nazh_roll_journal_slow_writes_total"] == 1
    # tried on the loop again after 1 s: still slow, so the thread keeps it twice as long
    assert await write("b", 1.0) is True
    assert "writing in a worker thread for 2 s" in caplog.text
    assert await write("c", 2.9) is False
    # slow again: twice as long, but never longer than threaded_journal
    assert await write("d", 3.0) is True
    assert "writing in a worker thread for 3 s" in caplog.text
    assert await write("e", 5.9) is False
    # a quick write on the loop starts over: the next slow one sends it away for 1 s
    assert [await write("f", 6.0), await write("g", 6.0), await write("h", 6.9),
            await write("i", 7.0)] == [True, True, False, True]
    assert caplog.text.count("writing in a worker thread for 1 s") == 2
    assert writer.stats.slow_journal_writes == 4
    assert journal.path is not None
    assert [e.roll_id for e in read_journal(journal.path)] == [
        "a0", "a1", "a2", "b", "c", "d", "e", "f", "g", "h", "i"]
    assert writer.stats.journaled == 11
    await writer.close(timeout=5)


class WritesSeen(FileJournal):
    """A file journal that remembers the roll ids of each of its writes (group commits)."""

    def __init__(self, directory: Path) -> None:
        super().__init__(directory)
        self.writes: list[list[str]] = []

    def write(self, entries: Sequence[LogEntry]) -> None:
        self.writes.append([e.roll_id for e in entries])
        super().write(entries)


@asynccontextmanager
async def delaying_writer(tmp_path: Path, clock: Callable[[], float] = time.monotonic,
                          **policy: Any) -> AsyncIterator[tuple[LogWriter, WritesSeen]]:
    """A started writer (``FAST`` changed by ``policy``) whose journal remembers its writes;
    closed afterwards."""
    journal = WritesSeen(tmp_path)
    writer = LogWriter(InMemoryRollLog(), replace(FAST, **policy), journal, monotonic=clock)
    await writer.recover()
    writer.start()
    try:
        yield writer, journal
    finally:
        await writer.close(timeout=5)


async def test_rolls_arriving_one_by_one_share_a_group_commit_that_waits_for_them(
        tmp_path: Path) -> None:
    """A commit delay: a write that follows another within ``journal_busy`` waits
    ``journal_gather`` for more records, so rolls arriving a moment apart share one
    synchronous write instead of one each; each is still on the disk before it is answered."""
    async with delaying_writer(tmp_path, Ticks(), journal_gather=1.0, journal_batch=10,
                               journal_busy=10.0) as (writer, journal):
        await writer.keep(entry("lone"))  # nothing written before it: at once
        kept = [asyncio.create_task(writer.keep(entry("a")))]
        await until(lambda: writer._pending, what="a waiting for more records to join it")
        kept += [asyncio.create_task(writer.keep(entry(name))) for name in ("b", "c")]
        await until(lambda: len(writer._pending) == 3, what="b and c joining a")
        assert not any(task.done() for task in kept)  # not answered before on the disk
        await asyncio.gather(*kept)
        assert journal.writes == [["lone"], ["a", "b", "c"]]
        assert journal.path is not None
        assert [e.roll_id for e in read_journal(journal.path)] == ["lone", "a", "b", "c"]


async def test_a_roll_after_a_quiet_spell_is_journaled_without_the_commit_delay(
        tmp_path: Path) -> None:
    clock = Ticks()
    async with delaying_writer(tmp_path, clock, journal_gather=30.0, journal_batch=10,
                               journal_busy=1.0) as (writer, journal):
        async with asyncio.timeout(5):  # a delay would take 30 s
            await writer.keep(entry("first"))
            clock.now = 1.5  # more than journal_busy since that write began (fake time)
            await writer.keep(entry("after a pause"))
        assert journal.writes == [["first"], ["after a pause"]]


async def test_a_delayed_group_commit_is_written_once_enough_records_wait(
        tmp_path: Path) -> None:
    async with delaying_writer(tmp_path, journal_gather=30.0, journal_batch=3,
                               journal_busy=60.0) as (writer, journal):
        await writer.keep(entry("lone"))
        first = asyncio.create_task(writer.keep(entry("a")))
        await until(lambda: writer._delaying, what="the commit delayed for more records")
        async with asyncio.timeout(5):  # not the 30 s of the delay
            await asyncio.gather(first, writer.keep(entry("b")), writer.keep(entry("c")))
        assert journal.writes == [["lone"], ["a", "b", "c"]]


def finished_at_once(keep: Coroutine[Any, Any, None]) -> bool:
    """Whether ``keep`` returned without suspending: no turn of the event loop was needed."""
    try:
        keep.send(None)
    except StopIteration:
        return True
    keep.close()
    return False


async def test_the_roll_that_fills_a_group_commit_writes_it_itself(tmp_path: Path) -> None:
    """No turn of the loop for the journal's task: the roll whose record fills the group
    writes the group, and is on the disk as its ``keep`` returns; the others are answered at
    the loop's next turn."""
    async with delaying_writer(tmp_path, journal_gather=30.0, journal_batch=3,
                               journal_busy=60.0) as (writer, journal):
        await writer.keep(entry("lone"))
        waiting = [asyncio.create_task(writer.keep(entry(name))) for name in ("a", "b")]
        await until(lambda: writer._delaying and len(writer._pending) == 2,
                    what="a and b waiting for the group to fill")
        assert finished_at_once(writer.keep(entry("c")))
        assert journal.writes == [["lone"], ["a", "b", "c"]]
        async with asyncio.timeout(5):  # not the 30 s of the delay
            await asyncio.gather(*waiting)


async def test_a_roll_after_a_quiet_spell_writes_itself_without_a_turn_of_the_loop(
        tmp_path: Path) -> None:
    clock = Ticks()
    async with delaying_writer(tmp_path, clock, journal_gather=30.0, journal_batch=10,
                               journal_busy=1.0) as (writer, journal):
        assert finished_at_once(writer.keep(entry("first")))
        clock.now = 0.5  # within journal_busy: this one waits for others to join it
        second = asyncio.create_task(writer.keep(entry("second")))
        await until(lambda: writer._delaying, what="the second waiting for others")
        assert journal.writes == [["first"]]
        second.cancel()


async def test_each_group_a_roll_fills_gives_the_next_its_whole_delay(tmp_path: Path) -> None:
    """Under steady traffic the rolls that fill the groups write them, and the commit delay
    starts over at each such write: a group is not cut short by the delay of one written
    before it."""
    async with delaying_writer(tmp_path, journal_gather=0.6, journal_batch=2,
                               journal_busy=60.0) as (writer, journal):
        loop = asyncio.get_running_loop()
        await writer.keep(entry("lone"))
        first = asyncio.create_task(writer.keep(entry("a")))
        await until(lambda: writer._delaying, what="a waiting for another to join it")
        began = loop.time()
        await until(lambda: loop.time() - began >= 0.4, what="most of a's delay gone")
        await writer.keep(entry("b"))  # fills the group: written at once
        written = loop.time()
        await first
        await writer.keep(entry("c"))
        assert loop.time() - written >= 0.55  # a whole delay, not the 0.2 s left of a's
        assert journal.writes == [["lone"], ["a", "b"], ["c"]]



async def test_a_group_filled_as_its_delay_runs_out_is_written_by_the_roll_that_filled_it(
        tmp_path: Path) -> None:
    async with delaying_writer(tmp_path, journal_gather=1.0, journal_batch=2,
                               journal_busy=60.0) as (writer, journal):
        loop = asyncio.get_running_loop()
        await writer.keep(entry("lone"))
        first = asyncio.create_task(writer.keep(entry("a")))
        delay = await until(lambda: writer._delay, what="a waiting for another to join it")
        deadline = delay.when()
        assert deadline is not None
        finished: list[bool] = []
        # due in the same turn of the loop as the delay's end, just after it: the delay has run
        # out and the journal's task has not woken up to it yet
        loop.call_at(deadline + 1e-9,
                     lambda: finished.append(finished_at_once(writer.keep(entry("b")))))
        await first
        assert finished == [True]
        assert journal.writes == [["lone"], ["a", "b"]]
        assert writer.stats.journaled == 3

def test_the_journal_file_is_written_synchronously(tmp_path: Path) -> None:
    journal = FileJournal(tmp_path)
    assert journal.recover() == []
    journal.write([entry("a")])
    assert journal.path is not None
    opened = [fd for fd in Path("/proc/self/fd").iterdir()
              if fd.resolve() == journal.path.resolve()]
    assert len(opened) == 1
    fdinfo = Path(f"/proc/self/fdinfo/{opened[0].name}").read_text()
    flags = int(next(line.split()[1] for line in fdinfo.splitlines()
                     if line.startswith("flags:")), 8)
    assert flags & os.O_DSYNC == os.O_DSYNC  # each write returns once it is on the disk
    journal.close(settled=True)


async def test_a_journal_write_the_disk_refuses_on_the_loop_is_not_counted_slow(
        tmp_path: Path) -> None:
    writer = LogWriter(InMemoryRollLog(), FAST, FullDisk(tmp_path))
    await writer.recover()
    writer.start()
    with pytest.raises(RollNotKeptError):
        await writer.keep(entry("full"))
    assert writer.stats.journal_failures == 1
    assert writer.stats.slow_journal_writes == 0
    await writer.close(timeout=1)


@asynccontextmanager
async def durable_writer(tmp_path: Path, **policy: Any) -> AsyncIterator[
        tuple[LogWriter, InMemoryRollLog]]:
    """A started writer with a journal (``FAST`` changed by ``policy``) that has just
    appended one roll, ``first``; closed afterwards."""
    target = InMemoryRollLog()
    writer = LogWriter(target, replace(FAST, **policy), FileJournal(tmp_path))
    await writer.recover()
    writer.start()
    await writer.keep(entry("first"))
    assert await writer.flush(5) is True
    try:
        yield writer, target
    finally:
        await writer.close(timeout=5)


async def test_under_load_one_append_carries_every_roll_of_the_gathering_window(
        tmp_path: Path) -> None:
    async with durable_writer(tmp_path, gather=1.0) as (writer, target):
        await asyncio.gather(*(writer.keep(entry(f"n{n}")) for n in range(20)))
        assert target.appended == [["first.1"]]  # the rest waits for the window to pass
        assert await writer.flush(10) is True
        assert target.appended == [["first.1"], [f"n{n}.1" for n in range(20)]]


async def test_a_roll_after_a_quiet_spell_is_appended_without_waiting(tmp_path: Path) -> None:
    async with durable_writer(tmp_path, gather=30.0) as (_, target):
        assert target.appended == [["first.1"]]  # flushed within 5 s, not after 30


async def test_a_full_batch_does_not_wait_for_the_window(tmp_path: Path) -> None:
    async with durable_writer(tmp_path, gather=30.0, batch_size=5) as (writer, target):
        await asyncio.gather(*(writer.keep(entry(f"n{n}")) for n in range(10)))
        assert await writer.flush(5) is True
        assert target.appended == [["first.1"], [f"n{n}.1" for n in range(5)],
                                   [f"n{n}.1" for n in range(5, 10)]]


class Counted:
    """Counts the calls of a bound method, then makes them."""

    def __init__(self, method: Callable[[], None]) -> None:
        self.method = method
        self.calls = 0

    def __call__(self) -> None:
        self.calls += 1
        self.method()


async def test_a_gathering_append_is_not_woken_for_each_roll_of_its_window(
        tmp_path: Path) -> None:
    """Rolls journaled one by one while the append waits out its window wake it only once
    their batch is full (each wake-up was a task switch and a new timer per roll)."""
    async with durable_writer(tmp_path, gather=30.0, batch_size=8) as (writer, target):
        wakeup = Counted(writer._wakeup.set)  # the append task's wake-up, counted
        writer._wakeup.set = wakeup  # type: ignore[method-assign]
        await writer.keep(entry("n0"))  # the window starts: the append begins gathering
        for n in range(1, 7):
            await writer.keep(entry(f"n{n}"))
        await asyncio.sleep(0.05)
        assert target.appended == [["first.1"]]
        assert wakeup.calls == 1  # the first roll after the last append; the rest gathered
        await writer.keep(entry("n7"))  # the batch is full
        assert await writer.flush(5) is True
        assert wakeup.calls == 2
        assert target.appended == [["first.1"], [f"n{n}.1" for n in range(8)]]
