"""The checkpoint file's mirror progress: kept across restarts, an unreadable or shrunk file
meaning everything is sent again rather than skipped."""

from __future__ import annotations

from pathlib import Path

from nazh.adapters.storage.checkpoint_file import FileMirrorProgress
from nazh.application.checkpoints.mirrors import MirrorJob
from tests.application.checkpoints.kit import Mirror, Published, signed


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
