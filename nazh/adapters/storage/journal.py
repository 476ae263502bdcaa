"""The roll journal: a local, synchronously written file of the records not yet in the roll
log.

A roll is written here (synchronously, many rolls per write) before its result is shown;
the log writer then appends it to the database behind the answer. A crash (``kill -9``, a lost
container, a power cut) therefore loses no answered roll: at the next start the records left in
the journal are appended to the roll log (appends are idempotent, so a record that did reach the
database is not written twice), then the journal is deleted. The journal forgets records (it is
emptied, replayed files deleted, the file removed at a clean stop) only once the roll log says
they survive a power cut there too (``RollLog.sync``: SQLite commits to its write-ahead log
without syncing it, so a checkpoint copies it into the synced database file first).

Each process writes its own file, ``<host>-<pid>-<random>.journal`` in the journal directory,
and holds an exclusive ``flock`` on it while it runs. At start a process claims every file that
no running process holds (its own earlier run's, or a crashed replica's on the same volume), so
replicas sharing a directory never replay each other's live journal.

One line per record: the JSON of :func:`~nazh.application.log.format.encode_entry`, in its
canonical encoding (:mod:`nazh.application.shared.canonical_json`, fast). A torn last
line (a crash in the middle of a write, before it returned) belongs to a roll that was
never answered, and is skipped.

The file is made :data:`PREALLOCATED` bytes of zeros when it is opened, and records are written
over the zeros at the end of the last one: a synchronous write that extends a file must also
put its new size on the disk (on ext4, a commit of the filesystem's journal per write), one
that overwrites blocks already written need not. The records end at the first zero byte (a
line of canonical JSON never holds one: it escapes control characters), so nothing after it is
read; emptying the file writes the zeros back over what it held.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import secrets
import socket
from collections.abc import Sequence
from pathlib import Path

from nazh.application.log.chain import LogEntry
from nazh.application.log.format import LogFormatError, decode_entry, entry_json

log = logging.getLogger(__name__)

SUFFIX = ".journal"
SYNCED = os.O_WRONLY | os.O_CREAT | os.O_CLOEXEC | os.O_DSYNC
"""How this process's journal is opened: each write returns only once its data and what
reading it back needs (a grown file's size) are on the disk, as ``write`` then ``fdatasync``
would, in one system call (one hand-back of the interpreter lock fewer, which the loop pays
for when the journal is written in a worker thread)."""
COMPACT_AT = 1 << 20
"""Bytes after which a settled journal is emptied (below it, emptying would cost a write per
roll at low traffic; what stays is at most this much replay at the next start)."""
PREALLOCATED = 2 * COMPACT_AT
"""Bytes of zeros the file is made of when opened: a journal emptied at :data:`COMPACT_AT`
writes within them while the database keeps up (past them, the file grows as any file does).
Measured on ext4, 3,000 synchronous writes of a record: 49 µs of CPU and 110 µs of waiting
each over zeros, against 60-67 µs and 133-165 µs each growing the file."""
ZEROING = 1 << 20


class JournalError(Exception):
    """The journal directory cannot be used; the message says which and why."""


class FileJournal:
    """The :class:`~nazh.application.log.ports.Journal` of one process, in ``directory``.

    Its methods block on the disk: the log writer calls them in a worker thread, except
    :meth:`write` while the disk is quick (``WriterPolicy.inline_journal``).
    """

    def __init__(self, directory: Path, *, compact_at: int = COMPACT_AT,
                 preallocated: int = PREALLOCATED) -> None:
        self._directory = directory.expanduser()
        self._compact_at = compact_at
        self._preallocated = preallocated
        self._fd: int | None = None
        self._path: Path | None = None
        self._size = 0
        self._claimed: list[tuple[Path, int]] = []

    @property
    def path(self) -> Path | None:
        """This process's journal file, once :meth:`recover` opened it."""
        return self._path

    def recover(self) -> list[LogEntry]:
        """Claim the journals no running process holds, open this process's own, and return
        the claimed records, oldest file first, in the order they were written.

        Raises:
            JournalError: the directory cannot be created, read or written.
        """
        try:
            self._directory.mkdir(parents=True, exist_ok=True)
            entries: list[LogEntry] = []
            for path in sorted(self._directory.glob(f"*{SUFFIX}"), key=_mtime):
                fd = _claim(path)
                if fd is not None:
                    self._claimed.append((path, fd))
                    entries.extend(read_journal(path))
            self._open_own()
        except OSError as error:
            raise JournalError(
                f"the roll journal directory {self._directory} cannot be used "
                f"({error.strerror or type(error).__name__}); set NAZH_JOURNAL_DIR (or "
                "NAZH_DATA_DIR) to a writable directory") from None
        if entries:
            log.warning("roll journal: %d record(s) from %d earlier run(s) to append to the "
                        "roll log", len(entries), len(self._claimed))
        return entries

    def recovered(self) -> None:
        """The claimed records are in the roll log: delete their files."""
        for path, fd in self._claimed:
            path.unlink(missing_ok=True)
            os.close(fd)
        if self._claimed:
            _sync_directory(self._directory)
        self._claimed = []

    def write(self, entries: Sequence[LogEntry]) -> None:
        """Append the records, synchronously (``O_DSYNC``): when this returns they survive a
        crash.

        Raises:
            OSError: the disk refused (full, read-only): the records are not durable.
        """
        fd = self._own()
        data = b"".join(_line(entry) for entry in entries)
        _write_at(fd, data, self._size)
        self._size += len(data)

    @property
    def settle_due(self) -> bool:
        """Whether :meth:`settle` would empty the file now (it is large)."""
        return self._fd is not None and self._size >= self._compact_at

    def settle(self) -> None:
        """Everything written so far is in the roll log: empty the file once it is large (its
        zeros written back from the start, so a crash half way leaves less to replay, never
        more; a file grown past :data:`PREALLOCATED` is cut back to it first)."""
        if self._fd is not None and self.settle_due:
            if self._size > self._preallocated:
                os.ftruncate(self._fd, self._preallocated)
            _zero(self._fd, min(self._size, self._preallocated))
            self._size = 0

    def close(self, *, settled: bool) -> None:
        """Stop writing; delete the file when everything in it is in the roll log (else keep
        it for the next start)."""
        if self._fd is None or self._path is None:
            return
        if settled:
            self._path.unlink(missing_ok=True)
        os.close(self._fd)
        self._fd = None
        for _, fd in self._claimed:
            os.close(fd)
        self._claimed = []

    def _own(self) -> int:
        if self._fd is None:
            self._open_own()
        assert self._fd is not None
        return self._fd

    def _open_own(self) -> None:
        if self._fd is not None:
            return
        name = f"{_safe(socket.gethostname())}-{os.getpid()}-{secrets.token_hex(4)}{SUFFIX}"
        path = self._directory / name
        fd = os.open(path, SYNCED, 0o600)
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        _zero(fd, self._preallocated)
        _sync_directory(self._directory)
        self._fd, self._path, self._size = fd, path, 0


def read_journal(path: Path) -> list[LogEntry]:
    """The records of one journal file; a torn or unreadable line is skipped (and logged)."""
    entries: list[LogEntry] = []
    data = path.read_bytes()
    end = data.find(0)  # the zeros after the last record
    lines = (data if end < 0 else data[:end]).split(b"\n")
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            entries.append(decode_entry(json.loads(line)))
        except (ValueError, LogFormatError) as error:
            torn = number == len(lines)  # no newline after it: the write never completed
            if torn:
                log.warning("roll journal %s: an incomplete last line (a write cut short by a "
                            "crash, never answered) is skipped", path.name)
            else:
                log.error("roll journal %s: line %d is unreadable and skipped (%s)",
                          path.name, number, type(error).__name__)
    return entries


def _line(entry: LogEntry) -> bytes:
    return entry_json(entry) + b"\n"


def _write_at(fd: int, data: bytes, offset: int) -> None:
    """Write all of ``data`` at ``offset`` (each write returns once it is on the disk)."""
    view = memoryview(data)
    while view:
        written = os.pwrite(fd, view, offset)
        view, offset = view[written:], offset + written


def _zero(fd: int, size: int) -> None:
    """Zeros over the first ``size`` bytes of the file, on the disk when this returns (a
    synchronous write per :data:`ZEROING` bytes, each buffer freed after it)."""
    for offset in range(0, size, ZEROING):
        _write_at(fd, bytes(min(ZEROING, size - offset)), offset)


def _claim(path: Path) -> int | None:
    """An open, exclusively locked descriptor of ``path``, or ``None`` when a running process
    holds it."""
    try:
        fd = os.open(path, os.O_RDWR | os.O_CLOEXEC)
    except FileNotFoundError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    return fd


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except FileNotFoundError:
        return 0.0


def _sync_directory(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in name)[:40] or "host"
