"""The roll journal: a local, synchronously written file of the records not yet in the roll log."""

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
# Each write returns once its data and a grown file's size are on the disk: write + fdatasync in one
# system call (one hand-back of the interpreter lock fewer in the worker thread).
SYNCED = os.O_WRONLY | os.O_CREAT | os.O_CLOEXEC | os.O_DSYNC
COMPACT_AT = 1 << 20
"""Bytes after which a settled journal is emptied (at most this much replay at the next start)."""
# The file is opened as zeros and records written over them: a synchronous write that grows a file
# must also put its size on the disk. On ext4, 3,000 writes took 49 µs CPU and 110 µs waiting each
# over zeros, 60-67 and 133-165 µs growing the file.
PREALLOCATED = 2 * COMPACT_AT
ZEROING = 1 << 20


class JournalError(Exception):
    """The journal directory cannot be used; the message says which and why."""


# A roll is written here before its answer, then appended to the database behind it: a crash loses
# no answered roll (the next start appends what is left; appends are idempotent). Records are
# forgotten only once ``RollLog.sync`` says they survive a power cut there too.
class FileJournal:
    """The :class:`~nazh.application.log.ports.Journal` of one process; it blocks on the disk."""

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
        """Claim the journals no live process holds, open our own; the claimed records, in order."""
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
        """Append the records synchronously (``O_DSYNC``): on return they survive a crash."""
        fd = self._own()
        data = b"".join(_line(entry) for entry in entries)
        _write_at(fd, data, self._size)
        self._size += len(data)

    @property
    def settle_due(self) -> bool:
        """Whether :meth:`settle` would empty the file now (it is large)."""
        return self._fd is not None and self._size >= self._compact_at

    def settle(self) -> None:
        """The log has it all: empty a large file (zeros from its start: a crash leaves less)."""
        if self._fd is not None and self.settle_due:
            if self._size > self._preallocated:
                os.ftruncate(self._fd, self._preallocated)
            _zero(self._fd, min(self._size, self._preallocated))
            self._size = 0

    def close(self, *, settled: bool) -> None:
        """Stop writing; delete the file if all of it is in the roll log, else keep it for later."""
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
        # One file per process, flock'd while it runs: a start claims only the files no running
        # process holds (its earlier run's, a crashed replica's), never a live journal.
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
    # Canonical JSON escapes control characters: a record never holds a zero byte.
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
    """Zeros over the first ``size`` bytes, on the disk when this returns (per :data:`ZEROING`)."""
    for offset in range(0, size, ZEROING):
        _write_at(fd, bytes(min(ZEROING, size - offset)), offset)


def _claim(path: Path) -> int | None:
    """An open, exclusively locked descriptor of ``path``, or ``None`` if a live process has it."""
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
