"""The checkpoint file: signed checkpoints as JSON lines, appended and ``fsync``'d."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Sequence
from pathlib import Path

from nazh.application.checkpoints import SignedCheckpoint


class CheckpointFileError(ValueError):
    """The checkpoint file cannot be read (the message says where)."""


class FileCheckpointSink:
    """Appends checkpoints to a JSON-lines file (created with its directory)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    async def publish(self, checkpoints: Sequence[SignedCheckpoint]) -> None:
        """Append them and ``fsync``."""
        text = "".join(checkpoint.line() + "\n" for checkpoint in checkpoints)
        await asyncio.to_thread(self._append, text)

    async def published(self) -> list[SignedCheckpoint]:
        """Every checkpoint in the file, oldest first (none when there is no file)."""
        return await asyncio.to_thread(read_checkpoints, self.path)

    def _append(self, text: str) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())


def read_checkpoints(path: Path) -> list[SignedCheckpoint]:
    """The checkpoints in a file (none when it does not exist).

    Raises:
        CheckpointFileError: a line is not a checkpoint (naming the line).
    """
    if not path.exists():
        return []
    found: list[SignedCheckpoint] = []
    with path.open(encoding="utf-8") as file:
        for number, line in enumerate(file, 1):
            if line.strip():
                try:
                    found.append(SignedCheckpoint.parse(line))
                except ValueError as error:
                    raise CheckpointFileError(f"{path} line {number}: {error}") from None
    return found
