"""The checkpoint file: signed checkpoints as JSON lines, appended and ``fsync``'d."""

from __future__ import annotations

import asyncio
import json
import os
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path

from nazh.application.checkpoints.signed import SignedCheckpoint


class CheckpointFileError(ValueError):
    """The checkpoint file cannot be read (the message says where)."""


class FileCheckpointSink:
    """Appends checkpoints to a JSON-lines file; a re-read reads only what was appended since."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._read: list[SignedCheckpoint] = []
        self._offset = 0
        self._identity: tuple[int, int] | None = None

    async def publish(self, checkpoints: Sequence[SignedCheckpoint]) -> None:
        """Append them and ``fsync``."""
        text = "".join(checkpoint.line() + "\n" for checkpoint in checkpoints)
        await asyncio.to_thread(self._append, text)

    async def published(self) -> list[SignedCheckpoint]:
        """Every checkpoint in the file, oldest first (none when there is no file)."""
        return await asyncio.to_thread(self._refresh)

    def _refresh(self) -> list[SignedCheckpoint]:
        with self._lock:
            try:
                status = self.path.stat()
            except FileNotFoundError:
                self._read, self._offset, self._identity = [], 0, None
                return []
            identity = (status.st_dev, status.st_ino)
            if identity != self._identity or status.st_size < self._offset:
                self._read, self._offset, self._identity = [], 0, identity
            if status.st_size > self._offset:
                with self.path.open("rb") as file:
                    file.seek(self._offset)
                    data = file.read()
                complete = data[:data.rfind(b"\n") + 1]  # a line being written waits
                self._read += _parse(complete.decode("utf-8").splitlines(), self.path,
                                     len(self._read) + 1)
                self._offset += len(complete)
            return list(self._read)

    def _append(self, text: str) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())


def read_checkpoints(path: Path) -> list[SignedCheckpoint]:
    """The checkpoints in a file (none if missing); :class:`CheckpointFileError` names bad lines."""
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as file:
        return _parse(file, path, 1)


def _parse(lines: Iterable[str], path: Path, first_number: int) -> list[SignedCheckpoint]:
    found: list[SignedCheckpoint] = []
    for number, line in enumerate(lines, first_number):
        if line.strip():
            try:
                found.append(SignedCheckpoint.parse(line))
            except ValueError as error:
                raise CheckpointFileError(f"{path} line {number}: {error}") from None
    return found


class FileMirrorProgress:
    """How many checkpoints each mirror has been sent: JSON beside the checkpoint file."""

    def __init__(self, path: Path) -> None:
        self.path = path

    async def load(self) -> dict[str, int]:
        """The counts (none when there is no file yet or it is unreadable)."""
        return await asyncio.to_thread(self._load)

    async def save(self, sent: dict[str, int]) -> None:
        """Write them (to a temporary file, ``fsync``'d, then renamed over the old one)."""
        await asyncio.to_thread(self._save, dict(sent))

    def _load(self) -> dict[str, int]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict):
            return {}
        return {str(name): int(count) for name, count in data.items()
                if isinstance(count, int) and count >= 0}

    def _save(self, sent: dict[str, int]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_name(self.path.name + ".tmp")
        with temporary.open("w", encoding="utf-8") as file:
            json.dump(sent, file, sort_keys=True)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, self.path)
