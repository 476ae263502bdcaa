"""Shared arrange code of the tests in tests/application/checkpoints."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from nazh.application.checkpoints.mirrors import MirrorUnavailableError
from nazh.application.checkpoints.signed import Checkpoint, SignedCheckpoint

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def signed(seq: int) -> SignedCheckpoint:
    return SignedCheckpoint(Checkpoint(1, seq, f"{seq:064x}", NOW + timedelta(minutes=seq)),
                            "ab" * 32, "cd" * 64)


class Published:
    def __init__(self, count: int) -> None:
        self.points = [signed(seq) for seq in range(1, count + 1)]

    async def publish(self, checkpoints: Sequence[SignedCheckpoint]) -> None:
        self.points += checkpoints

    async def published(self) -> list[SignedCheckpoint]:
        return list(self.points)


class Mirror:
    def __init__(self, name: str, fail_after: int | None = None,
                 error: Exception | None = None) -> None:
        self.name = name
        self.got: list[int] = []
        self.calls = 0
        self.fail_after = fail_after
        self.error = error or MirrorUnavailableError("down")

    async def send(self, checkpoints: Sequence[SignedCheckpoint]) -> None:
        self.calls += 1
        if self.fail_after is not None and len(self.got) >= self.fail_after:
            raise self.error
        self.got += [point.checkpoint.seq for point in checkpoints]
