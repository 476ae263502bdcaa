"""The checkpoints reach every mirror in order, at least once: a mirror that fails gets the
rest later, one failing mirror does not hold up another, and the progress survives a restart
(kept in a file)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

from nazh.adapters.storage.checkpoint_file import FileMirrorProgress
from nazh.application.checkpoints.mirrors import MirrorJob, MirrorUnavailableError
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


async def test_every_mirror_gets_every_checkpoint_in_batches(tmp_path: Path) -> None:
    sink, first, second = Published(45), Mirror("a"), Mirror("b")
    job = MirrorJob(sink, [first, second], FileMirrorProgress(tmp_path / "sent.json"),
                    batch=20)
    assert await job.forward() == 90
    assert first.got == second.got == list(range(1, 46))
    assert first.calls == 3  # 20 + 20 + 5
    assert await job.forward() == 0  # nothing new
    await sink.publish([signed(46)])
    assert await job.forward() == 2
    assert first.got[-1] == second.got[-1] == 46


async def test_a_failing_mirror_resumes_where_it_stopped_and_holds_up_no_other(
        tmp_path: Path) -> None:
    sink = Published(30)
    down, up = Mirror("down", fail_after=10), Mirror("up")
    progress = FileMirrorProgress(tmp_path / "sent.json")
    job = MirrorJob(sink, [down, up], progress, batch=10)
    assert await job.forward() == 40
    assert down.got == list(range(1, 11))
    assert up.got == list(range(1, 31))
    assert await progress.load() == {"down": 10, "up": 30}
    down.fail_after = None
    assert await job.forward() == 20
    assert down.got == list(range(1, 31))  # nothing lost, nothing twice


async def test_any_error_of_a_mirror_is_retried_later(tmp_path: Path) -> None:
    broken = Mirror("broken", fail_after=0, error=RuntimeError("boom"))
    job = MirrorJob(Published(3), [broken], FileMirrorProgress(tmp_path / "sent.json"))
    assert await job.forward() == 0
    broken.fail_after = None
    assert await job.forward() == 3
    assert broken.got == [1, 2, 3]


async def test_the_progress_survives_a_restart(tmp_path: Path) -> None:
    sink, path = Published(5), tmp_path / "state" / "sent.json"
    assert await MirrorJob(sink, [Mirror("a")], FileMirrorProgress(path)).forward() == 5
    await sink.publish([signed(6), signed(7)])
    again = Mirror("a")
    assert await MirrorJob(sink, [again], FileMirrorProgress(path)).forward() == 2
    assert again.got == [6, 7]


async def test_an_unreadable_progress_file_means_sending_everything_again(
        tmp_path: Path) -> None:
    path = tmp_path / "sent.json"
    path.write_text("{not json", encoding="utf-8")
    mirror = Mirror("a")
    assert await MirrorJob(Published(2), [mirror], FileMirrorProgress(path)).forward() == 2
    assert mirror.got == [1, 2]
    assert await FileMirrorProgress(path).load() == {"a": 2}


async def test_a_shrunk_checkpoint_file_does_not_skip_what_comes_next(tmp_path: Path) -> None:
    path = tmp_path / "sent.json"
    await FileMirrorProgress(path).save({"a": 50})
    mirror = Mirror("a")
    sink = Published(3)  # replaced by a shorter file
    job = MirrorJob(sink, [mirror], FileMirrorProgress(path))
    assert await job.forward() == 0
    await sink.publish([signed(4)])
    assert await job.forward() == 1
    assert mirror.got == [4]
